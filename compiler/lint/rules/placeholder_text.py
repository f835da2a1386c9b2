"""Empty or placeholder text left in a rubric: TBD, TODO, FIXME, XXX, ???, lorem ipsum.

Fails:
    levels:
      - {id: pm-2, summary: TBD}
Passes:
    levels:
      - {id: pm-2, summary: Owns one product and its quarterly plan.}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, texts

ID = "placeholder-text"
SEVERITY = "error"
CONF = {
    "patterns": [r"\bTBD\b", r"\bTODO\b", r"\bFIXME\b", r"\bXXX\b", r"\?\?\?", r"\blorem ipsum\b", r"\bplaceholder\b"]
}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    pattern = re.compile("|".join(conf["patterns"]), re.IGNORECASE)
    for source, what, text in texts(framework):
        if not text.strip():
            yield Finding(source, f"{what} is empty")
        elif match := pattern.search(text):
            yield Finding(source, f"placeholder “{match.group(0)}” in {what}")
