"""Generated documentation stays in step with the schema, and documents every field with an example."""

from __future__ import annotations

import json

from conftest import REPO
from ladder_compiler.docgen import generate
from ladder_compiler.source.schema_store import validator

SCHEMA = json.loads((REPO / "schemas" / "ladder-source.v2.schema.json").read_text())


def test_source_format_reference_is_generated_from_the_schema() -> None:
    committed = (REPO / "docs" / "source-format.md").read_text(encoding="utf-8")
    assert committed == generate(), "regenerate with: python -m ladder_compiler.docgen > docs/source-format.md"


def test_every_object_and_nested_field_is_documented_with_an_example() -> None:
    text = generate()
    for name, definition in SCHEMA["$defs"].items():
        assert definition.get("examples"), f"$defs/{name} has no example"
        if "properties" not in definition:
            continue
        assert f"## `{name}`" in text
        documented = {key for example in definition["examples"] if isinstance(example, dict) for key in example}
        for field in definition["properties"]:
            assert field in documented, f"{name}.{field} has no example"
            row = next(line for line in text.split(f"## `{name}`", 1)[1].splitlines() if line.startswith(f"| `{field}` |"))
            assert not row.endswith("|  |"), row  # the example column is filled


def test_nested_objects_have_their_own_sections() -> None:
    text = generate()
    for name in ("scale_value", "min_rating", "evidence_criterion", "process_step", "move", "peer_group", "direct_reports", "role", "link", "grade"):
        assert f"## `{name}`" in text, name


def test_every_example_is_valid_against_its_definition() -> None:
    for name, definition in SCHEMA["$defs"].items():
        for example in definition.get("examples", []):
            errors = [e.message for e in validator("ladder-source.v2.schema.json", name).iter_errors(example)]
            assert errors == [], (name, errors)
