"""Two ways into one level that ask for different bars.

Every way into a level (promotion from the level below, or joining, through the level's
`promotion`; each career move into it with criteria of its own) should ask for the same
competencies at the same ratings, the same time in role and the same kinds of process step.
Two people entering one level under different bars is a pay-equity exposure: pay progression must
follow objective criteria that are the same for everyone (EU Pay Transparency Directive
2023/970). Where a route must differ, say so in the source: an exception on that route's criteria
(`exceptions: [{rule: route-equity, reason, reviewed_by, reviewed_on}]`), which the documents
print beside the route. Each move is compared with the level's own promotion (or, without one,
with the first move into the level).

Fails:
    tracks:
      - id: delivery-lead
        name: Delivery Lead
        kind: management
        description: Leads the delivery of teams.
        competencies: [delivery]
        levels:
          - id: dl-1
            title: Delivery Lead
            rank: 1
            summary: Leads the delivery of one team.
            scope: {summary: One team., breadth: product, horizon_months: 6}
            expectations:
              delivery: {expected: developing, behaviours: [Runs the release plan for the team.]}
    career_paths:
      moves:
        - from: dl-1
          to: pm-2
          kind: promotion
          description: For a delivery lead who wants to own a product.
          criteria:
            description: Has planned the releases of a product.
            min_ratings: [{competency: delivery, rating: developing}]
            min_months_in_role: 6
Passes:
    tracks:
      - id: delivery-lead
        name: Delivery Lead
        kind: management
        description: Leads the delivery of teams.
        competencies: [delivery]
        levels:
          - id: dl-1
            title: Delivery Lead
            rank: 1
            summary: Leads the delivery of one team.
            scope: {summary: One team., breadth: product, horizon_months: 6}
            expectations:
              delivery: {expected: developing, behaviours: [Runs the release plan for the team.]}
    career_paths:
      moves:
        - from: dl-1
          to: pm-2
          kind: promotion
          description: For a delivery lead who wants to own a product.
          criteria:
            description: Has planned the releases of a product.
            min_ratings: [{competency: delivery, rating: proficient}]
            min_months_in_role: 12
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from ...model.routes import Route, asked_ratings, routes_into
from .. import Finding

ID = "route-equity"
SEVERITY = "error"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for level in track.levels:
            routes = list(routes_into(framework, level))
            if len(routes) < 2:
                continue
            reference = routes[0]
            for route in routes[1:]:
                if route.criteria.excepted(ID):
                    continue
                differences = _differences(framework, reference, route)
                if differences:
                    yield Finding(
                        route.criteria.source,
                        f"{route.name} asks a different bar from {reference.name}: {'; '.join(differences)};"
                        " ask the same, or declare a reviewed exception (rule: route-equity) with the reason",
                    )


def _differences(framework: Framework, reference: Route, route: Route) -> list[str]:
    found = []
    theirs = asked_ratings(reference.criteria, framework)
    ours = asked_ratings(route.criteria, framework)
    for competency_id in sorted(set(theirs) | set(ours), key=_order(framework)):
        if theirs.get(competency_id) != ours.get(competency_id):
            name = framework.competency(competency_id).name
            found.append(
                f"{name} {ours.get(competency_id, 'not asked')} (against {theirs.get(competency_id, 'not asked')})"
            )
    months, reference_months = route.criteria.min_months_in_role, reference.criteria.min_months_in_role
    if months != reference_months:
        found.append(f"{months or 0} months in role (against {reference_months or 0})")
    kinds, reference_kinds = route.criteria.process_kinds, reference.criteria.process_kinds
    if kinds != reference_kinds:
        found.append(f"process {', '.join(kinds) or 'none'} (against {', '.join(reference_kinds) or 'none'})")
    return found


def _order(framework: Framework) -> Any:
    position = {c.id: i for i, c in enumerate(framework.competencies)}
    return lambda competency_id: position.get(competency_id, len(position))
