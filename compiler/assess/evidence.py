"""Is the evidence of a case evidence? Each item is read against the behaviours it names.

An item is a note or link, optionally mapped to the behaviours it shows (`behaviours: [id, ...]`).
Three kinds of item do not count towards a rating or a required-evidence criterion, because a
committee cannot check anything against them: an empty or placeholder item ("TBD", "n/a", "-",
lorem ipsum), and one item cited for so many competencies that it cannot show each of them.
An item that counts but names no behaviour is kept and flagged, so the packet can show the
committee which claims are not tied to the bar.
"""

from __future__ import annotations

import re
from typing import Any

from ..problems import WARNING, Problem, Rule
from ..source.sources import Located
from ..value import value_class

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "weak-evidence",
        "assess",
        WARNING,
        "Evidence a committee cannot check: a placeholder (TBD, n/a, -, lorem ipsum) or an item repeated for "
        "three or more competencies, which does not count; or an item mapped to no behaviour, which "
        "evidences no behaviour and is flagged in the report and the packet.",
        "ratings: [{competency: vision, rating: advanced, evidence: [TBD]}]",
        "ratings: [{competency: vision, rating: advanced,\n           evidence: [{text: Q3 strategy memo, "
        "behaviours: [sets-vision]}]}]",
    ),
)

RULE = "weak-evidence"
PLACEHOLDER, REPEATED, UNMAPPED = "placeholder", "repeated", "unmapped"
REPEATED_AFTER = 3  # the same item under this many competencies is boilerplate, not evidence of each

_PLACEHOLDERS = {
    "tbd", "tba", "tbc", "todo", "to do", "n/a", "na", "none", "nil", "null", "pending", "wip", "later",
    "placeholder", "evidence", "link", "links", "see above", "see below", "as above", "same as above",
    "to follow", "to be added", "to be confirmed", "various", "x", "xx", "xxx", "test", "example",
}  # fmt: skip
_PLACEHOLDER_START = re.compile(r"^(tbd|tba|tbc|todo|lorem ipsum)\b")


@value_class
class EvidenceItem:
    text: str
    behaviour_ids: tuple[str, ...]
    issue: str | None  # None, PLACEHOLDER, REPEATED or UNMAPPED
    shows: str | None = None  # the words of the behaviour the item claims to show

    @property
    def counts(self) -> bool:
        return self.issue in (None, UNMAPPED)


# How the reports name what is wrong with an evidence item.
ISSUE_NOTES = {
    PLACEHOLDER: "Placeholder: does not count",
    REPEATED: f"Cited for {REPEATED_AFTER} or more competencies: does not count",
    UNMAPPED: "Names no behaviour: the committee should ask which behaviour it shows",
}


def placeholder(text: str) -> bool:
    """Empty, punctuation only, or a stand-in such as TBD, n/a, "-" or lorem ipsum."""
    norm = " ".join(text.lower().split()).strip(" .:;!")
    return (
        not any(ch.isalnum() for ch in norm)
        or norm in _PLACEHOLDERS
        or bool(_PLACEHOLDER_START.match(norm))
        or "lorem ipsum" in norm
    )


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _raw_items(rating: dict[str, Any]) -> list[tuple[str, tuple[str, ...], str | None]]:
    items: list[tuple[str, tuple[str, ...], str | None]] = []
    for item in rating.get("evidence", []):
        if isinstance(item, str):
            items.append((item, (), None))
        else:
            items.append((item["text"], tuple(item.get("behaviours", [])), item.get("shows")))
    return items


def review(ratings: list[dict[str, Any]]) -> dict[str, tuple[EvidenceItem, ...]]:
    """competency id → its evidence items, each with what is wrong with it (if anything)."""
    cited_for: dict[str, set[str]] = {}
    for rating in ratings:
        for text, _, _ in _raw_items(rating):
            cited_for.setdefault(_key(text), set()).add(rating["competency"])
    reviewed = {}
    for rating in ratings:
        items = []
        for text, behaviours, shows in _raw_items(rating):
            if placeholder(text):
                issue: str | None = PLACEHOLDER
            elif len(cited_for[_key(text)]) >= REPEATED_AFTER:
                issue = REPEATED
            elif not behaviours:
                issue = UNMAPPED
            else:
                issue = None
            items.append(EvidenceItem(text, behaviours, issue, shows))
        reviewed[rating["competency"]] = tuple(items)
    return reviewed


def weak_count(items: tuple[EvidenceItem, ...]) -> str:
    """How a rating's detail line says what did not count, e.g. "1 placeholder item does not count"."""
    placeholders = sum(1 for i in items if i.issue == PLACEHOLDER)
    repeated = sum(1 for i in items if i.issue == REPEATED)
    parts = []
    if placeholders:
        parts.append(f"{placeholders} placeholder item{'s' if placeholders > 1 else ''}")
    if repeated:
        parts.append(f"{repeated} item{'s' if repeated > 1 else ''} repeated across competencies")
    return f"{' and '.join(parts)} not counted" if parts else ""


def findings(
    root: Located, known: dict[str, set[str]], countable: dict[str, set[str]], counted_at: str
) -> list[Problem]:
    """Located findings: a behaviour id the case cannot name is an error, and so is an N/A without
    its reason or reviewer; weak or unmapped evidence is a warning. `known` holds, per competency,
    the ids evidence may name (counted and growth); `countable` the counted ones, the only ones N/A
    can take out of the count (growth behaviours are not counted, so need none)."""
    problems = []
    ratings = [r for r in root.value.get("ratings", []) if r["competency"] in known]
    reviewed = review(ratings)
    for rating in root.children("ratings"):
        competency_id = rating["competency"]
        if competency_id not in known:
            continue
        for index, item in enumerate(reviewed[competency_id]):
            for key_index, behaviour in enumerate(item.behaviour_ids):
                if behaviour not in known[competency_id]:
                    problems.append(
                        rating.problem(
                            "unknown-reference",
                            f"`{behaviour}` is not a behaviour of this case in `{competency_id}`",
                            "evidence",
                            index,
                            "behaviours",
                            key_index,
                            hint=f"behaviours: {', '.join(sorted(known[competency_id])) or 'none'}",
                        )
                    )
            if item.issue is not None:
                message, hint = _weak(item, competency_id, len(reviewed))
                problems.append(_warning(rating.problem(RULE, message, "evidence", index, hint=hint)))
        for index, stated in enumerate(rating.value.get("not_applicable", [])):
            problems += _not_applicable(rating, index, stated, countable[competency_id], counted_at)
    for entry in root.children("evidence"):
        for index, link in enumerate(entry["links"]):
            if placeholder(link):
                message = (
                    f"evidence for `{entry['criterion']}` is a placeholder ({link.strip() or 'empty'!r}), "
                    "so the criterion has no evidence yet"
                )
                hint = "link the document, review or dashboard that shows it"
                problems.append(_warning(entry.problem(RULE, message, "links", index, hint=hint)))
    return problems


def _not_applicable(
    rating: Located, index: int, stated: dict[str, Any], countable: set[str], counted_at: str
) -> list[Problem]:
    """An N/A takes a behaviour out of the count, so it must say why and who reviewed it."""
    competency_id = rating["competency"]
    if stated["behaviour"] not in countable:
        return [
            rating.problem(
                "unknown-reference",
                f"`{stated['behaviour']}` is not a behaviour of {counted_at} counted in `{competency_id}`",
                "not_applicable",
                index,
                "behaviour",
                hint=f"N/A applies to counted behaviours: {', '.join(sorted(countable)) or 'none'}",
            )
        ]
    problems = []
    for key, what in (("reason", "why it does not apply"), ("reviewed_by", "who reviewed it")):
        value = stated.get(key)
        if value is None or placeholder(value):
            message = f"the N/A for `{stated['behaviour']}` does not say {what} (`{key}`)"
            path = ("not_applicable", index, key) if value is not None else ("not_applicable", index)
            hint = "an N/A takes a behaviour out of the count: the committee needs the reason and the reviewer"
            problems.append(rating.problem("assessment", message, *path, hint=hint))
    return problems


def _weak(item: EvidenceItem, competency_id: str, rated: int) -> tuple[str, str]:
    if item.issue == PLACEHOLDER:
        return (
            f"evidence for `{competency_id}` is a placeholder ({item.text.strip() or 'empty'!r}) and does not count",
            "write what was done and link where a reader can check it",
        )
    if item.issue == REPEATED:
        return (
            f"the same evidence is cited for {REPEATED_AFTER} or more of the {rated} rated competencies, "
            f"so it does not count for `{competency_id}`",
            "give each competency the evidence that shows it",
        )
    return (
        f"evidence for `{competency_id}` names no behaviour",
        "write it as {text: ..., behaviours: [<behaviour id>]}; the ids are in output/json/<track>.json",
    )


def _warning(problem: Problem) -> Problem:
    return Problem(problem.file, problem.line, problem.column, problem.rule, problem.message, WARNING, problem.hint)
