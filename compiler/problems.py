"""Findings: the one located value every check reports (loader, schema, semantics, lint, diff,
assess), on one severity scale, and the questions every command asks of a list of them.

Commands with words of their own map onto the scale once, where they are defined: diff's
"breaking" is an error (`diff.rules.AS_FINDING`); lint's "off" means the rule does not run at all.

Every rule is declared as a `Rule` in the module that raises it (a `RULES` tuple, or a lint rule
module's docstring, ID and SEVERITY); `catalogue.py` collects them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import field
from enum import StrEnum
from functools import total_ordering

from .value import value_class


class Severity(StrEnum):
    """The one scale of every finding, most to least severe. A `str`: reports print its value."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}[self]


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
SEVERITIES = tuple(Severity)
# The commands whose rules the catalogue lists, in the order the docs list them.
COMMANDS = ("validate", "lint", "diff", "assess", "build", "release", "calibrate")


@value_class
class Rule:
    """A check's declaration, beside the code that raises it: the source of `--list-rules`, SARIF's
    rule descriptions and the docs' rule pages."""

    id: str
    command: str  # one of COMMANDS
    severity: Severity
    summary: str
    fails: str = ""  # an example that yields this rule's finding
    passes: str = ""  # the same example, fixed
    label: str = ""  # the command's own word for the severity, when it has one (diff: "breaking")

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "command": self.command,
            "severity": str(self.severity),
            "label": self.label or str(self.severity),
            "summary": self.summary,
            "fails": self.fails,
            "passes": self.passes,
        }


@total_ordering
@value_class
class Problem:
    """A located finding about an input file: the one type every check reports (lint rules yield
    `lint.Finding`s, a location and a message, that `lint()` turns into these).

    Sorting orders problems by file, then line, then column, so reports read top to bottom.
    A line of 0 means the finding is about the file (or project) as a whole.
    """

    file: str
    line: int
    column: int
    rule: str
    message: str
    severity: Severity = ERROR
    hint: str = field(default="", compare=False)

    def __lt__(self, other: Problem) -> bool:
        return self._order() < other._order()

    def _order(self) -> tuple[str, int, int, str, str, str]:
        return (self.file, self.line, self.column, self.rule, self.message, self.severity)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
        }


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known choice, or "" when none is close."""
    import difflib  # only ever needed to explain a problem

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def is_blocking(problems: Iterable[Problem], strict: bool = False) -> bool:
    """Errors always block; with `strict`, warnings do too."""
    return any(p.severity == ERROR or (strict and p.severity == WARNING) for p in problems)


def summary(problems: list[Problem]) -> str:
    """`2 errors, 1 warning in 2 files`."""
    counts = Counter(p.severity for p in problems)
    files = len({p.file for p in problems})
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES if counts[s]]
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


class ProblemsFound(Exception):
    """Work that stopped on located problems in the user's input; the message says what could not be done."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems
