"""Generated documentation stays in step with the schema, and documents every field with an example."""

from __future__ import annotations

import json

from ladder_compiler.source.schema_store import validator

from conftest import REPO
from docgen import generate

SCHEMA = json.loads((REPO / "schemas" / "ladder-source.v2.schema.json").read_text())


def test_source_format_reference_is_generated_from_the_schema() -> None:
    committed = (REPO / "docs" / "source-format.md").read_text(encoding="utf-8")
    assert committed == generate(), "regenerate with: python tools/docgen.py > docs/source-format.md"


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
            row = next(
                line for line in text.split(f"## `{name}`", 1)[1].splitlines() if line.startswith(f"| `{field}` |")
            )
            assert not row.endswith("|  |"), row  # the example column is filled


def test_nested_objects_have_their_own_sections() -> None:
    text = generate()
    for name in (
        "scale_value",
        "min_rating",
        "evidence_criterion",
        "process_step",
        "move",
        "peer_group",
        "direct_reports",
        "role",
        "link",
        "grade",
    ):
        assert f"## `{name}`" in text, name


def test_every_example_is_valid_against_its_definition() -> None:
    for name, definition in SCHEMA["$defs"].items():
        for example in definition.get("examples", []):
            errors = [e.message for e in validator("ladder-source.v2.schema.json", name).iter_errors(example)]
            assert errors == [], (name, errors)


def test_rule_pages_are_generated_from_the_code() -> None:
    from rulesdoc import generate

    expected = generate(REPO / "tests" / "example-files" / "invalid")
    root = REPO / "docs" / "rules"
    committed = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.md")}
    assert committed.keys() == expected.keys(), "regenerate with: python tools/rulesdoc.py docs/rules"
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert stale == [], "regenerate with: python tools/rulesdoc.py docs/rules"


def test_every_rule_of_every_command_has_a_page_with_both_examples() -> None:
    from ladder_compiler.catalogue import all_rules
    from ladder_compiler.diff import RULES
    from ladder_compiler.lint import all_rules as lint_modules

    root = REPO / "docs" / "rules"
    assert {f"lint/{module.ID}" for module in lint_modules()} | {f"diff/{rule_id}" for rule_id in RULES} <= {
        p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.md")
    }
    for rule in all_rules():
        page = (root / rule.command / f"{rule.id}.md").read_text(encoding="utf-8")
        failing, passing = ("## Reported", "## Not reported") if rule.command == "diff" else ("## Fails", "## Passes")
        assert failing in page and passing in page, f"{rule.command}/{rule.id}"


def test_validate_rule_pages_show_the_tested_example_when_there_is_one() -> None:
    page = (REPO / "docs" / "rules" / "validate" / "unknown-reference.md").read_text(encoding="utf-8")
    assert "## A tested example" in page and "error [unknown-reference]" in page


def test_ci_builds_the_docs_strict_and_proves_a_broken_link_fails() -> None:
    """`mkdocs build --strict --quiet` does not count warnings, so a broken link passed CI."""
    ci = (REPO / ".ci" / "run").read_text()
    builds = [line for line in ci.splitlines() if "-m mkdocs build" in line]
    assert len(builds) == 2
    assert all("--strict" in line and "--quiet" not in line for line in builds)
    assert "echo '[broken](no-such-page.md)' >> \"$planted/docs/index.md\"" in ci
