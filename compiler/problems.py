"""Problems: the one value every stage uses to report bad input, and its ordering."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)


@dataclass(frozen=True, order=True)
class Problem:
    """A located finding about an input file.

    Sorting orders problems by file, then line, then column, so reports read top to bottom.
    """

    file: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = ERROR
    hint: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
