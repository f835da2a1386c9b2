"""A level above the first that adds nothing: every behaviour it lists repeats one of the level
below (at the `repeated-expectation` similarity), or it lists none.

Fails:  senior-gpm restates gpm's behaviours, word for word or nearly.
Passes: at least one behaviour of the level asks for something the level below does not.
"""

from __future__ import annotations

from .. import Finding, word_similarity

ID = "nothing-new"
SEVERITY = "warning"
CONF = {"similarity": 0.85}


def check(framework, conf):
    for track in framework.tracks:
        for below, level in zip(track.levels, track.levels[1:]):
            if not any(_is_new(e, below.expectations_for(block.competency_id).cumulative, conf["similarity"]) for block in level.expectations for e in block.new):
                yield Finding(level.source, f"level `{level.id}` adds or raises nothing over `{below.id}`")


def _is_new(expectation, lower, threshold: float) -> bool:
    return all(word_similarity(previous.text, expectation.text) < threshold for previous in lower)
