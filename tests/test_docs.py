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


def test_rule_pages_are_generated_from_the_code() -> None:
    from ladder_compiler.rulesdoc import generate

    expected = generate(REPO / "tests" / "example-files" / "invalid")
    root = REPO / "docs" / "rules"
    committed = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.md")}
    assert committed.keys() == expected.keys(), "regenerate with: python -m ladder_compiler.rulesdoc docs/rules"
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert stale == [], "regenerate with: python -m ladder_compiler.rulesdoc docs/rules"


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
