"""A level's own checklist: what the worksheet prints and what a filled worksheet is read back as.

A checklist is filled in by the person who HOLDS the level. For each competency of the level: the
rating the level expects, the promotion bar of every route out of it (the candidate is rated on
the level held: a bar cannot ask them to do the new job first), the self, manager and committee
ratings, and the level's cumulative behaviours, each with an evidence field and an N/A box, and
one field naming who reviewed the N/A marks. Each route out of the level lists its required
evidence and process steps. In a promotion case the target level's checklist holds only growth
evidence: optional, not counted. The field names are made here, once, so the worksheet that
writes them and `ladder assess --from-worksheet` that reads them cannot drift apart.
"""

from __future__ import annotations

from ..value import value_class
from . import Competency, Expectation, Framework, Level, Promotion, Scale
from .routes import all_routes

# The worksheet's fields that are not tied to a level (names as in the form).
PERSON, MANAGER, DATE, CURRENT_LEVEL, ASSESSED_LEVEL, MONTHS = (
    "person",
    "manager",
    "date",
    "current-level",
    "assessed-level",
    "months-in-level",
)
JOINING_FROM = "joining-from"  # where an external candidate comes from, instead of the current level


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
class ChecklistBar:
    target: Level  # the level a route out of the checklist's level leads to
    rating: str  # scale value id its bar asks for in the competency


@value_class
class ChecklistCompetency:
    competency: Competency
    required: str | None  # scale value id the level expects of people settled in it
    bars: tuple[ChecklistBar, ...]  # the bar of each route out of the level that rates the competency
    not_applicable: str | None  # the level's reason when the competency does not apply
    behaviours: tuple[ChecklistBehaviour, ...]
    self_field: str
    manager_field: str
    committee_field: str  # the rating that counts; self and manager are its inputs
    scale: Scale | None = None  # the scale it is rated on; None: met / not yet per behaviour


@value_class
class ChecklistEvidence:
    id: str
    description: str
    field: str


@value_class
class ChecklistRoute:
    """A way out of the checklist's level: promotion to the level above or a declared career move."""

    target: Level
    move: bool  # a declared career move (its own criteria), not the target's promotion
    evidence: tuple[ChecklistEvidence, ...]  # the route's required evidence
    process: tuple[ChecklistEvidence, ...]  # its process steps: the field holds the date completed
    min_months_in_role: int | None  # months in the level held, the checklist's level
    lateral: bool = False  # a move to a level of the same band: worded as a move, never as a promotion


@value_class
class Checklist:
    level: Level
    competencies: tuple[ChecklistCompetency, ...]
    routes: tuple[ChecklistRoute, ...]  # every route out of the level that has criteria
    na_reviewer_field: str = ""  # who reviewed the N/A marks ticked on this checklist

    def route_to(self, target_id: str) -> ChecklistRoute | None:
        return next((route for route in self.routes if route.target.id == target_id), None)


def bar_ratings(framework: Framework, criteria: Promotion | None) -> dict[str, str]:
    """competency id → the highest rating a promotion or move bar asks for: the ratings a candidate
    is judged on (the level's expected ratings describe people settled in it, not candidates)."""
    return _highest(
        framework, [(c, r.rating) for r in (criteria.min_ratings if criteria else ()) for c in r.competency_ids]
    )


def _highest(framework: Framework, asked: list[tuple[str, str]]) -> dict[str, str]:
    required: dict[str, str] = {}
    for competency_id, rating in asked:
        if competency_id not in required or framework.rating_order(competency_id, rating) > framework.rating_order(
            competency_id, required[competency_id]
        ):
            required[competency_id] = rating
    return required


def routes_out(framework: Framework, level: Level) -> list[tuple[Level, Promotion, bool]]:
    """(target, criteria, is a move) for each route out of `level`, as assess judges them: a declared
    move's own criteria replace the target's promotion, so that promotion is not listed beside it."""
    found: dict[str, tuple[Level, Promotion, bool]] = {}
    for route in all_routes(framework):
        if route.from_level is not None and route.from_level.id == level.id:
            if route.move or route.target.id not in found:
                found[route.target.id] = (route.target, route.criteria, route.move)
    return list(found.values())


def _route(level: Level, target: Level, criteria: Promotion, move: bool) -> ChecklistRoute:
    # a promotion's fields are named by its target, a move's by both ends: one worksheet may hold both
    prefix = (level.id, "move", target.id) if move else (target.id,)
    return ChecklistRoute(
        target,
        move,
        tuple(ChecklistEvidence(e.id, e.description, field_name(*prefix, "evidence", e.id)) for e in criteria.evidence),
        tuple(ChecklistEvidence(s.id, s.description, field_name(*prefix, "process", s.id)) for s in criteria.process),
        criteria.min_months_in_role,
        move and any(m.to == target.id and m.kind == "lateral" for m in level.moves),
    )


def checklist(framework: Framework, level: Level) -> Checklist:
    track = framework.track(level.track_id)
    routes = routes_out(framework, level)
    bars = [(target, bar_ratings(framework, criteria)) for target, criteria, _ in routes]
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
                block.expected or None,
                tuple(ChecklistBar(target, asked[competency_id]) for target, asked in bars if competency_id in asked),
                None if block.applicable else (block.not_applicable or ""),
                behaviours,
                field_name(level.id, competency_id, "self"),
                field_name(level.id, competency_id, "manager"),
                field_name(level.id, competency_id, "committee"),
                framework.scale_of(competency_id),
            )
        )
    return Checklist(
        level,
        tuple(competencies),
        tuple(_route(level, target, criteria, move) for target, criteria, move in routes),
        field_name(level.id, "na-reviewed-by"),
    )
