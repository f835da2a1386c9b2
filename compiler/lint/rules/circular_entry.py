"""An entry or move bar that only someone already holding the target role could meet.

A rating is given against the behaviours of the level the person would join. When the candidate's
current level does not rate that competency, or when they join from outside the framework (the
first level of a track with no level below it), a rating of `from_rating` or above can only be
earned by doing the target level's own work: a Senior PM asked to be Proficient at writing the
portfolio's annual strategic themes before holding the role that writes them. Likewise an
evidence item that reads like one of the target level's own new behaviours (word similarity
`similarity` or more) asks for the job as proof of readiness for it.

Ask for a lower rating with evidence the candidate can gather where they are, show the level they
come from (a trunk level the track `starts_after`), or declare a reviewed exception on the route
(`exceptions: [{rule: circular-entry, ...}]`).

Fails:
    levels:
      - id: pm-1
        promotion:
          description: Hire a product manager who has shipped a feature.
          min_ratings: [{competency: delivery, rating: proficient}]
Passes:
    levels:
      - id: pm-1
        promotion:
          description: Hire a product manager who has shipped a feature.
          min_ratings: [{competency: delivery, rating: developing}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from ...model.routes import Route, all_routes, asked_ratings
from .. import Finding, word_similarity

ID = "circular-entry"
SEVERITY = "error"
CONF: dict[str, Any] = {"from_rating": "proficient", "similarity": 0.6}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for route in all_routes(framework):
        if route.criteria.excepted(ID):
            continue
        yield from _ratings(framework, route, conf["from_rating"])
        yield from _evidence(route, conf["similarity"])


def _ratings(framework: Framework, route: Route, from_rating: str) -> Iterator[Finding]:
    for competency_id, rating in asked_ratings(route.criteria, framework).items():
        scale = framework.scale_of(competency_id)
        if scale is None or from_rating not in scale.value_ids:  # the threshold is a value of the scales that have it
            continue
        if scale.order(rating) < scale.order(from_rating) or not route.target.rates(competency_id):
            continue
        name = framework.competency(competency_id).name
        current = route.from_level
        if current is None:
            duties = route.target.expectations_for(competency_id).new
            duty = f" (“{_short(duties[0].text)}”)" if duties else ""
            yield Finding(
                route.criteria.source,
                f"{route.name} asks {rating} in {name} against `{route.target.id}`'s own behaviours{duty},"
                " which a candidate joining from outside the framework can only show by holding the role",
            )
        elif not current.rates(competency_id):
            yield Finding(
                route.criteria.source,
                f"{route.name} asks {rating} in {name}, which `{current.id}` does not rate:"
                f" only holding `{route.target.id}` would show it",
            )


def _evidence(route: Route, similarity: float) -> Iterator[Finding]:
    duties = [e for block in route.target.expectations for e in block.new]
    for item in route.criteria.evidence:
        duty = next((e for e in duties if word_similarity(item.description, e.text) >= similarity), None)
        if duty is not None:
            yield Finding(
                route.criteria.source,
                f"{route.name} asks for evidence `{item.id}`, which reads as `{route.target.id}`'s own duty"
                f" “{_short(duty.text)}”: only holding the role would produce it",
            )


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
