"""The promotion packet: the PDF a calibration committee reads about one person.

A case is judged *ready for calibration* when everything that must happen before the committee
meets is done: ratings, time in role, evidence and the pre-committee process steps. Calibration
and committee review are the committee's own steps, so they are listed as pending, not failures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import CompetencyExpectations, Framework, Promotion
from . import MET, Assessment, CriterionResult, criteria_for, evidence

COMMITTEE_STEPS = ("calibration", "committee-review")
PENDING = "pending"


# How the packet names what is wrong with an evidence item.
ISSUE_NOTES = {
    evidence.PLACEHOLDER: "Placeholder: does not count",
    evidence.REPEATED: f"Cited for {evidence.REPEATED_AFTER} or more competencies: does not count",
    evidence.UNMAPPED: "Not mapped to a behaviour: the committee should ask which behaviour it shows",
}


@dataclass(frozen=True)
class BehaviourRow:
    id: str
    text: str
    evidenced: bool  # some evidence that counts is mapped to it


@dataclass(frozen=True)
class EvidenceRow:
    text: str
    behaviours: tuple[str, ...]  # ids it is mapped to
    note: str  # what is wrong with it, or ""


@dataclass(frozen=True)
class RatingRow:
    competency: str
    category: str
    rating: str
    required: str | None
    behaviours: tuple[BehaviourRow, ...]  # what the target level expects, as the rubric lists it
    evidence: tuple[EvidenceRow, ...]
    status: str | None

    @property
    def weak(self) -> tuple[EvidenceRow, ...]:
        return tuple(item for item in self.evidence if item.note)


@dataclass(frozen=True)
class Readiness:
    ready: bool
    headline: str
    pending: tuple[CriterionResult, ...]
    unmet: tuple[CriterionResult, ...]


def _criteria(framework: Framework, assessment: Assessment) -> Promotion | None:
    """The criteria the case was judged on: a declared move's own, else the target level's."""
    return criteria_for(framework, assessment.current_level, framework.level(assessment.target_level))[0]


def readiness(framework: Framework, assessment: Assessment) -> Readiness:
    criteria = _criteria(framework, assessment)
    steps = criteria.process if criteria else ()  # assessments only target levels with criteria
    committee = {step.id for step in steps if step.kind in COMMITTEE_STEPS}
    pending = tuple(r for r in assessment.results if r.id in committee and r.kind == "process" and r.status != MET)
    unmet = tuple(r for r in assessment.results if r.status != MET and r not in pending)
    if unmet:
        judged = len(assessment.results) - len(pending)
        headline = f"Not yet ready for calibration: {len(unmet)} of {judged} pre-committee criteria are open"
    else:
        headline = "Ready for calibration: every criterion due before the committee is met"
    return Readiness(not unmet, headline, pending, unmet)


def rating_rows(framework: Framework, assessment: Assessment, data: dict[str, Any]) -> list[RatingRow]:
    """Every competency of the track, rated or not, with the behaviours it is rated against."""
    track = framework.track(assessment.track_id)
    target = framework.level(assessment.target_level)
    given = {r["competency"]: r for r in data.get("ratings", [])}
    results = {r.id: r for r in assessment.results}
    required: dict[str, str] = {}  # the highest rating any criterion asks of a competency
    criteria = _criteria(framework, assessment)
    reviewed = evidence.review(data.get("ratings", []))
    for criterion in criteria.min_ratings if criteria else ():
        for competency_id in criterion.competency_ids:
            if competency_id not in required or framework.scale.order(criterion.rating) > framework.scale.order(
                required[competency_id]
            ):
                required[competency_id] = criterion.rating
    rows = []
    for competency_id in track.competency_ids:
        competency = framework.competency(competency_id)
        block = target.expectations_for(competency_id)
        result = results.get(f"rating-{competency_id}")
        rating = given.get(competency_id)
        rows.append(
            RatingRow(
                competency=competency.name,
                category=framework.category(competency.category_id).name if competency.category_id else "",
                rating=framework.scale.value(rating["rating"]).name if rating else "Not rated",
                required=framework.scale.value(required[competency_id]).name if competency_id in required else None,
                behaviours=_behaviours(block, reviewed.get(competency_id, ())),
                evidence=tuple(
                    EvidenceRow(item.text, item.behaviour_ids, ISSUE_NOTES.get(item.issue or "", ""))
                    for item in reviewed.get(competency_id, ())
                ),
                status=result.status if result else None,
            )
        )
    return rows


def _behaviours(block: CompetencyExpectations, items: tuple[evidence.EvidenceItem, ...]) -> tuple[BehaviourRow, ...]:
    if not block.applicable:
        return ()
    shown = {behaviour for item in items if item.counts for behaviour in item.behaviour_ids}
    return tuple(BehaviourRow(e.id, e.text, e.id in shown) for e in block.cumulative)


def render_packet(
    framework: Framework, assessment: Assessment, data: dict[str, Any], templates: Path | None = None
) -> bytes:
    from ..render.pdf import html_to_pdf
    from ..render.templating import read_asset, render_template

    state = readiness(framework, assessment)
    html = render_template(
        "assessment.html.j2",
        templates,
        framework=framework,
        assessment=assessment,
        readiness=state,
        current=framework.level(assessment.current_level),
        target=framework.level(assessment.target_level),
        criteria=_criteria(framework, assessment),
        track=framework.track(assessment.track_id),
        ratings=rating_rows(framework, assessment, data),
        marks={"met": "✔", "not met": "✘", "missing evidence": "?", PENDING: "…"},
        pending_ids={r.id for r in state.pending},
        stylesheet=read_asset("ladder.css", templates),
        page_size=framework.presentation.page_size,
    )
    return html_to_pdf(
        html, assessment.date, identifier=f"assessment/{framework.source_hash}/{assessment.person}/{assessment.date}"
    )
