"""GitLab Code Quality: a JSON array of Code Climate issues, one per finding.

The fingerprint is stable across runs and line moves (rule, file, message and the finding's
occurrence among identical ones), so GitLab can tell new findings from old ones."""

from __future__ import annotations

import hashlib
from collections import Counter

from ..problems import ERROR, INFO, WARNING, Problem
from . import Context
from .json import dumps

_SEVERITIES = {ERROR: "major", WARNING: "minor", INFO: "info"}


def render(problems: list[Problem], context: Context) -> str:
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for p in problems:
        key = (p.rule, p.file, p.message)
        seen[key] += 1
        fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": p.rule,
                "description": p.message + (f" (hint: {p.hint})" if p.hint else ""),
                "categories": ["Style"] if context.command == "lint" else ["Bug Risk"],
                "severity": _SEVERITIES.get(p.severity, "info"),
                "fingerprint": fingerprint,
                "location": {"path": p.file, "lines": {"begin": max(p.line, 1)}},
            }
        )
    return dumps(issues)
