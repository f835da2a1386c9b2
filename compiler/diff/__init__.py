"""Diff: compare two framework models and return change records. No I/O, no printing.

Complete by construction: compare.py walks every field of every model dataclass as fields.py
declares it (behaviours in expectations.py, promotion bars in promotion.py), matching items by
stable id (and `previous_ids`), never by position. Each change carries a rule id and a severity
(rules.py): breaking (breaks HRIS records or people's standing), warning, or info; `overrides`
re-rates or ignores rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field, replace

from ..model import Framework
from ..value import value_class
from .compare import Differ
from .records import Change, Where, same_words, word_diff
from .rules import BREAKING, IGNORE, INFO, RULES, SEVERITY_ORDER, WARNING
from .shared import once_per_shared_behaviour

__all__ = [
    "BREAKING",
    "IGNORE",
    "INFO",
    "RULES",
    "SEVERITY_ORDER",
    "WARNING",
    "Change",
    "DiffResult",
    "diff",
    "same_words",
    "word_diff",
]


@value_class
class DiffResult:
    old: Framework
    new: Framework
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {severity: sum(c.severity == severity for c in self.changes) for severity in (BREAKING, WARNING, INFO)}

    def fails(self, threshold: str | None) -> bool:
        if threshold is None:
            return False
        floor = 0 if threshold == "any" else SEVERITY_ORDER[threshold]
        return any(SEVERITY_ORDER[c.severity] >= floor for c in self.changes)

    def level_rank(self, level_id: str) -> int:
        """Where a level sorts in a report: its rank in NEW, or in OLD for a removed level."""
        for framework in (self.new, self.old):
            if framework.has_level(level_id):
                return framework.level(level_id).rank
        return 0


def diff(
    old: Framework, new: Framework, overrides: dict[str, str] | None = None, track_ids: Iterable[str] = ()
) -> DiffResult:
    overrides = overrides or {}
    changes = _apply_overrides(list(Differ(old, new).changes()), overrides)
    if any(c.severity == BREAKING for c in changes):
        changes += _apply_overrides(_version_check(old, new), overrides)
    wanted = set(track_ids)
    if wanted:
        changes = [c for c in changes if c.path and c.path[0] in wanted]
    return DiffResult(old, new, once_per_shared_behaviour(changes, old, new))


def _apply_overrides(changes: list[Change], overrides: dict[str, str]) -> list[Change]:
    result = []
    for change in changes:
        severity = overrides.get(change.rule, change.severity)
        if severity != IGNORE:
            result.append(change if severity == change.severity else replace(change, severity=severity))
    return result


def _version_check(old: Framework, new: Framework) -> list[Change]:
    if old.version is None or new.version is None:  # a draft without a version: nothing to compare
        return []
    old_version, new_version = _semver(old.version), _semver(new.version)
    needed = "major" if old_version[0] > 0 else "minor"
    bumped = (
        new_version[0] > old_version[0]
        if old_version[0] > 0
        else (new_version[0] > 0 or new_version[1] > old_version[1])
    )
    if bumped:
        return []
    message = f"breaking changes need a {needed} version bump, but the version went from {old.version} to {new.version}"
    return [Where("framework").change("version-not-bumped", message, old.version, new.version)]


def _semver(text: str) -> tuple[int, int, int]:
    match = re.match(r"(\d+)\.(\d+)\.(\d+)", text)
    assert match is not None  # the schema makes every version semver
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch)
