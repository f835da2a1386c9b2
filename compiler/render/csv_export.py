"""CSV for HRIS bulk imports: job profiles, competencies, and level × competency expectations.

RFC 4180 (CRLF line ends, minimal quoting), UTF-8, fixed column and row order. Cells that a
spreadsheet would run as a formula get a leading apostrophe: ladder text is untrusted.
"""

from __future__ import annotations

import csv
import io

from .export import framework_export
from ..model import Framework
from . import Planned, RenderOptions

JOB_PROFILE_COLUMNS = ("job_profile_id", "job_profile_uuid", "job_code", "title", "job_family_id", "job_family", "job_family_group", "track_kind", "rank", "management_level", "grade", "breadth", "horizon_months", "direct_reports_min", "direct_reports_max", "summary", "leads_to", "peers")
COMPETENCY_COLUMNS = ("competency_id", "competency_uuid", "name", "category_id", "category", "description")
EXPECTATION_COLUMNS = ("job_profile_id", "job_code", "competency_id", "expectation_id", "expectation_uuid", "text", "introduced_at", "new_at_level")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvRenderer:
    name = "csv"


    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        return [Planned(path, None) for path in _TABLES]

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        data = framework_export(framework)
        columns, rows = _TABLES[planned.path](data)
        return _csv_bytes(columns, rows)


def _job_profiles(data: dict) -> tuple[tuple[str, ...], list[list]]:
    rows = []
    for family in data["job_families"]:
        for profile in family["job_profiles"]:
            reports = profile["scope"]["direct_reports"] or {}
            rows.append([
                profile["id"], profile["uuid"], profile["job_code"], profile["title"], family["id"], family["name"], family["job_family_group"],
                family["kind"], profile["rank"], profile["management_level"], profile["grade"], profile["scope"]["breadth"],
                profile["scope"]["horizon_months"], reports.get("min"), reports.get("max"), profile["summary"],
                " ".join(move["id"] for move in profile["leads_to"]), " ".join(peer["id"] for peer in profile["peers"]),
            ])
    return JOB_PROFILE_COLUMNS, rows


def _competencies(data: dict) -> tuple[tuple[str, ...], list[list]]:
    categories = {c["id"]: c["name"] for c in data["competency_library"]["categories"]}
    rows = [[c["id"], c["uuid"], c["name"], c["category"], categories[c["category"]], c["description"]] for c in data["competency_library"]["competencies"]]
    return COMPETENCY_COLUMNS, rows


def _expectations(data: dict) -> tuple[tuple[str, ...], list[list]]:
    rows = []
    for family in data["job_families"]:
        for profile in family["job_profiles"]:
            for competency in profile["competencies"]:
                new = set(competency["new"])
                for e in competency["cumulative"]:
                    rows.append([profile["id"], profile["job_code"], competency["id"], e["id"], e["uuid"], e["text"], e["introduced_at"], "true" if e["id"] in new else "false"])
    return EXPECTATION_COLUMNS, rows


_TABLES = {"csv/job-profiles.csv": _job_profiles, "csv/competencies.csv": _competencies, "csv/expectations.csv": _expectations}


def _csv_bytes(columns: tuple[str, ...], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
