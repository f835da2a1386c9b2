"""Promotion criteria into a level that are looser than those into the level below it.

Compares minimum ratings for the same competency or category (a lower rating, or a rating no
longer asked for) and time in role (shorter).

Fails:
    levels:
      - id: pm-3
        promotion:
          min_ratings: [{competency: delivery, rating: developing}]
          min_months_in_role: 6
Passes:
    levels:
      - id: pm-3
        promotion:
          min_ratings: [{competency: delivery, rating: advanced}]
          min_months_in_role: 18
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "promotion-looser"
SEVERITY = "warning"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    order = framework.rating_order
    for track in framework.tracks:
        for below, level in zip(track.levels, track.levels[1:], strict=False):
            if below.promotion is None or level.promotion is None:
                continue
            current = {(r.competency_id, r.category_id): r for r in level.promotion.min_ratings}
            covered = {c: order(c, r.rating) for r in level.promotion.min_ratings for c in r.competency_ids}
            for rating in below.promotion.min_ratings:
                target = rating.competency_id or f"{rating.category_id} (category)"
                same = current.get((rating.competency_id, rating.category_id))
                # each competency on its own scale: a category's competencies may be rated on different ones
                lower = (
                    [c for c in rating.competency_ids if order(c, same.rating) < order(c, rating.rating)]
                    if same
                    else []
                )
                if same is not None and lower:
                    yield Finding(
                        level.promotion.source,
                        f"promotion into `{level.id}` asks {same.rating} in {target},"
                        f" below the {rating.rating} asked into `{below.id}`",
                    )
                elif same is None and any(covered.get(c, -1) < order(c, rating.rating) for c in rating.competency_ids):
                    yield Finding(
                        level.promotion.source,
                        f"promotion into `{level.id}` no longer asks at least {rating.rating} in {target},"
                        f" as promotion into `{below.id}` does",
                    )
            months_below, months = below.promotion.min_months_in_role, level.promotion.min_months_in_role
            if months_below is not None and (months or 0) < months_below:
                yield Finding(
                    level.promotion.source,
                    f"promotion into `{level.id}` needs {months or 0} months in role,"
                    f" fewer than into `{below.id}` ({months_below})",
                )
