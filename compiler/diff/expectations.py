"""Behaviours, matched across the whole framework: by id, previous_ids, or (without ids) by wording."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator

from ..model import Expectation, Framework, Level
from .records import Change, Where, match_ids

# The least similarity (see similarity()) at which a behaviour without an id that left a level and
# competency, and one that arrived there, are one behaviour reworded; docs/diff.md states it.
REWORDING_THRESHOLD = 0.3
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def words_of(text: str) -> tuple[str, ...]:
    """The words of a behaviour, case and punctuation aside."""
    return tuple(_WORD.findall(text.casefold()))


def similarity(old: str, new: str) -> float:
    """How much of two wordings is shared, 0 to 1: twice the words they share in order over the
    words of both (difflib's ratio over words, case and punctuation aside)."""
    return difflib.SequenceMatcher(a=words_of(old), b=words_of(new), autojunk=False).ratio()


def introduced(framework: Framework) -> dict[str, Expectation]:
    """Every behaviour by id, at the level that introduces it."""
    return {e.id: e for t in framework.tracks for lv in t.levels for block in lv.expectations for e in block.new}


class ExpectationComparison:
    """Part of Differ: behaviours are compared with the level, competency and behaviour matches it holds."""

    old: Framework
    new: Framework
    old_levels: dict[str, Level]
    new_levels: dict[str, Level]
    level_match: dict[str, str]
    matched_new_levels: set[str]
    competency_match: dict[str, str]
    old_expectations: dict[str, Expectation]
    new_expectations: dict[str, Expectation]
    expectation_match: dict[str, str]
    expectation_old_of: dict[str, str]
    record: Callable[..., Iterator[Change]]

    def _match_expectations(self) -> dict[str, str]:
        match = match_ids(self.old_expectations, self.new_expectations)
        # A written id is the behaviour's identity (renames go through previous_ids): an old behaviour
        # with one that is gone was removed. Only id-less old ones, whose derived ids follow words and
        # place, are paired by wording (with a new one that may since have been given an id).
        unmatched_old = [e for key, e in self.old_expectations.items() if key not in match and not e.explicit_id]
        taken = set(match.values())
        unmatched_new = [e for key, e in self.new_expectations.items() if key not in taken]
        for old, new in self._pair_moves(unmatched_old, unmatched_new):
            match[old.id] = new.id
        paired_new = set(match.values())
        unmatched_old = [e for e in unmatched_old if e.id not in match]
        unmatched_new = [e for e in unmatched_new if e.id not in paired_new]
        for old, new in self._pair_rewordings(unmatched_old, unmatched_new):
            match[old.id] = new.id
        return match

    def _new_place_of(self, old: Expectation) -> tuple[str | None, str | None]:
        """Where an old behaviour would sit in NEW: its level and competency, followed through renames."""
        return self.level_match.get(old.level_id), self.competency_match.get(old.competency_id)

    def _pair_moves(self, olds: list[Expectation], news: list[Expectation]) -> list[tuple[Expectation, Expectation]]:
        """Behaviours without explicit ids get new derived ids when they move: the same words at
        another level or competency are one behaviour that moved (first written, first paired)."""
        by_words: dict[tuple[str, ...], list[Expectation]] = {}
        for new in news:
            by_words.setdefault(words_of(new.text), []).append(new)
        pairs = []
        for old in olds:
            candidates = by_words.get(words_of(old.text), [])
            if candidates:
                pairs.append((old, candidates.pop(0)))
        return pairs

    def _pair_rewordings(
        self, olds: list[Expectation], news: list[Expectation]
    ) -> list[tuple[Expectation, Expectation]]:
        """Behaviours without explicit ids get new derived ids when reworded: pair them back up when
        they stay in the same level and competency and are similar enough (REWORDING_THRESHOLD);
        the most similar pairs first, so one rewording cannot take another's partner."""
        by_place: dict[tuple[str | None, str | None], list[Expectation]] = {}
        for new in news:
            by_place.setdefault((new.level_id, new.competency_id), []).append(new)
        scored = sorted(
            (
                (-similarity(old.text, new.text), i, j, old, new)
                for i, old in enumerate(olds)
                for j, new in enumerate(by_place.get(self._new_place_of(old), ()))
            ),
            key=lambda s: s[:3],
        )
        pairs, taken_old, taken_new = [], set(), set()
        for negative, _, _, old, new in scored:
            if -negative < REWORDING_THRESHOLD or old.id in taken_old or new.id in taken_new:
                continue
            pairs.append((old, new))
            taken_old.add(old.id)
            taken_new.add(new.id)
        return pairs

    def expectations(self) -> Iterator[Change]:
        olds, news, match = self.old_expectations, self.new_expectations, self.expectation_match
        for old_id, new_id in match.items():
            yield from self.record(olds[old_id], news[new_id], self._expectation_where(news[new_id]))
        for old_id, expectation in olds.items():
            if old_id not in match and expectation.level_id in self.level_match:  # a removed level's are implied
                where = self._expectation_where(expectation, self.old_levels)
                yield where.change(
                    "expectation-removed",
                    f"behaviour removed from `{expectation.competency_id}`",
                    expectation.text,
                    None,
                )
        matched = set(match.values())
        for new_id, expectation in news.items():
            if new_id not in matched and expectation.level_id in self.matched_new_levels:
                yield self._expectation_where(expectation).change(
                    "expectation-added", f"behaviour added to `{expectation.competency_id}`", None, expectation.text
                )
        yield from self._expectation_order()

    def _expectation_where(self, expectation: Expectation, levels: dict[str, Level] | None = None) -> Where:
        level = (levels or self.new_levels)[expectation.level_id]
        return Where(
            "expectation",
            (level.track_id, level.id, expectation.competency_id),
            expectation.source,
            {"competency": expectation.competency_id, "id": expectation.id},
        )

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
                kept_old = [
                    self.expectation_match[e.id] for e in block.new if self.expectation_match.get(e.id) in new_ids
                ]
                kept_new = [i for i in new_ids if i in kept_old]
                if kept_old != kept_new:
                    where = Where("expectation", (new_level.track_id, new_level.id, competency), new_block.source)
                    yield where.change(
                        "order-changed", f"the order of the behaviours in `{competency}` changed", kept_old, kept_new
                    )

    def expectation_id(self, old: str, new: str, where: Where, _name: str) -> Iterator[Change]:
        written = self.old_expectations[old].explicit_id or self.new_expectations[new].explicit_id
        if old != new and written:  # derived ids follow the words and place, which have records of their own
            yield where.change("expectation-id-changed", f"behaviour id changed from `{old}` to `{new}`", old, new)

    def expectation_place(self, old_level: str, new_level: str, where: Where, _name: str) -> Iterator[Change]:
        new = self.new_expectations[where.names["id"]]
        old = self.old_expectations[self.expectation_old_of[new.id]]
        if (
            self.level_match.get(old.level_id) != new.level_id
            or self.competency_match.get(old.competency_id) != new.competency_id
        ):
            before = self._place(self.old, old.level_id, old.competency_id)
            after = self._place(self.new, new.level_id, new.competency_id)
            message = f"behaviour “{new.text}” moved from {before} to {after}"
            yield where.change(
                "expectation-moved",
                message,
                f"{old.level_id}/{old.competency_id}",
                f"{new.level_id}/{new.competency_id}",
            )

    def raises(self, old: str | None, new: str | None, where: Where, _name: str) -> Iterator[Change]:
        mapped = self.expectation_match.get(old) if old else None
        if mapped == new:
            return
        before = f"“{self.old_expectations[old].text}”" if old in self.old_expectations else f"`{old}`"
        after = f"“{self.new_expectations[new].text}”" if new in self.new_expectations else f"`{new}`"
        if new is None:
            message = f"no longer replaces {before}: it stays required from this level on"
        elif old is None:
            message = f"now replaces {after}: it is no longer required from this level on"
        else:
            message = f"now replaces {after} instead of {before}"
        yield where.change("expectation-raises-changed", message, old, new)

    @staticmethod
    def _place(framework: Framework, level_id: str, competency_id: str) -> str:
        """A level and competency as people read them: “Senior Manager” in Coaching."""
        level = next((lv.title for t in framework.tracks for lv in t.levels if lv.id == level_id), level_id)
        competency = next((c.name for c in framework.competencies if c.id == competency_id), competency_id)
        return f"“{level}” in {competency}"

    # Promotion criteria: compared with a direction
