"""How a diff looks: its own views (text, optionally coloured; Markdown; JSON; self-contained
HTML), grouped by track and level with word-level changes, and the shared reporters' CI formats
(github, sarif, gitlab) over the changes as findings, diff's "breaking" mapped to error."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator
from itertools import groupby

import click

from ..problems import Problem
from ..render.text import to_markdown
from ..reporters import CI_FORMATS, Context
from ..reporters import render as render_findings
from ..reporters.json import dumps
from ..reporters.text import inert
from ..value import strip_control
from . import BREAKING, INFO, SEVERITY_ORDER, WARNING, Change, DiffResult
from .rules import AS_FINDING, DECLARED_RULES

FORMATS = ("text", "markdown", "json", "html", *CI_FORMATS)
_COLOURS = {BREAKING: "red", WARNING: "yellow", INFO: "cyan"}
_LABELS = {BREAKING: "Breaking", WARNING: "Warning", INFO: "Info"}


def render(result: DiffResult, output_format: str, colour: bool = False) -> str:
    # The shared reporters make CI formats' paths repository-relative themselves.
    result = located(result, repository_paths=output_format not in ("text", *CI_FORMATS))
    if output_format in CI_FORMATS:
        return render_findings(as_problems(result), output_format, Context(command="diff", rules=DECLARED_RULES))
    views = {"text": render_text, "markdown": render_markdown, "json": render_json, "html": render_html}
    return views[output_format](result, colour)


def located(result: DiffResult, repository_paths: bool = True) -> DiffResult:
    """Each change on a file of the working tree that an annotation can attach to; its path from the
    repository's root (`repository_paths`) or as the loader shows it (from the working directory)."""
    from dataclasses import replace

    from ..reporters.paths import repository_relative

    changes = []
    for change in result.changes:
        file, line = _on_a_real_file(change, result)
        changes.append(replace(change, file=repository_relative(file) if repository_paths else file, line=line))
    return DiffResult(result.old, result.new, changes)


def as_problems(result: DiffResult) -> list[Problem]:
    """The changes as findings (after `located`)."""
    return [
        Problem(
            change.file or "",
            change.line or 0,
            1,
            change.rule,
            change.message + _values(change),
            AS_FINDING[change.severity],
        )
        for change in result.changes
    ]


def _on_a_real_file(change: Change, result: DiffResult) -> tuple[str, int]:
    """Where the change is (a removal: where it was, in OLD); when that file is not in the working
    tree (a `REV:` path, a deleted file), the file in NEW that holds its track, else the framework's."""
    from ..source.load import display_path

    candidates: list[tuple[str | None, int]] = [(change.file, change.line or 1)]
    track = next((t for t in result.new.tracks if change.path and t.id == change.path[0]), None)
    if track is not None and track.source is not None:
        candidates.append((track.source.file, 1))
    root, files = result.new.root, result.new.project.files
    main = "framework.yaml" if "framework.yaml" in files else (files[0] if files else "")
    candidates.append((display_path(root / main) if main else None, 1))
    for file, line in candidates:
        found = _in_working_tree(file) if file else None
        if found is not None:
            return found, _clamped(found, line)
    return str(root), 0  # a project read only from git, with no copy in the working tree


def _in_working_tree(file: str) -> str | None:
    """`file` as a working-tree path when it names a file there; `REV:PATH` (PATH from the repository's
    root) as that PATH in the working tree."""
    from pathlib import Path

    from ..reporters.paths import repository_root
    from ..source.load import display_path

    if Path(file).is_file():
        return file
    rev, colon, path = file.partition(":")
    root = repository_root()
    if colon and rev and root is not None and (root / path).is_file():
        return display_path(root / path)
    return None


def _clamped(file: str, line: int) -> int:
    """`line`, or the file's last line when the file is shorter now (the item was removed)."""
    from pathlib import Path

    try:
        count = len(Path(file).read_bytes().splitlines())
    except OSError:
        return 1
    return max(1, min(line, count))


def summary(result: DiffResult) -> str:
    counts = result.counts()
    warnings = f"{counts[WARNING]} warning{'s' if counts[WARNING] != 1 else ''}"
    return f"{counts[BREAKING]} breaking, {warnings}, {counts[INFO]} info"


def _sections(result: DiffResult) -> Iterator[tuple[str, str, list[Change]]]:
    """Changes grouped by track, then level: framework-wide first, then tracks in NEW's order, levels by rank."""
    order = {t.id: i for i, t in enumerate(result.new.tracks)} | {
        t.id: len(result.new.tracks) + i for i, t in enumerate(result.old.tracks)
    }

    def key(change: Change) -> tuple[int, str, int, str]:
        track = change.path[0] if change.path else ""
        level = change.path[1] if len(change.path) > 1 else ""
        return (order.get(track, -1) if track else -1, track, result.level_rank(level) if level else -1, level)

    previous_track = None
    for (_, track, _, level), changes in groupby(sorted(result.changes, key=key), key=key):
        if track and level and track != previous_track:
            yield track, "", []  # a heading for the track even when only its levels changed
        previous_track = track
        yield track, level, sorted(changes, key=lambda c: -SEVERITY_ORDER[c.severity])


def _track_title(result: DiffResult, track_id: str) -> str:
    for framework in (result.new, result.old):
        for track in framework.tracks:
            if track.id == track_id:
                return f"{track.name} (`{track_id}`)"
    return f"`{track_id}`"


def _level_title(result: DiffResult, level_id: str) -> str:
    for framework in (result.new, result.old):
        if framework.has_level(level_id):
            return f"{framework.level(level_id).title} (`{level_id}`)"
    return f"`{level_id}`"


# Rules whose message names both sides in the behaviour's words: the values would repeat it.
_SAID_IN_THE_MESSAGE = {"expectation-moved", "expectation-raises-changed", "career-move-retargeted"}


def _values(change: Change) -> str:
    if (
        change.words
        or change.rule in _SAID_IN_THE_MESSAGE
        or (_names(change.message, change.old) and _names(change.message, change.new))
    ):
        return ""
    if change.old is not None and change.new is not None:
        return f": {_short(change.old)} → {_short(change.new)}"
    return (
        f": {_short(change.new if change.new is not None else change.old)}"
        if (change.old or change.new) and change.entity == "expectation"
        else ""
    )


def _names(message: str, value: object) -> bool:
    """Whether the message already shows the value as a whole word: `system` is not shown by
    `system-ownership`, so a renamed id whose old one is a prefix of the new one still prints both."""
    return re.search(rf"(?<![\w-]){re.escape(str(value))}(?![\w-])", message) is not None


def _short(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"“{text}”" if isinstance(value, str) else text


def render_text(result: DiffResult, colour: bool = False) -> str:
    """Ladder text is made inert (no terminal control) before our own colour codes go around it."""

    def style(text: str, fg: str | None = None, bold: bool | None = None) -> str:
        return click.style(inert(text), fg=fg, bold=bold) if colour else inert(text)

    lines = [inert(f"ladder diff: {result.old.name} {_versions(result)}")]
    for track, level, changes in _sections(result):
        if level:
            lines.append(inert(f"  level {_level_title(result, level)}".replace("`", "")))
        elif track:
            lines.append(style(f"track {_track_title(result, track)}".replace("`", ""), bold=True))
        else:
            lines.append(style("framework", bold=True))
        indent = "    " if level else "  "
        for change in changes:
            label = style(f"{change.severity:<8}", fg=_COLOURS[change.severity], bold=change.severity == BREAKING)
            where = f"  ({change.file}:{change.line})" if change.file else ""
            lines.append(f"{indent}{label} " + inert(f"[{change.rule}] {change.message}{_values(change)}{where}"))
            if change.words:
                lines.append(f"{indent}         " + _text_words(change, style))
    lines.append(summary(result) if result.changes else "no changes")
    return "\n".join(lines)


def _text_words(change: Change, style: Callable[..., str]) -> str:
    parts = []
    for op, text in change.words:
        if op == "-":
            parts.append(style(f"[-{text}-]", fg="red"))
        elif op == "+":
            parts.append(style(f"{{+{text}+}}", fg="green"))
        else:
            parts.append(inert(text))
    return " ".join(parts)


def _versions(result: DiffResult) -> str:
    """`1.0.0 → 1.1.0`; a side without a version (a format-2 draft) says so."""
    return " → ".join(v or "unversioned draft" for v in (result.old.version, result.new.version))


def render_markdown(result: DiffResult, colour: bool = False) -> str:
    lines = [
        f"## Ladder changes: {_versions(result)}",
        "",
        f"**{summary(result)}**" if result.changes else "No changes.",
        "",
    ]
    for track, level, changes in _sections(result):
        if level:
            lines += [f"#### {_md(_level_title(result, level))}", ""]
        elif track:
            lines += [f"### {_md(_track_title(result, track))}", ""]
        else:
            lines += ["### Framework", ""]
        for change in changes:
            detail = _md_words(change) if change.words else _md(_values(change))
            lines.append(f"- **{_LABELS[change.severity]}** `{change.rule}` {_md(change.message)}{detail}")
        if changes:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return " ".join(to_markdown(text).split("\n"))


def _md_words(change: Change) -> str:
    parts = []
    for op, text in change.words:
        safe = _md(text).replace("~", "\\~").replace("*", "\\*")
        parts.append(f"~~{safe}~~" if op == "-" else f"**{safe}**" if op == "+" else safe)
    return ": " + " ".join(parts)


def render_json(result: DiffResult, colour: bool = False) -> str:
    data = {
        "old": {"version": result.old.version, "source_hash": result.old.source_hash},
        "new": {"version": result.new.version, "source_hash": result.new.source_hash},
        "summary": result.counts(),
        "changes": [c.as_dict() for c in result.changes],
    }
    return dumps(data)


_HTML_STYLE = (
    'body { font-family: "DejaVu Sans", sans-serif;'
    " max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }\n"
    "li { margin: .4rem 0; }"
    " .badge { font-size: .75rem; font-weight: bold; color: #fff; border-radius: 3px; padding: 0 .4rem; }\n"
    ".breaking .badge { background: #b71c1c; } .warning .badge { background: #e65100; }"
    " .info .badge { background: #1565c0; }\n"
    "del { background: #ffebee; color: #b71c1c; } ins { background: #e8f5e9; color: #1b5e20; text-decoration: none; }\n"
    ".where { color: #777; font-size: .8rem; }\n"
)


def render_html(result: DiffResult, colour: bool = False) -> str:
    def esc(text: str) -> str:  # control characters are not allowed in HTML, and act on a terminal
        return html.escape(strip_control(text))

    def code(text: str) -> str:  # the messages' `id` marks as HTML, not literal backticks
        return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))

    rows = []
    for track, level, changes in _sections(result):
        heading = _level_title(result, level) if level else _track_title(result, track) if track else "Framework"
        rows.append(f"<h{3 if level else 2}>{esc(heading.replace('`', ''))}</h{3 if level else 2}>")
        if not changes:
            continue
        rows.append("<ul>")
        for change in changes:
            if change.words:
                detail = ": " + " ".join(
                    f"<del>{esc(t)}</del>" if op == "-" else f"<ins>{esc(t)}</ins>" if op == "+" else esc(t)
                    for op, t in change.words
                )
            else:
                detail = esc(_values(change))
            where = f' <span class="where">{esc(change.file)}:{change.line}</span>' if change.file else ""
            rows.append(
                f'<li class="{change.severity}"><span class="badge">{_LABELS[change.severity]}</span> '
                f"<code>{esc(change.rule)}</code> {code(change.message)}{detail}{where}</li>"
            )
        rows.append("</ul>")
    title = f"Ladder changes: {_versions(result)}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
{_HTML_STYLE}</style></head>
<body><h1>{esc(title)}</h1><p><strong>{esc(summary(result))}</strong></p>
{chr(10).join(rows)}
</body></html>
"""
