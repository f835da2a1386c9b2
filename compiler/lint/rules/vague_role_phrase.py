"""Role phrases that name a status instead of a behaviour: nobody can observe "shapes" or "is trusted".

A reviewer asked "did they shape the strategy?" has nothing to check. Say what the person writes,
decides, presents or changes, and who sees it.

Fails:
    levels:
      - id: pm-2
        expectations:
          discovery: {behaviours: [Shapes the product's strategy and acts as the voice of the customer.]}
Passes:
    levels:
      - id: pm-2
        expectations:
          discovery:
            behaviours: [Writes the product's yearly strategy and presents customer research at each roadmap review.]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, texts

ID = "vague-role-phrase"
SEVERITY = "warning"
CONF = {
    "phrases": [
        r"shap(?:e|es|ed|ing)",
        r"(?:is |are )?trusted (?:with|to)",
        r"(?:acts|serves) as (?:the |a )?(?:voice|face|champion) of",
        r"the voice of",
        r"[\w-]+['’]s voice",
        r"champions?",
        r"thought lead(?:er|ership)",
        r"(?:is|are) seen as",
        r"(?:is|are) known for",
        r"role model",
        r"go-to (?:person|expert)",
        r"drives? alignment",
        r"owns? the vision",
    ]
}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    pattern = re.compile(r"(?<![\w-])(" + "|".join(conf["phrases"]) + r")(?![\w-])", re.IGNORECASE)
    for source, what, text in texts(framework):
        found = sorted({m.group(1).lower() for m in pattern.finditer(text)})
        if found:
            yield Finding(
                source,
                f"{what} names a status, not a behaviour: {', '.join(repr(p) for p in found)};"
                " say what the person does and who can see it",
            )
