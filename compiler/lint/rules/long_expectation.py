"""A behaviour too long to read as one observable action.

Fails:  a 60-word sentence listing five activities.
Passes: one action, its object and its bar, in under 40 words.
"""

from __future__ import annotations

from .. import Finding, behaviours

ID = "long-expectation"
SEVERITY = "warning"
CONF = {"max_words": 40}


def check(framework, conf):
    for level, competency, expectation in behaviours(framework):
        words = len(expectation.text.split())
        if words > conf["max_words"]:
            yield Finding(expectation.source, f"behaviour in `{level.id}`/`{competency}` has {words} words (at most {conf['max_words']}); split it or cut it")
