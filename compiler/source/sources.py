"""The documents of a project merged into one view, each item remembering its file and path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..problems import Problem, did_you_mean
from ..value import value_class
from .load import Mark, Path_, SourceDocument

if TYPE_CHECKING:
    from .shared import Inherited


@value_class
class Located:
    """A mapping from some document, with the means to point at any of its keys."""

    value: dict[str, Any]
    document: SourceDocument
    path: Path_

    def __getitem__(self, key: str) -> Any:
        return self.value[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.value.get(key, default)

    def child(self, *keys: str | int) -> Located:
        value: Any = self.value
        for key in keys:
            value = value[key]
        return Located(value, self.document, self.path + keys)

    def children(self, key: str) -> Iterator[Located]:
        for index, _ in enumerate(self.value.get(key) or []):
            yield self.child(key, index)

    def mark(self, *keys: str | int, key: bool = False) -> Mark:
        path = self.path + keys
        return self.document.locate_key(path) if key else self.document.locate(path)

    def problem(self, rule: str, message: str, *keys: str | int, key: bool = False, hint: str = "") -> Problem:
        return self.document.problem(self.path + keys, rule, message, key=key, hint=hint)


@dataclass
class Sources:
    """Everything the project's files declare, in file order."""

    framework: Located | None = None
    frameworks: list[Located] = field(default_factory=list)
    competencies: list[Located] = field(default_factory=list)
    tracks: list[Located] = field(default_factory=list)
    roles: list[Located] = field(default_factory=list)
    moves: list[Located] = field(default_factory=list)
    peers: list[Located] = field(default_factory=list)
    levelling_guides: list[Located] = field(default_factory=list)
    choosing: Located | None = None  # the first `career_paths.choosing` given: how to choose a track
    documents: list[SourceDocument] = field(default_factory=list)
    shared_sets: list[Located] = field(default_factory=list)  # `shared:` sets that tracks include
    inherited: dict[str, Inherited] = field(default_factory=dict)  # behaviour id in a track → its shared origin

    @classmethod
    def merge(cls, documents: list[SourceDocument]) -> Sources:
        sources = cls(documents=list(documents))
        for document in documents:
            root = Located(document.data, document, ())
            if "framework" in document.data:
                sources.frameworks.append(root.child("framework"))
            sources.competencies += root.children("competencies")
            sources.tracks += root.children("tracks")
            if "career_paths" in document.data:
                paths = root.child("career_paths")
                sources.roles += paths.children("roles")
                sources.moves += paths.children("moves")
                sources.peers += paths.children("peers")
                if sources.choosing is None and "choosing" in paths.value:
                    sources.choosing = paths.child("choosing")
            if "levelling_guide" in document.data:
                sources.levelling_guides.append(root.child("levelling_guide"))
            sources.shared_sets += root.children("shared")
        sources.framework = sources.frameworks[0] if sources.frameworks else None
        return sources

    @property
    def levelling(self) -> Located | None:
        return self.levelling_guides[0] if self.levelling_guides else None

    def levels(self) -> Iterator[tuple[Located, Located]]:
        """(track, level) pairs in source order."""
        for track in self.tracks:
            for level in track.children("levels"):
                yield track, level

    def tracks_trunk_first(self) -> list[Located]:
        """Tracks with every trunk before the tracks that fork from it (`starts_after`); a loop,
        which validation reports, is cut where it closes."""
        track_of = {level["id"]: track["id"] for track, level in self.levels()}
        by_id = {track["id"]: track for track in self.tracks}
        ordered: list[Located] = []
        visiting: set[str] = set()
        done: set[str] = set()

        def visit(track: Located) -> None:
            if track["id"] in done or track["id"] in visiting:
                return
            visiting.add(track["id"])
            parent = track_of.get(track.get("starts_after", ""))
            if parent in by_id:
                visit(by_id[parent])
            done.add(track["id"])
            ordered.append(track)

        for track in self.tracks:
            visit(track)
        return ordered


# Problem builders the semantic and structure checks share.


def unknown_reference(item: Located, keys: Path_, kind: str, known: Iterable[str], context: str = "") -> Problem:
    parent: Any = item.child(*keys[:-1]).value
    value = parent[keys[-1]] if keys else item.value
    return item.problem(
        "unknown-reference", f"unknown {kind} `{value}`{context}", *keys, hint=did_you_mean(str(value), sorted(known))
    )


def duplicate_ids(items: Iterable[tuple[Located, Path_]], kind: str, casefold: bool = False) -> Iterator[Problem]:
    seen: dict[str, Located] = {}
    for item, keys in items:
        parent: Any = item.child(*keys[:-1]).value
        value: str = parent[keys[-1]]  # ids and job codes: the schema makes them text
        value = value.casefold() if casefold else value
        if value in seen:
            first = seen[value].mark(*keys)
            where = f"{seen[value].document.display}:{first.line}"
            yield item.problem("duplicate-id", f"{kind} id `{value}` is already used at {where}", *keys)
        else:
            seen[value] = item


def scales(sources: Sources) -> list[Located]:
    """The framework's rating scales, the default first; none for a framework without a scale.
    The checks run only when the project declares one framework."""
    assert sources.framework is not None
    framework = sources.framework
    return ([framework.child("scale")] if "scale" in framework.value else []) + list(framework.children("scales"))
