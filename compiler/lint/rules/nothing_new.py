"""A level above the first that adds nothing over the level below.

Every behaviour it lists repeats one of the level below (at the `repeated-expectation`
similarity), or it lists none, and it expects no higher proficiency in any competency.

Fails:
    levels:
      - id: pm-2
        expectations:
          delivery: {expected: developing, behaviours: [Runs sprint planning for the team.]}
          discovery: {expected: developing, behaviours: [Interviews five customers each month.]}
Passes:
    levels:
      - id: pm-2
        expectations:
          delivery: {behaviours: [Runs sprint planning for the team.]}
          discovery: {behaviours: [Picks the next bets from the findings of customer research.]}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ...model import Expectation, Framework, Level
from .. import Finding, word_similarity

ID = "nothing-new"
SEVERITY = "warning"
CONF = {"similarity": 0.85}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for below, level in zip(track.levels, track.levels[1:], strict=False):
            if _raises_expected(framework, below, level):
                continue
            if not any(
                _is_new(e, below.expectations_for(block.competency_id).cumulative, conf["similarity"])
                for block in level.expectations
                for e in block.new
            ):
                yield Finding(level.source, f"level `{level.id}` adds or raises nothing over `{below.id}`")


def _is_new(expectation: Expectation, lower: Iterable[Expectation], threshold: float) -> bool:
    return all(word_similarity(previous.text, expectation.text) < threshold for previous in lower)


def _raises_expected(framework: Framework, below: Level, level: Level) -> bool:
    order = framework.rating_order
    lower = {block.competency_id: block.expected for block in below.expectations}
    return any(
        block.expected
        and (before := lower.get(block.competency_id))
        and order(block.competency_id, block.expected) > order(block.competency_id, before)
        for block in level.expectations
    )
