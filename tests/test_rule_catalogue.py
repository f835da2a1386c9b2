"""The rule catalogue: every check registers there, with examples; lint's examples are executed."""

from __future__ import annotations

import re

import pytest

from ladder_compiler.catalogue import COMMANDS, all_rules, docstring_parts, find
from ladder_compiler.lint import all_rules as lint_modules
from ladder_compiler.lint import lint
from ladder_compiler.lint.examples import example_framework

from conftest import REPO

# A rule id written inline where a problem is made:
# problem(..., "rule-id", ...) or Problem(file, line, col, "rule-id", ...).
_INLINE = re.compile(
    r"""(?:\._?problem\((?:[^"()]|\([^()]*\))*?|Problem\([^"]*?|_at_mark\([^"]*?)"([a-z]+(?:-[a-z]+)*)","""
)


def test_the_example_ladder_is_valid_and_lint_clean() -> None:
    assert lint(example_framework(), {}) == []


@pytest.mark.parametrize("module", lint_modules(), ids=lambda m: m.ID)
def test_lint_rule_examples_run(module) -> None:
    _, fails, passes = docstring_parts(module.__doc__)
    assert fails and passes, f"{module.ID}: its docstring needs a `Fails:` and a `Passes:` example"
    failing = lint(example_framework(fails), {})
    assert module.ID in {p.rule for p in failing}, (module.ID, failing)
    passing = lint(example_framework(passes), {})
    assert module.ID not in {p.rule for p in passing}, (module.ID, passing)


def test_every_inline_rule_id_is_in_the_catalogue() -> None:
    written: dict[str, set[str]] = {"validate": set(), "assess": set()}
    for path in sorted((REPO / "compiler" / "source").glob("*.py")) + [
        REPO / "compiler" / "lint" / "config.py",
        REPO / "compiler" / "diff" / "config.py",
    ]:
        written["validate"] |= set(_INLINE.findall(path.read_text()))
    written["assess"] |= set(_INLINE.findall((REPO / "compiler" / "assess" / "__init__.py").read_text()))
    assert {"schema-unknown-key", "duplicate-key", "unknown-reference", "lint-config", "severity-config"} <= written[
        "validate"
    ]
    for command, ids in written.items():
        missing = sorted(i for i in ids if find(i, command) is None)
        assert missing == [], f"{command} rules missing from the catalogue: {missing}"


def test_catalogue_lists_every_rule_once_with_its_examples() -> None:
    from ladder_compiler.diff import RULES

    rules = all_rules()
    keys = [(r.command, r.id) for r in rules]
    assert len(keys) == len(set(keys))
    assert {r.command for r in rules} == set(COMMANDS)
    assert {r.id for r in rules if r.command == "lint"} == {m.ID for m in lint_modules()}
    assert {r.id for r in rules if r.command == "diff"} == set(RULES)
    for rule in rules:
        assert rule.summary and rule.fails and rule.passes, rule.id
        assert set(rule.as_dict()) == {"id", "command", "severity", "label", "summary", "fails", "passes"}
    breaking = find("job-code-changed", "diff")
    assert breaking is not None and (breaking.severity, breaking.label) == ("error", "breaking")


def test_list_rules_comes_from_the_catalogue(runner) -> None:
    from conftest import invoke

    result = invoke(runner, "lint", "--list-rules")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(lint_modules())
    vague = find("vague-wording", "lint")
    assert vague is not None
    assert f"{'vague-wording':<24} {'warning':<8} {vague.summary}" in lines


def test_the_publish_gates_rules_are_in_the_catalogue_with_their_pages() -> None:
    from ladder_compiler.release.approve import RELEASE_RULE
    from ladder_compiler.release.gate import CONTROL_RULE

    for rule_id in (CONTROL_RULE, RELEASE_RULE):
        rule = find(rule_id, "release")
        assert rule is not None and rule.severity == "error", rule_id
        page = (REPO / "docs" / "rules" / "release" / f"{rule_id}.md").read_text(encoding="utf-8")
        assert "## Fails" in page and "## Passes" in page and rule.summary in page


def _with_presentation(project, example: str) -> None:
    """The fair fixture's framework file with the catalogue's `presentation:` example under `framework:`."""
    framework = project / "framework.yaml"
    indented = "".join(f"  {line}\n" for line in example.splitlines())
    framework.write_text(framework.read_text(encoding="utf-8") + indented, encoding="utf-8")


@pytest.mark.parametrize("example, found", [("fails", True), ("passes", False)])
def test_the_release_control_examples_run(fair, example: str, found: bool) -> None:
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.release.gate import control_problems

    rule = find("release-control", "release")
    assert rule is not None
    _with_presentation(fair, getattr(rule, example))
    framework = read_framework(fair).framework
    assert framework is not None
    assert ("release-control" in {p.rule for p in control_problems(framework)}) is found


@pytest.mark.parametrize("example, found", [("fails", True), ("passes", False)])
def test_the_release_record_examples_run(fair, example: str, found: bool) -> None:
    from ladder_compiler.release.approve import Approval, approve

    rule = find("release-record", "release")
    assert rule is not None
    _with_presentation(fair, getattr(rule, example))
    released = approve(fair, Approval(approver="Chief Product Officer", approved_on="2027-01-15"))
    assert ("release-record" in {p.rule for p in released.problems}) is found
    assert (released.recorded is None) is found
