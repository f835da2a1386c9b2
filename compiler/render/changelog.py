"""The change log for people: `ladder diff` between the previous released version and this one, as
sentences grouped by level. Each sentence is a kind (its words live in templates/changelog.j2, so a
project can override them and the catalogues translate them) and slots: old and new values taken from
the document's language (the previous release is translated with the same catalogue; a value with no
current translation is shown in the source language, marked)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from ..i18n.document import label
from ..i18n.labels import QUOTED
from ..model import Framework, Level
from ..value import value_class

# Records about identifiers, order and keys: counted, not told (no internal ids on a page for people).
TECHNICAL = frozenset(
    {
        "uuid-changed",
        "level-id-changed",
        "track-id-changed",
        "external-id-changed",
        "previous-ids-changed",
        "order-changed",
        "levels-reordered",
        "expectation-id-changed",
        "field-changed",
        "version-not-bumped",
    }
)
PROSE_FIELDS = frozenset(
    {
        "Track.description",
        "Level.summary",
        "Level.description",
        "Scope.summary",
        "Scope.direct_reports_note",
        "Promotion.description",
        "EvidenceCriterion.description",
        "ProcessStep.description",
        "CareerMove.description",
    }
)
CRITERIA_FIELDS = frozenset({"Promotion.description", "EvidenceCriterion.description", "ProcessStep.description"})


@value_class
class Sentence:
    """One change: `kind` names its words in templates/changelog.j2; `slots` fill them (plain text)."""

    kind: str
    slots: dict[str, str] = field(default_factory=dict)

    @property
    def markdown_slots(self) -> dict[str, str]:
        from .text import to_markdown_inline

        return {key: str(to_markdown_inline(value)) for key, value in self.slots.items()}


@value_class
class LevelChanges:
    level: str  # the level's title; "" for changes to the whole track
    sentences: tuple[Sentence, ...]


@value_class
class ChangeLog:
    previous_version: str
    previous_date: str
    counts: dict[str, int]  # what the summary paragraph counts (see SUMMARY_COUNTS)
    groups: tuple[LevelChanges, ...]
    technical: int  # identifier and order changes, counted only
    changed_behaviours: frozenset[str]  # behaviour ids added, reworded or moved in this version

    @property
    def total(self) -> int:
        return sum(len(group.sentences) for group in self.groups) + self.technical


def change_log(framework: Framework, track_id: str) -> ChangeLog | None:
    """None when no previous release is configured; an error when it is configured but unreadable."""
    previous = framework.presentation.previous_release
    if previous is None:
        return None
    return _change_log(previous, framework, track_id)


def _previous(previous: Path) -> Framework:
    from ..pipeline import read_release

    compiled = read_release(previous)
    if compiled.framework is None:
        first = compiled.problems[0] if compiled.problems else None
        raise ValueError(
            f"the previous release in {previous} is not a valid ladder project"
            + (f": {first.message}" if first else "")
        )
    return compiled.framework


def _in_language(old: Framework, framework: Framework) -> Framework:
    """The previous release in the document's language, through the same catalogue (its own record of
    fallbacks, so the document's note is not changed by texts of the old release)."""
    from ..i18n.strings import map_strings
    from ..i18n.translate import Translation, translation_of

    translation = translation_of(framework)
    if translation is None:
        return old
    fresh = Translation(translation.language, translation.source_language, translation.catalog)
    return replace(map_strings(old, fresh.text), language=translation.language)


def _change_log(previous: Path, framework: Framework, track_id: str) -> ChangeLog:
    from ..diff import diff
    from ..i18n.document import localised_date
    from ..i18n.translate import source_model

    old = _previous(previous)
    # A translated document shows the changes of the source: its translation is no change.
    result = diff(old, source_model(framework), track_ids=(track_id,))
    words = _Words(_in_language(old, framework), framework, old)
    by_level: dict[str, list[Sentence]] = {}
    technical = 0
    changed: set[str] = set()
    counted: dict[str, set[str]] = {key: set() for key in ("new_behaviours", "criteria", "records")}
    totals = dict.fromkeys(("added", "removed", "moved", "reworded"), 0)
    for change in result.changes:
        if change.rule in TECHNICAL:
            technical += 1
            continue
        sentence = words.sentence(change)
        if sentence is None:
            technical += 1
            continue
        level_id = change.path[1] if len(change.path) > 1 else ""
        by_level.setdefault(level_id, []).append(sentence)
        _count(change, level_id, counted, totals, changed)
    levels = {lv.id: lv for lv in framework.track(track_id).levels}
    order = [""] + [lv_id for lv_id in levels if lv_id in by_level] + sorted(set(by_level) - set(levels) - {""})
    groups = tuple(
        LevelChanges(words.level_title(level_id) if level_id else "", tuple(by_level[level_id]))
        for level_id in order
        if level_id in by_level
    )
    counts = {
        "levels_with_new_behaviours": len(counted["new_behaviours"]),
        "behaviours_added": totals["added"],
        "behaviours_removed": totals["removed"],
        "behaviours_moved": totals["moved"],
        "behaviours_reworded": totals["reworded"],
        "levels_with_new_criteria": len(counted["criteria"]),
        "levels_with_new_records": len(counted["records"]),
    }
    return ChangeLog(
        old.version or "unversioned draft",  # a previous build may have been one (format 2)
        localised_date(framework, old.effective_date) if old.effective_date else "undated",
        counts,
        groups,
        technical,
        frozenset(changed),
    )


HR_RULES = frozenset({"job-code-changed", "grade-changed", "management-level-changed", "levelling-changed"})


def _count(change: Any, level_id: str, counted: dict[str, set[str]], totals: dict[str, int], changed: set[str]) -> None:
    behaviour = change.name("id") if change.entity == "expectation" else None
    if change.rule == "expectation-added":
        counted["new_behaviours"].add(level_id)
        totals["added"] += 1
    elif change.rule == "expectation-removed":
        totals["removed"] += 1
    elif change.rule == "expectation-moved":
        totals["moved"] += 1
    elif change.rule == "expectation-reworded":
        totals["reworded"] += 1
    if behaviour and change.rule in ("expectation-added", "expectation-moved", "expectation-reworded"):
        changed.add(behaviour)
    if change.rule.startswith("promotion-") and level_id:
        counted["criteria"].add(level_id)
    if change.rule in HR_RULES and change.entity == "level" and level_id:
        counted["records"].add(level_id)


class _Words:
    """Turns one change record into a sentence, with values from the two models in the page's language."""

    def __init__(self, old: Framework, new: Framework, source_old: Framework):
        self.old, self.new = old, new
        self.old_behaviours = _behaviours(old)
        self.new_behaviours = _behaviours(new)
        self.source_old_texts = {" ".join(e.text.split()): key for key, e in _behaviours(source_old).items()}

    def marked(self, text: str) -> str:
        """Source-language text in a translated document, marked as such."""
        from ..i18n.translate import Fallback, translation_of

        translation = translation_of(self.new)
        return Fallback.of(text, translation.source_language) if translation is not None else text

    # Names of things, from the new version when it has them, else the old one

    def level_title(self, level_id: str) -> str:
        for version in (self.new, self.old):
            if version.has_level(level_id):
                return version.level(level_id).title
        return level_id

    def competency(self, competency_id: str | None) -> str:
        for version in (self.new, self.old):
            found = next((c for c in version.competencies if c.id == competency_id), None)
            if found is not None:
                return found.name
        return competency_id or ""

    def category(self, category_id: str | None) -> str:
        for version in (self.new, self.old):
            found = next((c for c in version.categories if c.id == category_id), None)
            if found is not None:
                return found.name
        return category_id or ""

    def rating(self, value_id: object, version: Framework) -> str:
        for candidate in (version, self.new, self.old):
            values = (v for scale in candidate.scales for v in scale.values)
            found = next((v for v in values if v.id == value_id), None)
            if found is not None:
                return found.name
        return str(value_id)

    def move_target(self, to: str | None) -> str:
        for version in (self.new, self.old):
            if to and version.has_level(to):
                return version.level(to).title
            role = next((r for r in version.roles if r.id == to), None)
            if role is not None:
                return role.title
        return to or ""

    # Values of a field, read from the record it belongs to in each version

    def _record(self, version: Framework, change: Any, cls: str) -> object | None:
        track_id = change.path[0] if change.path else None
        level = _level(version, change.path[1]) if len(change.path) > 1 else None
        if cls == "Track":
            return next((t for t in version.tracks if t.id == track_id), None)
        if level is None:
            return None
        holder: object = level
        to = change.name("to")
        if to is not None:
            move = next((m for m in level.moves if m.to == to), None)
            if cls == "CareerMove" or move is None:
                return move
            holder = move.criteria
        elif cls not in ("Level", "Scope"):
            holder = level.promotion
        if holder is None:
            return None
        if cls == "Scope":
            return level.scope
        if cls in ("Level", "Promotion", "CareerMove"):
            return holder
        items: tuple[Any, ...] = getattr(holder, "evidence" if cls == "EvidenceCriterion" else "process", ())
        found: object | None = next((i for i in items if i.id == change.name("id")), None)
        return found

    def field_value(self, version: Framework, change: Any, source_value: object) -> str:
        cls, _, attr = (change.name("field") or ".").partition(".")
        record = self._record(version, change, cls)
        value = getattr(record, attr, source_value) if record is not None else source_value
        if value is None or value == "":
            return ""
        if attr == "breadth":
            return next((b.name for b in (*version.breadths, *self.new.breadths) if b.id == value), str(value))
        if attr == "levelling_grade":
            guide = version.levelling or self.new.levelling
            return next((g.name for g in (guide.grades if guide else ()) if g.id == value), str(value))
        if attr == "starts_after":
            return self.level_title(str(value))
        if isinstance(value, (tuple, list)):
            return "; ".join(str(getattr(v, "title", v)) for v in value)
        return str(value)

    # The sentence

    def sentence(self, change: Any) -> Sentence | None:
        rule = change.rule
        if change.name("field") and rule not in ("expectation-reworded", "evidence-examples-changed"):
            return self._field(change)
        method = SENTENCES.get(rule)
        return method(self, change) if method else None

    def _field(self, change: Any) -> Sentence | None:
        key = change.name("field") or ""
        if key == "Level.rank":
            return None  # the level's place in the track: an order change, counted as editorial
        old = self.field_value(self.old, change, change.old)
        new = self.field_value(self.new, change, change.new)
        if key == "Expectation.examples" or key == "Expectation.links":
            text = self._behaviour_text(change.name("id"))
            return Sentence(
                "behaviour-details", {"competency": self.competency(change.name("competency")), "text": text}
            )
        slots = {"field": key, "old": old, "new": new}
        shape = "text" if key in PROSE_FIELDS else "field"
        kind = f"{shape}-set" if not old else f"{shape}-removed" if not new else f"{shape}-changed"
        if key in CRITERIA_FIELDS or change.name("to"):
            return Sentence("criteria-" + kind, {**slots, **self._bar(change)})
        return Sentence(kind, slots)

    def _bar(self, change: Any) -> dict[str, str]:
        """Which bar a criteria change is about: the way into the level, or a move out of it."""
        to = change.name("to")
        if to is not None:
            return {"bar": "move", "to": self.move_target(to)}
        level = _level(self.new, change.path[1]) or _level(self.old, change.path[1])
        return {"bar": "promotion" if level is not None and level.follows else "joining", "to": ""}

    def _behaviour_text(self, behaviour_id: str | None, old: bool = False) -> str:
        found = (self.old_behaviours if old else self.new_behaviours).get(behaviour_id or "")
        if found is None and not old:
            found = self.old_behaviours.get(behaviour_id or "")
        return found.text if found is not None else ""

    def _expectation_added(self, change: Any) -> Sentence:
        return Sentence(
            "behaviour-added",
            {"competency": self.competency(change.name("competency")), "text": self._behaviour_text(change.name("id"))},
        )

    def _expectation_removed(self, change: Any) -> Sentence:
        return Sentence(
            "behaviour-removed",
            {
                "competency": self.competency(change.name("competency")),
                "text": self._behaviour_text(change.name("id"), old=True),
            },
        )

    def _expectation_moved(self, change: Any) -> Sentence:
        old_level, _, old_competency = str(change.old).partition("/")
        return Sentence(
            "behaviour-moved",
            {
                "competency": self.competency(change.name("competency")),
                "from": self.level_title(old_level),
                "from_competency": self.competency(old_competency),
                "text": self._behaviour_text(change.name("id")),
            },
        )

    def _expectation_reworded(self, change: Any) -> Sentence:
        # Matched behaviours mostly keep their id; one whose id changed is found by its source words.
        behaviour_id = change.name("id")
        found = self.old_behaviours.get(behaviour_id or "")
        if found is None:
            index = self.source_old_texts.get(" ".join(str(change.old).split()))
            found = self.old_behaviours.get(index or "")
        old_text = found.text if found is not None else self.marked(str(change.old))
        return Sentence(
            "behaviour-reworded",
            {
                "competency": self.competency(change.name("competency")),
                "old": old_text,
                "new": self._behaviour_text(change.name("id")),
            },
        )

    def _expectation_raises_changed(self, change: Any) -> Sentence:
        """Which earlier behaviours this level replaces (`raises`) or retires, told by their words."""

        def texts(value: object, old: bool) -> str:
            ids = value if isinstance(value, list) else [value] if value else []
            # each text in the document language's quotation marks (German „…“), as the sentences' own
            return "; ".join(label(self.new, QUOTED, text=self._behaviour_text(str(i), old=old)) for i in ids)

        return Sentence(
            "behaviour-replaces-changed",
            {
                "competency": self.competency(change.name("competency")),
                "old": texts(change.old, True),
                "new": texts(change.new, False),
            },
        )

    def _expected_rating_changed(self, change: Any) -> Sentence:
        slots = {
            "competency": self.competency(change.name("competency")),
            "old": self.rating(change.old, self.old) if change.old else "",
            "new": self.rating(change.new, self.new) if change.new else "",
        }
        kind = "expected-set" if not change.old else "expected-removed" if not change.new else "expected-changed"
        return Sentence(kind, slots)

    def _evidence_examples_changed(self, change: Any) -> Sentence | None:
        competency_id = change.name("competency")
        old_list = _evidence(self.old, change.path[1], competency_id)
        new_list = _evidence(self.new, change.path[1], competency_id)
        source_old, source_new = list(change.old or ()), list(change.new or ())
        added = [new_list[i] for i, text in enumerate(source_new) if text not in source_old and i < len(new_list)]
        removed = [old_list[i] for i, text in enumerate(source_old) if text not in source_new and i < len(old_list)]
        slots = {
            "competency": self.competency(competency_id),
            "added": _joined(added),
            "removed": _joined(removed),
        }
        kind = "evidence-added" if not removed else "evidence-removed" if not added else "evidence-changed"
        return Sentence(kind, slots)

    def _promotion(self, change: Any) -> Sentence | None:
        bar = self._bar(change)
        criterion = change.name("criterion")
        if criterion is None:  # the whole set of criteria came or went
            version = self.new if change.new is not None else self.old
            record = self._record(version, change, "Promotion")
            text = str(getattr(record, "description", "") or change.new or change.old or "")
            return Sentence("criteria-added" if change.new is not None else "criteria-removed", {**bar, "text": text})
        if criterion == "rating":
            target = (
                self.competency(change.name("competency"))
                if change.name("competency")
                else self.category(change.name("category"))
            )
            slots = {
                **bar,
                "target": target,
                "category": "yes" if change.name("category") else "",
                "old": self.rating(change.old, self.old) if change.old else "",
                "new": self.rating(change.new, self.new) if change.new else "",
            }
            kind = "rating-added" if not change.old else "rating-removed" if not change.new else "rating-changed"
            return Sentence(kind, slots)
        if criterion == "months":
            slots = {**bar, "old": str(change.old or ""), "new": str(change.new or "")}
            kind = "months-set" if change.old is None else "months-removed" if change.new is None else "months-changed"
            return Sentence(kind, slots)
        noun = "required-evidence" if criterion == "evidence" else "step"
        version = self.new if change.new is not None else self.old
        record = self._record(version, change, "EvidenceCriterion" if criterion == "evidence" else "ProcessStep")
        text = str(getattr(record, "description", "") or change.new or change.old or "")
        return Sentence(f"{noun}-{'added' if change.new is not None else 'removed'}", {**bar, "text": text})

    def _career_move_added(self, change: Any) -> Sentence:
        return self._move("move-added", change, self.new)

    def _career_move_removed(self, change: Any) -> Sentence:
        return self._move("move-removed", change, self.old)

    def _move(self, kind: str, change: Any, version: Framework) -> Sentence:
        move = self._record(version, change, "CareerMove")
        return Sentence(kind, {"kind": getattr(move, "kind", ""), "to": self.move_target(change.name("to"))})

    def _peers_changed(self, change: Any) -> Sentence:
        peer = change.new or change.old
        return Sentence("peer-added" if change.new else "peer-removed", {"level": self.level_title(str(peer))})

    def _competency_added(self, change: Any) -> Sentence:
        competency = self.competency(change.name("competency") or str(change.new or ""))
        if change.entity == "level":
            return Sentence("competency-applies", {"competency": competency})
        return Sentence("competency-added", {"competency": self.competency(str(change.new))})

    def _competency_dropped(self, change: Any) -> Sentence:
        if change.entity == "level":
            competency = self.competency(change.name("competency"))
            return Sentence("competency-not-applicable", {"competency": competency, "text": str(change.new or "")})
        return Sentence("competency-dropped", {"competency": self.competency(str(change.old))})

    def _level_added(self, change: Any) -> Sentence:
        level = _level(self.new, change.path[1])
        below = level.follows if level is not None else None
        return Sentence(
            "level-added",
            {"level": self.level_title(change.path[1]), "below": self.level_title(below) if below else ""},
        )

    def _level_removed(self, change: Any) -> Sentence:
        return Sentence("level-removed", {"level": self.level_title(change.path[1])})

    def _level_moved(self, change: Any) -> Sentence:
        return Sentence("level-moved", {"old": str(change.old), "new": str(change.new)})

    def _track_added(self, change: Any) -> Sentence:
        return Sentence("track-added", {"new": str(change.new)})

    def _track_removed(self, change: Any) -> Sentence:
        return Sentence("track-removed", {"old": str(change.old)})


# The diff rules with a sentence of their own (a mapping, so that find-usages sees every method);
# a field change of any other rule is worded by _Words._field.
SENTENCES: dict[str, Callable[[_Words, Any], Sentence | None]] = {
    "expectation-added": _Words._expectation_added,
    "expectation-removed": _Words._expectation_removed,
    "expectation-moved": _Words._expectation_moved,
    "expectation-reworded": _Words._expectation_reworded,
    "expectation-raises-changed": _Words._expectation_raises_changed,
    "expected-rating-changed": _Words._expected_rating_changed,
    "evidence-examples-changed": _Words._evidence_examples_changed,
    "promotion-tightened": _Words._promotion,
    "promotion-loosened": _Words._promotion,
    "promotion-changed": _Words._promotion,
    "career-move-added": _Words._career_move_added,
    "career-move-removed": _Words._career_move_removed,
    "peers-changed": _Words._peers_changed,
    "competency-added": _Words._competency_added,
    "competency-dropped": _Words._competency_dropped,
    "level-added": _Words._level_added,
    "level-removed": _Words._level_removed,
    "level-moved": _Words._level_moved,
    "track-added": _Words._track_added,
    "track-removed": _Words._track_removed,
}


def _behaviours(framework: Framework) -> dict[str, Any]:
    return {e.id: e for t in framework.tracks for lv in t.levels for block in lv.expectations for e in block.new}


def _level(framework: Framework, level_id: str) -> Level | None:
    return framework.level(level_id) if framework.has_level(level_id) else None


def _evidence(framework: Framework, level_id: str, competency_id: str | None) -> list[str]:
    level = _level(framework, level_id)
    if level is None or competency_id is None:
        return []
    block = next((b for b in level.expectations if b.competency_id == competency_id), None)
    return list(block.evidence) if block is not None else []


def _joined(texts: list[str]) -> str:
    """Texts inside one quotation: a sentence is followed by a space (“A. B.”), a phrase by `; `
    (a `; ` after a full stop read as “A.; B.”)."""
    joined = ""
    for text in texts:
        if joined:
            joined += " " if joined.rstrip().endswith((".", "!", "?", "…")) else "; "
        joined += text
    return joined
