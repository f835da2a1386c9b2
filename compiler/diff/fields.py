"""How the diff treats every field of every model dataclass: declared once, here.

The comparison walks the model's dataclasses field by field and looks each field up in FIELDS, then
in CONVENTIONS (uuid, source, previous_ids, external_id mean the same on every class). A
field is compared as a value (`Compare`, with its rule), walked into (`Walk`, a nested record), handed
to a method that knows its meaning (`Special`: collections matched by id, ordered scales, promotion
bars), or skipped with a reason (`Skip`: derived from other fields, or where a value was written).
A field the table does not know is still compared, under `field-changed`, and
tests/test_diff_coverage.py fails naming it: a new model field needs a line here.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any, get_type_hints

from .. import model as m
from ..value import value_class


@value_class
class Compare:
    """Compared as a value (text by its words); a difference is one `rule` record."""

    rule: str
    message: str
    words: bool = False  # attach a word-level diff


@value_class
class Walk:
    """A nested record, compared field by field under the same path."""


@value_class
class Special:
    """Compared by the differ's method this name maps to (compare.SPECIAL)."""

    method: str
    records: bool = False  # the method is handed the two records, not the field's values


@value_class
class Skip:
    """Not compared: `why` says what covers it."""

    why: str


LOCATION = Skip("where the value was written, not what it says")
# A uuid is compared only when the source writes it: a derived one follows the id path and the
# namespace, compared by their own rules (a nested behaviour's uuid moves with its level's id).
UUID = Special("uuid", records=True)
UUID_GIVEN = Skip("compared with the uuid: uuid-changed")
PREVIOUS_IDS = Compare("previous-ids-changed", "previous ids changed")

# Fields that mean the same wherever they appear: a class's own table overrides them.
CONVENTIONS: dict[str, Compare | Walk | Special | Skip] = {
    "uuid": UUID,
    "uuid_given": UUID_GIVEN,
    "source": LOCATION,
    "previous_ids": PREVIOUS_IDS,
    "external_id": Compare("external-id-changed", "external id changed"),
}

FIELDS: dict[type, dict[str, Compare | Walk | Special | Skip]] = {
    m.Framework: {
        "id": Compare("framework-id-changed", "framework id changed"),
        "name": Compare("metadata-changed", "framework name changed"),
        "organisation": Compare("metadata-changed", "framework organisation changed"),
        "version": Compare("version-changed", "framework version changed"),
        "effective_date": Compare("metadata-changed", "framework effective date changed"),
        "description": Compare("metadata-changed", "framework description changed", words=True),
        "uuid_namespace": Compare("uuid-namespace-changed", "UUID namespace changed: every exported UUID changed"),
        "scale": Special("default_scale"),
        "scales": Special("named_scales"),
        "categories": Special("categories"),
        "competencies": Special("competencies"),
        "tracks": Special("tracks"),
        "roles": Special("roles"),
        "presentation": Walk(),
        "project": LOCATION,  # the files read and their digest: a comment changes it, not the ladder
        "language": Compare("metadata-changed", "framework language changed"),
        "languages": Compare("metadata-changed", "framework languages to publish changed"),
        "draft_languages": Compare("metadata-changed", "framework draft languages changed"),
        "breadths": Special("breadths"),
        "levelling": Special("levelling"),
        "choosing_title": Compare("metadata-changed", "how-to-choose title changed"),
        "choosing_description": Compare("metadata-changed", "how-to-choose text changed", words=True),
        "shared_sets": Special("shared_sets"),
        "index": Skip("id lookups built from the other fields"),
    },
    m.Presentation: {
        "brand_colour": Compare("presentation-changed", "brand colour changed"),
        "logo": Special("project_path"),
        "templates": Special("project_path"),
        "page_size": Compare("presentation-changed", "page size changed"),
        "classification": Compare("presentation-changed", "document classification changed"),
        "owner": Compare("presentation-changed", "document owner changed"),
        "approver": Compare("presentation-changed", "document approver changed"),
        "approved_on": Compare("presentation-changed", "document approval date changed"),
        "previous_release": Special("project_path"),
    },
    m.Scale: {
        "id": Compare("metadata-changed", "rating scale id changed"),
        "name": Compare("metadata-changed", "rating scale name changed"),
        "description": Compare("metadata-changed", "rating scale description changed", words=True),
        "values": Special("scale_values"),
        "rated_against": Compare("metadata-changed", "what ratings are measured against changed", words=True),
        "evidence_min_share": Compare("metadata-changed", "share of behaviours a rating needs evidenced changed"),
    },
    m.SharedSet: {
        "id": Skip("the key shared sets are matched by"),
        "name": Compare("metadata-changed", "shared set `{id}` renamed"),
        "description": Compare("metadata-changed", "shared set `{id}` description changed", words=True),
        "includes": Compare("metadata-changed", "the sets shared set `{id}` includes changed"),
    },
    m.Breadth: {
        "id": Skip("the key breadths are matched by"),
        "name": Compare("scope-changed", "breadth `{id}` renamed"),
        "description": Compare("scope-changed", "breadth `{id}` description changed", words=True),
        "order": Skip("compared as the order of the breadths"),
    },
    m.LevellingGuide: {
        "description": Compare("levelling-changed", "levelling guide description changed", words=True),
        "grades": Special("levelling_grades"),
    },
    m.Grade: {
        "id": Skip("the key grades are matched by"),
        "name": Compare("levelling-changed", "levelling grade `{id}` renamed"),
        "description": Compare("levelling-changed", "levelling grade `{id}` description changed", words=True),
        "level_ids": Compare("levelling-changed", "the levels holding levelling grade `{id}` changed"),
        "order": Skip("compared as the order of the grades"),
    },
    m.ScaleValue: {
        "id": Skip("the key values are matched by"),
        "name": Compare("scale-value-renamed", "rating-scale value `{id}` renamed"),
        "description": Compare("scale-value-redefined", "rating-scale value `{id}` redefined", words=True),
        "order": Skip("compared as the order of the values: scale-reordered"),
    },
    m.Category: {
        "id": Skip("the key categories are matched by"),
        "name": Compare("category-renamed", "category `{id}` renamed"),
        "description": Compare("metadata-changed", "category `{id}` description changed", words=True),
    },
    m.Competency: {
        "id": Compare("competency-id-changed", "competency id changed to `{id}`"),
        "name": Compare("competency-renamed", "competency `{id}` renamed"),
        "category_id": Compare("competency-recategorised", "competency `{id}` moved to another category"),
        "description": Compare("metadata-changed", "competency `{id}` description changed", words=True),
        "progression": Compare("progression-changed", "competency `{id}` progression changed"),
        "requires_direct_reports": Skip("a lint input; the levels' `not_applicable` marks it asks for are compared"),
        # what its ratings mean changes with it: the ratings that name the new scale's values are records of their own
        "scale_id": Compare("metadata-changed", "competency `{id}` is rated on another scale"),
    },
    m.Role: {
        "id": Skip("the key roles are matched by"),
        "title": Compare("role-renamed", "role `{id}` renamed"),
        "description": Compare("metadata-changed", "role `{id}` description changed", words=True),
    },
    m.Track: {
        "id": Compare("track-id-changed", "track id changed"),
        "name": Compare("track-renamed", "track renamed"),
        "kind": Compare("metadata-changed", "track kind changed"),
        "description": Compare("metadata-changed", "track description changed", words=True),
        "job_family": Compare("metadata-changed", "track job family changed"),
        "job_family_group": Compare("metadata-changed", "track job family group changed"),
        "competency_ids": Special("track_competencies"),
        "levels": Special("track_levels"),
        "starts_after": Compare("track-fork-changed", "the level the track forks from changed"),
        "trunk": Skip("derived from starts_after, compared"),
        "progression": Compare("progression-changed", "track progression changed"),
        "includes": Compare("metadata-changed", "the shared sets the track includes changed"),
    },
    m.Level: {
        "id": Compare("level-id-changed", "level id changed"),
        "title": Compare("level-renamed", "level renamed"),
        "rank": Compare("level-rank-changed", "level rank changed"),
        "summary": Compare("metadata-changed", "level summary changed", words=True),
        "description": Compare("metadata-changed", "level description changed", words=True),
        "track_id": Special("level_track"),
        "job_code": Compare("job-code-changed", "HRIS job code changed"),
        "management_level": Compare("management-level-changed", "HRIS management level changed"),
        "grade": Compare("grade-changed", "grade changed"),
        "scope": Walk(),
        "expectations": Special("level_competencies"),
        "promotion": Special("promotion"),
        "moves": Special("moves"),
        "peers": Special("peers"),
        "peer_notes": Special("peer_notes"),
        "follows": Skip("derived from the level order and the track's fork point, both compared"),
        "levelling_grade": Compare("levelling-changed", "levelling grade changed"),
    },
    m.Scope: {
        "summary": Compare("scope-changed", "scope summary changed", words=True),
        "breadth": Compare("scope-changed", "scope breadth changed"),
        "horizon_months": Compare("scope-changed", "scope horizon months changed"),
        "direct_reports_min": Compare("scope-changed", "scope direct reports min changed"),
        "direct_reports_max": Compare("scope-changed", "scope direct reports max changed"),
        "direct_reports_note": Compare("scope-changed", "scope direct reports note changed", words=True),
        "breadth_order": Skip("the breadth's place on the framework's breadths, compared there"),
        "breadth_name": Skip("the breadth's name, compared on the framework's breadths"),
    },
    m.CompetencyExpectations: {
        "competency_id": Skip("the key blocks are matched by"),
        "new": Skip("behaviours are matched across the whole framework: expectation-* rules"),
        "cumulative": Skip("derived from the behaviours introduced at and below the level and their raises"),
        "evidence": Compare("evidence-examples-changed", "evidence examples for `{competency}` changed"),
        "not_applicable": Special("not_applicable"),
        "expected": Special("expected_rating"),
        "progression": Skip("the effective value of the competency's or the track's progression, both compared"),
        "listed": Skip("derived from the behaviours, their raises and progression, all compared"),
        "dropped": Special("retired"),
        "rated": Skip("a competency is rated from its first level on: the behaviours and rating it gains are compared"),
    },
    m.Listed: {
        "expectation": Skip("a behaviour compared on its own"),
        "new": Skip("derived from where the behaviour is introduced, compared"),
    },
    m.Dropped: {
        "expectation": Skip("a behaviour compared on its own"),
        "by": Skip("derived from raises and progression, compared"),
        "reason": Skip("derived from raises and progression, compared"),
    },
    m.Expectation: {
        "id": Special("expectation_id"),
        "text": Compare("expectation-reworded", "behaviour reworded in `{competency}`", words=True),
        "level_id": Special("expectation_place"),
        "competency_id": Skip("compared with level_id: one expectation-moved record"),
        "raises": Special("raises"),
        "explicit_id": Skip("whether the id was written: the id itself is compared"),
        "examples": Compare("expectation-details-changed", "examples of a behaviour in `{competency}` changed"),
        "links": Compare("expectation-details-changed", "links of a behaviour in `{competency}` changed"),
        "shared": Skip("where the behaviour is written; what it says is compared, once per shared behaviour"),
    },
    m.SharedOrigin: {
        "set_id": Skip("where the behaviour is written: the track's includes are compared"),
        "set_name": Skip("the shared set's name, printed beside its behaviours"),
        "item_id": Skip("part of the behaviour's id, compared"),
        "overridden": Skip("an override changes the text, examples or links, compared"),
    },
    m.Link: {
        "title": Skip("compared with its behaviour's links"),
        "url": Skip("compared with its behaviour's links"),
    },
    m.Promotion: {
        "description": Compare("promotion-reworded", "promotion prose changed", words=True),
        "min_ratings": Special("ratings"),
        "min_months_in_role": Special("months"),
        "evidence": Special("promotion_items"),
        "process": Special("promotion_items"),
        "exceptions": Special("exceptions"),
    },
    m.RuleException: {
        "rule": Skip("compared with its route's exceptions: promotion-changed"),
        "reason": Skip("compared with its route's exceptions: promotion-changed"),
        "reviewed_by": Skip("compared with its route's exceptions: promotion-changed"),
        "reviewed_on": Skip("compared with its route's exceptions: promotion-changed"),
    },
    m.RatingCriterion: {
        "id": Skip("derived from the competency or category it rates"),
        "rating": Special("rating"),
        "competency_id": Skip("the key ratings are matched by"),
        "category_id": Skip("the key ratings are matched by"),
        "competency_ids": Skip("derived from the track's competencies and their categories, both compared"),
    },
    m.EvidenceCriterion: {
        "id": Skip("the key evidence is matched by"),
        "description": Compare("promotion-reworded", "evidence `{id}` reworded", words=True),
    },
    m.ProcessStep: {
        "id": Skip("the key process steps are matched by"),
        "kind": Compare("promotion-changed", "process step `{id}` kind changed"),
        "description": Compare("promotion-reworded", "process step `{id}` reworded", words=True),
    },
    m.CareerMove: {
        "from_level": Skip("the level the move is compared under"),
        "to": Skip("the key moves are matched by (through previous_ids)"),
        "to_kind": Skip("derived from whether `to` names a role or a level"),
        "kind": Compare("career-move-changed", "career move to `{to}`: kind changed"),
        "description": Compare("career-move-changed", "career move to `{to}`: description changed", words=True),
        "implied": Skip("implied moves follow from the level order: level-added, level-removed, levels-reordered"),
        "criteria": Special("promotion"),
    },
}


def treatment(cls: type, name: str) -> Compare | Walk | Special | Skip | None:
    """How a field is compared: its class's table (or a base class's), else the conventions."""
    for klass in cls.__mro__:
        if name in FIELDS.get(klass, {}):
            return FIELDS[klass][name]
    return CONVENTIONS.get(name)


def model_dataclasses() -> list[type]:
    """Every dataclass reachable from Framework through its fields' type hints (source locations aside)."""
    found: list[type] = []
    pending: list[type] = [m.Framework]
    while pending:
        cls = pending.pop()
        if cls in found:
            continue
        found.append(cls)
        hints = get_type_hints(cls, vars(m))
        for f in fields(cls):
            if treatment(cls, f.name) is LOCATION:
                continue
            pending += [
                t for t in _types_in(hints[f.name]) if isinstance(t, type) and is_dataclass(t) and t not in found
            ]
    return found


def _types_in(hint: Any) -> list[Any]:  # a type hint, and the types in its arguments
    args = getattr(hint, "__args__", None)
    return [t for arg in args for t in _types_in(arg)] if args else [hint]


def unruled_fields() -> list[str]:
    """`Type.field` for every model field FIELDS does not declare."""
    return [
        f"{cls.__name__}.{f.name}" for cls in model_dataclasses() for f in fields(cls) if treatment(cls, f.name) is None
    ]
