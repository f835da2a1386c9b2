"""A profile's columns as a Markdown table, for docs/hris-profiles.md (kept in step by a test)."""

from __future__ import annotations

from .expressions import Expression, Template
from .profile import Column, Profile


def columns_table(profile: Profile) -> str:
    lines = ["| file | column | value | type | required | what it is |", "|---|---|---|---|---|---|"]
    descriptions = _descriptions(profile)
    for spec in profile.files:
        for column in spec.columns:
            cells = (
                f"`{spec.path}`",
                column.header,
                f"`{_source(column)}`",
                column.type,
                "yes" if column.required else "",
                descriptions.get((spec.path, column.header), ""),
            )
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _source(column: Column) -> str:
    if isinstance(column.value, Expression):
        return column.value.text
    if isinstance(column.value, Template):
        return "".join(part if isinstance(part, str) else "{" + part.text + "}" for part in column.value.parts)
    return f'"{column.value}"'


def _descriptions(profile: Profile) -> dict[tuple[str, str], str]:
    return {
        (spec["path"], column["header"]): column.get("description", "")
        for spec in profile.document.data["files"]
        for column in spec["columns"]
    }
