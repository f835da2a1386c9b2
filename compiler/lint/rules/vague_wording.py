"""Vague, unobservable words in rubric text: nobody can tell whether they were met.

Fails:
    levels:
      - id: pm-2
        expectations:
          discovery: {behaviours: [Has strong communication skills and handles various stakeholders as needed.]}
Passes:
    levels:
      - id: pm-2
        expectations:
          discovery: {behaviours: [Presents the quarter's results to the leadership review and records its decisions.]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, texts

ID = "vague-wording"
SEVERITY = "warning"
CONF = {
    "words": [
        "good",
        "great",
        "strong",
        "excellent",
        "various",
        "etc.",
        "etc",
        "as needed",
        "as appropriate",
        "appropriate",
        "appropriately",
        "effectively",
        "efficiently",
        "successfully",
        "relevant",
        "robust",
        "world-class",
        "best-in-class",
        "synergy",
        "synergies",
        "and so on",
        "high-quality",
        "solid",
    ]
}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(conf["words"], key=len, reverse=True)) + r")(?![\w-])",
        re.IGNORECASE,
    )
    for source, what, text in texts(framework):
        found = sorted({m.group(1).lower() for m in pattern.finditer(text)})
        if found:
            yield Finding(
                source,
                f"vague wording in {what}: {', '.join(repr(w) for w in found)}; say what can be observed instead",
            )
