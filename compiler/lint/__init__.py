"""`ladder lint`: rubric quality rules over the model, one module per rule (yamllint style).

Each rule module has a docstring (with a failing and a passing example), `ID`, `SEVERITY`,
`CONF` (its options and defaults) and `check(framework, conf)` yielding Findings.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from ..model import Expectation, Framework, Level, SourceRef
from ..model.texts import texts as model_texts
from ..problems import Problem, Severity
from ..value import value_class

RULE_MODULES = (
    "repeated_expectation",
    "nothing_new",
    "scope_regression",
    "promotion_looser",
    "unobservable_promotion",
    "vague_wording",
    "passive_voice",
    "long_expectation",
    "reading_level",
    "peer_mismatch",
    "placeholder_text",
    "vague_role_phrase",
    "luck_dependent",
    "move_unrated_competency",
    "shared_breadth",
    "route_equity",
    "expectation_complete",
    "promotion_above_expectation",
    "peer_bar_mismatch",
    "inherited_duty",
    "not_applicable",
    "circular_entry",
    "naming_scheme",
    "coded_wording",
    "uneven_step",
)
# What a promotion committee must be able to defend: a publish gate holds a release to these.
FAIRNESS_RULES = (
    "route-equity",
    "expectation-complete",
    "promotion-above-expectation",
    "peer-bar-mismatch",
    "inherited-duty",
    "not-applicable",
    "circular-entry",
    "naming-scheme",
    "coded-wording",
    "uneven-step",
)
SUPPRESS = "ladder-lint: disable="


@value_class
class Finding:
    source: SourceRef
    message: str


def all_rules() -> list[ModuleType]:
    return [importlib.import_module(f"ladder_compiler.lint.rules.{name}") for name in RULE_MODULES]


def lint(
    framework: Framework, settings: dict[str, dict[str, Any]], sources: dict[str, str] | None = None
) -> list[Problem]:
    """Run every enabled rule; `settings` maps rule id to {severity, option: value} overrides.

    `sources` holds the text of files that are not on disk (standard input), for suppressions."""
    problems: list[Problem] = []
    suppressions = _Suppressions(sources)
    shared = _shared_sources(framework)
    reported: set[tuple[str, SourceRef]] = set()
    for rule in all_rules():
        conf = {**rule.CONF, **{k: v for k, v in settings.get(rule.ID, {}).items() if k != "severity"}}
        severity = settings.get(rule.ID, {}).get("severity", rule.SEVERITY)
        if severity == "off":
            continue
        for finding in rule.check(framework, conf):
            if finding.source in shared:  # one shared line, in every track that includes it: reported once
                if (rule.ID, finding.source) in reported:
                    continue
                reported.add((rule.ID, finding.source))
            if not suppressions.suppressed(finding.source, rule.ID):
                problems.append(
                    Problem(
                        finding.source.file,
                        finding.source.line,
                        finding.source.column,
                        rule.ID,
                        finding.message,
                        Severity(severity),
                    )
                )
    return sorted(set(problems))


def _shared_sources(framework: Framework) -> set[SourceRef]:
    """Where the shared behaviours that tracks hold as written are (an override is the track's own)."""
    return {
        expectation.source
        for _, _, expectation in behaviours(framework)
        if expectation.shared is not None and not expectation.shared.overridden
    }


class _Suppressions:
    """`# ladder-lint: disable=rule-id[,rule-id]` on the item's line or the line above it."""

    def __init__(self, texts: dict[str, str] | None = None) -> None:
        self._lines = {name: text.splitlines() for name, text in (texts or {}).items()}

    def suppressed(self, source: SourceRef, rule_id: str) -> bool:
        lines = self._read(source.file)
        for number in (source.line, source.line - 1):
            if 1 <= number <= len(lines) and SUPPRESS in lines[number - 1]:
                listed = lines[number - 1].split(SUPPRESS, 1)[1].split()[0]
                if rule_id in listed.split(",") or listed == "all":
                    return True
        return False

    def _read(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                self._lines[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._lines[file] = []
        return self._lines[file]


def texts(framework: Framework) -> Iterator[tuple[SourceRef, str, str]]:
    """Every piece of rubric prose: (where, what it is, text)."""
    for text in model_texts(framework):
        if text.prose and text.source is not None:
            yield text.source, text.what, text.text


def word_similarity(a: str, b: str) -> float:
    """How alike two behaviours read, from 0 to 1, comparing words and ignoring case."""
    import difflib

    return difflib.SequenceMatcher(a=a.casefold().split(), b=b.casefold().split()).ratio()


def behaviours(framework: Framework) -> Iterator[tuple[Level, str, Expectation]]:
    """(level, competency id, expectation) for every behaviour where it is introduced."""
    for track in framework.tracks:
        for level in track.levels:
            for block in level.expectations:
                for expectation in block.new:
                    yield level, block.competency_id, expectation
