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
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "docs" / "rules").glob("*.md")}
    assert committed.keys() == expected.keys() and all(committed[name] == text for name, text in expected.items()), \
        "regenerate with: python -m ladder_compiler.rulesdoc docs/rules"


def test_every_rule_has_a_page() -> None:
    from ladder_compiler.diff import RULES
    from ladder_compiler.lint import all_rules

    pages = {p.stem for p in (REPO / "docs" / "rules").glob("*.md")}
    assert {rule.ID for rule in all_rules()} <= pages
    assert set(RULES) <= pages


def test_every_rule_id_validation_emits_is_documented() -> None:
    """Rule ids are string literals in the loader and checks; a new one needs a line in VALIDATE_RULES."""
    import re

    from ladder_compiler.rulesdoc import VALIDATE_RULES

    emitted = set()
    for path in ("source/load.py", "source/validate.py", "source/semantic.py"):
        text = (REPO / "compiler" / path).read_text(encoding="utf-8")
        emitted |= set(re.findall(r'problem\("([a-z]+(?:-[a-z]+)+)"', text))
        emitted |= set(re.findall(r'Problem\([^()]*?, \d+, \d+, "([a-z]+(?:-[a-z]+)*)"', text))
        emitted |= set(re.findall(r'return "(schema-[a-z-]+)"', text))
    assert emitted and emitted <= set(VALIDATE_RULES), sorted(emitted - set(VALIDATE_RULES))


def test_lint_rule_pages_show_a_failing_and_a_passing_example() -> None:
    from ladder_compiler.lint import all_rules

    for rule in all_rules():
        page = (REPO / "docs" / "rules" / f"{rule.ID}.md").read_text(encoding="utf-8")
        assert "## Fails" in page and "## Passes" in page, rule.ID
