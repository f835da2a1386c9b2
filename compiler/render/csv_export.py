"""CSV for HRIS bulk imports: job profiles, competencies, level × competency expectations and the
levelling guide, read from the model. Columns added in later versions come after the earlier ones.

RFC 4180 (CRLF line ends, minimal quoting), UTF-8, fixed column and row order. Cells that a
spreadsheet would run as a formula get a leading apostrophe: ladder text is untrusted. A draft
release (the publish gate did not pass) adds a last column, `release_status`, `draft` in every row,
so an import can refuse it; a published release has no such column.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..model import Framework, SharedOrigin
from . import DRAFT, Planned, RenderOptions, is_draft

JOB_PROFILE_COLUMNS = (
    "job_profile_id",
    "job_profile_uuid",
    "job_code",
    "title",
    "job_family_id",
    "job_family",
    "job_family_group",
    "track_kind",
    "rank",
    "management_level",
    "grade",
    "breadth",
    "horizon_months",
    "direct_reports_min",
    "direct_reports_max",
    "summary",
    "leads_to",
    "peers",
    "external_id",
    "levelling_grade",
    "follows",
    "direct_reports_note",
    "description",
    "scope_summary",
    "breadth_name",
)
COMPETENCY_COLUMNS = (
    "competency_id",
    "competency_uuid",
    "name",
    "category_id",
    "category",
    "description",
    "external_id",
    "scale_id",
    "scale",
)
EXPECTATION_COLUMNS = (
    "job_profile_id",
    "job_code",
    "competency_id",
    "expectation_id",
    "expectation_uuid",
    "text",
    "introduced_at",
    "new_at_level",
    "expected_rating",
    "expectation_external_id",
    "expected_rating_name",
    "examples",
    "links",
    "shared_set",
    "shared_set_name",
    "shared_overridden",
)
SCALE_COLUMNS = (
    "scale_id",
    "scale_name",
    "scale_description",
    "rated_against",
    "value_id",
    "value_uuid",
    "name",
    "order",
    "description",
    "external_id",
)
GRADE_COLUMNS = ("grade_id", "grade_uuid", "name", "order", "job_profile_id", "job_family_id", "external_id")
RELEASE_STATUS_COLUMN = "release_status"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvRenderer:
    name = "csv"

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        return [Planned(path, None) for path in _TABLES if path != LEVELLING_GUIDE or framework.levelling]

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        columns, rows = _TABLES[planned.path](framework)
        if is_draft(options):
            columns, rows = (*columns, RELEASE_STATUS_COLUMN), [[*row, DRAFT] for row in rows]
        return _csv_bytes(columns, rows)


def _job_profiles(framework: Framework) -> tuple[tuple[str, ...], list[list[Any]]]:
    rows = []
    for track in framework.tracks:
        for level in track.levels:
            scope = level.scope
            rows.append(
                [
                    level.id,
                    level.uuid,
                    level.job_code,
                    level.title,
                    track.id,
                    track.job_family,
                    track.job_family_group,
                    track.kind,
                    level.rank,
                    level.management_level,
                    level.grade,
                    scope.breadth,
                    scope.horizon_months,
                    scope.direct_reports_min,
                    scope.direct_reports_max,
                    level.summary,
                    " ".join(move.to for move in level.moves),
                    " ".join(level.peers),
                    level.external_id,
                    level.levelling_grade,
                    level.follows,
                    scope.direct_reports_note,
                    level.description,
                    scope.summary,
                    scope.breadth_name,
                ]
            )
    return JOB_PROFILE_COLUMNS, rows


def _competencies(framework: Framework) -> tuple[tuple[str, ...], list[list[Any]]]:
    rows = []
    for c in framework.competencies:
        category = framework.category(c.category_id).name if c.category_id else None
        scale = framework.scale_of(c.id)
        rows.append(
            [
                c.id,
                c.uuid,
                c.name,
                c.category_id,
                category,
                c.description,
                c.external_id,
                c.scale_id,
                scale and scale.name,
            ]
        )
    return COMPETENCY_COLUMNS, rows


def _expectations(framework: Framework) -> tuple[tuple[str, ...], list[list[Any]]]:
    rows = []
    for track in framework.tracks:
        for level in track.levels:
            for block in level.expectations:
                for item in block.listed:
                    e = item.expectation
                    rows.append(
                        [
                            level.id,
                            level.job_code,
                            block.competency_id,
                            e.id,
                            e.uuid,
                            e.text,
                            e.level_id,
                            "true" if item.new else "false",
                            block.expected,
                            e.external_id,
                            framework.rating_name(block.competency_id, block.expected) if block.expected else None,
                            "\n".join(e.examples),  # one cell: a spreadsheet shows each on its own line
                            "\n".join(f"{link.title} <{link.url}>" for link in e.links),
                            *_origin(e.shared),
                        ]
                    )
    return EXPECTATION_COLUMNS, rows


def _origin(origin: SharedOrigin | None) -> tuple[str, str, str]:
    """The shared set a behaviour comes from: empty cells for a track's own."""
    if origin is None:
        return ("", "", "")
    return (origin.set_id, origin.set_name, "true" if origin.overridden else "false")


def _scale(framework: Framework) -> tuple[tuple[str, ...], list[list[Any]]]:
    """Every scale's values (the default first); no rows for a framework without a scale."""
    rows = [
        [scale.id, scale.name, scale.description or None, scale.rated_against or None, *value]
        for scale in framework.scales
        for value in ((v.id, v.uuid, v.name, v.order, v.description, v.external_id) for v in scale.values)
    ]
    return SCALE_COLUMNS, rows


def _grades(framework: Framework) -> tuple[tuple[str, ...], list[list[Any]]]:
    rows = []
    for grade in framework.levelling.grades if framework.levelling else ():
        for level_id in grade.level_ids:
            rows.append(
                [
                    grade.id,
                    grade.uuid,
                    grade.name,
                    grade.order,
                    level_id,
                    framework.level(level_id).track_id,
                    grade.external_id,
                ]
            )
    return GRADE_COLUMNS, rows


LEVELLING_GUIDE = "csv/levelling-guide.csv"
_TABLES = {
    "csv/job-profiles.csv": _job_profiles,
    "csv/competencies.csv": _competencies,
    "csv/expectations.csv": _expectations,
    "csv/rating-scale.csv": _scale,
    LEVELLING_GUIDE: _grades,
}


def _csv_bytes(columns: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
