"""Shared sets: behaviours written once (`shared:`) that tracks include, and add to, override or
retire by id (`includes:`).

`check` reports what cannot be resolved; `resolve` then writes each included behaviour into the
track level of its rank, as `<track>.<id>`, so that every later check, the model, lint and the
diff see the behaviours a track really holds. Where each came from is kept in `Sources.inherited`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from ..problems import ERROR, Problem, Rule, did_you_mean
from ..value import value_class
from .load import Path_, SourceDocument
from .sources import Located, Sources, duplicate_ids, unknown_reference

DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "shared-include",
        "validate",
        ERROR,
        "Shared sets include each other in a loop, or a track's override of a shared behaviour changes nothing.",
        "includes: [{shared: generic, overrides: [{id: writes-tests}]}]",
        "includes: [{shared: generic, overrides: [{id: writes-tests, text: Writes tests, migrations included.}]}]",
    ),
)


@value_class
class Inherited:
    """Where a behaviour of a track comes from: a shared set's item, perhaps overridden."""

    set_id: str
    set_name: str
    item_id: str
    item: Located  # the shared behaviour as written
    override: Located | None  # the track's override of it, if any


@value_class
class _Item:
    set_id: str
    rank: int
    competency: str
    behaviour: Located


def qualified(track_id: str, item_id: str) -> str:
    """A shared behaviour's id in one track: unique in the framework, stable while both ids stay."""
    return f"{track_id}.{item_id}"


def check(sources: Sources) -> list[Problem]:
    """Unknown sets, include loops, unknown competencies and ids, and overrides that say nothing."""
    sets = {s["id"]: s for s in sources.shared_sets}
    problems = list(duplicate_ids(((s, ("id",)) for s in sources.shared_sets), "shared set"))
    problems += _set_includes(sources, sets)
    if problems:
        return problems
    items = [item for s in sources.shared_sets for item in _own_items(s)]
    own = [(b, ("id",)) for _, b in _track_behaviours(sources) if isinstance(b.value, dict) and "id" in b.value]
    problems += duplicate_ids([(item.behaviour, ("id",)) for item in items] + own, "behaviour")
    library = {c["id"] for c in sources.competencies}
    for shared_set in sources.shared_sets:
        for level in shared_set.children("levels"):
            for competency in level["expectations"]:
                if competency not in library:
                    problems.append(
                        level.problem(
                            "unknown-reference",
                            f"unknown competency `{competency}`",
                            "expectations",
                            competency,
                            key=True,
                            hint=did_you_mean(competency, sorted(library)),
                        )
                    )
        closure = {item.behaviour["id"]: item for item in _items(shared_set["id"], sets)}
        for item in _own_items(shared_set):
            raised = item.behaviour.get("raises")
            if raised is not None and (raised not in closure or closure[raised].rank >= item.rank):
                problems.append(
                    unknown_reference(item.behaviour, ("raises",), "behaviour", closure, " at a lower rank of this set")
                )
    for track in sources.tracks:
        problems += _track_includes(track, sets)
    return problems


def _set_includes(sources: Sources, sets: dict[str, Located]) -> list[Problem]:
    problems = []
    for shared_set in sources.shared_sets:
        for index, included in enumerate(shared_set.get("includes", [])):
            if included not in sets:
                problems.append(unknown_reference(shared_set, ("includes", index), "shared set", sets))
            elif _reaches(included, shared_set["id"], sets):
                problems.append(
                    shared_set.problem(
                        "shared-include",
                        f"shared set `{shared_set['id']}` includes `{included}`, which leads back to it",
                        "includes",
                        index,
                        hint="shared sets cannot include each other in a loop",
                    )
                )
    return problems


def _reaches(start: str, target: str, sets: dict[str, Located]) -> bool:
    pending, seen = [start], set()
    while pending:
        current = pending.pop()
        if current == target:
            return True
        if current in seen or current not in sets:
            continue
        seen.add(current)
        pending += sets[current].get("includes", [])
    return False


def _track_includes(track: Located, sets: dict[str, Located]) -> list[Problem]:
    problems = list(duplicate_ids(((i, ("shared",)) for i in track.children("includes")), "included shared set"))
    for include in track.children("includes"):
        if include["shared"] not in sets:
            problems.append(unknown_reference(include, ("shared",), "shared set", sets))
            continue
        known = {item.behaviour["id"] for item in _items(include["shared"], sets)}
        context = f" in shared set `{include['shared']}`"
        for override in include.children("overrides"):
            if override["id"] not in known:
                problems.append(unknown_reference(override, ("id",), "behaviour", known, context))
            elif len(override.value) == 1:
                problems.append(
                    override.problem(
                        "shared-include",
                        f"the override of `{override['id']}` changes nothing",
                        "id",
                        hint="give its `text`, `examples` or `links` for this track",
                    )
                )
        problems += duplicate_ids(((o, ("id",)) for o in include.children("overrides")), "overridden behaviour")
        for index, retired in enumerate(include.get("retires", [])):
            if retired not in known:
                problems.append(unknown_reference(include, ("retires", index), "behaviour", known, context))
    return problems


def _own_items(shared_set: Located) -> Iterator[_Item]:
    for level in shared_set.children("levels"):
        for competency in level["expectations"]:
            block = level.child("expectations", competency)
            for behaviour in block.children("behaviours"):
                yield _Item(shared_set["id"], level["rank"], competency, behaviour)


def _items(set_id: str, sets: dict[str, Located]) -> list[_Item]:
    """A set's behaviours with those of the sets it includes (theirs first), each once."""
    ordered: list[_Item] = []
    seen_sets: set[str] = set()

    def visit(current: str) -> None:
        if current in seen_sets or current not in sets:
            return
        seen_sets.add(current)
        for included in sets[current].get("includes", []):
            visit(included)
        ordered.extend(_own_items(sets[current]))

    visit(set_id)
    return ordered


def _track_behaviours(sources: Sources) -> Iterator[tuple[Located, Located]]:
    for _, level in sources.levels():
        for competency in level["expectations"]:
            block = level.child("expectations", competency)
            for behaviour in block.children("behaviours"):
                yield level, behaviour


def resolve(sources: Sources) -> Sources:
    """Sources whose tracks hold the behaviours of the sets they include (`check` found no problem)."""
    if not any("includes" in track.value for track in sources.tracks):
        return sources
    sets = {s["id"]: s for s in sources.shared_sets}
    library = {c["id"]: order for order, c in enumerate(sources.competencies)}
    rank_holder = _rank_holders(sources)
    inherited: dict[str, Inherited] = {}
    shifts: dict[int, dict[Path_, int]] = {}  # per document: behaviours list path → items put before
    tracks: list[tuple[Located, dict[str, Any]]] = []
    for track in sources.tracks:
        if "includes" not in track.value:
            tracks.append((track, track.value))
            continue
        value = _resolved_track(
            track, sets, rank_holder[track["id"]], inherited, shifts.setdefault(id(track.document), {}), library
        )
        tracks.append((track, value))
    documents = {id(d): _shifted(d, shifts[id(d)]) for d in sources.documents if shifts.get(id(d))}
    resolved = [Located(value, documents.get(id(t.document), t.document), t.path) for t, value in tracks]
    return replace(sources, tracks=resolved, inherited=inherited)


def _rank_holders(sources: Sources) -> dict[str, dict[int, str]]:
    """track id → rank → the track (itself or a trunk it forks from) whose level has that rank."""
    track_of = {level["id"]: track["id"] for track, level in sources.levels()}
    by_id = {track["id"]: track for track in sources.tracks}
    holders: dict[str, dict[int, str]] = {}
    for track in sources.tracks:
        ranks: dict[int, str] = {}
        current: Located | None = track
        seen: set[str] = set()
        while current is not None and current["id"] not in seen:
            seen.add(current["id"])
            for level in current.children("levels"):
                ranks.setdefault(level["rank"], current["id"])
            current = by_id.get(track_of.get(current.get("starts_after", ""), ""))
        holders[track["id"]] = ranks
    return holders


def _resolved_track(
    track: Located,
    sets: dict[str, Located],
    holder: dict[int, str],
    inherited: dict[str, Inherited],
    shifts: dict[Path_, int],
    library: dict[str, int],
) -> dict[str, Any]:
    items: dict[str, _Item] = {}
    overrides: dict[str, Located] = {}
    retired: set[str] = set()
    for include in track.children("includes"):
        for item in _items(include["shared"], sets):
            items.setdefault(item.behaviour["id"], item)
        overrides.update({o["id"]: o for o in include.children("overrides")})
        retired.update(include.get("retires", []))
    ranks = {level["rank"] for level in track.children("levels")}  # a fork's trunk holds the lower ones
    kept = {key: item for key, item in items.items() if key not in retired and item.rank in ranks}

    def name(item_id: str) -> str:
        return qualified(holder.get(items[item_id].rank, track["id"]), item_id) if item_id in items else item_id

    value = dict(track.value)
    competencies = list(track["competencies"])
    # the set's competencies join in the library's order: a mapping's key order is formatting, not meaning
    added = {item.competency for item in kept.values()} - set(competencies)
    competencies += sorted(added, key=lambda c: library.get(c, len(library)))
    value["competencies"] = competencies
    levels = []
    for index, level in enumerate(track.children("levels")):
        level_value = dict(level.value)
        expectations = {key: _renamed(block, name) for key, block in level["expectations"].items()}
        for competency in dict.fromkeys(i.competency for i in kept.values() if i.rank == level["rank"]):
            block = dict(expectations.get(competency, {}))
            if "not_applicable" in block:
                continue  # the track says the competency does not apply here: nothing to inherit
            here = [i for i in kept.values() if i.rank == level["rank"] and i.competency == competency]
            written = []
            for item in here:
                override = overrides.get(item.behaviour["id"])
                written.append(_behaviour(track["id"], item, override, name, retired))
                inherited[qualified(track["id"], item.behaviour["id"])] = Inherited(
                    item.set_id, sets[item.set_id]["name"], item.behaviour["id"], item.behaviour, override
                )
            block["behaviours"] = written + list(block.get("behaviours", []))
            expectations[competency] = block
            shifts[(*track.path, "levels", index, "expectations", competency, "behaviours")] = len(written)
        level_value["expectations"] = expectations
        levels.append(level_value)
    value["levels"] = levels
    return value


def _behaviour(
    track_id: str, item: _Item, override: Located | None, name: Callable[[str], str], retired: set[str]
) -> dict[str, Any]:
    source = item.behaviour.value
    written: dict[str, Any] = {"id": qualified(track_id, source["id"]), "text": source["text"]}
    for key in ("examples", "links"):
        given = override.get(key) if override is not None and key in override.value else source.get(key)
        if given is not None:
            written[key] = given
    if override is not None and "text" in override.value:
        written["text"] = override["text"]
    if source.get("previous_ids"):
        written["previous_ids"] = [qualified(track_id, previous) for previous in source["previous_ids"]]
    if "raises" in source and source["raises"] not in retired:
        written["raises"] = name(source["raises"])
    return written


def _renamed(block: dict[str, Any], name: Callable[[str], str]) -> dict[str, Any]:
    """A track's own `raises` and `retires` may name a shared behaviour by its id in the set."""
    block = dict(block)
    if "retires" in block:
        block["retires"] = [name(item) for item in block["retires"]]
    if "behaviours" in block:
        block["behaviours"] = [
            {**b, "raises": name(b["raises"])} if isinstance(b, dict) and "raises" in b else b
            for b in block["behaviours"]
        ]
    return block


def _shifted(document: SourceDocument, shifts: dict[Path_, int]) -> SourceDocument:
    """The document with the positions of a track's own behaviours moved past the inherited ones
    put before them, so that problems about them still point at the right line."""

    def moved(marks: dict[Path_, int]) -> dict[Path_, int]:
        result = {}
        for path, mark in marks.items():
            index = path[7] if len(path) > 7 else None
            shift = shifts.get(path[:7]) if isinstance(index, int) else None
            if shift is not None and isinstance(index, int):
                path = (*path[:7], index + shift, *path[8:])
            result[path] = mark
        return result

    return replace(document, value_marks=moved(document.value_marks), key_marks=moved(document.key_marks))
