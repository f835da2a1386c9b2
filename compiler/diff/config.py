"""Diff severity settings: a YAML mapping `rule-id: breaking|warning|info|ignore`, given with
`ladder diff --severity-config`. Loaded by the strict loader and checked here, like lint's."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..problems import Problem
from ..source.load import load_file
from . import RULES

SEVERITIES = ("breaking", "warning", "info", "ignore")


def load_overrides(path: Path) -> tuple[dict[str, str], list[Problem]]:
    """(rule id → severity, problems); the overrides are only meaningful when there are no problems."""
    document, problems = load_file(path)
    if document is None:
        return {}, problems
    if not isinstance(document.data, dict):
        return {}, [
            document.problem((), "severity-config", "expected a mapping of rule-id: breaking|warning|info|ignore")
        ]
    for rule, severity in document.data.items():
        if rule not in RULES:
            problems.append(
                document.problem(
                    (rule,), "severity-config", f"unknown rule `{rule}`", key=True, hint=_suggest(str(rule))
                )
            )
        elif severity not in SEVERITIES:
            problems.append(
                document.problem(
                    (rule,), "severity-config", f"`{severity}` is not a severity; use breaking, warning, info or ignore"
                )
            )
    return ({} if problems else dict(document.data)), problems


def _suggest(word: str) -> str:
    close = difflib.get_close_matches(word, list(RULES), n=1)
    return f"did you mean `{close[0]}`?" if close else ""
