"""GitHub Actions workflow commands: one annotation per finding, escaped as `@actions/core` does."""

from __future__ import annotations

from ..problems import ERROR, WARNING, Problem
from . import Context
from .text import inert

_LEVELS = {ERROR: "error", WARNING: "warning"}  # anything else is a notice


def render(problems: list[Problem], context: Context) -> str:
    lines = []
    for p in problems:
        message = p.message + (f" ({p.hint})" if p.hint else "")
        where = f"file={_escape_property(p.file)}," + (f"line={p.line},col={p.column}," if p.line else "")
        lines.append(
            f"::{_LEVELS.get(p.severity, 'notice')} {where}title={_escape_property(p.rule)}::{_escape_data(message)}"
        )
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    """Ladder text made inert for the log (it is shown on terminals too), then escaped as `@actions/core` does."""
    return inert(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
