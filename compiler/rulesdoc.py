"""Rule reference pages for the docs site: one Markdown page per validate, lint and diff rule.

    python -m ladder_compiler.rulesdoc docs/rules      # from the repository root

Everything comes from code: lint rule modules (docstring, ID, SEVERITY, CONF), the diff rule
table, and the ids validation emits. `rule_catalogue()` is the one place that gathers them, so it
can move onto a shared rule catalogue without touching the page layout. Failing examples for
validation are the test cases in tests/example-files/invalid/ (each one is run by the tests).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = "https://github.com/ladder-compiler/ladder-compiler/blob/main"
REPOSITORY_TREE = "https://github.com/ladder-compiler/ladder-compiler/tree/main"
INVALID_EXAMPLES = Path("tests/example-files/invalid")
COMMANDS = {"validate": "ladder validate", "lint": "ladder lint", "diff": "ladder diff"}

# What validation checks, by the rule id its problems carry (load.py, validate.py, semantic.py).
VALIDATE_RULES: dict[str, str] = {
    "no-files": "The path holds no ladder files (*.yaml, *.yml).",
    "unreadable": "A ladder file cannot be read.",
    "encoding": "A ladder file is not valid UTF-8.",
    "file-too-large": "A ladder file is larger than 2 MiB.",
    "empty-file": "A ladder file is empty.",
    "yaml-syntax": "The file is not valid YAML.",
    "yaml-limit": "The YAML is too deep or uses too many aliases (a guard against alias bombs).",
    "yaml-key": "A mapping key is a list or a mapping, or a merge key does not refer to a mapping.",
    "yaml-value": "A tagged scalar cannot be read as its type.",
    "unsafe-tag": "A YAML tag that would build objects (`!!python/...`, custom tags): ladder files hold plain data only.",
    "duplicate-key": "A key appears twice in one mapping.",
    "schema-required": "A required key is missing.",
    "schema-unknown-key": "A key the schema does not know (often a typo; the message suggests the closest key).",
    "schema-type": "A value of the wrong type, such as a number where text is expected.",
    "schema-enum": "A value outside the allowed set (the message suggests the closest one).",
    "schema-format": "A value that does not match the expected pattern, such as an id with capitals or spaces.",
    "schema-value": "A value outside the schema's other limits (length, range, count).",
    "missing-framework": "No file of the project declares `framework:`.",
    "duplicate-framework": "More than one file declares `framework:`.",
    "duplicate-id": "An id is used twice where ids must be unique.",
    "invalid-date": "A date that is not a calendar date (YYYY-MM-DD).",
    "unknown-reference": "A reference to a competency, category, level, track or rating that does not exist.",
    "rank-order": "Levels whose ranks are not 1, 2, 3… in order, without gaps.",
    "missing-expectation": "A level that says nothing for one of its track's competencies.",
    "expectation-shape": "An expectation with both `behaviours` and `not_applicable`, or neither, or evidence for a competency that does not apply.",
    "missing-promotion": "A level above rank 1 without `promotion` criteria.",
    "scope-range": "A scope whose minimum direct reports is above its maximum.",
    "career-path": "A career move from a level to itself, or peers in the same track.",
}


@dataclass(frozen=True)
class RuleDoc:
    id: str
    command: str  # validate, lint or diff
    severity: str
    summary: str
    details: str = ""
    fails: str = ""  # Markdown: what fails the rule
    passes: str = ""  # Markdown: what passes it
    options: dict = field(default_factory=dict)


def rule_catalogue(examples: Path = INVALID_EXAMPLES) -> list[RuleDoc]:
    """Every rule of validate, lint and diff, in that order."""
    return _validate_rules(examples) + _lint_rules() + _diff_rules()


def _validate_rules(examples: Path) -> list[RuleDoc]:
    cases = _invalid_cases(examples)
    passes = f"The [small fixture project]({REPOSITORY_TREE}/tests/fixtures/mini) passes every validation rule."
    return [RuleDoc(rule_id, "validate", "error", summary, fails=cases.get(rule_id, ""), passes=passes if rule_id in cases else "")
            for rule_id, summary in VALIDATE_RULES.items()]


def _invalid_cases(examples: Path) -> dict[str, str]:
    """rule id → the first test case that expects it, as Markdown (the file and the expected problem)."""
    found: dict[str, str] = {}
    for case in sorted(examples.glob("*.yaml")) if examples.is_dir() else []:
        text = case.read_text(encoding="utf-8")
        for match in re.finditer(r"^# expect: (?:[\w.-]+:)?(\d+):(\d+) \[([a-z-]+)\] (.+)$", text, re.MULTILINE):
            line, column, rule_id, message = match.groups()
            if rule_id not in found:
                # The whole file, its test header included, so the line numbers match.
                found[rule_id] = (f"[`{case.name}`]({REPOSITORY}/{INVALID_EXAMPLES.as_posix()}/{case.name}):\n\n```yaml\n{text.strip()}\n```\n\n"
                                  f"```text\n{line}:{column}: error [{rule_id}] {message}\n```")
    return found


def _lint_rules() -> list[RuleDoc]:
    from .lint import all_rules

    rules = []
    for module in all_rules():
        doc = (module.__doc__ or "").strip()
        prose, examples = _split_examples(doc)
        first, _, rest = prose.partition("\n\n")
        rules.append(RuleDoc(module.ID, "lint", module.SEVERITY, " ".join(first.split()), " ".join(rest.split()),
                             examples.get("Fails", ""), examples.get("Passes", ""), dict(module.CONF)))
    return rules


def _split_examples(doc: str) -> tuple[str, dict[str, str]]:
    """A rule docstring's prose, and its `Fails:` / `Passes:` examples (one line, or indented lines
    below the marker, shown as a block)."""
    prose: list[str] = []
    examples: dict[str, list[str]] = {}
    current = None
    for line in doc.splitlines():
        if match := re.match(r"^(Fails|Passes)\b([^:]*):\s*(.*)$", line.strip()):
            current = match[1]
            examples[current] = [f"{match[2].strip()}:".lstrip(":") if match[2].strip() else "", match[3]]
        elif current and line.startswith((" ", "\t")) and line.strip():
            examples[current].append(line.strip())
        else:
            current = None
            prose.append(line)
    return "\n".join(prose).strip(), {name: _example_markdown(parts) for name, parts in examples.items()}


def _example_markdown(parts: list[str]) -> str:
    note, first, *block = parts
    if not block:
        return f"{note} {first}".strip()
    body = "\n".join(([first] if first else []) + block)
    return (f"{note.rstrip(':').strip('() ').capitalize()}:\n\n" if note else "") + f"```text\n{body}\n```"


def _diff_rules() -> list[RuleDoc]:
    from .diff import RULES

    return [RuleDoc(rule_id, "diff", severity, description[0].upper() + description[1:] + ".") for rule_id, (severity, description) in RULES.items()]


def render_page(rule: RuleDoc) -> str:
    lines = [f"# {rule.id}", "", f"**Command:** `{COMMANDS[rule.command]}` · **Default severity:** {rule.severity}", "", rule.summary, ""]
    if rule.details:
        lines += [rule.details, ""]
    if rule.fails:
        lines += ["## Fails" if rule.command != "diff" else "## Reported", "", rule.fails, ""]
    if rule.passes:
        lines += ["## Passes", "", rule.passes, ""]
    if rule.options:
        lines += ["## Options", "", "| Option | Default |", "|---|---|"]
        lines += [f"| `{name}` | `{_inline(value)}` |" for name, value in rule.options.items()]
        lines += ["", f"Set them in `.ladder-lint.yaml` under `rules: {{{rule.id}: {{...}}}}`; see [Lint](../lint.md).", ""]
    lines += [_how_to_tune(rule), ""]
    return "\n".join(lines)


def _inline(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _how_to_tune(rule: RuleDoc) -> str:
    if rule.command == "lint":
        return f"Change its severity (`error`, `warning`, `info`, `off`) in `.ladder-lint.yaml`, or accept one finding with `# ladder-lint: disable={rule.id}` on the item's line or the line above it."
    if rule.command == "diff":
        return f"Change its severity with `--severity-config FILE` (`{rule.id}: breaking|warning|info|ignore`); see [Diff](../diff.md)."
    return "Validation rules are always errors: `ladder build` writes nothing until they are fixed."


def render_index(rules: list[RuleDoc]) -> str:
    lines = ["# Rules", "", "Every rule `ladder validate`, `ladder lint` and `ladder diff` applies, generated from the code.", ""]
    for command in COMMANDS:
        lines += [f"## {command}", "", "| Rule | Severity | What it reports |", "|---|---|---|"]
        lines += [f"| [`{r.id}`]({r.id}.md) | {r.severity} | {r.summary} |" for r in rules if r.command == command]
        lines.append("")
    return "\n".join(lines)


def generate(examples: Path = INVALID_EXAMPLES) -> dict[str, str]:
    """File name under docs/rules/ → its Markdown."""
    rules = rule_catalogue(examples)
    ids = [r.id for r in rules]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:  # one page per id: two commands sharing an id would overwrite each other's page
        raise ValueError(f"rule ids used by more than one command: {', '.join(duplicated)}")
    pages = {f"{r.id}.md": render_page(r) for r in rules}
    pages["index.md"] = render_index(rules)
    return pages


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "docs/rules")
    target.mkdir(parents=True, exist_ok=True)
    pages = generate()
    for stale in target.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (target / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
