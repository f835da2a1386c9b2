"""Promotion criteria made of prose alone: no minimum rating, no required evidence, no process step.

Prose cannot be checked in calibration; structured criteria can.

Fails:
    levels:
      - id: pm-3
        promotion: {description: Ready for the next level., min_ratings: null, min_months_in_role: null}
Passes:
    levels:
      - id: pm-3
        promotion:
          description: Ready for the next level.
          evidence: [{id: area-plan, description: Wrote one yearly plan for an area.}]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "unobservable-promotion"
SEVERITY = "warning"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for level in track.levels:
            promotion = level.promotion
            if promotion and not (promotion.min_ratings or promotion.evidence or promotion.process):
                rated = any(framework.scale_of(c) is not None for c in track.competency_ids)
                yield Finding(
                    promotion.source,
                    f"promotion into `{level.id}` is prose only: add "
                    + (
                        "minimum ratings, required evidence or process steps"
                        if rated
                        else "required evidence or process steps"
                    ),
                )
