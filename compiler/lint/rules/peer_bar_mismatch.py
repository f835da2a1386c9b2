"""Peer levels whose promotion bars differ.

Peers (a `career_paths.peers` group, or levels of one levelling-guide grade) are paid and titled
as equals, so the way into each must be as hard: the same time in role, the same rating in every
competency both promotions ask for, and the same highest rating. `peer-mismatch` compares their
scope; this rule compares their bars. Where peers must differ, declare a reviewed exception
(`exceptions: [{rule: peer-bar-mismatch, ...}]`) on either promotion.

Fails:
    tracks:
      - id: design
        name: Designer
        kind: individual-contributor
        description: Designs products.
        competencies: [delivery]
        levels:
          - id: designer-1
            title: Designer
            rank: 1
            summary: Designs one feature area.
            scope: {summary: One feature area., breadth: feature, horizon_months: 3}
            expectations:
              delivery: {expected: developing, behaviours: [Hands each design to engineering with its edge cases.]}
          - id: designer-2
            title: Senior Designer
            rank: 2
            summary: Designs one product.
            scope: {summary: One product., breadth: product, horizon_months: 6}
            expectations:
              delivery: {expected: proficient, behaviours: [Plans the design work of each release.]}
            promotion:
              description: Ready to design a product.
              min_ratings: [{competency: delivery, rating: developing}]
              min_months_in_role: 18
    career_paths:
      peers:
        - levels: [pm-2, designer-2]
Passes:
    tracks:
      - id: design
        name: Designer
        kind: individual-contributor
        description: Designs products.
        competencies: [delivery]
        levels:
          - id: designer-1
            title: Designer
            rank: 1
            summary: Designs one feature area.
            scope: {summary: One feature area., breadth: feature, horizon_months: 3}
            expectations:
              delivery: {expected: developing, behaviours: [Hands each design to engineering with its edge cases.]}
          - id: designer-2
            title: Senior Designer
            rank: 2
            summary: Designs one product.
            scope: {summary: One product., breadth: product, horizon_months: 6}
            expectations:
              delivery: {expected: proficient, behaviours: [Plans the design work of each release.]}
            promotion:
              description: Ready to design a product.
              min_ratings: [{competency: delivery, rating: developing}]
              min_months_in_role: 12
    career_paths:
      peers:
        - levels: [pm-2, designer-2]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework, Promotion
from ...model.routes import asked_ratings
from .. import Finding

ID = "peer-bar-mismatch"
SEVERITY = "error"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for track in framework.tracks:
        for level in track.levels:
            for peer_id in level.peers:
                pair = (level.id, peer_id) if level.id < peer_id else (peer_id, level.id)
                if pair in seen:
                    continue
                seen.add(pair)
                peer = framework.level(peer_id)
                if level.promotion is None or peer.promotion is None:
                    continue
                if level.promotion.excepted(ID) or peer.promotion.excepted(ID):
                    continue
                differences = _differences(framework, level.promotion, peer.promotion)
                if differences:
                    yield Finding(
                        level.promotion.source,
                        f"peers `{level.id}` and `{peer.id}` are entered under different bars: "
                        + "; ".join(differences),
                    )


def _differences(framework: Framework, ours: Promotion, theirs: Promotion) -> list[str]:
    found = []
    if ours.min_months_in_role != theirs.min_months_in_role:
        found.append(f"{ours.min_months_in_role or 0} against {theirs.min_months_in_role or 0} months in role")
    asked, peer_asked = asked_ratings(ours, framework), asked_ratings(theirs, framework)
    for competency_id in sorted(set(asked) & set(peer_asked)):
        if asked[competency_id] != peer_asked[competency_id]:
            found.append(
                f"{framework.competency(competency_id).name} {asked[competency_id]} against {peer_asked[competency_id]}"
            )
    scale_ids = {framework.competency(c).scale_id for c in {*asked, *peer_asked}}
    scale = framework.scale_of(next(iter(asked))) if asked and peer_asked and len(scale_ids) == 1 else None
    if scale is not None:  # a highest rating across competencies only means something on one scale
        top = max(asked.values(), key=scale.order)
        peer_top = max(peer_asked.values(), key=scale.order)
        if top != peer_top:
            found.append(f"the highest rating asked is {top} against {peer_top}")
    return found
