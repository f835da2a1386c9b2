"""Diff: compare two framework models and return change records. No I/O, no printing.

Items are matched by stable id (and `previous_ids`), never by position. Each change carries a
rule id and a severity: breaking (breaks HRIS records or people's standing), warning, or info.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..model import Expectation, Framework, Level, Promotion, Track

BREAKING, WARNING, INFO, IGNORE = "breaking", "warning", "info", "ignore"
SEVERITY_ORDER = {INFO: 0, WARNING: 1, BREAKING: 2}

RULES: dict[str, tuple[str, str]] = {
    "track-removed": (BREAKING, "a track (job family) was removed"),
    "track-id-changed": (BREAKING, "a track's id changed (declared in previous_ids)"),
    "level-removed": (BREAKING, "a level (job profile) was removed"),
    "level-id-changed": (BREAKING, "a level's id changed (declared in previous_ids)"),
    "level-moved": (BREAKING, "a level moved to another track (job family)"),
    "job-code-changed": (BREAKING, "a level's HRIS job code changed"),
    "grade-changed": (BREAKING, "a level's grade changed"),
    "levels-reordered": (BREAKING, "the rank order of existing levels changed"),
    "version-not-bumped": (BREAKING, "breaking changes without a major version bump"),
    "track-added": (WARNING, "a track was added"),
    "track-renamed": (WARNING, "a track's name changed"),
    "level-added": (WARNING, "a level was added"),
    "level-renamed": (WARNING, "a level's title changed"),
    "promotion-tightened": (WARNING, "a promotion bar was raised"),
    "competency-dropped": (WARNING, "a competency no longer applies to a track or level"),
    "expectation-reworded": (INFO, "a behaviour's wording changed"),
    "expectation-added": (INFO, "a behaviour was added"),
    "expectation-removed": (INFO, "a behaviour was removed"),
    "expectation-moved": (INFO, "a behaviour moved to another competency or level"),
    "competency-added": (INFO, "a competency was added to the library or a track"),
    "competency-removed": (INFO, "a competency was removed from the library"),
    "competency-renamed": (INFO, "a competency's name changed"),
    "competency-recategorised": (INFO, "a competency moved to another category"),
    "promotion-loosened": (INFO, "a promotion bar was lowered"),
    "promotion-reworded": (INFO, "promotion prose or criteria wording changed"),
    "scope-changed": (INFO, "a level's scope changed"),
    "metadata-changed": (INFO, "descriptions, summaries or framework metadata changed"),
}


@dataclass(frozen=True)
class Change:
    rule: str
    severity: str
    entity: str  # framework, track, level, competency, expectation, promotion
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


@dataclass
class DiffResult:
    old: Framework
    new: Framework
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {severity: sum(c.severity == severity for c in self.changes) for severity in (BREAKING, WARNING, INFO)}

    def fails(self, threshold: str | None) -> bool:
        if threshold is None:
            return False
        floor = 0 if threshold == "any" else SEVERITY_ORDER[threshold]
        return any(SEVERITY_ORDER[c.severity] >= floor for c in self.changes)


def diff(old: Framework, new: Framework, overrides: dict[str, str] | None = None, track_ids: Iterable[str] = ()) -> DiffResult:
    overrides = overrides or {}
    changes = _apply_overrides(list(_Differ(old, new).changes()), overrides)
    if any(c.severity == BREAKING for c in changes):
        changes += _apply_overrides(_version_check(old, new), overrides)
    wanted = set(track_ids)
    if wanted:
        changes = [c for c in changes if c.path and c.path[0] in wanted]
    return DiffResult(old, new, changes)


def _apply_overrides(changes: list[Change], overrides: dict[str, str]) -> list[Change]:
    result = []
    for change in changes:
        severity = overrides.get(change.rule, change.severity)
        if severity != IGNORE:
            result.append(change if severity == change.severity else _with_severity(change, severity))
    return result


def _with_severity(change: Change, severity: str) -> Change:
    from dataclasses import replace

    return replace(change, severity=severity)


def _version_check(old: Framework, new: Framework) -> list[Change]:
    old_version, new_version = _semver(old.version), _semver(new.version)
    needed = "major" if old_version[0] > 0 else "minor"
    bumped = new_version[0] > old_version[0] if old_version[0] > 0 else (new_version[0] > 0 or new_version[1] > old_version[1])
    if bumped:
        return []
    return [_change("version-not-bumped", "framework", (), f"breaking changes need a {needed} version bump, but the version went from {old.version} to {new.version}", old.version, new.version)]


def _semver(text: str) -> tuple[int, int, int]:
    major, minor, patch = re.match(r"(\d+)\.(\d+)\.(\d+)", text).groups()
    return int(major), int(minor), int(patch)


def _change(rule: str, entity: str, path: tuple[str, ...], message: str, old=None, new=None, source=None, words=()) -> Change:
    return Change(rule, RULES[rule][0], entity, path, message, old, new, source.file if source else None, source.line if source else None, tuple(words))


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


class _Differ:
    def __init__(self, old: Framework, new: Framework):
        self.old, self.new = old, new
        self.old_levels = {lv.id: lv for t in old.tracks for lv in t.levels}
        self.new_levels = {lv.id: lv for t in new.tracks for lv in t.levels}
        self.level_match = _match(self.old_levels, self.new_levels)
        self.track_match = _match({t.id: t for t in old.tracks}, {t.id: t for t in new.tracks})

    def changes(self) -> Iterator[Change]:
        yield from self._framework()
        yield from self._competencies()
        yield from self._tracks()
        yield from self._levels()
        yield from self._expectations()

    def _framework(self) -> Iterator[Change]:
        old, new = self.old, self.new
        for name in ("name", "organisation", "effective_date", "description"):
            if not same_words(str(getattr(old, name)), str(getattr(new, name))):
                yield _change("metadata-changed", "framework", (), f"framework {name.replace('_', ' ')} changed", getattr(old, name), getattr(new, name))
        if [v.id for v in old.scale.values] != [v.id for v in new.scale.values]:
            yield _change("metadata-changed", "framework", (), "the rating scale's values changed", [v.id for v in old.scale.values], [v.id for v in new.scale.values])

    def _competencies(self) -> Iterator[Change]:
        olds = {c.id: c for c in self.old.competencies}
        news = {c.id: c for c in self.new.competencies}
        match = _match(olds, news)
        for old_id, competency in olds.items():
            if old_id not in match:
                yield _change("competency-removed", "competency", (), f"competency `{old_id}` ({competency.name}) was removed from the library", competency.name, None, competency.source)
        for old_id, new_id in match.items():
            old, new = olds[old_id], news[new_id]
            if old.name != new.name:
                yield _change("competency-renamed", "competency", (), f"competency `{new_id}` renamed", old.name, new.name, new.source)
            if old.category_id != new.category_id:
                yield _change("competency-recategorised", "competency", (), f"competency `{new_id}` moved from category `{old.category_id}` to `{new.category_id}`", old.category_id, new.category_id, new.source)
        for new_id, competency in news.items():
            if new_id not in match.values():
                yield _change("competency-added", "competency", (), f"competency `{new_id}` ({competency.name}) was added to the library", None, competency.name, competency.source)

    def _tracks(self) -> Iterator[Change]:
        olds = {t.id: t for t in self.old.tracks}
        news = {t.id: t for t in self.new.tracks}
        for old_id, track in olds.items():
            if old_id not in self.track_match:
                yield _change("track-removed", "track", (old_id,), f"track `{old_id}` ({track.name}) was removed", track.name, None, track.source)
        for new_id, track in news.items():
            if new_id not in self.track_match.values():
                yield _change("track-added", "track", (new_id,), f"track `{new_id}` ({track.name}) was added", None, track.name, track.source)
        for old_id, new_id in self.track_match.items():
            yield from self._track_pair(olds[old_id], news[new_id])

    def _track_pair(self, old: Track, new: Track) -> Iterator[Change]:
        path = (new.id,)
        if old.id != new.id:
            yield _change("track-id-changed", "track", path, f"track id changed from `{old.id}` to `{new.id}`", old.id, new.id, new.source)
        if old.name != new.name:
            yield _change("track-renamed", "track", path, "track renamed", old.name, new.name, new.source)
        for name in ("description", "job_family", "job_family_group", "kind"):
            if not same_words(str(getattr(old, name)), str(getattr(new, name))):
                yield _change("metadata-changed", "track", path, f"track {name.replace('_', ' ')} changed", getattr(old, name), getattr(new, name), new.source)
        for competency in old.competency_ids:
            if competency not in new.competency_ids:
                yield _change("competency-dropped", "track", path, f"competency `{competency}` was dropped from the track", competency, None, new.source)
        for competency in new.competency_ids:
            if competency not in old.competency_ids:
                yield _change("competency-added", "track", path, f"competency `{competency}` was added to the track", None, competency, new.source)
        surviving_old = [self.level_match[lv.id] for lv in old.levels if lv.id in self.level_match and self.new_levels[self.level_match[lv.id]].track_id == new.id]
        surviving_new = [lv.id for lv in new.levels if lv.id in surviving_old]
        if surviving_old != surviving_new:
            yield _change("levels-reordered", "track", path, "the rank order of existing levels changed", surviving_old, surviving_new, new.source)

    def _levels(self) -> Iterator[Change]:
        for old_id, level in self.old_levels.items():
            if old_id not in self.level_match:
                yield _change("level-removed", "level", (level.track_id, old_id), f"level `{old_id}` ({level.title}) was removed", level.title, None, level.source)
        for new_id, level in self.new_levels.items():
            if new_id not in self.level_match.values():
                yield _change("level-added", "level", (level.track_id, new_id), f"level `{new_id}` ({level.title}) was added at rank {level.rank}", None, level.title, level.source)
        for old_id, new_id in self.level_match.items():
            yield from self._level_pair(self.old_levels[old_id], self.new_levels[new_id])

    def _level_pair(self, old: Level, new: Level) -> Iterator[Change]:
        path, source = (new.track_id, new.id), new.source
        if old.id != new.id:
            yield _change("level-id-changed", "level", path, f"level id changed from `{old.id}` to `{new.id}`", old.id, new.id, source)
        if old.track_id != new.track_id:
            yield _change("level-moved", "level", path, f"level moved from track `{old.track_id}` to `{new.track_id}`", old.track_id, new.track_id, source)
        if old.title != new.title:
            yield _change("level-renamed", "level", path, "level renamed", old.title, new.title, source)
        if old.job_code != new.job_code:
            yield _change("job-code-changed", "level", path, "HRIS job code changed", old.job_code, new.job_code, source)
        if old.grade != new.grade:
            yield _change("grade-changed", "level", path, "grade changed", old.grade, new.grade, source)
        for name in ("summary", "description", "management_level"):
            if not same_words(str(getattr(old, name) or ""), str(getattr(new, name) or "")):
                yield _change("metadata-changed", "level", path, f"level {name.replace('_', ' ')} changed", getattr(old, name), getattr(new, name), source, word_diff(str(getattr(old, name) or ""), str(getattr(new, name) or "")))
        yield from _scope(old, new, path, source)
        for competency in old.expectations:
            if competency.applicable and any(c.competency_id == competency.competency_id and not c.applicable for c in new.expectations):
                yield _change("competency-dropped", "level", path, f"competency `{competency.competency_id}` is no longer applicable at this level", competency.competency_id, None, source)
        yield from _promotion(self.old, self.new, old.promotion, new.promotion, path, source)

    def _expectations(self) -> Iterator[Change]:
        olds = _introduced(self.old)
        news = _introduced(self.new)
        match = _match(olds, news)
        unmatched_old = [e for key, e in olds.items() if key not in match]
        matched_new = set(match.values())  # a set: `in match.values()` made this quadratic in behaviours
        unmatched_new = [e for key, e in news.items() if key not in matched_new]
        for old_expectation, new_expectation in _pair_rewordings(unmatched_old, unmatched_new, self.level_match):
            match[old_expectation.id] = new_expectation.id
            matched_new.add(new_expectation.id)
        matched_new_levels = set(self.level_match.values())
        for old_id, new_id in match.items():
            yield from self._expectation_pair(olds[old_id], news[new_id])
        for old_id, expectation in olds.items():
            if old_id not in match and expectation.level_id in self.level_match:  # a removed level's are implied
                level = self.old_levels[expectation.level_id]
                yield _change("expectation-removed", "expectation", (level.track_id, level.id, expectation.competency_id), f"behaviour removed from `{expectation.competency_id}`", expectation.text, None, expectation.source)
        for new_id, expectation in news.items():
            if new_id not in matched_new and expectation.level_id in matched_new_levels:
                level = self.new_levels[expectation.level_id]
                yield _change("expectation-added", "expectation", (level.track_id, level.id, expectation.competency_id), f"behaviour added to `{expectation.competency_id}`", None, expectation.text, expectation.source)

    def _expectation_pair(self, old: Expectation, new: Expectation) -> Iterator[Change]:
        level = self.new_levels[new.level_id]
        path = (level.track_id, level.id, new.competency_id)
        moved_level = self.level_match.get(old.level_id) != new.level_id
        if moved_level or old.competency_id != new.competency_id:
            where = f"`{old.level_id}`/`{old.competency_id}` to `{new.level_id}`/`{new.competency_id}`"
            yield _change("expectation-moved", "expectation", path, f"behaviour moved from {where}", f"{old.level_id}/{old.competency_id}", f"{new.level_id}/{new.competency_id}", new.source)
        if not same_words(old.text, new.text):
            yield _change("expectation-reworded", "expectation", path, f"behaviour reworded in `{new.competency_id}`", old.text, new.text, new.source, word_diff(old.text, new.text))


def _match(olds: dict, news: dict) -> dict[str, str]:
    """old id → new id: the same id, or a new item that lists the old id in previous_ids."""
    match = {key: key for key in olds if key in news}
    for new_id, item in news.items():
        if new_id in olds:
            continue
        for previous in getattr(item, "previous_ids", ()):
            if previous in olds and previous not in match:
                match[previous] = new_id
                break
    return match


def _introduced(framework: Framework) -> dict[str, Expectation]:
    return {e.id: e for t in framework.tracks for lv in t.levels for block in lv.expectations for e in block.new}


def _pair_rewordings(olds: list[Expectation], news: list[Expectation], level_match: dict[str, str]) -> list[tuple[Expectation, Expectation]]:
    """Behaviours without explicit ids get new derived ids when reworded: pair them back up when
    they stay in the same level and competency and most words survive."""
    pairs, taken = [], set()
    for old in olds:
        candidates = [n for n in news if n.id not in taken and n.competency_id == old.competency_id and n.level_id == level_match.get(old.level_id)]
        scored = sorted(((difflib.SequenceMatcher(a=old.text.split(), b=n.text.split()).ratio(), n.id, n) for n in candidates), reverse=True)
        if scored and scored[0][0] >= 0.5:
            pairs.append((old, scored[0][2]))
            taken.add(scored[0][1])
    return pairs


def _scope(old: Level, new: Level, path: tuple[str, ...], source) -> Iterator[Change]:
    a, b = old.scope, new.scope
    for name in ("breadth", "horizon_months", "direct_reports_min", "direct_reports_max"):
        if getattr(a, name) != getattr(b, name):
            yield _change("scope-changed", "level", path, f"scope {name.replace('_', ' ')} changed", getattr(a, name), getattr(b, name), source)
    if not same_words(a.summary, b.summary):
        yield _change("scope-changed", "level", path, "scope summary changed", a.summary, b.summary, source, word_diff(a.summary, b.summary))


def _promotion(old_fw: Framework, new_fw: Framework, old: Promotion | None, new: Promotion | None, path: tuple[str, ...], source) -> Iterator[Change]:
    if old is None and new is None:
        return
    if old is None:
        yield _change("promotion-tightened", "promotion", path, "promotion criteria were added", None, new.description, source)
        return
    if new is None:
        yield _change("promotion-loosened", "promotion", path, "promotion criteria were removed", old.description, None, source)
        return
    yield from _ratings(old_fw, new_fw, old, new, path, source)
    yield from _months(old.min_months_in_role, new.min_months_in_role, path, source)
    for kind in ("evidence", "process"):
        yield from _listed(kind, getattr(old, kind), getattr(new, kind), path, source)
    if not same_words(old.description, new.description):
        yield _change("promotion-reworded", "promotion", path, "promotion prose changed", old.description, new.description, source, word_diff(old.description, new.description))


def _ratings(old_fw: Framework, new_fw: Framework, old: Promotion, new: Promotion, path, source) -> Iterator[Change]:
    olds = {(r.competency_id, r.category_id): r for r in old.min_ratings}
    news = {(r.competency_id, r.category_id): r for r in new.min_ratings}
    for key, rating in news.items():
        target = f"`{key[0] or key[1]}`" + ("" if key[0] else " (category)")
        if key not in olds:
            yield _change("promotion-tightened", "promotion", path, f"now requires at least `{rating.rating}` in {target}", None, rating.rating, source)
            continue
        before, after = _order(old_fw, olds[key].rating), _order(new_fw, rating.rating)
        if after > before:
            yield _change("promotion-tightened", "promotion", path, f"minimum rating in {target} raised from `{olds[key].rating}` to `{rating.rating}`", olds[key].rating, rating.rating, source)
        elif after < before:
            yield _change("promotion-loosened", "promotion", path, f"minimum rating in {target} lowered from `{olds[key].rating}` to `{rating.rating}`", olds[key].rating, rating.rating, source)
    for key, rating in olds.items():
        if key not in news:
            target = f"`{key[0] or key[1]}`" + ("" if key[0] else " (category)")
            yield _change("promotion-loosened", "promotion", path, f"no longer requires a minimum rating in {target}", rating.rating, None, source)


def _order(framework: Framework, value_id: str) -> float:
    """Position on the scale as a fraction, so scales of different lengths still compare."""
    values = [v.id for v in framework.scale.values]
    return values.index(value_id) / max(len(values) - 1, 1) if value_id in values else 0.0


def _months(old: int | None, new: int | None, path, source) -> Iterator[Change]:
    if old == new:
        return
    if (old or 0) < (new or 0):
        yield _change("promotion-tightened", "promotion", path, f"time in role raised from {old or 0} to {new} months", old, new, source)
    else:
        yield _change("promotion-loosened", "promotion", path, f"time in role lowered from {old} to {new or 0} months", old, new, source)


def _listed(kind: str, olds: tuple, news: tuple, path, source) -> Iterator[Change]:
    before = {item.id: item for item in olds}
    after = {item.id: item for item in news}
    noun = "evidence" if kind == "evidence" else "process step"
    for item_id, item in after.items():
        if item_id not in before:
            yield _change("promotion-tightened", "promotion", path, f"new required {noun} `{item_id}`", None, item.description, source)
        elif not same_words(before[item_id].description, item.description):
            yield _change("promotion-reworded", "promotion", path, f"{noun} `{item_id}` reworded", before[item_id].description, item.description, source, word_diff(before[item_id].description, item.description))
    for item_id, item in before.items():
        if item_id not in after:
            yield _change("promotion-loosened", "promotion", path, f"{noun} `{item_id}` is no longer required", item.description, None, source)
