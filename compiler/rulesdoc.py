"""Rule reference pages for the docs site: one Markdown page per validate, lint, diff, assess and
publish-gate (release) rule.

    python -m ladder_compiler.rulesdoc docs/rules      # from the repository root

Everything comes from code: the rule catalogue (`ladder_compiler.catalogue`: ids, severities,
summaries, a failing and a passing example), lint rule modules for their options, and the test
cases in tests/example-files/invalid/ as a second, tested example for validation rules.
`rule_catalogue()` is the one place that gathers them. Pages are `rules/<command>/<id>.md`:
validate and assess share some ids.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPOSITORY = "https://github.com/ladder-compiler/ladder-compiler/blob/main"
INVALID_EXAMPLES = Path("tests/example-files/invalid")
COMMANDS = {
    "validate": "ladder validate",
    "lint": "ladder lint",
    "diff": "ladder diff",
    "assess": "ladder assess",
    "release": "ladder release",
}


@dataclass(frozen=True)
class RuleDoc:
    id: str
    command: str  # validate, lint, diff, assess or release
    severity: str  # as the command reports it (diff: breaking, warning, info)
    summary: str
    details: str = ""
    fails: str = ""  # Markdown: what fails the rule
    passes: str = ""  # Markdown: the same, fixed
    tested_example: str = ""  # Markdown: a test case that yields this rule
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def page(self) -> str:
        return f"{self.command}/{self.id}.md"


def rule_catalogue(examples: Path = INVALID_EXAMPLES) -> list[RuleDoc]:
    """Every rule of every command, in the catalogue's order."""
    from .catalogue import all_rules
    from .lint import all_rules as lint_modules

    options = {module.ID: dict(module.CONF) for module in lint_modules()}
    details = {module.ID: _details(module.__doc__ or "") for module in lint_modules()}
    cases = _invalid_cases(examples)
    return [
        RuleDoc(
            rule.id,
            rule.command,
            rule.label or rule.severity,
            rule.summary,
            details.get(rule.id, "") if rule.command == "lint" else "",
            _example(rule.fails),
            _example(rule.passes),
            cases.get(rule.id, "") if rule.command == "validate" else "",
            options.get(rule.id, {}) if rule.command == "lint" else {},
        )
        for rule in all_rules()
    ]


def _example(text: str) -> str:
    """A catalogue example: short prose stays prose; anything with YAML shape becomes a block."""
    if not text:
        return ""
    if "\n" in text or re.match(r"^[\w-]+: ", text):
        return f"```yaml\n{text.strip()}\n```"
    return text


def _details(doc: str) -> str:
    """A lint rule docstring's prose after its first paragraph, without the examples."""
    paragraphs = re.split(r"\n\s*\n", doc.strip())
    prose = [p for p in paragraphs[1:] if not re.match(r"^\s*(Fails|Passes)\b", p)]
    return "\n\n".join(" ".join(p.split()) for p in prose)


def _invalid_cases(examples: Path) -> dict[str, str]:
    """rule id → the first test case that expects it, as Markdown (the file and the expected problem)."""
    found: dict[str, str] = {}
    for case in sorted(examples.glob("*.yaml")) if examples.is_dir() else []:
        text = case.read_text(encoding="utf-8")
        for match in re.finditer(r"^# expect: (?:[\w.-]+:)?(\d+):(\d+) \[([a-z-]+)\] (.+)$", text, re.MULTILINE):
            line, column, rule_id, message = match.groups()
            if rule_id not in found:
                # The whole file, its test header included, so the line numbers match.
                link = f"{REPOSITORY}/{INVALID_EXAMPLES.as_posix()}/{case.name}"
                found[rule_id] = (
                    f"[`{case.name}`]({link}):\n\n```yaml\n{text.strip()}\n```\n\n"
                    f"```text\n{line}:{column}: error [{rule_id}] {message}\n```"
                )
    return found


def render_page(rule: RuleDoc) -> str:
    lines = [f"# {rule.id}", "", f"**Command:** `{COMMANDS[rule.command]}` · **Severity:** {rule.severity}", ""]
    lines += [rule.summary, ""]
    if rule.details:
        lines += [rule.details, ""]
    if rule.fails:
        lines += ["## Fails" if rule.command != "diff" else "## Reported", "", rule.fails, ""]
    if rule.passes:
        lines += ["## Passes" if rule.command != "diff" else "## Not reported", "", rule.passes, ""]
    if rule.tested_example:
        lines += ["## A tested example", "", rule.tested_example, ""]
    if rule.options:
        lines += ["## Options", "", "| Option | Default |", "|---|---|"]
        lines += [f"| `{name}` | `{_inline(value)}` |" for name, value in rule.options.items()]
        lines += [
            "",
            f"Set them in `.ladder-lint.yaml` under `rules: {{{rule.id}: {{...}}}}`; see [Lint](../../lint.md).",
            "",
        ]
    lines += [_how_to_tune(rule), ""]
    return "\n".join(lines)


def _inline(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _how_to_tune(rule: RuleDoc) -> str:
    if rule.command == "lint":
        return (
            f"Change its severity (`error`, `warning`, `info`, `off`) in `.ladder-lint.yaml`, or accept one finding "
            f"with `# ladder-lint: disable={rule.id}` on the item's line or the line above it."
        )
    if rule.command == "diff":
        return (
            f"Change its severity with `--severity-config FILE` (`{rule.id}: breaking|warning|info|ignore`); "
            "see [Diff](../../diff.md)."
        )
    if rule.command == "assess":
        return "See [Assess](../../assess.md)."
    if rule.command == "release":
        return (
            "Reported by the publish gate: `ladder build` prints it and builds a draft, `ladder build --published`"
            " and `ladder release` exit 1 on it; see [The publish gate](../../hr-documents.md#the-publish-gate)."
        )
    if rule.severity != "error":
        strict = " (`--strict` makes it an error)" if rule.id.startswith("translation-") else ""
        return f"A {rule.severity}: `ladder validate` reports it and exits 0{strict}; `ladder build` goes ahead."
    return "Validation rules are always errors: `ladder build` writes nothing until they are fixed."


def render_index(rules: list[RuleDoc]) -> str:
    lines = [
        "# Rules",
        "",
        "Every rule `ladder validate`, `lint`, `diff`, `assess` and the publish gate (`release`) applies, generated"
        " from the code.",
        "",
    ]
    for command in COMMANDS:
        lines += [f"## {command}", "", "| Rule | Severity | What it reports |", "|---|---|---|"]
        lines += [f"| [`{r.id}`]({r.page}) | {r.severity} | {r.summary} |" for r in rules if r.command == command]
        lines.append("")
    return "\n".join(lines)


def generate(examples: Path = INVALID_EXAMPLES) -> dict[str, str]:
    """Path under docs/rules/ → its Markdown."""
    rules = rule_catalogue(examples)
    pages = {r.page: render_page(r) for r in rules}
    if len(pages) != len(rules):  # one page per command and id
        raise ValueError("a rule id appears twice for one command")
    pages["index.md"] = render_index(rules)
    return pages


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "docs/rules")
    pages = generate()
    for stale in target.rglob("*.md"):
        if stale.relative_to(target).as_posix() not in pages:
            stale.unlink()
    for name, text in pages.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
