"""Generated documentation stays in step with the schema."""

from __future__ import annotations

from conftest import REPO
from ladder_compiler.docgen import generate


def test_source_format_reference_is_generated_from_the_schema() -> None:
    committed = (REPO / "docs" / "source-format.md").read_text(encoding="utf-8")
    assert committed == generate(), "regenerate with: python -m ladder_compiler.docgen > docs/source-format.md"


def test_every_schema_field_is_documented() -> None:
    import json

    text = generate()
    schema = json.loads((REPO / "schemas" / "ladder-source.v1.schema.json").read_text())
    for definition in schema["$defs"].values():
        for field in definition.get("properties", {}):
            assert f"| `{field}` |" in text, field
