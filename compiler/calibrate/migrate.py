"""A case written against an older ladder, carried to the current one: ids followed through the diff's
rename records, and the changes that matter to this case listed, never silently re-judged."""

from __future__ import annotations

import copy
from typing import Any

from ..diff.compare import Differ
from ..model import Framework
from ..value import value_class

# Change records about a level's behaviours and promotion bar: what can move a case's verdict.
_RULE_PREFIXES = ("expectation-", "promotion-", "expected-rating-")

_QUOTED = ("expectation-added", "expectation-removed", "expectation-reworded")  # the behaviour's text says it


@value_class
class Migration:
    written_against: str
    judged_against: str
    notes: tuple[str, ...]  # the differences that matter to this case, in words
    data: dict[str, Any]  # the case with its ids carried across


UNVERSIONED = "unversioned draft"  # the ladder's version, in a draft that has none yet


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def older_stamp(framework: Framework, data: dict[str, Any]) -> str | None:
    """The version a case names when it is older than `framework`'s, else None."""
    stamp = data.get("ladder")
    if not isinstance(stamp, dict) or not isinstance(stamp.get("version"), str):
        return None
    if stamp.get("framework") != framework.id:  # another framework's case: validation says so
        return None
    if framework.version is None:  # an unversioned draft: no order to judge by
        return None
    try:
        older = _version(stamp["version"]) < _version(framework.version)
    except ValueError:
        return None
    return stamp["version"] if older else None


def migrate(framework: Framework, old: Framework | None, data: dict[str, Any], version: str) -> Migration:
    """`data` carried from `old` (the `version` release, None when the project cannot read it) to `framework`."""
    if old is None:
        note = (
            f"the {version} ladder is not available to compare (presentation.previous_release or"
            f" .releases/{version}/): the changes since are not listed"
        )
        return Migration(version, framework.version or UNVERSIONED, (note,), data)
    differ = Differ(old, framework)
    changes = list(differ.changes())
    case = copy.deepcopy(data)
    notes: list[str] = []
    for key in ("current_level", "target_level"):
        if key in case:  # someone joining from outside the ladder has no current level
            case[key] = differ.level_match.get(case[key], case[key])
    target = case["target_level"]
    removed_text = {e.id: e.text for e in differ.old_expectations.values()}
    # What the case may name now, per competency (the current and the target level's behaviours):
    # a kept behaviour may have been raised away.
    expected_now: dict[str, set[str]] = {}
    for level_id in (case.get("current_level", ""), target):
        for block in framework.level(level_id).expectations if framework.has_level(level_id) else ():
            expected_now.setdefault(block.competency_id, set()).update(e.id for e in block.cumulative)
    for rating in case["ratings"]:
        old_competency = rating["competency"]
        rating["competency"] = differ.competency_match.get(old_competency, old_competency)
        if rating["competency"] != old_competency:
            notes.append(f"competency `{old_competency}` is now `{rating['competency']}`; its rating carried across")
        items: list[Any] = []
        for item in rating.get("evidence", []):
            if isinstance(item, str):
                items.append(item)
                continue
            kept = []
            for behaviour in item["behaviours"]:
                new_id = differ.expectation_match.get(behaviour)
                if new_id is None and behaviour in removed_text:
                    notes.append(
                        f"evidence “{item['text']}” pointed at “{removed_text[behaviour]}” (`{behaviour}`),"
                        f" removed since {version}: it no longer evidences a behaviour"
                    )
                    continue
                now = expected_now.get(rating["competency"])
                if new_id is not None and now is not None and new_id not in now:
                    notes.append(
                        f"evidence “{item['text']}” pointed at “{differ.new_expectations[new_id].text}” (`{new_id}`),"
                        f" which `{target}` no longer expects in `{rating['competency']}`: it no longer evidences"
                        " a behaviour"
                    )
                    continue
                kept.append(new_id or behaviour)
            items.append({**item, "behaviours": kept} if kept else item["text"])
        if "evidence" in rating:
            rating["evidence"] = items
        for entry in rating.get("not_applicable", []):
            entry["behaviour"] = differ.expectation_match.get(entry["behaviour"], entry["behaviour"])
    track = framework.level(target).track_id if framework.has_level(target) else ""
    notes += [
        f"{c.message} ({c.rule})" + (f": “{c.new or c.old}”" if c.rule in _QUOTED else "")
        for c in changes
        if c.path[:2] == (track, target) and c.rule.startswith(_RULE_PREFIXES)
    ]
    if isinstance(case.get("ladder"), dict):
        case["ladder"] = {**case["ladder"], "version": framework.version}  # judged now against this one
    return Migration(version, framework.version or UNVERSIONED, tuple(dict.fromkeys(notes)), case)
