"""A junior duty a senior level still carries: unchanged for too many levels, or against its scope.

Behaviours accumulate: each level keeps those below it unless one is raised (`raises:`), retired
(`retires:`) or the competency's `progression` is `replace`. Two cases read as a senior level
still doing a junior job. First, a behaviour carried up unchanged more than `max_levels` levels
above the one that introduced it (reported once, at the first level past the limit). Second, a
carried-up behaviour that names hands-on team duties (`hands_on_words`: backlog, sprint, interim
PM, stand-ups) in a level whose scope contradicts them: one that manages managers (its
direct-reports note names the title of a level that has reports of its own) or whose breadth is
`manager_breadth` or wider.

Raise the behaviour at the level, retire it with `retires:`, or set `progression: replace`.

Fails:
    levels:
      - id: pm-1
        expectations:
          delivery: {behaviours: [{id: pm-1-sprints, text: Runs sprint planning for the team.}]}
      - id: pm-2
        scope: {direct_reports: {min: 1, max: 3, description: Product Managers}}
      - id: pm-3
        scope: {direct_reports: {min: 2, max: 4, description: Senior Product Managers}}
Passes:
    levels:
      - id: pm-1
        expectations:
          delivery: {behaviours: [{id: pm-1-sprints, text: Runs sprint planning for the team.}]}
      - id: pm-2
        scope: {direct_reports: {min: 1, max: 3, description: Product Managers}}
      - id: pm-3
        scope: {direct_reports: {min: 2, max: 4, description: Senior Product Managers}}
        expectations:
          delivery: {retires: [pm-1-sprints]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...model import Framework, Level
from .. import Finding

ID = "inherited-duty"
SEVERITY = "error"
CONF: dict[str, Any] = {
    "max_levels": 2,
    "hands_on_words": [
        "backlog",
        "sprint",
        "interim pm",
        "interim-pm",
        "interim product manager",
        "stand-up",
        "standup",
    ],
    "manager_breadth": "product-group",
}


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    hands_on = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in conf["hands_on_words"]) + r")", re.IGNORECASE)
    for track in framework.tracks:
        for level in track.levels:
            chain = (*framework.ladder_of(level.id), level.id)
            senior = _senior_scope(framework, level, conf["manager_breadth"])
            for block in level.expectations:
                for expectation in block.inherited:
                    distance = len(chain) - 1 - chain.index(expectation.level_id)
                    name = f"`{expectation.id}` (from `{expectation.level_id}`)"
                    match = hands_on.search(expectation.text) if senior else None
                    if match:
                        yield Finding(
                            block.source,
                            f"`{level.id}` ({senior}) still carries {name}, a hands-on duty"
                            f" (“{match.group(0)}”); raise it, retire it (`retires:`) or set `progression: replace`",
                        )
                    elif distance == conf["max_levels"] + 1:
                        yield Finding(
                            block.source,
                            f"`{level.id}` still carries {name} unchanged, {distance} levels up;"
                            " raise it, retire it (`retires:`) or set `progression: replace`",
                        )


def _senior_scope(framework: Framework, level: Level, manager_breadth: str) -> str | None:
    """Why hands-on duties contradict the level's scope, or None when they do not."""
    note = (level.scope.direct_reports_note or "").casefold()
    for track in framework.tracks:
        for other in track.levels:
            if other.has_direct_reports and other.title.casefold() in note:
                return f"manages {other.title}s"
    threshold = next((b.order for b in framework.breadths if b.id == manager_breadth), None)
    if threshold is not None and level.scope.breadth_order is not None and level.scope.breadth_order >= threshold:
        return f"breadth {level.scope.breadth_name or level.scope.breadth}"
    return None
