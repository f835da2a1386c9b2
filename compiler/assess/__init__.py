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
from ..model.checklist import bar_ratings
from ..problems import ERROR, Problem
from ..source.load import Path_, SourceDocument, load_file
from ..source.sources import Located
from ..source.validate import schema_problems
from . import evidence
from .coverage import MATCHING_RULE, coverage_rule, mismatch, needed

SCHEMA = "assessment.v1.schema.json"
MET, NOT_MET, MISSING_EVIDENCE, PENDING = "met", "not met", "missing evidence", "pending"
EVIDENCED, NOT_EVIDENCED, NOT_APPLICABLE = "evidenced", "not evidenced", "n/a"
NOT_YET = "not yet"  # a behaviour judged on no scale: MET or NOT_YET
MET_ALL, NOT_YET_ALL = "Met", "Not yet"  # a competency on no scale, as the reports name it
READY, READY_FOR_COMMITTEE, NOT_READY = "ready", "ready for calibration", "not ready"
COMMITTEE_STEPS = ("calibration", "committee-review")  # the committee's own steps: pending, not failed
_STEP_NAMES = {"calibration": "calibration", "committee-review": "committee review"}


@dataclass(frozen=True)
class CriterionResult:
    id: str
    kind: str  # rating, time-in-role, evidence, process
    requirement: str
    status: str  # MET, NOT_MET, MISSING_EVIDENCE or PENDING (a committee step still to come)
    detail: str


@dataclass(frozen=True)
class BehaviourCoverage:
    id: str
    text: str
    status: str  # EVIDENCED, NOT_EVIDENCED or NOT_APPLICABLE
    reason: str = ""  # why it is N/A, as the assessor wrote it
    evidence: tuple[str, ...] = ()  # the items that support it
    met: str = ""  # on no scale: MET or NOT_YET, as the assessor judged it ("" on a scale)


@dataclass(frozen=True)
class CompetencyCoverage:
    competency_id: str
    competency: str
    rating: str  # the scale value's name, or "Not rated"
    required: str | None  # the scale value's name a criterion asks for, if any
    not_applicable: str | None  # the level's reason when the competency does not apply
    behaviours: tuple[BehaviourCoverage, ...]
    needed: int  # behaviours the evidence rule asks evidence for

    @property
    def evidenced(self) -> int:
        return sum(b.status == EVIDENCED for b in self.behaviours)

    @property
    def applicable(self) -> int:
        return sum(b.status != NOT_APPLICABLE for b in self.behaviours)


@dataclass(frozen=True)
class QuestionedEvidence:
    competency_id: str
    competency: str
    text: str
    reason: str
    behaviour_id: str = ""  # the behaviour it claims, when the question is whether it shows it
    behaviour: str = ""


@dataclass(frozen=True)
class Verdict:
    state: str  # READY, READY_FOR_COMMITTEE or NOT_READY
    met: int
    total: int
    pending: tuple[str, ...]  # the committee's own steps still to come, by name
    text: str  # the one sentence every report prints


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
    coverage: tuple[CompetencyCoverage, ...] = ()  # every competency of the track
    questioned: tuple[QuestionedEvidence, ...] = ()
    coverage_rule: str = ""
    matching_rule: str = ""
    verdict: Verdict = Verdict(NOT_READY, 0, 0, (), "")
    written_against: str = ""  # the older ladder version the case was written against, if any
    judged_against: str = ""
    changes_since: tuple[str, ...] = ()  # the differences since then that matter to this case

    @property
    def ready(self) -> bool:
        return self.verdict.state == READY

    @property
    def unevidenced(self) -> tuple[tuple[CompetencyCoverage, BehaviourCoverage], ...]:
        """Behaviours that no evidence supports, of the competencies a criterion rates or, on no
        scale, that the assessor judged met."""
        return tuple(
            (c, b)
            for c in self.coverage
            for b in c.behaviours
            if b.status == NOT_EVIDENCED and (c.required is not None or b.met == MET)
        )


def verdict_of(results: tuple[CriterionResult, ...], pending_steps: tuple[str, ...]) -> Verdict:
    met = sum(r.status == MET for r in results)
    total = len(results)
    counts = f"{met} of {total} criteria met"
    pending = f"; {' and '.join(pending_steps)} pending" if pending_steps else ""
    if any(r.status not in (MET, PENDING) for r in results):
        return Verdict(NOT_READY, met, total, pending_steps, f"Not ready: {counts}{pending}")
    if pending_steps:
        return Verdict(READY_FOR_COMMITTEE, met, total, pending_steps, f"Ready for calibration: {counts}{pending}")
    return Verdict(READY, met, total, (), f"Ready: {counts}")


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
    for item in root.children("ratings"):
        if item["competency"] not in track.competency_ids:
            problems.append(
                item.problem(
                    "unknown-reference", f"competency `{item['competency']}` is not in track `{track.id}`", "competency"
                )
            )
        else:
            problems += _judgement_problems(framework, target, item)
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


def _judgement_problems(framework: Framework, target: Level, item: Located) -> list[Problem]:
    """A competency on a scale takes a rating of that scale; one on no scale the behaviours `met`."""
    competency = item["competency"]
    scale = framework.scale_of(competency)
    if scale is None:
        if "rating" in item.value:
            return [
                item.problem(
                    "unknown-reference",
                    f"competency `{competency}` is rated on no scale, so it takes no rating",
                    "rating",
                    key=True,
                    hint="list the behaviours the person meets under `met:`",
                )
            ]
        known = [e.id for e in target.expectations_for(competency).cumulative]
        return [
            item.problem(
                "unknown-reference",
                f"`{behaviour}` is not one of `{target.id}`'s behaviours in `{competency}`",
                "met",
                index,
                hint=f"expected one of: {', '.join(known) or 'none'}",
            )
            for index, behaviour in enumerate(item.get("met", []))
            if behaviour not in known
        ]
    if "met" in item.value:
        return [
            item.problem(
                "assessment",
                f"competency `{competency}` is rated on scale `{scale.id}`: give a `rating`, not `met`",
                "met",
                key=True,
            )
        ]
    if "rating" not in item.value:
        return [
            item.problem(
                "assessment",
                f"competency `{competency}` needs a `rating`: one of {', '.join(scale.value_ids)}",
                "competency",
            )
        ]
    if item["rating"] not in scale.value_ids:
        return [
            item.problem(
                "unknown-reference",
                f"`{item['rating']}` is not on the scale of competency `{competency}` (`{scale.id}`)",
                "rating",
                hint=f"scale: {', '.join(scale.value_ids)}",
            )
        ]
    return []


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
    required = bar_ratings(framework, promotion)  # competency → the rating the bar asks of the candidate
    track = framework.track(target.track_id)
    coverage, questioned = [], []
    for competency_id in track.competency_ids:
        covered, asked_about = _coverage(
            framework, target, competency_id, ratings.get(competency_id), reviewed.get(competency_id, ()), required
        )
        coverage.append(covered)
        questioned += asked_about
    by_id = {c.competency_id: c for c in coverage}
    results = []
    expected = dict(target.expected_ratings)
    for competency_id, rating in required.items():
        result = _rating_result(
            framework, rating, competency_id, ratings.get(competency_id), reviewed.get(competency_id, ()), by_id
        )
        if expected.get(competency_id) == rating:
            result = CriterionResult(
                result.id, result.kind, f"{result.requirement}, as {target.title} expects", result.status, result.detail
            )
        results.append(result)
    results += [_behaviours_result(c) for c in coverage if framework.scale_of(c.competency_id) is None]
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
    pending_steps = []
    for step in promotion.process:
        done = completed.get(step.id)
        if done:
            detail, status = f"completed {done['completed_on']}" + (f" by {done['by']}" if done.get("by") else ""), MET
        elif step.kind in COMMITTEE_STEPS:
            detail, status = "due when the committee meets", PENDING
            pending_steps.append(_STEP_NAMES[step.kind])
        else:
            detail, status = "not completed", NOT_MET
        results.append(CriterionResult(step.id, "process", step.description, status, detail))
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
        rated_against=(framework.scale.rated_against if framework.scale else "")
        or f"the expectations of {target.title}",
        criteria_of=criteria_of,
        coverage=tuple(coverage),
        questioned=tuple(questioned),
        coverage_rule=coverage_rule(framework.scale.evidence_min_share if framework.scale else 1.0),
        matching_rule=MATCHING_RULE,
        verdict=verdict_of(tuple(results), tuple(dict.fromkeys(pending_steps))),
    )


def _coverage(
    framework: Framework,
    target: Level,
    competency_id: str,
    given: dict[str, Any] | None,
    items: tuple[evidence.EvidenceItem, ...],
    required: dict[str, str],
) -> tuple[CompetencyCoverage, list[QuestionedEvidence]]:
    """Which of the level's behaviours the evidence supports, and which items the committee should question."""
    name = framework.competency(competency_id).name
    block = target.expectations_for(competency_id)
    stated = {n["behaviour"]: n["reason"] for n in (given or {}).get("not_applicable", [])}
    texts = {e.id: e.text for e in block.cumulative}
    questioned = [
        QuestionedEvidence(competency_id, name, item.text, evidence.ISSUE_NOTES[item.issue])
        for item in items
        if item.issue is not None
    ]
    supporting: dict[str, list[str]] = {}
    for item in items:
        if not item.counts:
            continue
        for behaviour_id in item.behaviour_ids:
            if behaviour_id not in texts:
                continue  # load_assessment refused it; a direct caller gets it ignored
            reason = mismatch(item.text, item.shows, texts[behaviour_id])
            if reason is None:
                supporting.setdefault(behaviour_id, []).append(item.text)
            else:
                questioned.append(
                    QuestionedEvidence(
                        competency_id, name, item.text, f"Does not support the behaviour it names: {reason}",
                        behaviour_id, texts[behaviour_id],
                    )
                )  # fmt: skip
    scale = framework.scale_of(competency_id)
    met = set((given or {}).get("met", ()))
    behaviours = tuple(
        BehaviourCoverage(e.id, e.text, NOT_APPLICABLE, stated[e.id])
        if e.id in stated
        else BehaviourCoverage(
            e.id,
            e.text,
            EVIDENCED if e.id in supporting else NOT_EVIDENCED,
            "",
            tuple(supporting.get(e.id, ())),
            "" if scale is not None else MET if e.id in met else NOT_YET,
        )
        for e in (block.cumulative if block.applicable else ())
    )
    applicable = sum(b.status != NOT_APPLICABLE for b in behaviours)
    if scale is None:  # rated on no scale: the judgement is the behaviours met
        judged = [b for b in behaviours if b.status != NOT_APPLICABLE]
        rating = "Not rated" if given is None else MET_ALL if all(b.met == MET for b in judged) else NOT_YET_ALL
    else:
        rating = scale.value(given["rating"]).name if given else "Not rated"
    return (
        CompetencyCoverage(
            competency_id,
            name,
            rating,
            scale.value(required[competency_id]).name if scale and competency_id in required else None,
            None if block.applicable else (block.not_applicable or ""),
            behaviours,
            needed(scale.evidence_min_share if scale else 1.0, applicable),
        ),
        questioned,
    )


def _behaviours_result(covered: CompetencyCoverage) -> CriterionResult:
    """On no scale, a competency is met when the person meets every behaviour of the level that applies."""
    requirement = f"Every behaviour of {covered.competency} met"
    result_id = f"behaviours-{covered.competency_id}"
    judged = [b for b in covered.behaviours if b.status != NOT_APPLICABLE]
    if covered.not_applicable is not None or not judged:
        return CriterionResult(result_id, "behaviours", requirement, MET, "nothing to meet at this level")
    not_yet = [b.id for b in judged if b.met != MET]
    shown = f"{len(judged) - len(not_yet)} of {len(judged)} behaviours met"
    if not_yet:
        return CriterionResult(result_id, "behaviours", requirement, NOT_MET, f"{shown}; not yet: {', '.join(not_yet)}")
    return CriterionResult(result_id, "behaviours", requirement, MET, shown)


def _rating_result(
    framework: Framework,
    required: str,
    competency_id: str,
    given: dict[str, Any] | None,
    items: tuple[evidence.EvidenceItem, ...],
    coverage: dict[str, CompetencyCoverage],
) -> CriterionResult:
    scale = framework.scale_of(competency_id)
    assert scale is not None  # a bar's rating is on the competency's scale: validation saw to it
    name = framework.competency(competency_id).name
    requirement = f"At least {scale.value(required).name} in {name}"
    result_id = f"rating-{competency_id}"
    if given is None:
        return CriterionResult(result_id, "rating", requirement, NOT_MET, "not rated")
    rated = f"rated {scale.value(given['rating']).name}"
    if scale.order(given["rating"]) < scale.order(required):
        return CriterionResult(result_id, "rating", requirement, NOT_MET, rated)
    covered = coverage[competency_id]
    weak = evidence.weak_count(items)
    weak = f" ({weak})" if weak else ""
    if covered.not_applicable is not None:
        return CriterionResult(result_id, "rating", requirement, MET, f"{rated}; the competency does not apply{weak}")
    if not covered.behaviours:  # the level lists no behaviours: any item that counts will do
        met = any(item.counts for item in items)
        detail = f"{rated}, {'with evidence' if met else 'with no evidence'}{weak}"
        return CriterionResult(result_id, "rating", requirement, MET if met else MISSING_EVIDENCE, detail)
    if not covered.applicable:
        return CriterionResult(result_id, "rating", requirement, MET, f"{rated}; every behaviour marked N/A{weak}")
    shown = f"{rated}; {covered.evidenced} of {covered.applicable} behaviours evidenced"
    if covered.evidenced < covered.needed:
        return CriterionResult(
            result_id, "rating", requirement, MISSING_EVIDENCE, f"{shown}, {covered.needed} needed{weak}"
        )
    return CriterionResult(result_id, "rating", requirement, MET, f"{shown}{weak}")
