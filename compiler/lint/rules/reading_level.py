"""A behaviour whose reading level sits far above the rest of the ladder.

Uses the Flesch-Kincaid grade of each behaviour against the ladder's median; a behaviour more
than `margin` grades above it is flagged. Long words and long sentences raise the grade.

Fails:
    levels:
      - id: pm-3
        expectations:
          discovery:
            behaviours:
              - Operationalises multidimensional organisational prioritisation methodologies
                institutionalising interdepartmental accountability.
Passes:
    levels:
      - id: pm-3
        expectations:
          discovery: {behaviours: [Sets the priorities for the quarter and explains them to the team.]}
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, behaviours

ID = "reading-level"
SEVERITY = "warning"
CONF = {"margin": 8.0}


def syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and not word.endswith(("le", "ee")) and len(groups) > 1 else 0)
    return max(count, 1)


def grade(text: str) -> float:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    if not words:
        return 0.0
    sentences = max(len(re.findall(r"[.!?]+(?:\s|$)", text)), 1)
    return 0.39 * len(words) / sentences + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    items = list(behaviours(framework))
    if len(items) < 5:
        return
    median = statistics.median(grade(e.text) for _, _, e in items)
    for level, competency, expectation in items:
        score = grade(expectation.text)
        if score > median + conf["margin"]:
            yield Finding(
                expectation.source,
                f"behaviour in `{level.id}`/`{competency}` reads at grade {score:.0f},"
                f" far above the ladder's median of {median:.0f}; use shorter words and sentences",
            )
