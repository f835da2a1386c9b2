"""Assess: check one person's case for promotion into a target level.

A case is judged on (a) sustained performance at the level the person holds: evidence for every
behaviour of that level (the scale's evidence rule), with a behaviour left out only when it is
marked N/A with a reason and a reviewer; and (b) the promotion bar of the target level: its
ratings, required evidence, time and steps. The target level's own behaviours are growth
evidence, shown but not counted, because promotion may not ask a candidate to do the job first.
Someone joining from outside the ladder has no current level: one bar for every candidate, so
they are counted, as an internal candidate is, on the behaviours of the level below the target (for
a fork's first level, the trunk level it starts after), in the competencies the bar rates (on no
scale, every competency: there a competency's bar is its behaviours). Only at the ladder's entry
level, with no level below, are the target's own behaviours counted there.
A competency rated on no scale takes `met` instead of a rating: the counted behaviours the person
meets, each other counted one not yet met; growth behaviours are not judged.
The bar is the declared career move's bridging criteria when the move has them, else the level's.

Returns data (a verdict per criterion); assess.report decides how it looks.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from pathlib import Path
from typing import Any

from ..model import CompetencyExpectations, Expectation, Framework, Level, Promotion
from ..model.checklist import bar_ratings
from ..problems import ERROR, WARNING, Problem, Rule
from ..source.load import Path_, SourceDocument, load_file
from ..source.sources import Located
from ..source.validate import schema_problems
from ..value import value_class
from . import evidence
from .coverage import MATCHING_RULE, coverage_basis, coverage_rule, mismatch, needed

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "assessment",
        "assess",
        ERROR,
        "The case cannot be assessed: the target is no promotion or has no criteria, the case gives both or"
        " neither of `current_level` and `joining_from`, or an N/A does not say why or who reviewed it.",
        "current_level: gpm\ntarget_level: lead-pm",
        "current_level: lead-pm\ntarget_level: gpm",
    ),
    Rule(
        "invalid-date",
        "assess",
        ERROR,
        "A date that is not a calendar date.",
        "date: 2024-02-30",
        "date: 2024-02-29",
    ),
    Rule(
        "unknown-reference",
        "assess",
        ERROR,
        "A track, level, competency, rating or criterion that does not exist.",
        "ratings: [{competency: visoin, rating: advanced}]",
        "ratings: [{competency: vision, rating: advanced}]",
    ),
    Rule(
        "rating",
        "assess",
        ERROR,
        "A competency rated below the bar the target level asks (or, where the level held lists no"
        " behaviour in it, with no evidence).",
        "ratings: [{competency: vision, rating: proficient}]  # advanced asked",
        "ratings: [{competency: vision, rating: advanced, evidence: [Q3 strategy memo]}]",
    ),
    Rule(
        "coverage",
        "assess",
        WARNING,
        "Behaviours of the level the person holds (for someone joining, of the level below the target, or at"
        " the entry level the target's own, in the competencies the bar rates) without evidence, beyond what"
        " the scale's evidence rule allows; an N/A needs a reason and a reviewer.",
        "ratings: [{competency: vision, rating: advanced, evidence: []}]  # vision-quarter counted",
        "ratings: [{competency: vision, rating: advanced,\n"
        "           evidence: [{text: Wrote the team's quarterly plan, behaviours: [vision-quarter]}]}]",
    ),
    Rule(
        "behaviours",
        "assess",
        ERROR,
        "On no scale: a counted behaviour (of the level the person holds; for someone joining, of the level"
        " below the target, or at the entry level the target's own) that `met` does not name is not yet met.",
        "ratings: [{competency: teamwork, met: []}]  # reviews-promptly counted",
        "ratings: [{competency: teamwork, met: [reviews-promptly]}]",
    ),
    Rule(
        "time-in-role",
        "assess",
        ERROR,
        "Fewer months in the level below than the promotion asks.",
        "months_in_role: 9  # 12 asked",
        "months_in_role: 14",
    ),
    Rule(
        "evidence",
        "assess",
        WARNING,
        "Required evidence with no link given.",
        "evidence: []  # led-group-plan asked",
        "evidence: [{criterion: led-group-plan, links: [https://wiki/plan]}]",
    ),
    Rule(
        "process",
        "assess",
        ERROR,
        "A process step (sponsorship, calibration...) not completed.",
        "process: []  # sponsor asked",
        "process: [{step: sponsor, completed_on: 2026-05-01, by: A. Director}]",
    ),
)

SCHEMA = "assessment.v1.schema.json"
MET, NOT_MET, MISSING_EVIDENCE, PENDING = "met", "not met", "missing evidence", "pending"
EVIDENCED, NOT_EVIDENCED, NOT_APPLICABLE = "evidenced", "not evidenced", "n/a"
NOT_YET = "not yet"  # a behaviour judged on no scale: MET or NOT_YET
MET_ALL, NOT_YET_ALL = "Met", "Not yet"  # a competency on no scale, as the reports name it
READY, READY_FOR_COMMITTEE, NOT_READY = "ready", "ready for calibration", "not ready"
COMMITTEE_STEPS = ("calibration", "committee-review")  # the committee's own steps: pending, not failed
_STEP_NAMES = {"calibration": "calibration", "committee-review": "committee review"}


@value_class
class CriterionResult:
    id: str
    kind: str  # rating, time-in-role, evidence, process
    requirement: str
    status: str  # MET, NOT_MET, MISSING_EVIDENCE or PENDING (a committee step still to come)
    detail: str


@value_class
class BehaviourCoverage:
    id: str
    text: str
    status: str  # EVIDENCED, NOT_EVIDENCED or NOT_APPLICABLE
    reason: str = ""  # why it is N/A, as the assessor wrote it
    evidence: tuple[str, ...] = ()  # the items that support it
    reviewed_by: str = ""  # who reviewed the N/A
    met: str = ""  # on no scale, a counted behaviour: MET or NOT_YET ("" on a scale, and for growth: not judged)


@value_class
class CompetencyCoverage:
    competency_id: str
    competency: str
    rating: str  # the scale value's name, or "Not rated"
    required: str | None  # the scale value's name a criterion asks for, if any
    not_applicable: str | None  # the counted level's reason when the competency does not apply there
    behaviours: tuple[BehaviourCoverage, ...]  # the counted ones: the current level's (or the entry bar's)
    needed: int  # behaviours the evidence rule asks evidence for
    growth: tuple[BehaviourCoverage, ...] = ()  # the target level's own: optional, not counted

    @property
    def evidenced(self) -> int:
        return sum(b.status == EVIDENCED for b in self.behaviours)

    @property
    def applicable(self) -> int:
        return sum(b.status != NOT_APPLICABLE for b in self.behaviours)


@value_class
class QuestionedEvidence:
    competency_id: str
    competency: str
    text: str
    reason: str
    behaviour_id: str = ""  # the behaviour it claims, when the question is whether it shows it
    behaviour: str = ""


@value_class
class Verdict:
    state: str  # READY, READY_FOR_COMMITTEE or NOT_READY
    met: int
    total: int
    pending: tuple[str, ...]  # the committee's own steps still to come, by name
    text: str  # the one sentence every report prints


@value_class
class Assessment:
    person: str
    assessor: str | None
    date: str
    summary: str
    track_id: str
    current_level: str  # "" for someone joining from outside the ladder
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
    current_title: str = ""  # the level held, or where an external candidate joins from
    counted_at: str = ""  # the title of the level whose behaviours are counted
    joining: bool = False  # no current level in the ladder: counted on the level below, as if held
    entry_level: bool = False  # joining a level with none below it: the target's own behaviours are counted
    coverage_basis: str = ""  # the sentence saying what is counted and what is growth

    @property
    def ready(self) -> bool:
        return self.verdict.state == READY

    @property
    def unevidenced(self) -> tuple[tuple[CompetencyCoverage, BehaviourCoverage], ...]:
        """Counted behaviours (the current level's, or the entry bar's) that no evidence supports; on no
        scale, those the assessor judged met."""
        return tuple(
            (c, b) for c in self.coverage for b in c.behaviours if b.status == NOT_EVIDENCED and b.met != NOT_YET
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
    held = [key for key in ("current_level", "joining_from") if key in data]
    if len(held) != 1:
        return [
            root.problem(
                "assessment",
                "the case gives both `current_level` and `joining_from`"
                if held
                else "the case gives neither `current_level` nor `joining_from`",
                *(held[-1:]),
                hint="give `current_level` for someone in the ladder, `joining_from` for someone joining from outside",
            )
        ]
    problems = [
        root.problem(
            "unknown-reference",
            f"level `{data[key]}` is not in track `{track.id}`",
            key,
            hint=f"levels: {', '.join(levels)}",
        )
        for key in ("current_level", "target_level")
        if key in data and data[key] not in levels and not (key == "current_level" and framework.has_level(data[key]))
    ]
    if problems:
        return problems
    target = levels[data["target_level"]]
    current = framework.level(data["current_level"]) if "current_level" in data else None
    if current is not None and not _reachable(framework, current, target):
        problems.append(
            root.problem(
                "assessment",
                f"`{target.id}` is not a promotion from `{data['current_level']}`",
                "target_level",
                hint="the target must rank above the current level on its ladder (a trunk included),"
                " or be a declared career move",
            )
        )
    criteria, _ = criteria_for(framework, data.get("current_level", ""), target)
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
            problems += _judgement_problems(framework, current, target, item, bar_ratings(framework, criteria))
    if not problems:
        counted_on = counted_level(framework, current, target)
        bar = (
            None
            if current is not None
            else entry_bar(framework, track.competency_ids, bar_ratings(framework, criteria))
        )
        split = {c: counted_and_growth(counted_on, target, c, bar) for c in track.competency_ids}
        problems += evidence.findings(
            root,
            {c: {e.id for e in counted + growth} for c, (counted, growth, _) in split.items()},
            {c: {e.id for e in counted} for c, (counted, _, _) in split.items()},
            counted_on.title if counted_on is not None else target.title,
        )
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


def _judgement_problems(
    framework: Framework, current: Level | None, target: Level, item: Located, required: dict[str, str]
) -> list[Problem]:
    """A competency on a scale takes a rating of that scale; one on no scale the counted behaviours `met`."""
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
        bar = None if current is not None else entry_bar(framework, [competency], required)
        below = counted_level(framework, current, target)
        counted, growth, _ = counted_and_growth(below, target, competency, bar)
        known, growing = [e.id for e in counted], {e.id for e in growth}
        level, held = (
            (current, "the level held")
            if current is not None
            else (below, "the level below the target, for someone joining")
            if below is not None
            else (target, "its entry bar, for someone joining")
        )
        return [
            item.problem(
                "unknown-reference",
                f"`{behaviour}` is a growth behaviour of `{target.id}`, not judged: `met` names those of `{level.id}`,"
                f" {held}"
                if behaviour in growing
                else f"`{behaviour}` is not a behaviour of `{level.id}` in `{competency}`: `met` names those of {held}",
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
    """The criteria a case is judged on: a declared move's bridging criteria, else the target's own
    (for someone joining from outside the ladder, `current_id` is empty: the target's entry criteria)."""
    move = framework.move(current_id, target.id) if current_id and framework.has_level(current_id) else None
    if move is not None and move.criteria is not None:
        return move.criteria, "move"
    return target.promotion, "promotion"


def _block(level: Level, competency_id: str) -> CompetencyExpectations | None:
    """The level's expectations in a competency, or None when its track has no such competency."""
    return next((e for e in level.expectations if e.competency_id == competency_id), None)


def entry_bar(framework: Framework, competency_ids: Collection[str], required: dict[str, str]) -> frozenset[str]:
    """The competencies an entry bar judges: those it rates, and every one rated on no scale, where a
    competency's bar is its behaviours (met / not yet) since no rating can be asked."""
    return frozenset(required) | {c for c in competency_ids if framework.scale_of(c) is None}


def counted_level(framework: Framework, current: Level | None, target: Level) -> Level | None:
    """The level whose behaviours are counted: the level held; for someone joining from outside, the
    level an internal candidate would hold (the one below the target in its track, or the trunk level a
    fork starts after); None when the target is the ladder's entry level (its own are counted)."""
    if current is not None:
        return current
    return framework.level(target.follows) if target.follows else None


def counted_and_growth(
    held: Level | None, target: Level, competency_id: str, bar: Collection[str] | None
) -> tuple[tuple[Expectation, ...], tuple[Expectation, ...], str | None]:
    """(behaviours counted, growth behaviours, the counted level's reason when the competency does not
    apply there). Counted: the cumulative behaviours of `held` (see counted_level; None: the target's);
    for someone joining from outside, only in the competencies the bar judges (`bar`, see entry_bar;
    None for an internal candidate: every competency). Growth: the target's others, not counted."""
    counted_block = None
    if bar is None or competency_id in bar:
        counted_block = _block(held if held is not None else target, competency_id)
    counted = tuple(counted_block.cumulative) if counted_block is not None and counted_block.applicable else ()
    reason = None
    if counted_block is not None and not counted_block.applicable:
        reason = counted_block.not_applicable or ""
    target_block = _block(target, competency_id)
    ids = {e.id for e in counted}
    growth = tuple(
        e for e in (target_block.cumulative if target_block and target_block.applicable else ()) if e.id not in ids
    )
    return counted, growth, reason


def assess(framework: Framework, data: dict[str, Any]) -> Assessment:
    target = framework.level(data["target_level"])
    current_id = data.get("current_level", "")
    current = framework.level(current_id) if current_id else None
    promotion, criteria_of = criteria_for(framework, current_id, target)
    assert promotion is not None  # load_assessment refuses a case with no criteria to judge
    ratings = {r["competency"]: r for r in data["ratings"]}
    reviewed = evidence.review(data["ratings"])
    required = bar_ratings(framework, promotion)  # competency → the rating the bar asks of the candidate
    track = framework.track(target.track_id)
    bar = None if current is not None else entry_bar(framework, track.competency_ids, required)
    held = counted_level(framework, current, target)
    coverage, questioned = [], []
    for competency_id in track.competency_ids:
        covered, asked_about = _coverage(
            framework, held, target, competency_id, ratings.get(competency_id), reviewed.get(competency_id, ()),
            required, bar,
        )  # fmt: skip
        coverage.append(covered)
        questioned += asked_about
    counted_at = held.title if held is not None else target.title
    where = counted_at if held is not None else f"{counted_at}'s entry bar"  # what the reports name as counted
    results = [
        _coverage_result(covered, where, reviewed.get(covered.competency_id, ()))
        for covered in coverage
        if covered.behaviours
    ]
    by_id = {c.competency_id: c for c in coverage}
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
    results += [_behaviours_result(c, where) for c in coverage if framework.scale_of(c.competency_id) is None]
    if promotion.min_months_in_role is not None:
        months, needed = data["months_in_role"], promotion.min_months_in_role
        results.append(
            CriterionResult(
                "time-in-role",
                "time-in-role",
                f"At least {needed} months in the level below" if current else f"At least {needed} months in role",
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
        current_level=current_id,
        target_level=target.id,
        months_in_role=data["months_in_role"],
        results=tuple(results),
        rated_against=(framework.scale.rated_against if framework.scale else "")
        or (
            f"the behaviours of {where}, each met or not yet: the ladder rates on no scale"
            if all(framework.scale_of(c) is None for c in track.competency_ids)
            else f"the expectations of {target.title}"
        ),
        criteria_of=criteria_of,
        coverage=tuple(coverage),
        questioned=tuple(questioned),
        coverage_rule=coverage_rule(framework.scale.evidence_min_share if framework.scale else 1.0),
        matching_rule=MATCHING_RULE,
        verdict=verdict_of(tuple(results), tuple(dict.fromkeys(pending_steps))),
        current_title=current.title if current is not None else data["joining_from"],
        counted_at=counted_at,
        joining=current is None,
        entry_level=held is None,
        coverage_basis=coverage_basis(
            counted_at,
            target.title,
            current is None,
            any(framework.scale_of(c) is None for c in track.competency_ids),
            entry_level=held is None,
        ),
    )


def _coverage(
    framework: Framework,
    held: Level | None,
    target: Level,
    competency_id: str,
    given: dict[str, Any] | None,
    items: tuple[evidence.EvidenceItem, ...],
    required: dict[str, str],
    bar: Collection[str] | None,
) -> tuple[CompetencyCoverage, list[QuestionedEvidence]]:
    """Which counted and growth behaviours the evidence supports, and which items the committee should question.
    On no scale each counted behaviour is also judged met or not yet; growth behaviours are not judged."""
    name = framework.competency(competency_id).name
    counted, growth, not_applicable = counted_and_growth(held, target, competency_id, bar)
    stated = {n["behaviour"]: n for n in (given or {}).get("not_applicable", [])}
    texts = {e.id: e.text for e in counted + growth}
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

    def status(e: Expectation, judged: bool = True) -> BehaviourCoverage:
        return BehaviourCoverage(
            e.id,
            e.text,
            EVIDENCED if e.id in supporting else NOT_EVIDENCED,
            "",
            tuple(supporting.get(e.id, ())),
            met="" if scale is not None or not judged else MET if e.id in met else NOT_YET,
        )

    behaviours = tuple(
        BehaviourCoverage(
            e.id, e.text, NOT_APPLICABLE, stated[e.id]["reason"], reviewed_by=stated[e.id].get("reviewed_by", "")
        )
        if e.id in stated
        else status(e)
        for e in counted
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
            not_applicable,
            behaviours,
            needed(scale.evidence_min_share if scale else 1.0, applicable),
            tuple(status(e, judged=False) for e in growth),
        ),
        questioned,
    )


def _coverage_result(
    covered: CompetencyCoverage, where: str, items: tuple[evidence.EvidenceItem, ...]
) -> CriterionResult:
    """(a): evidence for the counted behaviours of one competency, by the scale's evidence rule."""
    requirement = f"Evidence for the behaviours of {where} in {covered.competency}"
    weak = evidence.weak_count(items)
    weak = f" ({weak})" if weak else ""
    result_id = f"coverage-{covered.competency_id}"
    if not covered.applicable:
        return CriterionResult(result_id, "coverage", requirement, MET, f"every behaviour marked N/A, reviewed{weak}")
    shown = f"{covered.evidenced} of {covered.applicable} behaviours evidenced"
    if covered.evidenced < covered.needed:
        return CriterionResult(
            result_id, "coverage", requirement, MISSING_EVIDENCE, f"{shown}, {covered.needed} needed{weak}"
        )
    return CriterionResult(result_id, "coverage", requirement, MET, f"{shown}{weak}")


def _behaviours_result(covered: CompetencyCoverage, where: str) -> CriterionResult:
    """On no scale, a competency is met when the person meets every counted behaviour that applies: the
    level held's (for someone joining, the level below's, or at the entry level the entry bar's), never
    the target's growth behaviours."""
    requirement = f"Every behaviour of {where} in {covered.competency} met"
    result_id = f"behaviours-{covered.competency_id}"
    judged = [b for b in covered.behaviours if b.status != NOT_APPLICABLE]
    if covered.not_applicable is not None or not judged:
        return CriterionResult(result_id, "behaviours", requirement, MET, f"nothing to meet at {where}")
    not_yet = [f"“{b.text}”" for b in judged if b.met != MET]  # the words, as every report prints behaviours
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
    """(b): the rating the bar asks for. Its evidence is counted under (a); where nothing is counted
    in the competency (the level held does not rate it), any item that counts must back the rating."""
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
    if covered.behaviours or covered.not_applicable is not None:
        return CriterionResult(result_id, "rating", requirement, MET, rated)
    weak = evidence.weak_count(items)
    weak = f" ({weak})" if weak else ""
    met = any(item.counts for item in items)
    detail = f"{rated}, {'with evidence' if met else 'with no evidence'}{weak}"
    return CriterionResult(result_id, "rating", requirement, MET if met else MISSING_EVIDENCE, detail)
