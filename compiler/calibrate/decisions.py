"""The committee's filled-in decisions sheet, read back: every row checked against the round's cases,
every refusal located at the sheet's row (its line) and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Framework
from ..problems import ERROR, Problem, Rule
from ..reporters.json import dumps
from . import Case
from .pack import DECISION_COLUMNS, FORMULA_START

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "decisions",
        "calibrate",
        ERROR,
        "A row of the committee's decisions sheet that cannot be recorded: a wrong header or cell count, an "
        "unknown case or competency, an edited person or assessor rating, a rating off the scale, a decision "
        "other than promote or not-yet, a missing reason, or a cell that would run as a spreadsheet formula.",
        "case_id,...,decision,reason\nana,...,promote,",
        "case_id,...,decision,reason\nana,...,promote,Led the group plan and the Q3 review",
    ),
)

DECISIONS = ("promote", "not-yet")
RULE = "decisions"


@dataclass
class CaseDecision:
    case_id: str
    person: str
    decision: str = ""
    reason: str = ""
    ratings: list[dict[str, str]] = field(default_factory=list)  # committee ratings that differ, with reasons


def read_decisions(framework: Framework, cases: list[Case], path: Path) -> tuple[list[CaseDecision], list[Problem]]:
    display = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(display, 0, 0, RULE, f"cannot read the sheet as UTF-8 text: {error}")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(header) != DECISION_COLUMNS:
        return [], [Problem(display, 1, 1, RULE, f"the header must be: {','.join(DECISION_COLUMNS)}")]
    known = {c.id: c for c in cases}
    record: dict[str, CaseDecision] = {}
    seen: set[tuple[str, str]] = set()
    problems: list[Problem] = []
    for row in reader:
        line = reader.line_num

        def problem(column: str, message: str, line: int = line) -> None:
            problems.append(Problem(display, line, DECISION_COLUMNS.index(column) + 1, RULE, message))

        if len(row) != len(DECISION_COLUMNS):
            problems.append(Problem(display, line, 1, RULE, f"{len(row)} cells, expected {len(DECISION_COLUMNS)}"))
            continue
        cells = dict(zip(DECISION_COLUMNS, row, strict=True))
        injected = [name for name, value in cells.items() if value.startswith(FORMULA_START)]
        for name in injected:
            problem(name, f"`{cells[name][:20]}` would run as a spreadsheet formula; refused")
        if injected:
            continue
        cells = {name: value.removeprefix("'") for name, value in cells.items()}  # the export's neutralising mark
        case = known.get(cells["case_id"])
        if case is None:
            problem(
                "case_id",
                f"unknown case `{cells['case_id']}`",
            )
            continue
        given = dict(case.ratings)
        competencies = {c.competency_id for c in case.assessment.coverage}
        if cells["competency_id"] not in competencies:
            problem("competency_id", f"`{cells['competency_id']}` is not a competency of {case.id}'s track")
            continue
        if (case.id, cells["competency_id"]) in seen:
            problem("competency_id", f"a second row for {case.id} × {cells['competency_id']}")
            continue
        seen.add((case.id, cells["competency_id"]))
        if cells["person"] != case.assessment.person:
            problem("person", f"edited: {case.id} is {case.assessment.person}, not `{cells['person']}`")
        if cells["assessor_rating"] != given.get(cells["competency_id"], ""):
            problem("assessor_rating", f"edited: the assessor's rating was `{given.get(cells['competency_id'], '')}`")
        rating, decision, reason = cells["committee_rating"], cells["decision"], cells["reason"].strip()
        rated = framework.scale_of(cells["competency_id"]) if cells["competency_id"] in competencies else None
        scale = rated.value_ids if rated else ()
        if rating and rating not in scale:
            problem("committee_rating", f"`{rating}` is not on the scale ({', '.join(scale) or 'none'})")
        if decision and decision not in DECISIONS:
            problem("decision", f"`{decision}` is not a decision ({', '.join(DECISIONS)})")
        changed = bool(rating) and rating != given.get(cells["competency_id"], "")
        if (changed or decision) and not reason:
            problem("reason", "a decision or a changed rating needs its reason")
        entry = record.setdefault(case.id, CaseDecision(case.id, case.assessment.person))
        if decision:
            if entry.decision and entry.decision != decision:
                problem("decision", f"{case.id} was already decided `{entry.decision}` on another row")
            entry.decision, entry.reason = decision, reason
        if changed:
            entry.ratings.append(
                {
                    "competency_id": cells["competency_id"],
                    "from": given.get(cells["competency_id"], ""),
                    "to": rating,
                    "reason": reason,
                }
            )
    return list(record.values()), problems


def render_record(record: list[CaseDecision]) -> str:
    return (
        dumps(
            [
                {
                    "case": d.case_id,
                    "person": d.person,
                    "decision": d.decision or None,
                    "reason": d.reason,
                    "ratings": d.ratings,
                }
                for d in record
            ]
        )
        + "\n"
    )
