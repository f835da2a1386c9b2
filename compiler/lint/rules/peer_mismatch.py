"""Peer levels across tracks whose rank or scope do not line up.

Peers are meant to be equivalent in seniority. Tolerances: ranks may differ by one (tracks
often start at different points), breadth by two steps of the breadth scale, and the planning
horizon by a factor of two.

Fails:
    tracks:
      - id: design
        name: Designer
        kind: individual-contributor
        description: Designs products.
        competencies: [discovery]
        levels:
          - id: designer-1
            title: Designer
            rank: 1
            summary: Designs one feature area.
            scope: {summary: One feature area., breadth: feature, horizon_months: 3}
            expectations:
              discovery: {behaviours: [Tests each design with five customers.]}
    career_paths:
      peers:
        - levels: [pm-3, designer-1]
Passes:
    tracks:
      - id: design
        name: Designer
        kind: individual-contributor
        description: Designs products.
        competencies: [discovery]
        levels:
          - id: designer-1
            title: Designer
            rank: 1
            summary: Designs one feature area.
            scope: {summary: One feature area., breadth: feature, horizon_months: 3}
            expectations:
              discovery: {behaviours: [Tests each design with five customers.]}
    career_paths:
      peers:
        - levels: [pm-1, designer-1]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework, Level
from .. import Finding

ID = "peer-mismatch"
SEVERITY = "warning"
CONF = {"max_rank_gap": 1, "max_breadth_gap": 2, "max_horizon_ratio": 2.0}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    seen = set()
    for track in framework.tracks:
        for level in track.levels:
            for peer_id in level.peers:
                pair = tuple(sorted((level.id, peer_id)))
                if pair in seen:
                    continue
                seen.add(pair)
                peer = framework.level(peer_id)
                yield from _compare(level, peer, conf)


def _compare(level: Level, peer: Level, conf: dict[str, Any]) -> Iterator[Finding]:
    if abs(level.rank - peer.rank) > conf["max_rank_gap"]:
        yield Finding(
            level.source,
            f"peers `{level.id}` (rank {level.rank}) and `{peer.id}` (rank {peer.rank})"
            f" are {abs(level.rank - peer.rank)} ranks apart",
        )
    rank, peer_rank = level.scope.breadth_rank, peer.scope.breadth_rank
    if rank is not None and peer_rank is not None and abs(rank - peer_rank) > conf["max_breadth_gap"]:
        yield Finding(
            level.source,
            f"peers `{level.id}` ({level.scope.breadth}) and `{peer.id}` ({peer.scope.breadth})"
            " differ widely in breadth",
        )
    horizon, peer_horizon = level.scope.horizon_months, peer.scope.horizon_months
    if (
        horizon is not None
        and peer_horizon is not None
        and max(horizon, peer_horizon) > min(horizon, peer_horizon) * conf["max_horizon_ratio"]
    ):
        yield Finding(
            level.source,
            f"peers `{level.id}` and `{peer.id}` plan {level.scope.horizon_months}"
            f" and {peer.scope.horizon_months} months ahead",
        )
