"""What shapes a track's documents, as one digest: a track document embeds it instead of the whole
project's source hash, and the build keys the track's outputs on it, so that editing one track of N
rebuilds that track's documents (and the project-wide ones) only.

A track's documents read, from the model: the framework's shared parts (scale, categories,
competencies, roles, breadths, levelling guide, presentation and the framework's own fields), the
track itself (its levels carry the behaviours they inherit from a trunk), the trunk levels it shows,
and the title and track name of every level its moves and peers point to. The digest covers exactly
those, written canonically (source positions and the project's location left out, so it does not
depend on where the project or the working directory is).
"""

from __future__ import annotations

import dataclasses
import hashlib
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    from ..model import Framework, Track

_SKIPPED = frozenset({"source", "project", "index", "tracks"})  # positions, location, lookups, other tracks


# Per model, the digests already made: a track's documents (Markdown, HTML, JSON, three PDFs) all
# need it. Keyed by the model's identity (a frozen model's digests never change) and dropped with it.
_MADE: dict[int, dict[str, str]] = {}


def track_digest(framework: Framework, track_id: str) -> str:
    """sha256 of what shapes `track_id`'s documents (see the module docstring)."""
    made = _MADE.get(id(framework))
    if made is None:
        made = _MADE[id(framework)] = {}
        weakref.finalize(framework, _MADE.pop, id(framework), None)
    if track_id not in made:
        made[track_id] = _digest(framework, track_id)
    return made[track_id]


def _digest(framework: Framework, track_id: str) -> str:
    track = framework.track(track_id)
    shared = _canonical(framework, framework.root, {})
    parts = {
        "framework": shared,
        "track": _canonical(track, framework.root, {}),
        "trunk": [_canonical(framework.level(level_id), framework.root, {}) for level_id in track.trunk],
        "named": [_named(framework, level_id) for level_id in sorted(_pointed_at(track))],
    }
    return hashlib.sha256(orjson.dumps(parts)).hexdigest()


def _pointed_at(track: Track) -> set[str]:
    """Levels of other tracks this track's documents name: move targets, peers, the fork point."""
    own = {level.id for level in track.levels}
    pointed = {move.to for level in track.levels for move in level.moves if move.to_kind == "level"}
    pointed |= {peer for level in track.levels for peer in level.peers}
    pointed |= {level.follows for level in track.levels if level.follows}
    return pointed - own


def _named(framework: Framework, level_id: str) -> list[str]:
    level = framework.level(level_id)
    return [level.id, level.title, level.track_id, framework.track(level.track_id).name]


_PLAIN = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}  # per model class, the fields that count


def _canonical(value: object, root: Path, seen: dict[int, object]) -> object:
    """A JSON-able form of a model value: dataclasses as [class name, {field: value}]."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, str):  # a marked string (a translation's fallback): its mark is part of it
        return [kind.__name__, str(value)]
    if isinstance(value, (tuple, list)) and (kind is tuple or kind is list):
        return [_canonical(item, root, seen) for item in value]
    key = id(value)  # the cumulative views share their behaviours: walk each object once
    if key in seen:
        return seen[key]
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value) if f.name not in _SKIPPED)
    if names is not None:
        result: object = [kind.__name__, {name: _canonical(getattr(value, name), root, seen) for name in names}]
    elif isinstance(value, Path):
        result = _relative(value, root)
    elif isinstance(value, dict):
        result = {str(k): _canonical(v, root, seen) for k, v in sorted(value.items())}
    else:
        raise TypeError(f"no canonical form for {kind.__name__}")
    seen[key] = result
    return result


def _relative(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()
