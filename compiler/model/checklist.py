"""A level's own checklist: what the worksheet prints and what a filled worksheet is read back as.

For each competency of the level: the rating its criteria and proficiency matrix ask for, and the
level's cumulative behaviours, each with an evidence field and an N/A box, and one field naming
who reviewed the N/A marks. In a promotion case the current level's checklist holds the counted
evidence and the target level's the ratings and the growth evidence. The field names are made
here, once, so the worksheet that writes them and `ladder assess --from-worksheet` that reads
them cannot drift apart.
"""

from __future__ import annotations

from ..value import value_class
from . import Competency, Expectation, Framework, Level, Promotion, Scale

# The worksheet's fields that are not tied to a level (names as in the form).
PERSON, MANAGER, DATE, CURRENT_LEVEL, ASSESSED_LEVEL, MONTHS = (
    "person",
    "manager",
    "date",
    "current-level",
    "assessed-level",
    "months-in-level",
)


def field_name(*parts: str) -> str:
    """A form field name from ids; PDF field names may not hold a period (it separates a hierarchy)."""
    return "/".join(part.replace(".", "~") for part in parts)


@value_class
class ChecklistBehaviour:
    behaviour: Expectation
    evidence_field: str
    not_applicable_field: str
    met_field: str = ""  # on no scale: the manager ticks it when the behaviour is met (unticked: not yet)


@value_class
class ChecklistCompetency:
    competency: Competency
    required: str | None  # scale value id the level's criteria or matrix ask for
    bar: str | None  # scale value id the promotion bar into the level asks for, when it names the competency
    not_applicable: str | None  # the level's reason when the competency does not apply
    behaviours: tuple[ChecklistBehaviour, ...]
    self_field: str
    manager_field: str
    scale: Scale | None = None  # the scale it is rated on; None: met / not yet per behaviour


@value_class
class ChecklistEvidence:
    id: str
    description: str
    field: str


@value_class
class Checklist:
    level: Level
    competencies: tuple[ChecklistCompetency, ...]
    evidence: tuple[ChecklistEvidence, ...]  # the level's required evidence
    process: tuple[ChecklistEvidence, ...]  # its process steps: the field holds the date completed
    min_months_in_role: int | None
    na_reviewer_field: str = ""  # who reviewed the N/A marks ticked on this checklist


def bar_ratings(framework: Framework, criteria: Promotion | None) -> dict[str, str]:
    """competency id → the highest rating a promotion or move bar asks for: the ratings a candidate
    is judged on (the level's expected ratings describe people settled in it, not candidates)."""
    return _highest(
        framework, [(c, r.rating) for r in (criteria.min_ratings if criteria else ()) for c in r.competency_ids]
    )


def required_ratings(framework: Framework, level: Level, criteria: Promotion | None) -> dict[str, str]:
    """competency id → the highest rating the criteria or the level's expected proficiency ask for."""
    return _highest(framework, list(bar_ratings(framework, criteria).items()) + list(level.expected_ratings))


def _highest(framework: Framework, asked: list[tuple[str, str]]) -> dict[str, str]:
    required: dict[str, str] = {}
    for competency_id, rating in asked:
        if competency_id not in required or framework.rating_order(competency_id, rating) > framework.rating_order(
            competency_id, required[competency_id]
        ):
            required[competency_id] = rating
    return required


def checklist(framework: Framework, level: Level) -> Checklist:
    track = framework.track(level.track_id)
    required = required_ratings(framework, level, level.promotion)
    bar = bar_ratings(framework, level.promotion)
    competencies = []
    for competency_id in track.competency_ids:
        block = level.expectations_for(competency_id)
        behaviours = tuple(
            ChecklistBehaviour(
                e,
                field_name(level.id, competency_id, e.id, "evidence"),
                field_name(level.id, competency_id, e.id, "na"),
                field_name(level.id, competency_id, e.id, "met") if framework.scale_of(competency_id) is None else "",
            )
            for e in (block.cumulative if block.applicable else ())
        )
        competencies.append(
            ChecklistCompetency(
                framework.competency(competency_id),
                required.get(competency_id),
                bar.get(competency_id),
                None if block.applicable else (block.not_applicable or ""),
                behaviours,
                field_name(level.id, competency_id, "self"),
                field_name(level.id, competency_id, "manager"),
                framework.scale_of(competency_id),
            )
        )
    criteria = level.promotion
    return Checklist(
        level,
        tuple(competencies),
        tuple(
            ChecklistEvidence(e.id, e.description, field_name(level.id, "evidence", e.id))
            for e in (criteria.evidence if criteria else ())
        ),
        tuple(
            ChecklistEvidence(s.id, s.description, field_name(level.id, "process", s.id))
            for s in (criteria.process if criteria else ())
        ),
        criteria.min_months_in_role if criteria else None,
        field_name(level.id, "na-reviewed-by"),
    )
