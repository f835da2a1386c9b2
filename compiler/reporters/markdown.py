"""Findings as a GitHub-flavoured Markdown table, for a pull-request comment or a job summary."""

from __future__ import annotations

from ..problems import Problem, summary
from ..render.text import to_table_cell
from . import Context


def render(problems: list[Problem], context: Context) -> str:
    if not problems:
        return f"**ladder {context.command}: no findings**\n"
    lines = [
        f"**ladder {context.command}: {summary(problems)}**",
        "",
        "| Severity | Where | Rule | Message |",
        "|---|---|---|---|",
    ]
    for p in problems:
        where = p.file + (f":{p.line}:{p.column}" if p.line else "")
        message = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"| {p.severity} | {to_table_cell(where)} | {to_table_cell(p.rule)} | {to_table_cell(message)} |")
    return "\n".join(lines) + "\n"
