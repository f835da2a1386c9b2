"""Render a profile's files into bytes: rows of records through the columns, then CSV or JSON.

Every value is checked against its column's type before any byte is produced; a failure is a
Problem located at the column in the profile, naming the row it failed on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from ..problems import ERROR, Problem, ProblemsFound, Rule
from .expressions import Expression, MissingMapValue, Template, evaluate, render_template, text_of
from .profile import Column, Profile, ProfileFile
from .records import CHANGED, INACTIVATED, NEW, UNCHANGED

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "hris-map-missing",
        "build",
        ERROR,
        "A value a column looks up in a profile map that the map does not list, while the map says `missing: error` "
        "(the default).",
        'maps: {grades: {values: {G7: "07"}}}  # a level has grade G8\n'
        "columns: [{header: Grade, value: profile.grade | map:grades}]",
        'maps: {grades: {values: {G7: "07", G8: "08"}}}\ncolumns: [{header: Grade, value: profile.grade | map:grades}]',
    ),
    Rule(
        "hris-column-value",
        "build",
        ERROR,
        "A column's value for one row does not fit the column: empty where `required`, or not of its `type` (a date, "
        "an integer, a boolean, an id without spaces).",
        "columns: [{header: Level, value: profile.job_code, type: integer}]  # job code PM3",
        "columns: [{header: Level, value: profile.rank, type: integer}]",
    ),
    Rule(
        "hris-column-unique",
        "build",
        ERROR,
        "A column marked `unique` holds the same value on two rows.",
        "columns: [{header: Title, value: profile.title, unique: true}]  # two tracks have a `Senior` level",
        'columns: [{header: Title, template: "{{ profile.title }} ({{ family.name }})", unique: true}]',
    ),
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # as in render/csv_export: spreadsheets run these
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_BOOLEAN_TEXT = {"true", "false", "y", "n", "yes", "no", "1", "0"}


class ProfileFailed(ProblemsFound):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message, problems)


def render_profile(
    profile: Profile, contexts_by_rows: dict[str, list[dict]], changes_only: bool = False
) -> dict[str, bytes]:
    """File name → bytes for every file of the profile; raises ProfileFailed with located problems."""
    rendered, problems = {}, []
    for spec in profile.files:
        contexts = contexts_by_rows[spec.rows]
        if changes_only:
            contexts = [c for c in contexts if c["record"]["change"] in (NEW, CHANGED, INACTIVATED)]
        rows, file_problems = _rows(profile, spec, contexts)
        problems += file_problems
        if not file_problems:
            rendered[spec.path] = _csv(spec, rows) if spec.format == "csv" else _json(spec, rows)
    if problems:
        raise ProfileFailed(problems)
    return rendered


def settle_changes(profile: Profile, contexts_by_rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The contexts with each `changed` record this profile does not show as changed made `unchanged`.

    `ladder diff` says which records changed; a change shows in a system only if a row this
    profile writes for the record differs from the row written from the previous release (a
    Workday job-profile sheet has no column for career moves or behaviours, so changing only
    those leaves its rows as they were, and a delta must not carry them).
    """
    settled = {}
    for rows, contexts in contexts_by_rows.items():
        specs = [spec for spec in profile.files if spec.rows == rows]
        settled[rows] = [
            _as_unchanged(c) if c["record"]["change"] == CHANGED and _rows_alike(profile, specs, c) else c
            for c in contexts
        ]
    return settled


def _rows_alike(profile: Profile, specs: list[ProfileFile], context: dict) -> bool:
    previous = context.get("previous")
    if previous is None:  # no earlier record to compare with: keep what the diff said
        return False
    for spec in specs:
        row, problems = _row(profile, spec, context)
        old_row, old_problems = _row(profile, spec, previous)
        if problems or old_problems or [(type(v), text_of(v)) for v in row] != [(type(v), text_of(v)) for v in old_row]:
            return False
    return True


def _as_unchanged(context: dict) -> dict:
    return {**context, "record": {**context["record"], "change": UNCHANGED}}


def _rows(profile: Profile, spec: ProfileFile, contexts: list[dict]) -> tuple[list[list[Any]], list[Problem]]:
    rows, problems, seen = [], [], set()
    key_index = [c.header for c in spec.columns].index(spec.distinct_by) if spec.distinct_by else None
    for context in contexts:
        row, row_problems = _row(profile, spec, context)
        problems += row_problems
        if key_index is not None:
            if text_of(row[key_index]) in seen:
                continue
            seen.add(text_of(row[key_index]))
        rows.append((context, row))
    problems += _repeated_values(profile, spec, rows)
    return [row for _, row in rows], problems[:20]  # one broken column fails on every row: the first few say enough


def _row(profile: Profile, spec: ProfileFile, context: dict) -> tuple[list[Any], list[Problem]]:
    row, problems = [], []
    for column in spec.columns:
        failed = False
        try:
            value = _value(column, context, profile)
        except MissingMapValue as error:
            failed = True
            where = f"column `{column.header}` of {spec.path}, {_row_name(context)}"
            hint = f'add `"{error.value}": …` to the map, or set `missing: keep` or `missing: empty`'
            problems.append(
                profile.problem(("maps", error.map_name, "values"), "hris-map-missing", f"{error} ({where})", hint)
            )
            value = None
        message = "" if failed else _type_problem(column, value, undated=context["record"]["effective_date"] is None)
        if message:
            where = f"{spec.path}, column `{column.header}`, {_row_name(context)}"
            problems.append(profile.problem(column.location, "hris-column-value", f"{where}: {message}"))
        row.append(value)
    return row, problems


def _repeated_values(profile: Profile, spec: ProfileFile, rows: list[tuple[dict, list[Any]]]) -> list[Problem]:
    problems = []
    for index, column in enumerate(spec.columns):
        if not column.unique:
            continue
        first: dict[str, dict] = {}
        for context, row in rows:
            value = text_of(row[index])
            if value and value in first:
                rows_named = f"{_row_name(first[value])} and {_row_name(context)}"
                message = (
                    f"{spec.path}, column `{column.header}`: `{value}` is on two rows, {rows_named}; it must be unique"
                )
                problems.append(
                    profile.problem(
                        column.location,
                        "hris-column-unique",
                        message,
                        "make the column a template that tells them apart, e.g. with the track's name",
                    )
                )
            first.setdefault(value, context)
    return problems


def _value(column: Column, context: dict, profile: Profile) -> Any:
    if isinstance(column.value, Expression):
        return evaluate(column.value, context, profile.maps)
    if isinstance(column.value, Template):
        return render_template(column.value, context, profile.maps)
    return column.value


def _type_problem(column: Column, value: Any, *, undated: bool = False) -> str:
    """Why `value` does not fit the column. In an `undated` draft (format 2: no effective date yet,
    which the publish gate requires) a required date column stays empty rather than invent one."""
    text = text_of(value)
    if text == "":
        required = column.required and not (undated and column.type == "date")
        return "is empty, but the column is required" if required else ""
    if column.type == "date" and not _DATE.match(text):
        return f"`{text}` is not a date (YYYY-MM-DD)"
    if column.type == "integer" and not (isinstance(value, int) and not isinstance(value, bool)) and not text.isdigit():
        return f"`{text}` is not an integer"
    if column.type == "boolean" and not isinstance(value, bool) and text.lower() not in _BOOLEAN_TEXT:
        return f"`{text}` is not a boolean"
    if column.type == "id" and any(char.isspace() for char in text):
        return f"`{text}` is not an id: ids have no spaces"
    return ""


def _row_name(context: dict) -> str:
    inactive = " (inactive)" if context["record"]["inactive"] else ""
    if "profile" in context:
        return f"level `{context['profile']['id']}`{inactive}"
    return f"track `{context['family']['id']}`{inactive}"


def _csv(spec: ProfileFile, rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(column.header) for column in spec.columns])  # a header is profile text: neutralised too
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    text = text_of(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _json(spec: ProfileFile, rows: list[list[Any]]) -> bytes:
    items = []
    for row in rows:
        item = {}
        for column, value in zip(spec.columns, row, strict=True):
            if column.omit_empty and text_of(value) == "":
                continue
            item[column.header] = _typed(column, value)
        items.append(item)
    return (json.dumps({spec.json_root: items}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _typed(column: Column, value: Any) -> Any:
    if column.type == "boolean" and isinstance(value, bool):
        return value
    if column.type == "integer" and text_of(value).isdigit():
        return int(text_of(value))
    return text_of(value)
