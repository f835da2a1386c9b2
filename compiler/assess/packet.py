"""The promotion packet: the PDF a calibration committee reads about one person.

The packet prints what the assessment decided (its verdict, coverage and questioned evidence) and
decides nothing itself, so it can never say more than the terminal, Markdown or JSON report.
Calibration and committee review are the committee's own steps: they are pending, not failures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Framework, Promotion
from ..value import value_class
from . import PENDING, Assessment, CompetencyCoverage, criteria_for, evidence
from .committee import MARKS, committee_lists


@value_class
class EvidenceRow:
    text: str
    behaviours: tuple[str, ...]  # the texts of the behaviours it names
    note: str  # what is wrong with it, or ""


@value_class
class RatingRow:
    coverage: CompetencyCoverage
    category: str
    evidence: tuple[EvidenceRow, ...]


def _criteria(framework: Framework, assessment: Assessment) -> Promotion | None:
    """The criteria the case was judged on: a declared move's own, else the target level's."""
    return criteria_for(framework, assessment.current_level, framework.level(assessment.target_level))[0]


def rating_rows(framework: Framework, assessment: Assessment, data: dict[str, Any]) -> list[RatingRow]:
    """Every competency of the track, rated or not, with the evidence given for it in human words."""
    reviewed = evidence.review(data.get("ratings", []))
    rows = []
    for covered in assessment.coverage:
        competency = framework.competency(covered.competency_id)
        texts = {b.id: b.text for b in covered.behaviours + covered.growth}
        questioned = [q for q in assessment.questioned if q.competency_id == covered.competency_id]
        rows.append(
            RatingRow(
                covered,
                framework.category(competency.category_id).name if competency.category_id else "",
                tuple(
                    EvidenceRow(
                        item.text,
                        tuple(_short(texts.get(b, b)) for b in item.behaviour_ids),
                        "; ".join(
                            q.reason + (f" (“{_short(q.behaviour)}”)" if q.behaviour else "")
                            for q in questioned
                            if q.text == item.text
                        ),
                    )
                    for item in reviewed.get(covered.competency_id, ())
                ),
            )
        )
    return rows


def _short(text: str, words: int = 8) -> str:
    """The first words of a behaviour, enough to tell it from the others in its competency."""
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def render_packet(
    framework: Framework, assessment: Assessment, data: dict[str, Any], templates: Path | None = None
) -> bytes:
    from ..render.pdf import html_to_pdf
    from ..render.templating import read_asset, render_template

    html = render_template(
        "assessment.html.j2",
        templates,
        framework=framework,
        assessment=assessment,
        verdict=assessment.verdict,
        target=framework.level(assessment.target_level),
        criteria=_criteria(framework, assessment),
        track=framework.track(assessment.track_id),
        ratings=rating_rows(framework, assessment, data),
        judged=any(b.met for c in assessment.coverage for b in c.behaviours),  # met / not yet, on no scale
        committee_lists=committee_lists(assessment),
        marks=MARKS,
        pending=PENDING,
        stylesheet=read_asset("ladder.css", templates),
        page_size=framework.presentation.page_size,
    )
    return html_to_pdf(
        html, assessment.date, identifier=f"assessment/{framework.source_hash}/{assessment.person}/{assessment.date}"
    )
