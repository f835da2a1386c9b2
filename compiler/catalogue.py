"""The rule catalogue: every check any command runs, with its id, command, severity, summary and
an example that fails and one that passes. The source for `--list-rules`, SARIF's rule descriptions
and the docs' rule pages.

Nothing is written here: each rule is declared beside the code that raises it, a lint rule as its
module (docstring, ID, SEVERITY), every other check in its module's `DECLARED_RULES`. This module
only collects them. Ids are stable: tests, users' lint settings and diff severity configs name them.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from types import ModuleType

from .problems import COMMANDS, SEVERITIES, Rule, Severity

__all__ = ["COMMANDS", "Rule", "all_rules", "docstring_parts", "find", "lint_rules"]


def declaring_modules() -> list[ModuleType]:
    """Every module with a `DECLARED_RULES`, in the order the catalogue lists their rules."""
    from . import assess, calibrate, output_names
    from .assess import evidence, worksheet
    from .calibrate import decisions
    from .diff import config as diff_config
    from .diff import rules as diff_rules
    from .hris import names, output, profile
    from .i18n import status
    from .lint import config as lint_config
    from .release import approve, gate
    from .render import glyphs
    from .source import ids, load, paths, semantic, shared, structure, validate

    return [
        *(load, paths, output_names, validate, semantic, shared, structure, lint_config, diff_config, status, ids),
        diff_rules,
        *(assess, evidence, worksheet),
        *(profile, names, output, glyphs),
        *(gate, approve),
        *(calibrate, decisions),
    ]


def lint_rules() -> list[Rule]:
    from .lint import all_rules

    return [
        Rule(module.ID, "lint", Severity(module.SEVERITY), summary, fails, passes)
        for module in all_rules()
        for summary, fails, passes in [docstring_parts(module.__doc__ or "")]
    ]


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule of every command, in command order, then in the order their modules declare them."""
    declared = [*lint_rules(), *(rule for module in declaring_modules() for rule in module.DECLARED_RULES)]
    for rule in declared:
        if rule.severity not in SEVERITIES or rule.command not in COMMANDS:
            raise ValueError(f"rule {rule.id}: bad severity {rule.severity!r} or command {rule.command!r}")
    return tuple(sorted(declared, key=lambda rule: COMMANDS.index(rule.command)))


def find(rule_id: str, command: str | None = None) -> Rule | None:
    for rule in all_rules():
        if rule.id == rule_id and command in (None, rule.command):
            return rule
    return None


_SECTION = re.compile(r"^(Fails|Passes)\b[^:\n]*:[ \t]*", re.MULTILINE)


def docstring_parts(doc: str) -> tuple[str, str, str]:
    """(summary, failing example, passing example) of a lint rule's docstring.

    The summary is the first paragraph; an example follows `Fails:` or `Passes:`, on the same line
    or indented on the lines below, up to the next section or blank line."""
    text = doc.strip("\n")
    summary = " ".join(text.split("\n\n")[0].split())
    examples: dict[str, str] = {}
    matches = list(_SECTION.finditer(text))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[match.end() : end]
        examples[match.group(1)] = _dedent_block(body.split("\n\n")[0])
    return summary, examples.get("Fails", ""), examples.get("Passes", "")


def _dedent_block(body: str) -> str:
    first, _, rest = body.partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip() if first.strip() else textwrap.dedent(rest).strip()
