"""Change records, and the small comparisons every part of the diff shares."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from pathlib import Path

from ..model import SourceRef
from ..value import value_class
from .rules import RULES


@value_class
class Change:
    rule: str
    severity: str
    entity: str  # framework, scale, category, competency, role, track, level, expectation, promotion, move
    path: tuple[str, ...]  # ids from the track down; empty for framework-wide changes
    message: str
    old: object = None
    new: object = None
    file: str | None = None  # in NEW, or OLD for removals
    line: int | None = None
    words: tuple[tuple[str, str], ...] = ()  # word-level diff: (op, text) with op in =, -, +
    # What the record is about, by name (competency, id, field, criterion...): for readers' sentences.
    names: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    tracks: tuple[str, ...] = ()  # the tracks a change to a shared behaviour reaches (one record for all)

    def name(self, key: str) -> str | None:
        return dict(self.names).get(key)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "entity": self.entity,
            "path": list(self.path),
            "message": self.message,
            "old": self.old,
            "new": self.new,
            "file": self.file,
            "line": self.line,
            "words": [list(pair) for pair in self.words],
            "tracks": list(self.tracks),
        }


@value_class
class Where:
    """What a record is about: the entity, its path, where NEW writes it, names for messages."""

    entity: str
    path: tuple[str, ...] = ()
    source: SourceRef | None = None
    names: dict[str, str] = field(default_factory=dict, compare=False)

    def change(
        self,
        rule: str,
        message: str,
        old: object = None,
        new: object = None,
        words: Iterable[tuple[str, str]] = (),
        source: SourceRef | None = None,
    ) -> Change:
        at = source or self.source
        return Change(
            rule,
            RULES[rule][0],
            self.entity,
            self.path,
            message,
            _plain(old),
            _plain(new),
            at.file if at else None,
            at.line if at else None,
            tuple(words),
            tuple(sorted(self.names.items())),
        )

    def named(self, **names: str) -> Where:
        """The same place, with more names for the records made there."""
        return Where(self.entity, self.path, self.source, {**self.names, **names})


def _plain(value: object) -> object:
    """Values as JSON-ready data: tuples become lists, paths strings."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    return value


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff as (op, text) pairs; whitespace differences are not changes."""
    old_words, new_words = old.split(), new.split()
    pairs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if op == "equal":
            pairs.append(("=", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            pairs.append(("-", " ".join(old_words[i1:i2])))
        if j2 > j1:
            pairs.append(("+", " ".join(new_words[j1:j2])))
    return pairs


def same_words(old: str, new: str) -> bool:
    return old.split() == new.split()


def same_value(old: object, new: object) -> bool:
    """Text is the same when its words are; None and "" both mean unset; lists item by item."""
    if isinstance(old, (str, type(None))) and isinstance(new, (str, type(None))):
        return same_words(old or "", new or "")
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new, strict=True))
    return old == new


def match_ids(
    olds: Mapping[str, object], news: Mapping[str, object], same: Callable[[str], str] = lambda key: key
) -> dict[str, str]:
    """old id → new id: the same id, or a new item that lists the old id in previous_ids."""
    match = {key: same(key) for key in olds if same(key) in news}
    taken = set(match.values())
    for new_id, item in news.items():
        if new_id in taken:
            continue
        for previous in getattr(item, "previous_ids", ()):
            if previous in olds and previous not in match:
                match[previous] = new_id
                break
    return match
