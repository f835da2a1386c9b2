"""A filled worksheet PDF read back as a case: the form's fields become the assessment's JSON.

The worksheet holds one checklist per level. The case reads two: the current level's, whose
behaviours are counted (a field is its evidence, or, with its N/A box ticked, the reason it does
not apply, reviewed by the person the checklist names), whose ratings are judged against the bar
of the route to the level in "Assessed against", and which holds that route's required evidence
and steps; and the target level's checklist, whose own behaviours are growth evidence. For someone joining
from outside (“Joining from (outside)” filled instead of the current level) the case gives
`joining_from`, and the checklist read as held is the level below the target's, as for an internal
candidate there (at the ladder's entry level, the target's own), counted in the competencies its
bar rates, as assess counts them. The committee's rating counts; until the committee has rated, the
manager's is read as the proposal.
Field names come from model.checklist, the same code that named them in the worksheet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Framework
from ..model.checklist import (
    ASSESSED_LEVEL,
    CURRENT_LEVEL,
    DATE,
    JOINING_FROM,
    MANAGER,
    MONTHS,
    PERSON,
    bar_ratings,
    checklist,
)
from ..problems import ERROR, Problem, Rule
from . import counted_and_growth, counted_level, entry_bar

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "worksheet",
        "assess",
        ERROR,
        "A filled worksheet PDF read with `--from-worksheet` that cannot be a case: a required field is empty, "
        "both or neither of the current level and “Joining from (outside)” are filled, the months in role are not "
        "a whole number, or the level assessed against is not a level of the framework.",
        "Months in role: about a year",
        "Months in role: 14",
    ),
)

RULE = "worksheet"
_CHECKED = {"/on", "/Yes", "on", "Yes", "/1"}


def read_fields(path: Path) -> dict[str, str]:
    """Every form field of the PDF at `path` with a value, as text (a radio group's chosen option)."""
    from pypdf import PdfReader  # imported here: only --from-worksheet reads PDFs

    values: dict[str, str] = {}
    for name, field in (PdfReader(path).get_fields() or {}).items():
        value = field.get("/V")
        if value is None:
            continue
        text = str(value)
        options = field.get("/Opt")
        if field.get("/FT") == "/Btn" and options is not None and text.startswith("/") and text[1:].isdigit():
            index = int(text[1:])  # WeasyPrint names a radio button's state by its position
            text = str(options[index]) if index < len(options) else ""
        elif field.get("/FT") == "/Btn":
            text = "on" if text in _CHECKED else ""
        if text.strip():
            values[name] = text.strip()
    return values


def case_from_fields(framework: Framework, fields: dict[str, str], display: str) -> tuple[bytes | None, list[Problem]]:
    """The case the fields hold, as JSON bytes `load_assessment` reads, or the fields missing."""
    missing = [name for name in (PERSON, DATE, ASSESSED_LEVEL, MONTHS) if not fields.get(name)]
    problems = [
        Problem(display, 0, 0, RULE, f"the worksheet's field `{name}` is empty", ERROR, "fill it in and export again")
        for name in missing
    ]
    held_fields = [name for name in (CURRENT_LEVEL, JOINING_FROM) if fields.get(name)]
    if len(held_fields) != 1:
        both = "are both filled" if held_fields else "are both empty"
        problems.append(
            Problem(
                display, 0, 0, RULE, f"the worksheet's fields `{CURRENT_LEVEL}` and `{JOINING_FROM}` {both}", ERROR,
                "fill in the current level for someone in the ladder, where they join from for someone from outside",
            )
        )  # fmt: skip
    months = fields.get(MONTHS, "")
    if months and not months.isdigit():
        problems.append(
            Problem(display, 0, 0, RULE, f"`{months}` in `{MONTHS}` is not a whole number of months", ERROR)
        )
    target_id = fields.get(ASSESSED_LEVEL, "")
    if target_id and not framework.has_level(target_id):
        problems.append(Problem(display, 0, 0, RULE, f"`{target_id}` is not a level of this framework", ERROR))
    if problems:
        return None, problems
    target = framework.level(target_id)
    case: dict[str, Any] = {
        "person": fields[PERSON],
        **({"assessor": fields[MANAGER]} if fields.get(MANAGER) else {}),
        "track": target.track_id,
        **({"current_level": fields[CURRENT_LEVEL]} if CURRENT_LEVEL in held_fields else {}),
        **({"joining_from": fields[JOINING_FROM]} if JOINING_FROM in held_fields else {}),
        "target_level": target.id,
        "date": fields[DATE],
        "months_in_role": int(months),
        "ratings": [],
    }
    sheet = checklist(framework, target)
    if CURRENT_LEVEL in held_fields:
        current_id = fields[CURRENT_LEVEL]
        held_level = framework.level(current_id) if framework.has_level(current_id) else None
        bar = None
    else:  # joining from outside: the level an internal candidate would hold is counted, in the bar's competencies
        held_level = counted_level(framework, None, target) or target
        competencies = framework.track(target.track_id).competency_ids
        bar = entry_bar(framework, competencies, bar_ratings(framework, target.promotion))
    held = checklist(framework, held_level) if held_level is not None else None
    held_rows = {item.competency.id: item for item in (held.competencies if held is not None else ())}
    ticked: list[tuple[str, str]] = []  # (N/A box, the field holding its reason)
    for item in sheet.competencies:
        rated = held_rows.get(item.competency.id)
        rating = (fields.get(rated.committee_field) or fields.get(rated.manager_field)) if rated is not None else None
        entry: dict[str, Any] = {"competency": item.competency.id}
        if item.scale is None:  # the current level's Met boxes: its behaviours are judged; unticked is not yet met
            entry["met"] = [
                row.behaviour.id for row in (rated.behaviours if rated else ()) if fields.get(row.met_field)
            ]
        elif rating is None:
            continue  # not rated: assess reports the criterion as not met
        else:
            entry["rating"] = rating
        evidence, not_applicable = [], []
        counted = rated.behaviours if rated is not None else ()
        if bar is not None and held_level is not None:  # joining: only what assess counts
            ids = {e.id for e in counted_and_growth(held_level, target, item.competency.id, bar)[0]}
            counted = tuple(row for row in counted if row.behaviour.id in ids)
        counted_ids = {row.behaviour.id for row in counted}
        growth = tuple(row for row in item.behaviours if row.behaviour.id not in counted_ids)
        for row in counted:
            text = fields.get(row.evidence_field, "")
            if fields.get(row.not_applicable_field):
                assert held is not None  # counted rows come from the current level's checklist
                ticked.append((row.not_applicable_field, row.evidence_field))
                reviewer = fields.get(held.na_reviewer_field, "")
                not_applicable.append({"behaviour": row.behaviour.id, "reason": text, "reviewed_by": reviewer})
            elif text:
                evidence.append({"text": text, "behaviours": [row.behaviour.id]})
        for row in growth:  # optional, not counted: an N/A box here means nothing
            if text := fields.get(row.evidence_field, ""):
                evidence.append({"text": text, "behaviours": [row.behaviour.id]})
        if evidence:
            entry["evidence"] = evidence
        if not_applicable:
            entry["not_applicable"] = not_applicable
        case["ratings"].append(entry)
    problems = _unreviewed(fields, ticked, held.na_reviewer_field if held is not None else "", display)
    if problems:
        return None, problems
    route = held.route_to(target.id) if held is not None else None  # its evidence and steps sit on the held level
    given = [
        {"criterion": e.id, "links": [fields[e.field]]}
        for e in (route.evidence if route else ())
        if fields.get(e.field)
    ]
    done = [
        {"step": s.id, "completed_on": fields[s.field]} for s in (route.process if route else ()) if fields.get(s.field)
    ]
    if given:
        case["evidence"] = given
    if done:
        case["process"] = done
    return json.dumps(case, indent=2, ensure_ascii=False).encode(), []


def _unreviewed(
    fields: dict[str, str], ticked: list[tuple[str, str]], reviewer_field: str, display: str
) -> list[Problem]:
    """An N/A takes a behaviour out of the count: each ticked box needs its reason, the checklist a reviewer."""
    hint = "an N/A takes a behaviour out of the count: write why in the behaviour's field and who reviewed it"
    problems = [
        Problem(display, 0, 0, RULE, f"N/A is ticked in `{box}` but `{reason}` gives no reason", ERROR, hint)
        for box, reason in ticked
        if not fields.get(reason)
    ]
    if ticked and not fields.get(reviewer_field):
        problems.append(
            Problem(display, 0, 0, RULE, f"N/A is ticked but `{reviewer_field}` names no reviewer", ERROR, hint)
        )
    return problems
