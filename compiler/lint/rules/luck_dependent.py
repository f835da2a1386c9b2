"""Criteria a person cannot earn by their own work: results that depend on luck or on one seat.

Attrition, survey scores of small teams, market share and "the company's" one-off artefacts
depend on events outside the person's control, or can be met by only one person at a time.
Ask for the behaviour instead (the stay conversations held, the research run, the part owned).

Fails:
    levels:
      - id: pm-2
        expectations:
          delivery: {behaviours: [Keeps team engagement scores high with no regretted attrition for a year.]}
Passes:
    levels:
      - id: pm-2
        expectations:
          delivery:
            behaviours: [Holds a yearly career conversation with each teammate and agrees a growth plan with HR.]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import Framework
from .. import Finding, texts

ID = "luck-dependent"
SEVERITY = "warning"
CONF = {
    "patterns": [
        r"\bno (?:regretted )?attrition\b",
        r"\bregretted[- ]attrition\b",
        r"\bzero (?:attrition|incidents|churn|escalations)\b",
        r"\bengagement (?:score|scores|survey|results?)\b",
        r"\bsurvey (?:scores?|results?|cycles?)\b",
        r"\b(?:at or )?above (?:the )?(?:company's |industry )?benchmark\b",
        r"\bretention (?:at|above)\b",
        r"\bthe CPO presents\b",
        r"\bthe (?:company|organisation)'s (?:only|whole|entire|product vision|budget framework)\b",
        r"\bwins? (?:an |the )?award\b",
    ]
}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    pattern = re.compile("|".join(conf["patterns"]), re.IGNORECASE)
    for source, what, text in texts(framework):
        if match := pattern.search(text):
            yield Finding(
                source,
                f"{what} depends on luck or on a single seat (“{match.group(0)}”);"
                " ask for a behaviour the person controls and more than one person can show",
            )
