"""Diff severity settings: a YAML mapping `rule-id: breaking|warning|info|ignore`, given with
`ladder diff --severity-config`. Loaded by the strict loader and checked against its JSON Schema, like lint's."""

from __future__ import annotations

from pathlib import Path

from ..problems import ERROR, Problem, Rule
from ..source.load import load_file
from .rules import AS_FINDING, IGNORE

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "severity-config",
        "validate",
        ERROR,
        "The diff severity config is not valid.",
        "level-added: urgent",
        "level-added: breaking",
    ),
)

SEVERITIES = (*AS_FINDING, IGNORE)  # diff's own words for the one scale, and "drop the change"


def load_overrides(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """(rule id → severity, problems); the overrides are only meaningful when there are no problems.
    Checked against schemas/diff-severity-config.v1.schema.json (generated from RULES; `ladder schema
    --diff-config` prints it) by the same path as ladder files."""
    from ..source.schema_store import DIFF_CONFIG_SCHEMA
    from ..source.validate import schema_problems

    document, problems = load_file(path)
    if document is None:
        return {}, problems
    problems = [
        Problem(p.file, p.line, p.column, "severity-config", p.message, hint=p.hint)
        for p in schema_problems(document, DIFF_CONFIG_SCHEMA)
    ]
    return ({} if problems else dict(document.data)), sorted(problems)
