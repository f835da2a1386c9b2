"""A step between adjacent levels much larger or smaller than the track's other steps.

Counts the behaviours each level introduces or raises (its new expectations) at every step up a
track (a forked track's first level is a step from the trunk) and compares each with the
track's median step. A step above `max_ratio` times the median reads as a cliff; one below
`min_ratio` times it as a promotion that asks little new. Tracks with fewer than `min_steps`
steps are not checked.

Fails:
    levels:
      - id: pm-3
        expectations:
          delivery:
            behaviours:
              - Sets the yearly roadmap for the area.
              - Agrees the area's release calendar with marketing.
              - Runs the quarterly review of the area's delivery.
              - Plans the area's headcount with the engineering manager.
          discovery:
            behaviours:
              - Runs the research plan for the area.
              - Funds one discovery bet each quarter.
              - Reviews every research finding with the product teams.
Passes:
    levels:
      - id: pm-3
        expectations:
          delivery:
            behaviours: [Sets the yearly roadmap for the area., Plans the area's headcount.]
          discovery: {behaviours: [Runs the research plan for the area.]}
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "uneven-step"
SEVERITY = "warning"
CONF: dict[str, Any] = {"max_ratio": 2.0, "min_ratio": 0.5, "min_steps": 2}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        steps = [
            (level, sum(len(block.new) for block in level.expectations))
            for level in track.levels
            if level.follows is not None
        ]
        if len(steps) < conf["min_steps"]:
            continue
        median = statistics.median(count for _, count in steps)
        for level, count in steps:
            if count > median * conf["max_ratio"] or count < median * conf["min_ratio"]:
                yield Finding(
                    level.source,
                    f"the step into `{level.id}` brings {count} new expectations, against a median of"
                    f" {median:g} per step in {track.name}",
                )
