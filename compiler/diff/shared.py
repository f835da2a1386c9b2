"""A change to a shared behaviour (`shared:`) reaches every track that includes it: one record,
naming the tracks, instead of one per track."""

from __future__ import annotations

from dataclasses import replace

from ..model import Expectation, Framework, SharedOrigin
from .records import Change


def once_per_shared_behaviour(changes: list[Change], old: Framework, new: Framework) -> list[Change]:
    """Records alike but for the track, about one behaviour of a shared set, become the first of
    them with `tracks` naming every track (records of a track's override stay its own)."""
    groups: dict[tuple[object, ...], list[Change]] = {}
    result: list[Change | tuple[object, ...]] = []
    for change in changes:
        origin = _origin(change, old, new)
        if origin is None or not change.path:
            result.append(change)
            continue
        track = change.path[0]
        key = (
            change.rule,
            origin.set_id,
            origin.item_id,
            change.path[2:],
            _unqualified(change.old, track),
            _unqualified(change.new, track),
        )
        if key not in groups:
            groups[key] = []
            result.append(key)
        groups[key].append(change)
    merged: list[Change] = []
    for item in result:
        if isinstance(item, Change):
            merged.append(item)
            continue
        alike = groups[item]
        tracks = tuple(dict.fromkeys(change.path[0] for change in alike))
        first = alike[0]
        if len(tracks) < 2:
            merged.append(replace(first, tracks=tracks))
            continue
        origin = _origin(first, old, new)
        assert origin is not None  # only records with an origin are grouped
        named = ", ".join(f"`{track}`" for track in tracks)
        message = f"{first.message} (shared set `{origin.set_id}`, in tracks {named})"
        merged.append(replace(first, message=message, tracks=tracks))
    return merged


def _origin(change: Change, old: Framework, new: Framework) -> SharedOrigin | None:
    if change.entity != "expectation":
        return None
    behaviour_id = change.name("id")
    if behaviour_id is None:
        return None
    found: Expectation | None = new.index["expectation"].get(behaviour_id) or old.index["expectation"].get(behaviour_id)
    return found.shared if found is not None else None


def _unqualified(value: object, track: str) -> object:
    """A value with the track's `<track>.` prefix taken off the ids in it (a shared `raises`)."""
    prefix = f"{track}."
    if isinstance(value, str):
        return value.removeprefix(prefix)
    if isinstance(value, list):
        return tuple(_unqualified(item, track) for item in value)
    return value
