"""Scope that shrinks as rank grows: fewer direct reports, a shorter horizon or narrower breadth.
Compares what both levels give (a level without a horizon or breadth is not compared on it), and
a forked track's first level with the trunk level it starts after.

Fails:
    levels:
      - id: pm-3
        scope: {horizon_months: 4}
Passes:
    levels:
      - id: pm-3
        scope: {horizon_months: 18}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "scope-regression"
SEVERITY = "warning"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for level in track.levels:
            if level.follows is None:
                continue
            below = framework.level(level.follows)  # the trunk level for the first level of a fork
            a, b = below.scope, level.scope
            if a.horizon_months is not None and b.horizon_months is not None and b.horizon_months < a.horizon_months:
                yield Finding(
                    level.source,
                    f"`{level.id}` plans {b.horizon_months} months ahead, less than `{below.id}` ({a.horizon_months})",
                )
            if a.breadth_rank is not None and b.breadth_rank is not None and b.breadth_rank < a.breadth_rank:
                yield Finding(
                    level.source, f"`{level.id}` owns a {b.breadth}, narrower than `{below.id}` ({a.breadth})"
                )
            if (
                a.direct_reports_max is not None
                and b.direct_reports_max is not None
                and b.direct_reports_max < a.direct_reports_max
            ):
                yield Finding(
                    level.source,
                    f"`{level.id}` manages at most {b.direct_reports_max} people,"
                    f" fewer than `{below.id}` ({a.direct_reports_max})",
                )
