"""Assess: check one person's case against the structured criteria of a target level.

Ratings are measured against the target level's expectations: each competency must reach the
higher of the criteria's minimum and the proficiency the target level expects. The criteria are
the declared career move's bridging criteria when the move has them, else the level's own.

Returns data (a verdict per criterion); assess.report decides how it looks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Framework, Level, Promotion
from ..problems import ERROR, Problem
from ..source.load import Path_, SourceDocument, load_file
from ..source.sources import Located
from ..source.validate import schema_problems
from . import evidence

SCHEMA = "assessment.v1.schema.json"
MET, NOT_MET, MISSING_EVIDENCE = "met", "not met", "missing evidence"


@dataclass(frozen=True)
class CriterionResult:
    id: str
    kind: str  # rating, time-in-role, evidence, process
    requirement: str
    status: str
    detail: str


@dataclass(frozen=True)
class Assessment:
    person: str
    assessor: str | None
    date: str
    summary: str
    track_id: str
    current_level: str
    target_level: str
    months_in_role: int
    results: tuple[CriterionResult, ...]
    rated_against: str = ""  # what every rating is measured against
    criteria_of: str = "promotion"  # "promotion" (the level's criteria) or "move" (the move's bridging criteria)

    @property
    def ready(self) -> bool:
        return all(r.status == MET for r in self.results)


def load_assessment(
    path: Path, framework: Framework, text_bytes: bytes | None = None
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The case at `path` (or in `text_bytes`, e.g. from standard input) checked against `framework`."""
    document, problems = load_file(path, text_bytes, display=str(path) if text_bytes is not None else None)
    if document is None:
        return None, problems
    problems = schema_problems(document, SCHEMA)
    if not problems:
        problems = _semantic(document, framework)
    blocking = any(p.severity == ERROR for p in problems)  # weak evidence is reported, not fatal
    return (None if blocking else document.data), problems


def _semantic(document: SourceDocument, framework: Framework) -> list[Problem]:
    root = Located(document.data, document, ())
    data = document.data
    tracks = {t.id: t for t in framework.tracks}
    if data["track"] not in tracks:
        return [
            root.problem(
                "unknown-reference", f"unknown track `{data['track']}`", "track", hint=f"tracks: {', '.join(tracks)}"
            )
        ]
    track = tracks[data["track"]]
    levels = {lv.id: lv for lv in track.levels}
    problems = [
        root.problem(
            "unknown-reference",
            f"level `{data[key]}` is not in track `{track.id}`",
            key,
            hint=f"levels: {', '.join(levels)}",
        )
        for key in ("current_level", "target_level")
        if data[key] not in levels and not (key == "current_level" and framework.has_level(data[key]))
    ]
    if problems:
        return problems
    target = levels[data["target_level"]]
    if not _reachable(framework, framework.level(data["current_level"]), target):
        problems.append(
            root.problem(
                "assessment",
                f"`{target.id}` is not a promotion from `{data['current_level']}`",
                "target_level",
                hint="the target must rank above the current level on its ladder (a trunk included),"
                " or be a declared career move",
            )
        )
    criteria, _ = criteria_for(framework, data["current_level"], target)
    if criteria is None:
        problems.append(
            root.problem(
                "assessment", f"level `{target.id}` has no promotion criteria to assess against", "target_level"
            )
        )
        return problems
    scale = {v.id for v in framework.scale.values}
    for item in root.children("ratings"):
        if item["competency"] not in track.competency_ids:
            problems.append(
                item.problem(
                    "unknown-reference", f"competency `{item['competency']}` is not in track `{track.id}`", "competency"
                )
            )
        if item["rating"] not in scale:
            problems.append(
                item.problem(
                    "unknown-reference",
                    f"`{item['rating']}` is not on the scale",
                    "rating",
                    hint=f"scale: {', '.join(v.id for v in framework.scale.values)}",
                )
            )
    if not problems:
        problems += evidence.findings(root, target, set(track.competency_ids))
    for key, field, noun, known in (
        ("evidence", "criterion", "required evidence", [e.id for e in criteria.evidence]),
        ("process", "step", "process steps", [p.id for p in criteria.process]),
    ):
        for item in root.children(key):
            if item[field] not in known:
                problems.append(
                    item.problem(
                        "unknown-reference",
                        f"`{item[field]}` is not one of `{target.id}`'s {noun}",
                        field,
                        hint=f"expected one of: {', '.join(known) or 'none'}",
                    )
                )
    dates: list[tuple[Path_, str]] = [(("date",), data["date"])]
    dates += [(("process", i, "completed_on"), p["completed_on"]) for i, p in enumerate(data.get("process", []))]
    for path, value in dates:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            problems.append(document.problem(path, "invalid-date", f"`{value}` is not a calendar date (YYYY-MM-DD)"))
    return problems


def _reachable(framework: Framework, current: Level, target: Level) -> bool:
    if current.id in framework.ladder_of(target.id):
        return True
    return any(move.to == target.id for move in current.moves)


def criteria_for(framework: Framework, current_id: str, target: Level) -> tuple[Promotion | None, str]:
    """The criteria a case is judged on: a declared move's bridging criteria, else the target's own."""
    move = framework.move(current_id, target.id) if framework.has_level(current_id) else None
    if move is not None and move.criteria is not None:
        return move.criteria, "move"
    return target.promotion, "promotion"


def assess(framework: Framework, data: dict[str, Any]) -> Assessment:
    target = framework.level(data["target_level"])
    promotion, criteria_of = criteria_for(framework, data["current_level"], target)
    assert promotion is not None  # load_assessment refuses a case with no criteria to judge
    ratings = {r["competency"]: r for r in data["ratings"]}
    reviewed = evidence.review(data["ratings"])
    results = []
    required: dict[str, str] = {}  # competency → the highest rating any criterion asks of it
    asked = [(c, criterion.rating) for criterion in promotion.min_ratings for c in criterion.competency_ids]
    for competency_id, rating in asked + list(target.expected_ratings):
        if competency_id not in required or framework.scale.order(rating) > framework.scale.order(
            required[competency_id]
        ):
            required[competency_id] = rating
    expected = dict(target.expected_ratings)
    for competency_id, rating in required.items():
        result = _rating_result(
            framework, rating, competency_id, ratings.get(competency_id), reviewed.get(competency_id, ())
        )
        if expected.get(competency_id) == rating:
            result = CriterionResult(
                result.id, result.kind, f"{result.requirement}, as {target.title} expects", result.status, result.detail
            )
        results.append(result)
    if promotion.min_months_in_role is not None:
        months, needed = data["months_in_role"], promotion.min_months_in_role
        results.append(
            CriterionResult(
                "time-in-role",
                "time-in-role",
                f"At least {needed} months in the level below",
                MET if months >= needed else NOT_MET,
                f"{months} months in role",
            )
        )
    provided = {e["criterion"]: e["links"] for e in data.get("evidence", [])}
    for criterion in promotion.evidence:
        given = provided.get(criterion.id, [])
        links = [link for link in given if not evidence.placeholder(link)]
        missing = "only a placeholder was given" if given else "no evidence provided"
        results.append(
            CriterionResult(
                criterion.id,
                "evidence",
                criterion.description,
                MET if links else MISSING_EVIDENCE,
                "; ".join(links) if links else missing,
            )
        )
    completed = {p["step"]: p for p in data.get("process", [])}
    for step in promotion.process:
        done = completed.get(step.id)
        detail = (
            f"completed {done['completed_on']}" + (f" by {done['by']}" if done.get("by") else "")
            if done
            else "not completed"
        )
        results.append(CriterionResult(step.id, "process", step.description, MET if done else NOT_MET, detail))
    return Assessment(
        person=data["person"],
        assessor=data.get("assessor"),
        date=data["date"],
        summary=data.get("summary", ""),
        track_id=target.track_id,
        current_level=data["current_level"],
        target_level=target.id,
        months_in_role=data["months_in_role"],
        results=tuple(results),
        rated_against=framework.scale.rated_against or f"the expectations of {target.title}",
        criteria_of=criteria_of,
    )


def _rating_result(
    framework: Framework,
    required: str,
    competency_id: str,
    given: dict[str, Any] | None,
    items: tuple[evidence.EvidenceItem, ...] = (),
) -> CriterionResult:
    scale = framework.scale
    name = framework.competency(competency_id).name
    requirement = f"At least {scale.value(required).name} in {name}"
    result_id = f"rating-{competency_id}"
    if given is None:
        return CriterionResult(result_id, "rating", requirement, NOT_MET, "not rated")
    rated = f"rated {scale.value(given['rating']).name}"
    if scale.order(given["rating"]) < scale.order(required):
        return CriterionResult(result_id, "rating", requirement, NOT_MET, rated)
    counted = [item.text for item in items if item.counts]
    weak = evidence.weak_count(items)
    if not counted:
        detail = f"{rated}, with no evidence that counts ({weak})" if weak else f"{rated}, with no evidence"
        return CriterionResult(result_id, "rating", requirement, MISSING_EVIDENCE, detail)
    return CriterionResult(
        result_id, "rating", requirement, MET, f"{rated}; " + "; ".join(counted) + (f" ({weak})" if weak else "")
    )
