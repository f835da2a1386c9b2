"""A bar into a level that asks for more than the level's settled people are expected to show.

A promotion or career move into a level asks for ratings against that level's behaviours; the
level's `expected:` rating is what a person settled in the level shows. Asking more on the way
in than the job asks of those already in it cannot be defended to the person refused. Lower the
bar to the expected rating, raise the expected rating, or declare a reviewed exception on that
route (`exceptions: [{rule: promotion-above-expectation, ...}]`) that says why.

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
        for competency_id, rating in asked_ratings(route.criteria, framework).items():
            if not route.target.rates(competency_id):
                continue
            expected = route.target.expectations_for(competency_id).expected
            if expected is not None and order(competency_id, rating) > order(competency_id, expected):
                yield Finding(
                    route.criteria.source,
                    f"{route.name} asks {rating} in {framework.competency(competency_id).name}, above the"
                    f" {expected} expected of people settled in `{route.target.id}`",
                )
