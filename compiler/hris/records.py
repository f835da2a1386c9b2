"""Records: the rows a profile writes, with effective date, status and change since a release.

Current levels and tracks are active. Those in the previous release that `ladder diff` reports
removed are written as inactive, from the previous release's export, so an HRIS never keeps a
dangling job profile. What changed comes from `ladder diff`'s result, never a second comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diff import DiffResult
from ..model import Framework
from ..render.export import framework_export

NEW, CHANGED, INACTIVATED, UNCHANGED = "new", "changed", "inactivated", "unchanged"
# Track changes that show in job profile rows (which carry their family's name and the ranks).
_TRACK_RULES_SEEN_BY_PROFILES = {"track-id-changed", "track-renamed", "levels-reordered", "metadata-changed"}


@dataclass(frozen=True)
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
    contexts = []
    for family in data["job_families"]:
        if rows == "job_families":
            contexts.append(_context(header, family, None, _status("track", family["id"], since), effective, since))
            continue
        for profile in family["job_profiles"]:
            contexts.append(_context(header, family, profile, _status("level", profile["id"], since), effective, since))
    if since is not None:
        contexts += _inactivated(rows, header, since, effective)
    return contexts


def _inactivated(rows: str, header: dict, since: Baseline, effective: str) -> list[dict]:
    old = framework_export(since.result.old)
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
