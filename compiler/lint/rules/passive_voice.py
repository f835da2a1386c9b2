"""Passive voice in a behaviour: it hides who acts. Behaviours start with what the person does.

Fails:
    levels:
      - id: pm-3
        expectations:
          delivery: {behaviours: [Roadmaps are reviewed every quarter.]}
Passes:
    levels:
      - id: pm-3
        expectations:
          delivery: {behaviours: [Reviews the roadmaps of the area every quarter.]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, behaviours

ID = "passive-voice"
SEVERITY = "warning"
CONF: dict[str, Any] = {}

_IRREGULAR = (
    "known shown given made done seen taken written driven chosen held kept built run set led brought found met sent"
    " spent told understood"
)
_PASSIVE = re.compile(
    r"\b(is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(\w+ed|" + "|".join(_IRREGULAR.split()) + r")\b", re.IGNORECASE
)
_ADJECTIVES = {
    "based",
    "aligned",
    "focused",
    "related",
    "interested",
    "involved",
    "required",
    "needed",
    "used",
    "limited",
    "qualified",
    "experienced",
    "skilled",
}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for level, competency, expectation in behaviours(framework):
        for match in _PASSIVE.finditer(expectation.text):
            if match.group(2).lower() not in _ADJECTIVES:
                yield Finding(
                    expectation.source,
                    f"passive voice in `{level.id}`/`{competency}`: “{match.group(0)}”; say who does what",
                )
                break
