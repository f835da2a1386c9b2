"""A bar into a level that asks for more than the job: the level entered, or the level held.

A promotion or career move into a level asks for ratings; the `expected:` rating of a level is
what a person settled in it shows. Asking more on the way in than the job asks of those already
in it cannot be defended to the person refused. And a candidate is rated on the behaviours of
the level they hold (the route's source: the level below for a promotion or a hire, the level
moved from for a move), so a bar above what that level expects asks them to outperform their own
job, or to do the new one first. Each rating a bar asks is checked against both expectations
(the level entered first). Lower the bar to the expected rating, raise the expected rating, or
declare a reviewed exception on that route (`exceptions: [{rule: promotion-above-expectation,
...}]`) that says why.

Fails:
    levels:
      - id: pm-2
        expectations:
          delivery: {expected: developing}
Passes:
    levels:
      - id: pm-2
        expectations:
          delivery: {expected: proficient}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from ...model.routes import all_routes, asked_ratings
from .. import Finding

ID = "promotion-above-expectation"
SEVERITY = "error"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    order = framework.rating_order
    for route in all_routes(framework):
        if route.criteria.excepted(ID):
            continue
        held = route.from_level  # the level the candidate holds; for a hire, the one below (None: the entry level)
        for competency_id, rating in asked_ratings(route.criteria, framework).items():
            name = framework.competency(competency_id).name
            if route.target.rates(competency_id):
                expected = route.target.expectations_for(competency_id).expected
                if expected is not None and order(competency_id, rating) > order(competency_id, expected):
                    yield Finding(
                        route.criteria.source,
                        f"{route.name} asks {rating} in {name}, above the {expected} expected of people settled in"
                        f" `{route.target.id}`",
                    )
                    continue  # one finding per rating: lowering it to the target's expectation comes first
            if held is None or not held.rates(competency_id):
                continue  # nothing held to rate against: circular-entry and move-unrated-competency speak there
            expected = held.expectations_for(competency_id).expected
            if expected is not None and order(competency_id, rating) > order(competency_id, expected):
                yield Finding(
                    route.criteria.source,
                    f"{route.name} asks {rating} in {name}, above the {expected} expected at `{held.id}`, the level"
                    " the candidate holds and is rated on",
                )
