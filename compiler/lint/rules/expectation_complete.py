"""A competency a level rates without an expected rating there.

The expected rating (`expected:`) is the rating a person settled in the level shows. Without it
for every competency the level rates, a reviewer cannot tell "doing the job" from "ready for the
next one", and a promotion bar cannot be checked against it (`promotion-above-expectation`).
Give every rated competency of every level its `expected:` rating; mark a competency the level
does not rate `not_applicable` instead. A competency rated on no scale (a framework without
`scale`) states behaviours only, and the rule leaves it alone.

Fails:
    levels:
      - {id: pm-1, expectations: {discovery: {expected: null}}}
      - {id: pm-2, expectations: {discovery: {expected: null}}}
      - {id: pm-3, expectations: {discovery: {expected: null}}}
Passes:
    levels:
      - {id: pm-1, expectations: {discovery: {expected: developing}}}
      - {id: pm-2, expectations: {discovery: {expected: proficient}}}
      - {id: pm-3, expectations: {discovery: {expected: advanced}}}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding

ID = "expectation-complete"
SEVERITY = "error"
CONF: dict[str, Any] = {}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for level in track.levels:
            for block in level.expectations:
                rated = framework.scale_of(block.competency_id) is not None  # on no scale there is no rating to state
                if block.applicable and rated and block.expected is None:
                    yield Finding(
                        block.source,
                        f"`{level.id}` rates {framework.competency(block.competency_id).name} but states no"
                        " expected rating for it; add `expected:`",
                    )
