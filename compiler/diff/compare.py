"""The comparison: walk two models field by field, as fields.FIELDS says, and yield change records.

Collections are matched by id (and `previous_ids`), never by position; levels and behaviours are
matched across the whole framework so that a move is a move, not a removal and an addition.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterator

from ..model import CareerMove, Expectation, Framework, Level, Promotion, RatingCriterion, SourceRef, Track
from .fields import FIELDS, Compare, Skip, Walk
from .rules import RULES


@dataclass(frozen=True)
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

    def as_dict(self) -> dict:
        return {
            "rule": self.rule, "severity": self.severity, "entity": self.entity, "path": list(self.path),
            "message": self.message, "old": self.old, "new": self.new, "file": self.file, "line": self.line,
            "words": [list(pair) for pair in self.words],
        }


@dataclass(frozen=True)
class Where:
    """What a record is about: the entity, its path, where NEW writes it, names for messages."""

    entity: str
    path: tuple[str, ...] = ()
    source: SourceRef | None = None
    names: dict = field(default_factory=dict, compare=False)

    def change(self, rule: str, message: str, old=None, new=None, words=(), source: SourceRef | None = None) -> Change:
        at = source or self.source
        return Change(rule, RULES[rule][0], self.entity, self.path, message, _plain(old), _plain(new), at.file if at else None, at.line if at else None, tuple(words))


def _plain(value):
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


def same_value(old, new) -> bool:
    """Text is the same when its words are; None and "" both mean unset; lists item by item."""
    if isinstance(old, (str, type(None))) and isinstance(new, (str, type(None))):
        return same_words(old or "", new or "")
    if isinstance(old, tuple) and isinstance(new, tuple):
        return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new))
    return old == new


def match_ids(olds: dict, news: dict, same: Callable[[str], str] = lambda key: key) -> dict[str, str]:
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


def _introduced(framework: Framework) -> dict[str, Expectation]:
    return {e.id: e for t in framework.tracks for lv in t.levels for block in lv.expectations for e in block.new}


class Differ:
    def __init__(self, old: Framework, new: Framework):
        self.old, self.new = old, new
        self.old_levels = {lv.id: lv for t in old.tracks for lv in t.levels}
        self.new_levels = {lv.id: lv for t in new.tracks for lv in t.levels}
        self.level_match = match_ids(self.old_levels, self.new_levels)
        self.track_match = match_ids({t.id: t for t in old.tracks}, {t.id: t for t in new.tracks})
        self.competency_match = match_ids({c.id: c for c in old.competencies}, {c.id: c for c in new.competencies})
        self.role_match = match_ids({r.id: r for r in old.roles}, {r.id: r for r in new.roles})
        self.old_expectations, self.new_expectations = _introduced(old), _introduced(new)
        self.expectation_match = self._match_expectations()
        self.expectation_old_of = {new_id: old_id for old_id, new_id in self.expectation_match.items()}

    def changes(self) -> Iterator[Change]:
        yield from self.record(self.old, self.new, Where("framework"))

    # The generic walk

    def record(self, old, new, where: Where) -> Iterator[Change]:
        table = FIELDS.get(type(new), {})
        for f in fields(new):
            treatment, a, b = table.get(f.name), getattr(old, f.name), getattr(new, f.name)
            if isinstance(treatment, Skip):
                continue
            if isinstance(treatment, Compare):
                yield from self.value(treatment, a, b, where)
            elif isinstance(treatment, Walk):
                yield from self.record(a, b, where)
            elif treatment is not None:
                yield from getattr(self, treatment.method)(a, b, where, f.name)
            elif a != b:  # a field without a rule: still reported, and test_diff_coverage names it
                yield where.change("field-changed", f"{type(new).__name__}.{f.name} changed", repr(a), repr(b))

    def value(self, compare: Compare, old, new, where: Where) -> Iterator[Change]:
        if same_value(old, new):
            return
        words = word_diff(old or "", new or "") if compare.words and isinstance(old or "", str) and isinstance(new or "", str) else ()
        yield where.change(compare.rule, compare.message.format(**where.names), old, new, words)

    def collection(self, olds, news, where: Where, noun: str, added: str, removed: str, child: Callable[[object], Where],
                   key: Callable = lambda item: item.id, same: Callable[[str], str] = lambda key: key, order_rule: str = "order-changed",
                   plural: str = "") -> Iterator[Change]:
        """Items matched by key (and previous_ids): added, removed, reordered, and each pair walked."""
        old_by, new_by = {key(i): i for i in olds}, {key(i): i for i in news}
        match = match_ids(old_by, new_by, same)
        for old_key, item in old_by.items():
            if old_key not in match:
                yield child(item).change(removed, f"{noun} `{old_key}`{_titled(item)} was removed", _label(item), None, source=getattr(item, "source", None))
        matched_new = set(match.values())
        for new_key, item in new_by.items():
            if new_key not in matched_new:
                yield child(item).change(added, f"{noun} `{new_key}`{_titled(item)} was added", None, _label(item))
        surviving_old = [match[k] for k in old_by if k in match]
        surviving_new = [k for k in new_by if k in matched_new]
        if surviving_old != surviving_new:
            yield where.change(order_rule, f"the order of the {plural or noun + 's'} changed", surviving_old, surviving_new)
        for old_key, new_key in match.items():
            yield from self.record(old_by[old_key], new_by[new_key], child(new_by[new_key]))

    # Framework-wide collections

    def categories(self, olds, news, where: Where, _name: str) -> Iterator[Change]:
        yield from self.collection(olds, news, where, "category", "category-added", "category-removed",
                                   lambda c: Where("category", (), None, {"id": c.id}), plural="categories")

    def competencies(self, olds, news, where: Where, _name: str) -> Iterator[Change]:
        yield from self.collection(olds, news, where, "competency", "competency-added", "competency-removed",
                                   lambda c: Where("competency", (), c.source, {"id": c.id}), plural="competencies")

    def roles(self, olds, news, where: Where, _name: str) -> Iterator[Change]:
        yield from self.collection(olds, news, where, "role", "role-added", "role-removed", lambda r: Where("role", (), None, {"id": r.id}))

    def scale_values(self, olds, news, where: Where, _name: str) -> Iterator[Change]:
        yield from self.collection(olds, news, Where("scale"), "rating-scale value", "scale-value-added", "scale-value-removed",
                                   lambda v: Where("scale", (), None, {"id": v.id}), order_rule="scale-reordered", plural="rating-scale values")

    def project_path(self, old: Path | None, new: Path | None, where: Where, name: str) -> Iterator[Change]:
        before, after = _relative(old, self.old.root), _relative(new, self.new.root)
        if before != after:
            yield where.change("presentation-changed", f"{name} changed", before, after)

    # Tracks, levels and behaviours

    def tracks(self, olds: tuple[Track, ...], news: tuple[Track, ...], where: Where, _name: str) -> Iterator[Change]:
        old_by, new_by = {t.id: t for t in olds}, {t.id: t for t in news}
        for old_id, track in old_by.items():
            if old_id not in self.track_match:
                yield Where("track", (old_id,), track.source).change("track-removed", f"track `{old_id}` ({track.name}) was removed", track.name, None)
        for new_id, track in new_by.items():
            if new_id not in self.track_match.values():
                yield Where("track", (new_id,), track.source).change("track-added", f"track `{new_id}` ({track.name}) was added", None, track.name)
        surviving_old = [self.track_match[t] for t in old_by if t in self.track_match]
        surviving_new = [t for t in new_by if t in set(self.track_match.values())]
        if surviving_old != surviving_new:
            yield where.change("order-changed", "the order of tracks changed", surviving_old, surviving_new)
        for old_id, new_id in self.track_match.items():
            yield from self.record(old_by[old_id], new_by[new_id], Where("track", (new_id,), new_by[new_id].source, {"id": new_id}))
        yield from self.levels()
        yield from self.expectations()

    def track_competencies(self, olds: tuple[str, ...], news: tuple[str, ...], where: Where, _name: str) -> Iterator[Change]:
        mapped = [self.competency_match.get(c, c) for c in olds]
        for competency in mapped:
            if competency not in news:
                yield where.change("competency-dropped", f"competency `{competency}` was dropped from the track", competency, None)
        for competency in news:
            if competency not in mapped:
                yield where.change("competency-added", f"competency `{competency}` was added to the track", None, competency)
        kept_old, kept_new = [c for c in mapped if c in news], [c for c in news if c in mapped]
        if kept_old != kept_new:
            yield where.change("order-changed", "the order of the track's competencies changed", kept_old, kept_new)

    def track_levels(self, olds: tuple[Level, ...], news: tuple[Level, ...], where: Where, _name: str) -> Iterator[Change]:
        track_id = where.path[0]
        surviving_old = [self.level_match[lv.id] for lv in olds if lv.id in self.level_match and self.new_levels[self.level_match[lv.id]].track_id == track_id]
        surviving_new = [lv.id for lv in news if lv.id in surviving_old]
        if surviving_old != surviving_new:
            yield where.change("levels-reordered", "the rank order of existing levels changed", surviving_old, surviving_new)

    def levels(self) -> Iterator[Change]:
        for old_id, level in self.old_levels.items():
            if old_id not in self.level_match:
                yield Where("level", (level.track_id, old_id), level.source).change("level-removed", f"level `{old_id}` ({level.title}) was removed", level.title, None)
        matched = set(self.level_match.values())
        old_of = {new_id: old_id for old_id, new_id in self.level_match.items()}
        for new_id, level in self.new_levels.items():
            where = Where("level", (level.track_id, new_id), level.source, {"id": new_id})
            if new_id not in matched:
                yield where.change("level-added", f"level `{new_id}` ({level.title}) was added at rank {level.rank}", None, level.title)
            else:
                yield from self.record(self.old_levels[old_of[new_id]], level, where)

    def level_track(self, old: str, new: str, where: Where, _name: str) -> Iterator[Change]:
        if self.track_match.get(old) != new:  # a renamed track keeps its levels
            yield where.change("level-moved", f"level moved from track `{old}` to `{new}`", old, new)

    def level_competencies(self, olds, news, where: Where, _name: str) -> Iterator[Change]:
        """Each competency block of a level: evidence examples and applicability. Its behaviours are
        compared across the framework (expectations()); blocks come and go with the track's competencies."""
        new_by = {block.competency_id: block for block in news}
        for block in olds:
            competency = self.competency_match.get(block.competency_id, block.competency_id)
            if competency in new_by:
                yield from self.record(block, new_by[competency], Where("level", where.path, new_by[competency].source, {"competency": competency}))

    def not_applicable(self, old: str | None, new: str | None, where: Where, _name: str) -> Iterator[Change]:
        competency = where.names["competency"]
        if old is None and new is not None:
            yield where.change("competency-dropped", f"competency `{competency}` is no longer applicable at this level", None, new)
        elif old is not None and new is None:
            yield where.change("competency-added", f"competency `{competency}` now applies at this level", old, None)
        elif not same_value(old, new):
            yield where.change("metadata-changed", f"why `{competency}` does not apply changed", old, new, word_diff(old, new))

    def moves(self, olds: tuple[CareerMove, ...], news: tuple[CareerMove, ...], where: Where, _name: str) -> Iterator[Change]:
        def child(move: CareerMove) -> Where:
            return Where("move", where.path, where.source, {"to": move.to})
        declared_old = [m for m in olds if not m.implied]
        declared_new = [m for m in news if not m.implied]
        yield from self.collection(declared_old, declared_new, where, "career move to", "career-move-added", "career-move-removed", child,
                                   key=lambda move: move.to, same=self._same_destination, plural="career moves")

    def _same_destination(self, old_to: str) -> str:
        return self.level_match.get(old_to) or self.role_match.get(old_to) or old_to

    def peers(self, olds: tuple[str, ...], news: tuple[str, ...], where: Where, _name: str) -> Iterator[Change]:
        # a peer that was removed or added is implied by its level-removed or level-added record
        mapped = [self.level_match[p] for p in olds if p in self.level_match]
        kept = [p for p in news if p in self.level_match.values()]
        for peer in mapped:
            if peer not in news:
                yield where.change("peers-changed", f"no longer a peer of `{peer}`", peer, None)
        for peer in kept:
            if peer not in mapped:
                yield where.change("peers-changed", f"now a peer of `{peer}`", None, peer)

    def _match_expectations(self) -> dict[str, str]:
        match = match_ids(self.old_expectations, self.new_expectations)
        unmatched_old = [e for key, e in self.old_expectations.items() if key not in match]
        taken = set(match.values())
        unmatched_new = [e for key, e in self.new_expectations.items() if key not in taken]
        for old, new in self._pair_rewordings(unmatched_old, unmatched_new):
            match[old.id] = new.id
        return match

    def _pair_rewordings(self, olds: list[Expectation], news: list[Expectation]) -> list[tuple[Expectation, Expectation]]:
        """Behaviours without explicit ids get new derived ids when reworded: pair them back up when
        they stay in the same level and competency and most words survive."""
        pairs, taken = [], set()
        for old in olds:
            level, competency = self.level_match.get(old.level_id), self.competency_match.get(old.competency_id)
            candidates = [n for n in news if n.id not in taken and n.competency_id == competency and n.level_id == level]
            scored = sorted(((difflib.SequenceMatcher(a=old.text.split(), b=n.text.split()).ratio(), n.id, n) for n in candidates), key=lambda s: (s[0], s[1]), reverse=True)
            if scored and scored[0][0] >= 0.5:
                pairs.append((old, scored[0][2]))
                taken.add(scored[0][1])
        return pairs

    def expectations(self) -> Iterator[Change]:
        olds, news, match = self.old_expectations, self.new_expectations, self.expectation_match
        for old_id, new_id in match.items():
            yield from self.record(olds[old_id], news[new_id], self._expectation_where(news[new_id]))
        for old_id, expectation in olds.items():
            if old_id not in match and expectation.level_id in self.level_match:  # a removed level's are implied
                where = self._expectation_where(expectation, self.old_levels)
                yield where.change("expectation-removed", f"behaviour removed from `{expectation.competency_id}`", expectation.text, None)
        matched = set(match.values())
        for new_id, expectation in news.items():
            if new_id not in matched and expectation.level_id in self.level_match.values():
                yield self._expectation_where(expectation).change("expectation-added", f"behaviour added to `{expectation.competency_id}`", None, expectation.text)
        yield from self._expectation_order()

    def _expectation_where(self, expectation: Expectation, levels: dict[str, Level] | None = None) -> Where:
        level = (levels or self.new_levels)[expectation.level_id]
        return Where("expectation", (level.track_id, level.id, expectation.competency_id), expectation.source, {"competency": expectation.competency_id, "id": expectation.id})

    def _expectation_order(self) -> Iterator[Change]:
        """Within each level and competency, the behaviours that stayed keep their order."""
        for old_level_id, new_level_id in self.level_match.items():
            new_level = self.new_levels[new_level_id]
            for block in self.old_levels[old_level_id].expectations:
                competency = self.competency_match.get(block.competency_id, block.competency_id)
                new_block = next((b for b in new_level.expectations if b.competency_id == competency), None)
                if new_block is None:
                    continue
                new_ids = [e.id for e in new_block.new]
                kept_old = [self.expectation_match[e.id] for e in block.new if self.expectation_match.get(e.id) in new_ids]
                kept_new = [i for i in new_ids if i in kept_old]
                if kept_old != kept_new:
                    where = Where("expectation", (new_level.track_id, new_level.id, competency), new_block.source)
                    yield where.change("order-changed", f"the order of the behaviours in `{competency}` changed", kept_old, kept_new)

    def expectation_id(self, old: str, new: str, where: Where, _name: str) -> Iterator[Change]:
        written = self.old_expectations[old].explicit_id or self.new_expectations[new].explicit_id
        if old != new and written:  # derived ids follow the words and place, which have records of their own
            yield where.change("expectation-id-changed", f"behaviour id changed from `{old}` to `{new}`", old, new)

    def expectation_place(self, old_level: str, new_level: str, where: Where, _name: str) -> Iterator[Change]:
        new = self.new_expectations[where.names["id"]]
        old = self.old_expectations[self.expectation_old_of[new.id]]
        if self.level_match.get(old.level_id) != new.level_id or self.competency_match.get(old.competency_id) != new.competency_id:
            message = f"behaviour “{new.text}” moved from `{old.level_id}`/`{old.competency_id}` to `{new.level_id}`/`{new.competency_id}`"
            yield where.change("expectation-moved", message, f"{old.level_id}/{old.competency_id}", f"{new.level_id}/{new.competency_id}")

    def raises(self, old: str | None, new: str | None, where: Where, _name: str) -> Iterator[Change]:
        mapped = self.expectation_match.get(old) if old else None
        if mapped == new:
            return
        if new is None:
            message = f"no longer replaces `{old}`: it stays required from this level on"
        elif old is None:
            message = f"now replaces `{new}`: it is no longer required from this level on"
        else:
            message = f"now replaces `{new}` instead of `{old}`"
        yield where.change("expectation-raises-changed", message, old, new)

    # Promotion criteria: compared with a direction

    def promotion(self, old: Promotion | None, new: Promotion | None, where: Where, _name: str) -> Iterator[Change]:
        here = Where("promotion", where.path, new.source if new else where.source)
        if old is None and new is not None:
            yield here.change("promotion-tightened", "promotion criteria were added", None, new.description)
        elif old is not None and new is None:
            yield here.change("promotion-loosened", "promotion criteria were removed", old.description, None)
        elif old is not None and new is not None:
            yield from self.record(old, new, here)

    def ratings(self, olds: tuple[RatingCriterion, ...], news: tuple[RatingCriterion, ...], where: Where, _name: str) -> Iterator[Change]:
        def key(rating: RatingCriterion) -> tuple[str | None, str | None]:
            return rating.competency_id, rating.category_id
        old_by = {(self.competency_match.get(r.competency_id, r.competency_id) if r.competency_id else None, r.category_id): r for r in olds}
        new_by = {key(r): r for r in news}
        for target, rating in new_by.items():
            if target not in old_by:
                yield where.change("promotion-tightened", f"now requires at least `{rating.rating}` in {_target(target)}", None, rating.rating)
            else:
                yield from self.rating(old_by[target].rating, rating.rating, Where("promotion", where.path, where.source, {"target": _target(target)}), "rating")
        for target, rating in old_by.items():
            if target not in new_by:
                yield where.change("promotion-loosened", f"no longer requires a minimum rating in {_target(target)}", rating.rating, None)
        kept_old, kept_new = [_target(t) for t in old_by if t in new_by], [_target(t) for t in new_by if t in old_by]
        if kept_old != kept_new:
            yield where.change("order-changed", "the order of the minimum ratings changed", kept_old, kept_new)

    def rating(self, old: str, new: str, where: Where, _name: str) -> Iterator[Change]:
        """An ordered scale is compared by order: the position of each value on its own scale."""
        if old == new:
            return  # the same value; a reordered scale has a record of its own
        before, after = _position(self.old, old), _position(self.new, new)
        target = where.names["target"]
        if after > before:
            yield where.change("promotion-tightened", f"minimum rating in {target} raised from `{old}` to `{new}`", old, new)
        elif after < before:
            yield where.change("promotion-loosened", f"minimum rating in {target} lowered from `{old}` to `{new}`", old, new)
        else:
            yield where.change("promotion-changed", f"minimum rating in {target} changed from `{old}` to `{new}`, at the same place on the scale", old, new)

    def months(self, old: int | None, new: int | None, where: Where, _name: str) -> Iterator[Change]:
        if old == new:
            return
        if old is None:
            yield where.change("promotion-tightened", f"time in role now at least {new} months (none was required)", old, new)
        elif new is None:
            yield where.change("promotion-loosened", f"time in role no longer required (was {old} months)", old, new)
        elif new > old:
            yield where.change("promotion-tightened", f"time in role raised from {old} to {new} months", old, new)
        else:
            yield where.change("promotion-loosened", f"time in role lowered from {old} to {new} months", old, new)

    def promotion_items(self, olds, news, where: Where, name: str) -> Iterator[Change]:
        noun = "evidence" if name == "evidence" else "process step"
        old_by, new_by = {i.id: i for i in olds}, {i.id: i for i in news}
        for item_id, item in new_by.items():
            if item_id not in old_by:
                yield where.change("promotion-tightened", f"new required {noun} `{item_id}`", None, item.description)
        for item_id, item in old_by.items():
            if item_id not in new_by:
                yield where.change("promotion-loosened", f"{noun} `{item_id}` is no longer required", item.description, None)
        kept_old, kept_new = [i for i in old_by if i in new_by], [i for i in new_by if i in old_by]
        if kept_old != kept_new:
            yield where.change("order-changed", f"the order of the {noun}s changed", kept_old, kept_new)
        for item_id in kept_new:
            yield from self.record(old_by[item_id], new_by[item_id], Where("promotion", where.path, where.source, {"id": item_id}))


def _titled(item) -> str:
    label = _label(item)
    return f" ({label})" if label and label != getattr(item, "id", None) else ""


def _label(item):
    for name in ("name", "title", "description"):
        if isinstance(getattr(item, name, None), str):
            return getattr(item, name)
    return getattr(item, "id", None)


def _target(key: tuple[str | None, str | None]) -> str:
    competency, category = key
    return f"`{competency}`" if competency else f"`{category}` (category)"


def _position(framework: Framework, value_id: str) -> float:
    """Position on the scale as a fraction, so scales of different lengths still compare."""
    values = [v.id for v in framework.scale.values]
    return values.index(value_id) / max(len(values) - 1, 1) if value_id in values else 0.0


def _relative(path: Path | None, root: Path) -> str | None:
    if path is None:
        return None
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
