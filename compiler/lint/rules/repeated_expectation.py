"""A behaviour at a level that repeats, nearly word for word, one of the level below.

A higher level must ask for something new or raised; a near copy asks for nothing.

Fails:
    levels:
      - id: pm-2
        expectations:
          delivery: {behaviours: [Runs the sprint planning for the team.]}
Passes:
    levels:
      - id: pm-2
        expectations:
          delivery: {behaviours: [Sets the delivery rhythm for the group and tracks velocity trends.]}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, word_similarity

ID = "repeated-expectation"
SEVERITY = "warning"
CONF = {"similarity": 0.85}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for below, level in zip(track.levels, track.levels[1:], strict=False):
            for block in level.expectations:
                lower = below.expectations_for(block.competency_id).cumulative
                for expectation in block.new:
                    for previous in lower:
                        ratio = word_similarity(previous.text, expectation.text)
                        if ratio >= conf["similarity"]:
                            yield Finding(
                                expectation.source,
                                f"`{level.id}`/`{block.competency_id}` repeats a behaviour of `{previous.level_id}`"
                                f" ({ratio:.0%} similar): say what is new or raised here",
                            )
                            break
