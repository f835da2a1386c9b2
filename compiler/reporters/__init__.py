"""How problems look: one function per output format, all taking the same list of Problems."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from ..problems import ERROR, Problem

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render_problems(problems: list[Problem], output_format: str, colour: bool = False) -> str:
    return {"text": render_text, "json": render_json, "github": render_github}[output_format](problems, colour)


def render_json(problems: list[Problem], colour: bool = False) -> str:
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)


def render_text(problems: list[Problem], colour: bool = False) -> str:
    lines: list[str] = []
    excerpts = _Excerpts()
    for problem in problems:
        severity = click.style(problem.severity, fg=_SEVERITY_COLOURS.get(problem.severity), bold=True) if colour else problem.severity
        lines.append(f"{problem.file}:{problem.line}:{problem.column}: {severity} [{problem.rule}] {problem.message}")
        lines += excerpts.around(problem)
        if problem.hint:
            lines.append(f"    hint: {problem.hint}")
    if problems:
        lines.append(summary(problems))
    return "\n".join(lines)


def summary(problems: list[Problem]) -> str:
    counts = Counter(p.severity for p in problems)
    files = len({p.file for p in problems})
    parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}"


def render_github(problems: list[Problem], colour: bool = False) -> str:
    """GitHub Actions workflow commands: one annotation per problem."""
    lines = []
    for p in problems:
        level = {"error": "error", "warning": "warning"}.get(p.severity, "notice")
        message = p.message + (f" ({p.hint})" if p.hint else "")
        properties = f"file={_escape_property(p.file)},line={p.line},col={p.column},title={_escape_property(p.rule)}"
        lines.append(f"::{level} {properties}::{_escape_data(message)}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class _Excerpts:
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
        try:
            if not path.is_file() or path.stat().st_size > self.MAX_BYTES:
                return None
            return path.read_bytes().decode("utf-8", "replace").splitlines()
        except OSError:
            return None


def has_blocking(problems: list[Problem], strict: bool = False) -> bool:
    return any(p.severity == ERROR or (strict and p.severity == "warning") for p in problems)
