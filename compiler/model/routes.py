"""Every way into a level, for the fairness lint rules and for a table of routes: promotion from
the level below (or joining, for a track's first level) through the level's `promotion`, and each
declared career move into it that has criteria of its own. A move without criteria is judged on
the level's promotion, so it is the same route."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import Framework, Level, Promotion


@dataclass(frozen=True)
class Route:
    target: Level
    criteria: Promotion
    from_level: Level | None  # the level the candidate holds; None when they join from outside
    move: bool  # a declared career move, not the level's own promotion

    @property
    def name(self) -> str:
        if self.move and self.from_level is not None:
            return f"the move `{self.from_level.id}` → `{self.target.id}`"
        if self.from_level is None:
            return f"entry into `{self.target.id}`"
        return f"promotion into `{self.target.id}`"


def routes_into(framework: Framework, level: Level) -> Iterator[Route]:
    if level.promotion is not None:
        below = framework.level(level.follows) if level.follows else None
        yield Route(level, level.promotion, below, False)
    for track in framework.tracks:
        for source in track.levels:
            for move in source.moves:
                if move.to == level.id and move.to_kind == "level" and move.criteria is not None:
                    yield Route(level, move.criteria, source, True)


def all_routes(framework: Framework) -> Iterator[Route]:
    for track in framework.tracks:
        for level in track.levels:
            yield from routes_into(framework, level)


def asked_ratings(criteria: Promotion, framework: Framework) -> dict[str, str]:
    """Competency id → the highest rating the criteria ask for it (a category asks for each of its
    competencies), each on the competency's own scale."""
    asked: dict[str, str] = {}
    order = framework.rating_order
    for rating in criteria.min_ratings:
        for competency_id in rating.competency_ids:
            if competency_id not in asked or order(competency_id, rating.rating) > order(
                competency_id, asked[competency_id]
            ):
                asked[competency_id] = rating.rating
    return asked
