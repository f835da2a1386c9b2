"""A filled worksheet PDF read back as a case: the form's fields become the assessment's JSON.

The worksheet holds one checklist per level; the case is read from the checklist of the level in
"Assessed against". The manager's rating is the rating; a behaviour's field is its evidence, or,
with its N/A box ticked, the reason it does not apply. Field names come from model.checklist,
the same code that named them in the worksheet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..model import Framework
from ..model.checklist import ASSESSED_LEVEL, CURRENT_LEVEL, DATE, MANAGER, MONTHS, PERSON, checklist
from ..problems import ERROR, Problem

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
    missing = [name for name in (PERSON, DATE, CURRENT_LEVEL, ASSESSED_LEVEL, MONTHS) if not fields.get(name)]
    problems = [
        Problem(display, 0, 0, RULE, f"the worksheet's field `{name}` is empty", ERROR, "fill it in and export again")
        for name in missing
    ]
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
        "current_level": fields[CURRENT_LEVEL],
        "target_level": target.id,
        "date": fields[DATE],
        "months_in_role": int(months),
        "ratings": [],
    }
    sheet = checklist(framework, target)
    for item in sheet.competencies:
        rating = fields.get(item.manager_field)
        entry: dict[str, Any] = {"competency": item.competency.id}
        if item.scale is None:  # met / not yet per behaviour: an unticked box is not yet met
            entry["met"] = [row.behaviour.id for row in item.behaviours if fields.get(row.met_field)]
        elif rating is None:
            continue  # not rated: assess reports the criterion as not met
        else:
            entry["rating"] = rating
        evidence, not_applicable = [], []
        for row in item.behaviours:
            text = fields.get(row.evidence_field, "")
            if fields.get(row.not_applicable_field):
                reason = text or "no reason written on the worksheet"
                not_applicable.append({"behaviour": row.behaviour.id, "reason": reason})
            elif text:
                evidence.append({"text": text, "behaviours": [row.behaviour.id]})
        if evidence:
            entry["evidence"] = evidence
        if not_applicable:
            entry["not_applicable"] = not_applicable
        case["ratings"].append(entry)
    given = [{"criterion": e.id, "links": [fields[e.field]]} for e in sheet.evidence if fields.get(e.field)]
    done = [{"step": s.id, "completed_on": fields[s.field]} for s in sheet.process if fields.get(s.field)]
    if given:
        case["evidence"] = given
    if done:
        case["process"] = done
    return json.dumps(case, indent=2, ensure_ascii=False).encode(), []
