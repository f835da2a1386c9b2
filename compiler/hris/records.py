"""Records: the rows a profile writes, with effective date, status and change since a release.

Current levels and tracks are active. Those in the previous release that `ladder diff` reports
removed are written as inactive, from the previous release's export, so an HRIS never keeps a
dangling job profile. Which records are new, removed or changed comes from `ladder diff`'s result,
never a second comparison of the ladders; a changed record carries its previous export under
`previous`, so each profile can tell whether the change shows in the columns it writes.
"""

from __future__ import annotations

from dataclasses import field

from ..diff import DiffResult
from ..model import Framework
from ..render.export import framework_export
from ..value import value_class

NEW, CHANGED, INACTIVATED, UNCHANGED = "new", "changed", "inactivated", "unchanged"
# Track changes that show in job profile rows (which carry their family's name and the ranks).
_TRACK_RULES_SEEN_BY_PROFILES = {"track-id-changed", "track-renamed", "levels-reordered", "metadata-changed"}


@value_class
class Baseline:
    """The previous release and what changed since: `ladder diff`'s result, indexed by id."""

    label: str
    result: DiffResult
    added: frozenset = field(default_factory=frozenset)  # ("level" | "track", id)
    removed: frozenset = field(default_factory=frozenset)
    changed: frozenset = field(default_factory=frozenset)


def baseline(label: str, result: DiffResult) -> Baseline:
    added, removed, changed = set(), set(), set()
    levels_by_track = {t.id: [lv.id for lv in t.levels] for t in result.new.tracks}
    for change in result.changes:
        if not change.path:
            continue  # framework-wide (effective date, scale, library): no record of its own changed
        if change.rule in ("level-added", "track-added"):
            added.add((change.entity, change.path[-1]))
        elif change.rule in ("level-removed", "track-removed"):
            removed.add((change.entity, change.path[-1]))
        elif len(change.path) == 1:
            changed.add(("track", change.path[0]))
            if change.rule in _TRACK_RULES_SEEN_BY_PROFILES:
                changed.update(("level", level) for level in levels_by_track.get(change.path[0], []))
        else:
            changed.add(("level", change.path[1]))
    return Baseline(label, result, frozenset(added), frozenset(removed), frozenset(changed - added))


def records(rows: str, framework: Framework, since: Baseline | None) -> list[dict]:
    """The contexts expressions see, one per row, in a fixed order: current, then inactivated."""
    data = framework_export(framework)
    header = data["framework"]
    effective = header["effective_date"]
    old = framework_export(since.result.old) if since is not None else None
    contexts = []
    for family in data["job_families"]:
        if rows == "job_families":
            contexts.append(_context(header, family, None, _status("track", family["id"], since), effective, since))
        else:
            for profile in family["job_profiles"]:
                change = _status("level", profile["id"], since)
                contexts.append(_context(header, family, profile, change, effective, since))
    if since is not None and old is not None:
        for context in contexts:
            if context["record"]["change"] == CHANGED:
                context["previous"] = _previous(context, old)
        contexts += _inactivated(rows, header, old, since, effective)
    return contexts


def _previous(context: dict, old: dict) -> dict | None:
    """The record as the previous release exported it, matched by id or previous_ids, with the same
    framework header and record fields: what the row would have been, had only the data not changed."""
    family = _match(context["family"], old["job_families"])
    if "profile" not in context:
        return None if family is None else {**context, "family": family}
    profiles = [(f, p) for f in old["job_families"] for p in f["job_profiles"]]
    found = _match(context["profile"], [p for _, p in profiles])
    if found is None:
        return None
    old_family = next(f for f, p in profiles if p is found)
    return {**context, "family": old_family, "profile": found}


def _match(item: dict, olds: list[dict]) -> dict | None:
    ids = [item["id"], *item.get("previous_ids", [])]
    by_id = {old["id"]: old for old in olds}
    return next((by_id[i] for i in ids if i in by_id), None)


def _inactivated(rows: str, header: dict, old: dict, since: Baseline, effective: str) -> list[dict]:
    contexts = []
    for family in old["job_families"]:
        if rows == "job_families":
            if ("track", family["id"]) in since.removed:
                contexts.append(_context(header, family, None, INACTIVATED, effective, since))
            continue
        for profile in family["job_profiles"]:
            if ("level", profile["id"]) in since.removed:
                contexts.append(_context(header, family, profile, INACTIVATED, effective, since))
    return contexts


def _status(entity: str, item_id: str, since: Baseline | None) -> str | None:
    if since is None:
        return None
    if (entity, item_id) in since.added:
        return NEW
    return CHANGED if (entity, item_id) in since.changed else UNCHANGED


def _context(
    header: dict, family: dict, profile: dict | None, change: str | None, effective: str, since: Baseline | None
) -> dict:
    inactive = change == INACTIVATED
    record = {
        "status": "inactive" if inactive else "active",
        "inactive": inactive,
        "change": change,
        "effective_date": effective,
        "since": since.label if since else None,
    }
    context = {"framework": header, "family": family, "record": record}
    if profile is not None:
        context["profile"] = profile
    return context
