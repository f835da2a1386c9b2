"""Executable rule examples: each lint rule's docstring shows, after `Fails:` and `Passes:`, a YAML
overlay on the small example ladder below. Tests run every rule on both (the failing one must
yield that rule's finding, the passing one none), and the docs show them as they are.

An overlay may hold `levels:` (partial levels, merged by id into the example's levels: mappings
merge, anything else replaces), `competencies:` (merged by id, or added), `tracks:` (whole tracks,
added) and `career_paths:` (replaces).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..model import Framework

BASE = """\
framework:
  id: example
  name: Example Framework
  organisation: Example Org
  version: 1.0.0
  effective_date: 2026-01-01
  scale:
    id: proficiency
    name: Proficiency
    values:
      - {id: developing, name: Developing, description: Shows the behaviour with help.}
      - {id: proficient, name: Proficient, description: Shows the behaviour on their own.}
      - {id: advanced, name: Advanced, description: Teaches the behaviour to others.}
  categories:
    - {id: craft, name: Craft, description: How the work gets done.}
competencies:
  - {id: delivery, name: Delivery, category: craft, description: Ships the work.}
  - {id: discovery, name: Discovery, category: craft, description: Finds the right work.}
tracks:
  - id: pm
    name: Product Manager
    kind: individual-contributor
    description: Builds products.
    competencies: [delivery, discovery]
    levels:
      - id: pm-1
        title: Product Manager
        rank: 1
        summary: Owns one feature area.
        scope: {summary: One feature area., breadth: feature, horizon_months: 3}
        expectations:
          delivery: {expected: developing, behaviours: [Runs sprint planning for the team.]}
          discovery: {expected: developing, behaviours: [Interviews five customers each month.]}
      - id: pm-2
        title: Senior Product Manager
        rank: 2
        summary: Owns one product.
        scope: {summary: One product., breadth: product, horizon_months: 6}
        expectations:
          delivery: {expected: proficient, behaviours: [Plans the releases of each quarter with the engineering leads.]}
          discovery: {expected: proficient, behaviours: [Picks the next bets from the findings of customer research.]}
        promotion:
          description: Ready to own a product.
          min_ratings: [{competency: delivery, rating: developing}]
          min_months_in_role: 12
      - id: pm-3
        title: Lead Product Manager
        rank: 3
        summary: Owns a product area.
        scope: {summary: A product area., breadth: product-area, horizon_months: 12}
        expectations:
          delivery: {expected: advanced, behaviours: [Sets the yearly roadmap for the area.]}
          discovery: {expected: advanced, behaviours: [Runs the research plan for the area.]}
        promotion:
          description: Ready to own an area.
          min_ratings: [{competency: delivery, rating: proficient}]
          min_months_in_role: 12
"""


def example_framework(overlay: str = "") -> Framework:
    """The example ladder with `overlay` (YAML) applied; raises ValueError if it is not valid."""
    from ..pipeline import compile_documents
    from ..source.load import load_file

    data = yaml.safe_load(BASE)
    _apply(data, yaml.safe_load(overlay) or {})
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")
    document, problems = load_file(Path("<example>"), text, display="<example>")
    compiled = compile_documents([document] if document else [], problems, Path("."))
    if compiled.framework is None:
        raise ValueError(
            "invalid example: " + "; ".join(f"{p.line}:{p.column} {p.rule} {p.message}" for p in compiled.problems)
        )
    return compiled.framework


def _apply(data: dict[str, Any], overlay: dict[str, Any]) -> None:
    unknown = set(overlay) - {"levels", "competencies", "tracks", "career_paths"}
    if unknown:
        raise ValueError(
            f"an example overlay holds levels, competencies, tracks or career_paths, not {', '.join(sorted(unknown))}"
        )
    competencies = {competency["id"]: competency for competency in data["competencies"]}
    for partial in overlay.get("competencies", []):
        if partial["id"] in competencies:
            _merge(competencies[partial["id"]], partial)
        else:
            data["competencies"].append(partial)
    levels = {level["id"]: level for track in data["tracks"] for level in track["levels"]}
    for partial in overlay.get("levels", []):
        if partial["id"] not in levels:
            raise ValueError(f"the example ladder has no level `{partial['id']}`")
        _merge(levels[partial["id"]], partial)
    data["tracks"] += overlay.get("tracks", [])
    if "career_paths" in overlay:
        data["career_paths"] = overlay["career_paths"]


def _merge(target: dict[str, Any], partial: dict[str, Any]) -> None:
    for key, value in partial.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif value is None:
            target.pop(key, None)  # `key: null` removes it
        else:
            target[key] = value
