"""A move between tracks, without criteria of its own, that asks for ratings the source track never gives.

Someone moving from another track has a record rated on that track's competencies. A move
without its own `criteria:` is judged on the target level's promotion criteria and expected
proficiencies; when they ask for a rating in a competency the source track does not rate, the
case cannot be judged from that record. Give the move its own `criteria:` (bridging criteria):
ratings in competencies both tracks rate, and evidence, or a trial period, for the rest. A move
with its own criteria is taken as deliberate and not checked.

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
              delivery: {behaviours: [Runs the release plan for the team.]}
    levels:
      - id: pm-3
        promotion: {min_ratings: [{competency: discovery, rating: advanced}]}
    career_paths:
      moves:
        - {from: dl-1, to: pm-3, kind: promotion, description: For a delivery lead who wants to own an area.}
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
              delivery: {behaviours: [Runs the release plan for the team.]}
    levels:
      - id: pm-3
        promotion: {min_ratings: [{competency: discovery, rating: advanced}]}
    career_paths:
      moves:
        - from: dl-1
          to: pm-3
          kind: promotion
          description: For a delivery lead who wants to own an area.
          criteria:
            description: Has planned the area's releases and run its research with the area's PM.
            min_ratings: [{competency: delivery, rating: advanced}]
            evidence: [{id: research-plan, description: A research plan they ran with the area's PM.}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "move-unrated-competency"
SEVERITY = "warning"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        rated = set(track.competency_ids)
        for level in track.levels:
            for move in level.moves:
                if move.to_kind != "level" or move.implied:
                    continue
                target = framework.level(move.to)
                if target.track_id == track.id:
                    continue
                if move.criteria is not None:  # bridging criteria written for this move
                    continue
                criteria = target.promotion
                asked = {c for r in (criteria.min_ratings if criteria else ()) for c in r.competency_ids}
                asked |= {competency_id for competency_id, _ in target.expected_ratings}  # they apply too
                unrated = sorted(asked - rated)
                if unrated:
                    names = ", ".join(framework.competency(c).name for c in unrated)
                    yield Finding(
                        level.source,
                        f"the move `{level.id}` → `{target.id}` asks for ratings in {names}, which the "
                        f"{track.name} track does not rate; give the move its own criteria",
                    )
