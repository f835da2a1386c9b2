"""The comparison: walk two models field by field, as fields.FIELDS says, and yield change records.

Collections are matched by id (and `previous_ids`), never by position; levels and behaviours are
matched across the whole framework so that a move is a move, not a removal and an addition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from ..model import (
    Breadth,
    CareerMove,
    Category,
    Competency,
    CompetencyExpectations,
    Dropped,
    Framework,
    Grade,
    Level,
    LevellingGuide,
    Role,
    Scale,
    ScaleValue,
    SharedSet,
    SourceRef,
    Track,
)
from .expectations import ExpectationComparison, introduced
from .fields import Compare, Skip, Walk, treatment
from .promotion import PromotionComparison, scale_position
from .records import Change, Where, match_ids, same_value, word_diff


class Differ(ExpectationComparison, PromotionComparison):
    def __init__(self, old: Framework, new: Framework):
        self.old, self.new = old, new
        self.old_levels = {lv.id: lv for t in old.tracks for lv in t.levels}
        self.new_levels = {lv.id: lv for t in new.tracks for lv in t.levels}
        self.level_match = match_ids(self.old_levels, self.new_levels)
        self.matched_new_levels = set(self.level_match.values())
        self.track_match = match_ids({t.id: t for t in old.tracks}, {t.id: t for t in new.tracks})
        self.competency_match = match_ids({c.id: c for c in old.competencies}, {c.id: c for c in new.competencies})
        self.role_match = match_ids({r.id: r for r in old.roles}, {r.id: r for r in new.roles})
        self.old_expectations, self.new_expectations = introduced(old), introduced(new)
        self.expectation_match = self._match_expectations()
        self.expectation_old_of = {new_id: old_id for old_id, new_id in self.expectation_match.items()}

    def changes(self) -> Iterator[Change]:
        yield from self.record(self.old, self.new, Where("framework"))

    # The generic walk

    def record(self, old: Any, new: Any, where: Where) -> Iterator[Change]:  # two model dataclasses of one type
        for f in fields(new):
            how, a, b = treatment(type(new), f.name), getattr(old, f.name), getattr(new, f.name)
            if isinstance(how, Skip):
                continue
            if isinstance(how, Compare):
                yield from self.value(how, a, b, where.named(field=f"{type(new).__name__}.{f.name}"))
            elif isinstance(how, Walk):
                yield from self.record(a, b, where)
            elif how is not None:
                yield from SPECIAL[how.method](self, *((old, new) if how.records else (a, b)), where, f.name)
            elif f.compare and content(a) != content(b):  # a field without a rule: test_diff_coverage names it
                yield where.change("field-changed", f"{type(new).__name__}.{f.name} changed", _short(a), _short(b))

    def uuid(self, old: Any, new: Any, where: Where, _name: str) -> Iterator[Change]:
        """A uuid the source writes is a key in other systems: adding, removing or changing it is a record."""
        old_given, new_given = given_uuid(old), given_uuid(new)
        if old.uuid == new.uuid or not (old_given or new_given):
            return
        what = f"{where.entity} `{new.id}`"
        if not old_given:
            message = f"{what}: a uuid written in the source replaces the derived one"
        elif not new_given:
            message = f"{what}: the uuid written in the source was removed; the derived one replaces it"
        else:
            message = f"{what}: the uuid written in the source changed"
        yield where.change("uuid-changed", message, old.uuid, new.uuid)

    def value(self, compare: Compare, old: object, new: object, where: Where) -> Iterator[Change]:
        if same_value(old, new):
            return
        old_text, new_text = old or "", new or ""
        words = (
            word_diff(old_text, new_text)
            if compare.words and isinstance(old_text, str) and isinstance(new_text, str)
            else ()
        )
        yield where.change(compare.rule, compare.message.format(**where.names), old, new, words)

    def collection(
        self,
        olds: Sequence[Any],
        news: Sequence[Any],
        where: Where,
        noun: str,
        added: str,
        removed: str,
        child: Callable[[Any], Where],
        key: Callable[[Any], str] = lambda item: item.id,
        same: Callable[[str], str] = lambda key: key,
        order_rule: str = "order-changed",
        plural: str = "",
    ) -> Iterator[Change]:
        """Items matched by key (and previous_ids): added, removed, reordered, and each pair walked."""
        old_by, new_by = {key(i): i for i in olds}, {key(i): i for i in news}
        match = match_ids(old_by, new_by, same)
        for old_key, item in old_by.items():
            if old_key not in match:
                yield child(item).change(
                    removed,
                    f"{noun} `{old_key}`{_titled(item)} was removed",
                    _label(item),
                    None,
                    source=getattr(item, "source", None),
                )
        matched_new = set(match.values())
        for new_key, item in new_by.items():
            if new_key not in matched_new:
                yield child(item).change(added, f"{noun} `{new_key}`{_titled(item)} was added", None, _label(item))
        surviving_old = [match[k] for k in old_by if k in match]
        surviving_new = [k for k in new_by if k in matched_new]
        if surviving_old != surviving_new:
            yield where.change(
                order_rule, f"the order of the {plural or noun + 's'} changed", surviving_old, surviving_new
            )
        for old_key, new_key in match.items():
            yield from self.record(old_by[old_key], new_by[new_key], child(new_by[new_key]))

    # Framework-wide collections

    def categories(
        self, olds: tuple[Category, ...], news: tuple[Category, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        yield from self.collection(
            olds,
            news,
            where,
            "category",
            "category-added",
            "category-removed",
            lambda c: Where("category", (), None, {"id": c.id}),
            plural="categories",
        )

    def competencies(
        self, olds: tuple[Competency, ...], news: tuple[Competency, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        yield from self.collection(
            olds,
            news,
            where,
            "competency",
            "competency-added",
            "competency-removed",
            lambda c: Where("competency", (), c.source, {"id": c.id}),
            plural="competencies",
        )

    def roles(self, olds: tuple[Role, ...], news: tuple[Role, ...], where: Where, _name: str) -> Iterator[Change]:
        yield from self.collection(
            olds, news, where, "role", "role-added", "role-removed", lambda r: Where("role", (), None, {"id": r.id})
        )

    def default_scale(self, old: Scale | None, new: Scale | None, where: Where, _name: str) -> Iterator[Change]:
        """The default scale walked like any object; a framework that gains or loses it is one record."""
        if old is not None and new is not None:
            yield from self.record(old, new, Where("scale"))
        elif old is not None:
            yield Where("scale").change("scale-value-removed", f"rating scale `{old.id}` was removed", old.id, None)
        elif new is not None:
            yield Where("scale").change("scale-value-added", f"rating scale `{new.id}` was added", None, new.id)

    def named_scales(
        self, olds: tuple[Scale, ...], news: tuple[Scale, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        """The named `scales` (the default one is compared as `scale`), matched by id."""
        yield from self.collection(
            [s for s in olds if s != self.old.scale],
            [s for s in news if s != self.new.scale],
            where,
            "rating scale",
            "scale-value-added",
            "scale-value-removed",
            lambda s: Where("scale", (), None, {"id": s.id}),
            order_rule="order-changed",
            plural="rating scales",
        )

    def scale_values(
        self, olds: tuple[ScaleValue, ...], news: tuple[ScaleValue, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        yield from self.collection(
            olds,
            news,
            Where("scale"),
            "rating-scale value",
            "scale-value-added",
            "scale-value-removed",
            lambda v: Where("scale", (), None, {"id": v.id}),
            order_rule="scale-reordered",
            plural="rating-scale values",
        )

    def shared_sets(
        self, olds: tuple[SharedSet, ...], news: tuple[SharedSet, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        """A set's name, description and includes; its behaviours are compared where the tracks hold them."""
        yield from self.collection(
            olds,
            news,
            where,
            "shared set",
            "metadata-changed",
            "metadata-changed",
            lambda s: Where("framework", (), None, {"id": s.id}),
        )

    def breadths(
        self, olds: tuple[Breadth, ...], news: tuple[Breadth, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        yield from self.collection(
            olds,
            news,
            where,
            "breadth",
            "scope-changed",
            "scope-changed",
            lambda b: Where("framework", (), None, {"id": b.id}),
            order_rule="scope-changed",
        )

    def levelling(
        self, old: LevellingGuide | None, new: LevellingGuide | None, where: Where, _name: str
    ) -> Iterator[Change]:
        if (old is None) != (new is None):
            yield where.change("levelling-changed", "a levelling guide was " + ("added" if old is None else "removed"))
        elif old is not None:
            yield from self.record(old, new, where)

    def levelling_grades(
        self, olds: tuple[Grade, ...], news: tuple[Grade, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        yield from self.collection(
            olds,
            news,
            where,
            "levelling grade",
            "levelling-changed",
            "levelling-changed",
            lambda g: Where("framework", (), None, {"id": g.id}),
            order_rule="levelling-changed",
        )

    def expected_rating(self, old: str | None, new: str | None, where: Where, _name: str) -> Iterator[Change]:
        """The proficiency a level expects, compared by order like a minimum rating."""
        if old == new:
            return
        competency = where.names["competency"]
        if old is None or new is None:
            message = f"expected rating for `{competency}` " + (
                f"set to `{new}`" if old is None else f"`{old}` removed"
            )
        else:
            before = scale_position(self.old, old, competency)
            after = scale_position(self.new, new, competency)
            direction = "raised" if after > before else "lowered" if after < before else "changed"
            message = f"expected rating for `{competency}` {direction} from `{old}` to `{new}`"
        yield where.change("expected-rating-changed", message, old, new)

    def retired(
        self, olds: tuple[Dropped, ...], news: tuple[Dropped, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        """Behaviours a level retires (`retires`); those dropped by raises or progression are compared there."""
        before = sorted(
            self.expectation_match.get(d.expectation.id, d.expectation.id) for d in olds if d.reason == "retired"
        )
        after = sorted(d.expectation.id for d in news if d.reason == "retired")
        if before != after:
            competency = where.names["competency"]
            yield where.change(
                "expectation-raises-changed",
                f"behaviours retired from `{competency}` at this level changed",
                before,
                after,
            )

    def project_path(self, old: Path | None, new: Path | None, where: Where, name: str) -> Iterator[Change]:
        before, after = _relative(old, self.old.root), _relative(new, self.new.root)
        if before != after:
            yield where.change("presentation-changed", f"{name.replace('_', ' ')} changed", before, after)

    # Tracks, levels and behaviours

    def tracks(self, olds: tuple[Track, ...], news: tuple[Track, ...], where: Where, _name: str) -> Iterator[Change]:
        old_by, new_by = {t.id: t for t in olds}, {t.id: t for t in news}
        for old_id, track in old_by.items():
            if old_id not in self.track_match:
                yield Where("track", (old_id,), track.source).change(
                    "track-removed", f"track `{old_id}` ({track.name}) was removed", track.name, None
                )
        for new_id, track in new_by.items():
            if new_id not in self.track_match.values():
                yield Where("track", (new_id,), track.source).change(
                    "track-added", f"track `{new_id}` ({track.name}) was added", None, track.name
                )
        surviving_old = [self.track_match[t] for t in old_by if t in self.track_match]
        surviving_new = [t for t in new_by if t in set(self.track_match.values())]
        if surviving_old != surviving_new:
            yield where.change("order-changed", "the order of tracks changed", surviving_old, surviving_new)
        for old_id, new_id in self.track_match.items():
            yield from self.record(
                old_by[old_id], new_by[new_id], Where("track", (new_id,), new_by[new_id].source, {"id": new_id})
            )
        yield from self.levels()
        yield from self.expectations()

    def track_competencies(
        self, olds: tuple[str, ...], news: tuple[str, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        mapped = [self.competency_match.get(c, c) for c in olds]
        for competency in mapped:
            if competency not in news:
                yield where.change(
                    "competency-dropped", f"competency `{competency}` was dropped from the track", competency, None
                )
        for competency in news:
            if competency not in mapped:
                yield where.change(
                    "competency-added", f"competency `{competency}` was added to the track", None, competency
                )
        kept_old, kept_new = [c for c in mapped if c in news], [c for c in news if c in mapped]
        if kept_old != kept_new:
            yield where.change("order-changed", "the order of the track's competencies changed", kept_old, kept_new)

    def track_levels(
        self, olds: tuple[Level, ...], news: tuple[Level, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        track_id = where.path[0]
        surviving_old = [
            self.level_match[lv.id]
            for lv in olds
            if lv.id in self.level_match and self.new_levels[self.level_match[lv.id]].track_id == track_id
        ]
        surviving_new = [lv.id for lv in news if lv.id in surviving_old]
        if surviving_old != surviving_new:
            yield where.change(
                "levels-reordered", "the rank order of existing levels changed", surviving_old, surviving_new
            )

    def levels(self) -> Iterator[Change]:
        for old_id, level in self.old_levels.items():
            if old_id not in self.level_match:
                yield Where("level", (level.track_id, old_id), level.source).change(
                    "level-removed", f"level `{old_id}` ({level.title}) was removed", level.title, None
                )
        matched = self.matched_new_levels
        old_of = {new_id: old_id for old_id, new_id in self.level_match.items()}
        for new_id, level in self.new_levels.items():
            where = Where("level", (level.track_id, new_id), level.source, {"id": new_id})
            if new_id not in matched:
                yield where.change(
                    "level-added", f"level `{new_id}` ({level.title}) was added at rank {level.rank}", None, level.title
                )
            else:
                yield from self.record(self.old_levels[old_of[new_id]], level, where)

    def level_track(self, old: str, new: str, where: Where, _name: str) -> Iterator[Change]:
        if self.track_match.get(old) != new:  # a renamed track keeps its levels
            yield where.change("level-moved", f"level moved from track `{old}` to `{new}`", old, new)

    def level_competencies(
        self,
        olds: tuple[CompetencyExpectations, ...],
        news: tuple[CompetencyExpectations, ...],
        where: Where,
        _name: str,
    ) -> Iterator[Change]:
        """Each competency block of a level: evidence examples and applicability. Its behaviours are
        compared across the framework (expectations()); blocks come and go with the track's competencies."""
        new_by = {block.competency_id: block for block in news}
        for block in olds:
            competency = self.competency_match.get(block.competency_id, block.competency_id)
            if competency in new_by:
                yield from self.record(
                    block,
                    new_by[competency],
                    Where("level", where.path, new_by[competency].source, {"competency": competency}),
                )

    def not_applicable(self, old: str | None, new: str | None, where: Where, _name: str) -> Iterator[Change]:
        competency = where.names["competency"]
        if old is None and new is not None:
            yield where.change(
                "competency-dropped", f"competency `{competency}` is no longer applicable at this level", None, new
            )
        elif old is not None and new is None:
            yield where.change("competency-added", f"competency `{competency}` now applies at this level", old, None)
        elif not same_value(old, new):
            yield where.change(
                "metadata-changed",
                f"why `{competency}` does not apply changed",
                old,
                new,
                word_diff(old or "", new or ""),
            )

    def moves(
        self, olds: tuple[CareerMove, ...], news: tuple[CareerMove, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        def child(move: CareerMove) -> Where:
            return Where("move", where.path, move.source or where.source, {"to": move.to})

        declared_old = [m for m in olds if not m.implied]
        declared_new = [m for m in news if not m.implied]
        kept = {m.to for m in declared_new}
        gone = [m for m in declared_old if self._same_destination(m.to) not in kept]
        came = [m for m in declared_new if m.to not in {self._same_destination(o.to) for o in declared_old}]
        if len(gone) == 1 and len(came) == 1:  # one move that now leads elsewhere: one change, not two
            old, new = gone[0], came[0]
            yield child(new).change(
                "career-move-retargeted",
                f"career move “{new.description or old.description}” now leads to {self._destination(new.to, self.new)}"
                f" instead of {self._destination(old.to, self.old)}",
                old.to,
                new.to,
                source=new.source,
            )
            yield from self.record(old, new, child(new))
            declared_old.remove(old)
            declared_new.remove(new)
        yield from self.collection(
            declared_old,
            declared_new,
            where,
            "career move to",
            "career-move-added",
            "career-move-removed",
            child,
            key=lambda move: move.to,
            same=self._same_destination,
            plural="career moves",
        )

    @staticmethod
    def _destination(to: str, framework: Framework) -> str:
        """A move's destination as people know it: the level's or role's title, then its id."""
        levels = {level.id: level.title for track in framework.tracks for level in track.levels}
        title = levels.get(to) or next((role.title for role in framework.roles if role.id == to), None)
        return f"{title} (`{to}`)" if title else f"`{to}`"

    def _same_destination(self, old_to: str) -> str:
        return self.level_match.get(old_to) or self.role_match.get(old_to) or old_to

    def peers(self, olds: tuple[str, ...], news: tuple[str, ...], where: Where, _name: str) -> Iterator[Change]:
        # a peer that was removed or added is implied by its level-removed or level-added record
        mapped = [self.level_match[p] for p in olds if p in self.level_match]
        kept = [p for p in news if p in self.matched_new_levels]
        for peer in mapped:
            if peer not in news:
                yield where.change("peers-changed", f"no longer a peer of `{peer}`", peer, None)
        for peer in kept:
            if peer not in mapped:
                yield where.change("peers-changed", f"now a peer of `{peer}`", None, peer)

    def peer_notes(self, olds: tuple[str, ...], news: tuple[str, ...], where: Where, _name: str) -> Iterator[Change]:
        # a note that comes or goes with its peer group is implied by the group's peers-changed records
        if olds and news and olds != news:
            yield where.change("peers-changed", "peer note changed", "\n\n".join(olds), "\n\n".join(news))


# The Special fields' comparisons, by the name fields.py gives each (a mapping, not a name looked up
# at run time, so that find-usages and dead-code checks see every method).
Handler = Callable[[Differ, Any, Any, Where, str], Iterator[Change]]
SPECIAL: dict[str, Handler] = {
    "breadths": Differ.breadths,
    "shared_sets": Differ.shared_sets,
    "peer_notes": Differ.peer_notes,
    "categories": Differ.categories,
    "competencies": Differ.competencies,
    "default_scale": Differ.default_scale,
    "exceptions": Differ.exceptions,
    "expectation_id": Differ.expectation_id,
    "expectation_place": Differ.expectation_place,
    "expected_rating": Differ.expected_rating,
    "level_competencies": Differ.level_competencies,
    "level_track": Differ.level_track,
    "levelling": Differ.levelling,
    "levelling_grades": Differ.levelling_grades,
    "months": Differ.months,
    "moves": Differ.moves,
    "named_scales": Differ.named_scales,
    "not_applicable": Differ.not_applicable,
    "peers": Differ.peers,
    "project_path": Differ.project_path,
    "promotion": Differ.promotion,
    "promotion_items": Differ.promotion_items,
    "raises": Differ.raises,
    "rating": Differ.rating,
    "ratings": Differ.ratings,
    "retired": Differ.retired,
    "roles": Differ.roles,
    "scale_values": Differ.scale_values,
    "track_competencies": Differ.track_competencies,
    "track_levels": Differ.track_levels,
    "tracks": Differ.tracks,
    "uuid": Differ.uuid,
}


def given_uuid(record: object) -> bool:
    """Whether the source wrote the record's uuid; classes the source cannot give one have no uuid_given."""
    return bool(getattr(record, "uuid_given", False))


def content(value: object) -> object:
    """A value as comparable data without where it was written: source locations and fields a
    dataclass leaves out of its equality do not make two values differ."""
    if is_dataclass(value) and not isinstance(value, type):
        return tuple(
            content(getattr(value, f.name))
            for f in fields(value)
            if f.compare and not isinstance(getattr(value, f.name), SourceRef)
        )
    if isinstance(value, (tuple, list)):
        return tuple(content(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, content(v)) for k, v in value.items()))
    return value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _titled(item: object) -> str:
    label = _label(item)
    return f" ({label})" if label and label != getattr(item, "id", None) else ""


def _label(item: object) -> str | None:
    for name in ("name", "title", "description"):
        label = getattr(item, name, None)
        if isinstance(label, str):
            return label
    item_id: str | None = getattr(item, "id", None)  # model ids are text
    return item_id


def _relative(path: Path | None, root: Path) -> str | None:
    if path is None:
        return None
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
