"""A level without direct reports rated on a competency only people managers can show.

A competency marked `requires_direct_reports: true` (such as people management) can only be shown
by managing people. A level whose scope has no direct reports (no `direct_reports`, or a maximum
of 0) must mark it `not_applicable` with the reason, so that nobody is rated, or refused a
promotion, on work the level does not give them. Mentoring without reports is a different
competency: define it as one.

Fails:
    competencies:
      - {id: discovery, requires_direct_reports: true}
Passes:
    competencies:
      - {id: discovery, requires_direct_reports: true}
    levels:
      - id: pm-1
        expectations:
          discovery: {not_applicable: The level has no direct reports., behaviours: null, expected: null}
      - id: pm-2
        expectations:
          discovery: {not_applicable: The level has no direct reports., behaviours: null, expected: null}
      - id: pm-3
        expectations:
          discovery: {not_applicable: The level has no direct reports., behaviours: null, expected: null}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "not-applicable"
SEVERITY = "error"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for level in track.levels:
            if level.has_direct_reports:
                continue
            for block in level.expectations:
                competency = framework.competency(block.competency_id)
                if competency.requires_direct_reports and block.applicable:
                    yield Finding(
                        block.source,
                        f"`{level.id}` has no direct reports but rates {competency.name}, which needs them;"
                        " mark it `not_applicable` with the reason",
                    )
