"""The rule catalogue: every check registers there, with examples; lint's examples are executed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ladder_compiler.catalogue import COMMANDS, all_rules, docstring_parts, find
from ladder_compiler.lint import all_rules as lint_modules
from ladder_compiler.lint import lint
from ladder_compiler.lint.examples import example_framework

from conftest import REPO


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


RULE_ID = re.compile(r"[a-z]+(?:-[a-z]+)*\Z")


def _rule_positions(trees: dict[Path, ast.Module]) -> dict[str, set[int]]:
    """Callable name → the positions of its `rule` argument, from every def with a `rule` parameter
    (`Problem`'s own: its fourth field)."""
    positions: dict[str, set[int]] = {"Problem": {3}}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]
                if "rule" in names:
                    positions.setdefault(node.name, set()).add(names.index("rule"))
    return positions


def _ids_of(expression: ast.expr | None, tree: ast.Module) -> set[str]:
    """The rule ids an expression can be: a literal, a name assigned literals in the module, either
    branch of a conditional, or what a function of the module returns."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return {expression.value}
    if isinstance(expression, ast.IfExp):
        return _ids_of(expression.body, tree) | _ids_of(expression.orelse, tree)
    if isinstance(expression, ast.Name):
        return {
            value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expression.id for t in node.targets)
            for value in _ids_of(node.value, tree)
        }
    if isinstance(expression, ast.Call) and isinstance(expression.func, ast.Name):
        return {
            value
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name == expression.func.id
            for returned in ast.walk(node)
            if isinstance(returned, ast.Return)
            for value in _ids_of(returned.value, tree)
        }
    return set()


def raised_rule_ids() -> dict[str, set[str]]:
    """Every rule id the package's code passes as a problem's rule → the modules that raise it:
    the `rule` argument of every call to `Problem` or to a function with a `rule` parameter."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((REPO / "compiler").rglob("*.py"))}
    positions = _rule_positions(trees)
    raised: dict[str, set[str]] = {}
    for path, tree in trees.items():
        local = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
            if isinstance(call.func, ast.Name) and name in local:  # a local helper: its own signature
                arguments = [a.arg for a in local[name].args.args]
                where = {arguments.index("rule")} if "rule" in arguments else set()
            else:
                where = positions.get(name, set())
            candidates = [call.args[i] for i in where if i < len(call.args)]
            candidates += [k.value for k in call.keywords if k.arg == "rule"]
            for rule_id in {i for c in candidates for i in _ids_of(c, tree) if RULE_ID.match(i)}:
                raised.setdefault(rule_id, set()).add(path.relative_to(REPO).as_posix())
    return raised


def test_the_scan_finds_ids_however_the_code_writes_them() -> None:
    raised = raised_rule_ids()
    assert raised["yaml-syntax"] == {"compiler/source/load.py"}  # _at_mark(document, mark, "yaml-syntax", ...)
    assert "compiler/source/validate.py" in raised["schema-value"]  # returned by a helper, one branch of two
    assert raised["weak-evidence"] == {"compiler/assess/evidence.py"}  # a module constant
    assert raised["hris-profile-id"] == {"compiler/hris/names.py"}  # profile.problem(location, "hris-...", ...)
    assert "compiler/i18n/status.py" in raised["translation-unreadable"]  # a local variable's two values
    assert raised["missing-glyph"] == {"compiler/render/glyphs.py"}
    assert "person" not in raised  # calibrate/decisions' local problem(column, message) names a column


def test_every_rule_id_raised_at_run_time_has_a_catalogue_entry_and_a_page() -> None:
    catalogued = {rule.id: rule for rule in all_rules()}
    raised = raised_rule_ids()
    assert len(raised) > 50
    missing = sorted(
        f"{rule_id} ({', '.join(sorted(where))})" for rule_id, where in raised.items() if rule_id not in catalogued
    )
    assert missing == [], f"rule ids raised but not declared (add a Rule to the module's DECLARED_RULES): {missing}"
    pages = REPO / "docs" / "rules"
    without = sorted(
        i for i in raised if not any((pages / r.command / f"{i}.md").is_file() for r in all_rules() if r.id == i)
    )
    assert without == [], f"no page in docs/rules/: python tools/rulesdoc.py docs/rules ({without})"


def test_each_rule_is_declared_in_a_module_that_raises_it() -> None:
    """Beside the code: a declaration names an id its own module raises, or writes as the kind of a
    result that becomes a finding later (assess's criteria). Diff rules are its rule table's."""
    import ladder_compiler
    from ladder_compiler.catalogue import declaring_modules

    package = Path(ladder_compiler.__file__).parent  # installed (the sdist session) or this checkout's compiler/
    raised = raised_rule_ids()
    elsewhere = []
    for module in declaring_modules():
        path = Path(module.__file__)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declaration = next(
            n for n in tree.body if isinstance(n, ast.AnnAssign | ast.Assign) and "DECLARED_RULES" in ast.unparse(n)
        )
        declared_nodes = set(map(id, ast.walk(declaration)))
        written = {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in declared_nodes
        }
        name = f"compiler/{path.relative_to(package).as_posix()}"  # as raised_rule_ids names the checkout's files
        for rule in module.DECLARED_RULES:
            if rule.command != "diff" and name not in raised.get(rule.id, set()) and rule.id not in written:
                elsewhere.append(f"{rule.id} in {name}")
    assert elsewhere == []


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


def test_one_severity_scale_with_the_diffs_words_mapped_onto_it_once() -> None:
    from ladder_compiler.diff.config import SEVERITIES as DIFF_SETTINGS
    from ladder_compiler.diff.rules import AS_FINDING, SEVERITY_ORDER
    from ladder_compiler.lint.config import SEVERITIES as LINT_SETTINGS
    from ladder_compiler.problems import Severity

    assert list(Severity) == ["error", "warning", "info"]
    assert AS_FINDING == {"breaking": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
    assert SEVERITY_ORDER == {"breaking": 2, "warning": 1, "info": 0}
    assert DIFF_SETTINGS == ("breaking", "warning", "info", "ignore")
    assert LINT_SETTINGS == ("error", "warning", "info", "off")
    assert {type(rule.severity) for rule in all_rules()} == {Severity}
    vague = lint_modules()[[m.ID for m in lint_modules()].index("vague-wording")]
    found = lint(example_framework(docstring_parts(vague.__doc__)[1]), {"vague-wording": {"severity": "error"}})
    assert {(p.rule, type(p.severity), p.severity) for p in found if p.rule == "vague-wording"} == {
        ("vague-wording", Severity, Severity.ERROR)
    }


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
