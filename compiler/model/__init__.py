"""Model stage: immutable dataclasses built once from validated sources.

Everything renderers need is computed here, once (model.assemble): the cumulative and "new at this
level" expectations, what each level drops or replaces, stable ids and UUIDs (criteria
included), career moves out of each level, peer levels, the levelling guide and the shared trunk
a forked track continues. Renderers and exports only format what they find here.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import TypedDict

from ..source.project import Project
from ..source.schema_store import BREADTHS, PRODUCT_BREADTHS
from ..value import value_class

DEFAULT_BRAND_COLOUR = "#1F4E79"
DEFAULT_LANGUAGE = "en"
ACCUMULATE, REPLACE = "accumulate", "replace"


@value_class
class SourceRef:
    file: str
    line: int
    column: int = 1


@value_class
class ScaleValue:
    id: str
    name: str
    description: str
    order: int  # 0 is the lowest
    uuid: str
    external_id: str | None = None
    uuid_given: bool = False  # the uuid was written in the source, not derived from the id path


@value_class
class Scale:
    id: str
    name: str
    description: str
    values: tuple[ScaleValue, ...]
    rated_against: str = ""  # what a rating is measured against, as the source says it
    evidence_min_share: float = 1.0  # share of a level's behaviours a rating at the bar needs evidenced

    def order(self, value_id: str) -> int:
        return next(value.order for value in self.values if value.id == value_id)

    def value(self, value_id: str) -> ScaleValue:
        return self.values[self.order(value_id)]

    @property
    def value_ids(self) -> tuple[str, ...]:
        return tuple(value.id for value in self.values)


@value_class
class Breadth:
    id: str
    name: str
    description: str
    order: int  # 0 is the narrowest


@value_class
class Category:
    id: str
    name: str
    description: str
    uuid: str
    external_id: str | None = None
    uuid_given: bool = False  # the uuid was written in the source, not derived from the id path


@value_class
class Competency:
    id: str
    name: str
    category_id: str | None
    description: str
    uuid: str
    previous_ids: tuple[str, ...]
    source: SourceRef
    external_id: str | None = None
    progression: str | None = None  # as written; the effective value is on each CompetencyExpectations
    uuid_given: bool = False  # the uuid was written in the source, not derived from the id path
    requires_direct_reports: bool = False  # only a level that manages people can show it
    scale_id: str | None = None  # the scale it is rated on (its own, else the default); None: rated on none


@value_class
class Link:
    title: str
    url: str


@value_class
class SharedOrigin:
    """The shared set a track's behaviour comes from (`shared:`), and whether the track rewords it."""

    set_id: str
    set_name: str
    item_id: str  # the behaviour's id in the set; in the track it is `<track>.<item_id>`
    overridden: bool  # the track replaces its text, examples or links


@value_class
class SharedSet:
    """A shared set as a whole (`shared:`); its behaviours are held by the tracks that include it."""

    id: str
    name: str
    description: str
    includes: tuple[str, ...]  # ids of the sets it holds the behaviours of too


@value_class
class Expectation:
    """One observable behaviour, introduced at `level_id`."""

    id: str
    text: str
    uuid: str
    level_id: str
    competency_id: str
    raises: str | None
    explicit_id: bool
    previous_ids: tuple[str, ...]
    source: SourceRef
    external_id: str | None = None
    examples: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    uuid_given: bool = False  # the uuid was written in the source, not derived from the id path
    shared: SharedOrigin | None = None  # None for the track's own behaviours


@value_class
class Listed:
    """One line of a level's cumulative view: the behaviour and whether this level introduces it."""

    expectation: Expectation
    new: bool


@value_class
class Dropped:
    """A lower behaviour that no longer applies from this level on: replaced by `by`, or retired."""

    expectation: Expectation
    by: tuple[Expectation, ...]  # empty when retired without a successor
    reason: str  # "raised", "replaced" (the competency's progression is `replace`) or "retired"


@value_class
class CompetencyExpectations:
    """What one level expects for one competency."""

    competency_id: str
    new: tuple[Expectation, ...]  # introduced or raised at this level
    cumulative: tuple[Expectation, ...]  # everything required at this level
    evidence: tuple[str, ...]
    not_applicable: str | None
    source: SourceRef
    expected: str | None = None  # scale value id: this cell of the proficiency matrix
    progression: str = ACCUMULATE
    listed: tuple[Listed, ...] = ()  # the cumulative view with "new at this level" flags
    dropped: tuple[Dropped, ...] = ()
    rated: bool = True  # False below the competency's first level in the ladder: not yet rated there

    @property
    def applicable(self) -> bool:
        return self.not_applicable is None and self.rated

    @property
    def inherited(self) -> tuple[Expectation, ...]:
        return tuple(item.expectation for item in self.listed if not item.new)


@value_class
class Scope:
    summary: str
    breadth: str | None
    horizon_months: int | None
    direct_reports_min: int | None
    direct_reports_max: int | None
    direct_reports_note: str | None
    breadth_order: int | None = None  # position on the framework's breadth scale, narrowest 0
    breadth_name: str | None = None

    @property
    def breadth_rank(self) -> int | None:
        return self.breadth_order


@value_class
class RatingCriterion:
    """At least `rating` on one competency, or on every competency of a category in the track."""

    id: str
    rating: str
    competency_id: str | None
    category_id: str | None
    competency_ids: tuple[str, ...]  # the competencies it applies to, resolved
    uuid: str = ""

    @property
    def rated_competency(self) -> str:
        """The competency whose scale names the rating: its own, or the first of its category in the
        track (validation makes the rating a value of each one's scale)."""
        return self.competency_id or self.competency_ids[0]


@value_class
class EvidenceCriterion:
    id: str
    description: str
    uuid: str = ""


@value_class
class ProcessStep:
    id: str
    kind: str
    description: str
    uuid: str = ""


@value_class
class RuleException:
    """A reviewed exception to one fairness rule on one route into a level, printed with the route."""

    rule: str
    reason: str
    reviewed_by: str
    reviewed_on: str  # YYYY-MM-DD


@value_class
class Promotion:
    """Criteria for entering a level (by promotion or hiring) or for a career move."""

    description: str
    min_ratings: tuple[RatingCriterion, ...]
    min_months_in_role: int | None
    evidence: tuple[EvidenceCriterion, ...]
    process: tuple[ProcessStep, ...]
    source: SourceRef
    exceptions: tuple[RuleException, ...] = ()

    def excepted(self, rule_id: str) -> bool:
        """Whether this route declares a reviewed exception to `rule_id`."""
        return any(exception.rule == rule_id for exception in self.exceptions)

    @property
    def process_kinds(self) -> tuple[str, ...]:
        return tuple(sorted({step.kind for step in self.process}))


@value_class
class CareerMove:
    from_level: str
    to: str
    to_kind: str  # "level" or "role"
    kind: str  # promotion, lateral or exit
    description: str
    implied: bool  # the next rank of the same track (or the first level of a fork), not declared
    criteria: Promotion | None = None  # bridging criteria of a declared move
    source: SourceRef | None = None  # where a declared move is written (career paths); None when implied


@value_class
class Level:
    id: str
    title: str
    rank: int
    summary: str
    description: str
    track_id: str
    uuid: str
    job_code: str | None
    management_level: str | None
    grade: str | None
    scope: Scope
    expectations: tuple[CompetencyExpectations, ...]
    promotion: Promotion | None
    moves: tuple[CareerMove, ...]
    peers: tuple[str, ...]
    previous_ids: tuple[str, ...]
    source: SourceRef
    external_id: str | None = None
    follows: str | None = None  # the level below: in the track, or the trunk level a fork starts after
    levelling_grade: str | None = None  # id of the levelling guide's grade this level holds
    uuid_given: bool = False  # the uuid was written in the source, not derived from the id path
    peer_notes: tuple[str, ...] = ()  # the notes of the declared peer groups that name this level

    def expectations_for(self, competency_id: str) -> CompetencyExpectations:
        return next(e for e in self.expectations if e.competency_id == competency_id)

    def rates(self, competency_id: str) -> bool:
        """Whether the level rates the competency: its track has it and the level does not mark it N/A."""
        return any(e.competency_id == competency_id and e.applicable for e in self.expectations)

    @property
    def has_direct_reports(self) -> bool:
        return bool(self.scope.direct_reports_max)

    @property
    def expected_ratings(self) -> tuple[tuple[str, str], ...]:
        """(competency id, scale value id) for every competency with an expected rating here."""
        return tuple((block.competency_id, block.expected) for block in self.expectations if block.expected)


@value_class
class Track:
    id: str
    name: str
    kind: str
    description: str
    job_family: str
    job_family_group: str | None
    competency_ids: tuple[str, ...]
    levels: tuple[Level, ...]
    uuid: str
    previous_ids: tuple[str, ...]
    source: SourceRef
    external_id: str | None = None
    starts_after: str | None = None  # the trunk level this track forks from
    trunk: tuple[str, ...] = ()  # level ids of the shared path before the fork, lowest first
    progression: str = ACCUMULATE
    uuid_given: bool = False  # the uuid was written in the source, not derived from the id path
    includes: tuple[str, ...] = ()  # ids of the shared sets the track includes


@value_class
class Role:
    """A destination outside the framework, such as VP of Product."""

    id: str
    title: str
    description: str
    uuid: str
    external_id: str | None = None
    uuid_given: bool = False  # the uuid was written in the source, not derived from the id path


@value_class
class Grade:
    id: str
    name: str
    description: str
    level_ids: tuple[str, ...]
    uuid: str
    order: int  # 0 is the lowest
    external_id: str | None = None


@value_class
class LevellingGuide:
    description: str
    grades: tuple[Grade, ...]


@value_class
class Presentation:
    brand_colour: str
    logo: Path | None
    templates: Path | None
    page_size: str = "A4"
    classification: str | None = None  # printed only when the source gives one
    owner: str | None = None
    approver: str | None = None
    approved_on: str | None = None  # YYYY-MM-DD; with owner and approver, what the publish gate asks for
    previous_release: Path | None = None


class ModelIndex(TypedDict, total=False):
    """The framework's id lookups, one per kind of object (build_index fills every one)."""

    track: dict[str, Track]
    level: dict[str, Level]
    competency: dict[str, Competency]
    category: dict[str, Category]
    role: dict[str, Role]
    expectation: dict[str, Expectation]
    grade: dict[str, Grade]


UNDATED = "1970-01-01"  # Framework.timestamp_date of a draft without an effective date


@value_class
class Framework:
    id: str
    name: str
    organisation: str
    version: str | None  # None in a draft without one (format 2); the publish gate requires it
    effective_date: str | None  # likewise
    description: str
    uuid: str
    uuid_namespace: str
    scale: Scale | None  # the default scale; None when the framework rates nothing
    categories: tuple[Category, ...]
    competencies: tuple[Competency, ...]
    tracks: tuple[Track, ...]
    roles: tuple[Role, ...]
    presentation: Presentation
    project: Project = field(compare=False)  # root, files and one digest, from load onward
    language: str = DEFAULT_LANGUAGE  # BCP 47: the source language, or the one a translated model is in
    languages: tuple[str, ...] = ()  # languages to publish (ladder_compiler.i18n); the source one builds from source
    draft_languages: tuple[str, ...] = ()  # built like the published ones, but not gated by `validate --strict`
    external_id: str | None = None
    breadths: tuple[Breadth, ...] = ()
    levelling: LevellingGuide | None = None
    choosing_title: str = ""  # career_paths.choosing: how to choose between the tracks ("" when not given)
    choosing_description: str = ""
    scales: tuple[Scale, ...] = ()  # every scale: the default first, then the named `scales`
    shared_sets: tuple[SharedSet, ...] = ()  # every `shared:` set, as listed
    # id lookups, built with the model (never filled in later)
    index: ModelIndex = field(default_factory=ModelIndex, compare=False, repr=False)

    @property
    def timestamp_date(self) -> str:
        """The date of machine timestamps (PDF metadata, CASE, catalogues): the effective date, in
        an undated draft a fixed one, so that the outputs stay deterministic (never the clock)."""
        return self.effective_date or UNDATED

    @property
    def source_hash(self) -> str:
        return self.project.digest

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def translated_languages(self) -> tuple[str, ...]:
        """The languages built besides the source language: the published ones, then the drafts, as listed."""
        listed = self.languages + self.draft_languages
        return tuple(language for language in listed if language != self.language)

    def track(self, track_id: str) -> Track:
        return self.index["track"][track_id]

    def level(self, level_id: str) -> Level:
        return self.index["level"][level_id]

    def competency(self, competency_id: str) -> Competency:
        return self.index["competency"][competency_id]

    def scale_of(self, competency_id: str) -> Scale | None:
        """The scale the competency is rated on; None when it is rated on none."""
        scale_id = self.competency(competency_id).scale_id
        return next(scale for scale in self.scales if scale.id == scale_id) if scale_id else None

    def rating_name(self, competency_id: str, value_id: str) -> str:
        """The word for a rating of the competency, as its scale names it."""
        scale = self.scale_of(competency_id)
        return scale.value(value_id).name if scale is not None else value_id

    def rating_order(self, competency_id: str, value_id: str) -> int:
        """A rating's position on the competency's scale, 0 the lowest."""
        scale = self.scale_of(competency_id)
        assert scale is not None, "validation refuses a rating of a competency rated on no scale"
        return scale.order(value_id)

    def category(self, category_id: str) -> Category:
        return self.index["category"][category_id]

    def role(self, role_id: str) -> Role:
        return self.index["role"][role_id]

    def expectation(self, expectation_id: str) -> Expectation:
        return self.index["expectation"][expectation_id]

    def grade(self, grade_id: str) -> Grade:
        return self.index["grade"][grade_id]

    def has_level(self, level_id: str) -> bool:
        return level_id in self.index["level"]

    def ladder_of(self, level_id: str) -> tuple[str, ...]:
        """Every level below `level_id` on its way up (trunk included), lowest first."""
        chain: list[str] = []
        current = self.level(level_id).follows
        while current is not None:
            chain.append(current)
            current = self.level(current).follows
        return tuple(reversed(chain))

    def move(self, from_level: str, to: str) -> CareerMove | None:
        return next((m for m in self.level(from_level).moves if m.to == to), None)


def build_index(framework: Framework) -> ModelIndex:
    levels = [lv for t in framework.tracks for lv in t.levels]
    return {
        "track": {t.id: t for t in framework.tracks},
        "level": {lv.id: lv for lv in levels},
        "competency": {c.id: c for c in framework.competencies},
        "category": {c.id: c for c in framework.categories},
        "role": {r.id: r for r in framework.roles},
        "expectation": {e.id: e for lv in levels for b in lv.expectations for e in b.new},
        "grade": {g.id: g for g in (framework.levelling.grades if framework.levelling else ())},
    }


__all__ = [
    "ACCUMULATE",
    "BREADTHS",
    "PRODUCT_BREADTHS",
    "REPLACE",
    "Breadth",
    "CareerMove",
    "Category",
    "Competency",
    "CompetencyExpectations",
    "Dropped",
    "EvidenceCriterion",
    "Expectation",
    "Framework",
    "Grade",
    "Level",
    "LevellingGuide",
    "Link",
    "Listed",
    "Presentation",
    "ProcessStep",
    "Promotion",
    "RatingCriterion",
    "Role",
    "RuleException",
    "Scale",
    "ScaleValue",
    "Scope",
    "SharedOrigin",
    "SharedSet",
    "SourceRef",
    "Track",
]
