"""Two adjacent senior levels of a track with the same breadth of scope.

From the third rank up (option `min_rank`), a promotion should widen what a level owns: when two
levels both say "a domain" or "a portfolio", a reader cannot tell from the scope what changes.
Early levels often differ in autonomy rather than breadth, so they are not checked, nor is the
first level of a forked track against the trunk level it starts after. Give each level its own
breadth (a framework can declare its own scale under `breadths:`), or leave breadth out of one of
them and say in the scope summary how it grows.

Fails:
    levels:
      - id: pm-3
        scope: {summary: A product area., breadth: product, horizon_months: 12}
Passes:
    levels:
      - id: pm-3
        scope: {summary: A product area., breadth: product-area, horizon_months: 12}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "shared-breadth"
SEVERITY = "warning"
CONF: dict[str, Any] = {"min_rank": 3}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for level in track.levels:
            if level.follows is None or level.rank < conf["min_rank"]:
                continue
            below = framework.level(level.follows)
            if below.track_id != track.id:  # a fork: a different kind of role, compared by other rules
                continue
            if level.scope.breadth is not None and level.scope.breadth == below.scope.breadth:
                yield Finding(
                    level.source,
                    f"`{level.id}` and `{below.id}` below it share one breadth "
                    f"({level.scope.breadth_name or level.scope.breadth}); "
                    "say what the higher level owns that the lower does not",
                )
