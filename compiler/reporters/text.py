"""Findings for people at a terminal: `file:line:col: severity [rule] message`, the source line
with a caret under the column, and a summary. Ladder text is untrusted, so control characters
and escape sequences in it are removed before our own colour codes are added."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..problems import ERROR, INFO, WARNING, Problem, summary
from ..value import CONTROL_CHARACTERS
from . import Context

_COLOURS = {ERROR: "red", WARNING: "yellow", INFO: "cyan"}
# ESC sequences (CSI; OSC, DCS and other strings, cut at a line end; two-byte),
# then any C0 (but \t and \n), DEL and C1 left, and the bidi embeddings, overrides and isolates
# that would show the text in another order than it is (the characters value.strip_control drops).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|(?=\n)|$)"
    r"|\x1b[ -/]*[0-~]?"
    rf"|{CONTROL_CHARACTERS.pattern}",
)


def inert(text: str) -> str:
    """`text` without terminal control: no escape sequences, no C0 (but tab and newline), no C1,
    no bidi overrides."""
    return _ESCAPES.sub("", text)


def render(problems: list[Problem], context: Context) -> str:
    def style(text: str, colour: str) -> str:
        return click.style(text, fg=colour, bold=True) if context.colour else text

    lines: list[str] = []
    excerpts = Excerpts()
    for problem in problems:
        severity = style(problem.severity, _COLOURS.get(problem.severity, ""))
        where = inert(problem.file) + (f":{problem.line}:{problem.column}" if problem.line else "")
        lines.append(f"{where}: {severity} [{inert(problem.rule)}] {inert(problem.message)}")
        lines += [inert(line) for line in excerpts.around(problem)]
        if problem.hint:
            lines.append(f"    hint: {inert(problem.hint)}")
    if problems:
        lines.append(summary(problems))
    return "\n".join(lines)


class Excerpts:
    """The offending source line with a caret under the column, read once per file."""

    MAX_BYTES = 2 * 1024 * 1024

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def around(self, problem: Problem) -> list[str]:
        lines = self._lines(problem.file)
        if not lines or not 1 <= problem.line <= len(lines):
            return []
        source = lines[problem.line - 1].rstrip("\n").replace("\t", " ")
        if len(source) > 160:
            return []
        return [f"    {problem.line:>4} | {source}", f"         | {' ' * (problem.column - 1)}^"]

    def _lines(self, name: str) -> list[str] | None:
        if name not in self._files:
            self._files[name] = self._read(Path(name))
        return self._files[name]

    def _read(self, path: Path) -> list[str] | None:
        from ..source.paths import UnsafePath, inside, read_bounded

        # The same rule as loading: a regular file, bounded, and never through a symlink that leads
        # out of its directory (an excerpt must not print a line of a file the ladder may not read).
        if not inside(path.parent, path):
            return None
        try:
            return read_bounded(path.resolve(), self.MAX_BYTES).decode("utf-8", "replace").splitlines()
        except UnsafePath:
            return None
