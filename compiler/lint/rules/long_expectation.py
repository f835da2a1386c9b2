"""A behaviour too long to read as one observable action.

Fails:
    levels:
      - id: pm-2
        expectations:
          delivery:
            behaviours:
              - Plans the releases of each quarter with the engineering leads, writes the release notes,
                runs the launch review, reports adoption to the leadership team every month, keeps the
                roadmap page current, and trains the support team on every feature before it ships.
Passes:
    levels:
      - id: pm-2
        expectations:
          delivery: {behaviours: [Plans the releases of each quarter with the engineering leads.]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, behaviours

ID = "long-expectation"
SEVERITY = "warning"
CONF = {"max_words": 40}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for level, competency, expectation in behaviours(framework):
        words = len(expectation.text.split())
        if words > conf["max_words"]:
            yield Finding(
                expectation.source,
                f"behaviour in `{level.id}`/`{competency}` has {words} words (at most {conf['max_words']});"
                " split it or cut it",
            )
