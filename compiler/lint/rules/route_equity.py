"""Two ways into one level that ask for different bars or different process steps.

Every way into a level (promotion from the level below, or joining, through the level's
`promotion`; each career move into it with criteria of its own) should ask for the same
competencies at the same ratings, the same time in role, the same evidence items and the same
process steps: the same sponsor and approver roles, the same feedback sources, the same
calibration, the same timed steps (a mentoring period is a step). Two people entering one level
under different bars is a pay-equity exposure: pay progression must follow objective criteria that
are the same for everyone (EU Pay Transparency Directive 2023/970). Each move is compared with the
level's own promotion (or, without one, with the first move into the level).

Structured fields are compared exactly: ratings, months in role, the kinds and number of process
steps and the number of evidence items. Step and evidence descriptions are free text: they are
compared after normalising case, punctuation and spacing, pairing each item with its counterpart
(the same text wherever it is, else the next of the same kind), and the finding names the words
that differ. A step or evidence item that names internal or external candidates alone (“for an
internal candidate, the manager endorses the case”) sets two bars inside one route, and is
reported too. Where a route must differ, say so in the source: an exception on that route's
criteria (`exceptions: [{rule: route-equity, reason, reviewed_by, reviewed_on}]`), which the
documents print beside the route.

Fails:
    tracks:
      - id: delivery-lead
        name: Delivery Lead
        kind: management
        description: Leads the delivery of teams.
        competencies: [delivery]
        levels:
          - id: dl-1
            title: Delivery Lead
            rank: 1
            summary: Leads the delivery of one team.
            scope: {summary: One team., breadth: product, horizon_months: 6}
            expectations:
              delivery: {expected: developing, behaviours: [Runs the release plan for the team.]}
    career_paths:
      moves:
        - from: dl-1
          to: pm-2
          kind: promotion
          description: For a delivery lead who wants to own a product.
          criteria:
            description: Has planned the releases of a product.
            min_ratings: [{competency: delivery, rating: developing}]
            min_months_in_role: 6
Passes:
    tracks:
      - id: delivery-lead
        name: Delivery Lead
        kind: management
        description: Leads the delivery of teams.
        competencies: [delivery]
        levels:
          - id: dl-1
            title: Delivery Lead
            rank: 1
            summary: Leads the delivery of one team.
            scope: {summary: One team., breadth: product, horizon_months: 6}
            expectations:
              delivery: {expected: developing, behaviours: [Runs the release plan for the team.]}
    career_paths:
      moves:
        - from: dl-1
          to: pm-2
          kind: promotion
          description: For a delivery lead who wants to own a product.
          criteria:
            description: Has planned the releases of a product.
            min_ratings: [{competency: delivery, rating: developing}]
            min_months_in_role: 12
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from typing import Any

from ...model import Framework, Promotion
from ...model.routes import Route, asked_ratings, routes_into
from .. import Finding

ID = "route-equity"
SEVERITY = "error"
CONF: dict[str, Any] = {}

_EXCEPTION = "declare a reviewed exception (rule: route-equity) with the reason"
# A step or evidence item written for one group of candidates only.
_ONE_GROUP = re.compile(
    r"\b(internal|external) (?:candidate|hire|applicant)s?\b|\b(?:hired|joining|hires?) from (outside)\b", re.I
)


def check(framework: Framework, conf: dict[str, Any]) -> Iterator[Finding]:
    for track in framework.tracks:
        for level in track.levels:
            routes = list(routes_into(framework, level))
            for route in routes:
                if not route.criteria.excepted(ID):
                    yield from _one_group_steps(route)
            if len(routes) < 2:
                continue
            reference = routes[0]
            for route in routes[1:]:
                if route.criteria.excepted(ID):
                    continue
                differences = _differences(framework, reference, route)
                if differences:
                    yield Finding(
                        route.criteria.source,
                        f"{route.name} asks a different bar from {reference.name}: {'; '.join(differences)};"
                        f" ask the same, or {_EXCEPTION}",
                    )


def _one_group_steps(route: Route) -> Iterator[Finding]:
    items = [(s.id, s.description) for s in route.criteria.process] + [
        (e.id, e.description) for e in route.criteria.evidence
    ]
    for item_id, text in items:
        for clause in re.split(r"(?<=[;.])\s+", text):
            match = _ONE_GROUP.search(clause)
            if match:
                group = "external" if match.group(2) else match.group(1).lower()
                yield Finding(
                    route.criteria.source,
                    f"{route.name} asks {group} candidates alone for part of `{item_id}`: “{clause.rstrip(';.')}”;"
                    f" ask every candidate the same, or {_EXCEPTION}",
                )


def _differences(framework: Framework, reference: Route, route: Route) -> list[str]:
    found = []
    theirs = asked_ratings(reference.criteria, framework)
    ours = asked_ratings(route.criteria, framework)
    for competency_id in sorted(set(theirs) | set(ours), key=_order(framework)):
        if theirs.get(competency_id) != ours.get(competency_id):
            name = framework.competency(competency_id).name
            found.append(
                f"{name} {ours.get(competency_id, 'not asked')} (against {theirs.get(competency_id, 'not asked')})"
            )
    months, reference_months = route.criteria.min_months_in_role, reference.criteria.min_months_in_role
    if months != reference_months:
        found.append(f"{months or 0} months in role (against {reference_months or 0})")
    kinds, reference_kinds = route.criteria.process_kinds, reference.criteria.process_kinds
    if kinds != reference_kinds:
        found.append(f"process {', '.join(kinds) or 'none'} (against {', '.join(reference_kinds) or 'none'})")
    for kind in sorted(set(kinds) & set(reference_kinds)):
        ours_steps = [(s.id, s.description) for s in route.criteria.process if s.kind == kind]
        their_steps = [(s.id, s.description) for s in reference.criteria.process if s.kind == kind]
        if len(ours_steps) != len(their_steps):
            found.append(f"{_count(len(ours_steps), kind + ' step')} (against {len(their_steps)})")
            continue
        found += [f"{kind} step `{i}` {wording}" for i, wording in _text_differences(ours_steps, their_steps)]
    return found + _evidence_differences(route.criteria, reference.criteria)


def _evidence_differences(ours: Promotion, theirs: Promotion) -> list[str]:
    if len(ours.evidence) != len(theirs.evidence):
        return [f"{_count(len(ours.evidence), 'evidence item')} (against {len(theirs.evidence)})"]
    return [
        f"evidence `{i}` {wording}"
        for i, wording in _text_differences(
            [(e.id, e.description) for e in ours.evidence], [(e.id, e.description) for e in theirs.evidence]
        )
    ]


def _text_differences(ours: Sequence[tuple[str, str]], theirs: Sequence[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(id, how its words differ) for each of ours whose normalised text no item of theirs has, paired
    in order with theirs left over (the two lists are as long as each other)."""
    unmatched = [_words(text) for _, text in theirs]
    left = []
    for item_id, text in ours:
        words = _words(text)
        if words in unmatched:
            unmatched.remove(words)
        else:
            left.append((item_id, words))
    for (item_id, words), counterpart in zip(left, unmatched, strict=True):
        yield item_id, _wording(words, counterpart)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+", text.casefold())


def _wording(ours: list[str], theirs: list[str]) -> str:
    matcher = SequenceMatcher(a=theirs, b=ours, autojunk=False)
    if matcher.ratio() < 0.5:
        return f"reads “{' '.join(ours)}” (against “{' '.join(theirs)}”)"
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "insert":
            parts.append(f"adds “{' '.join(ours[b1:b2])}”")
        elif op == "delete":
            parts.append(f"lacks “{' '.join(theirs[a1:a2])}”")
        elif op == "replace":
            parts.append(f"reads “{' '.join(ours[b1:b2])}” (against “{' '.join(theirs[a1:a2])}”)")
    return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _order(framework: Framework) -> Any:
    position = {c.id: i for i, c in enumerate(framework.competencies)}
    return lambda competency_id: position.get(competency_id, len(position))
