"""Model stage: immutable dataclasses built once from validated sources.

Everything renderers need is computed here, once: the cumulative and "new at this level"
expectations, stable ids and UUIDs, career moves out of each level and peer levels.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..source.sources import Located, Sources

BREADTHS = ("feature", "product", "product-area", "domain", "multi-domain", "portfolio", "organisation")
DEFAULT_BRAND_COLOUR = "#1F4E79"
UUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "https://ladder.dev/frameworks/")


@dataclass(frozen=True)
class SourceRef:
    file: str
    line: int
    column: int = 1


@dataclass(frozen=True)
class ScaleValue:
    id: str
    name: str
    description: str
    order: int  # 0 is the lowest
    uuid: str


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    description: str
    values: tuple[ScaleValue, ...]

    def order(self, value_id: str) -> int:
        return next(value.order for value in self.values if value.id == value_id)

    def value(self, value_id: str) -> ScaleValue:
        return self.values[self.order(value_id)]


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    uuid: str


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    category_id: str
    description: str
    uuid: str
    previous_ids: tuple[str, ...]
    source: SourceRef


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class CompetencyExpectations:
    """What one level expects for one competency."""

    competency_id: str
    new: tuple[Expectation, ...]  # introduced or raised at this level
    cumulative: tuple[Expectation, ...]  # everything required at this level
    evidence: tuple[str, ...]
    not_applicable: str | None
    source: SourceRef

    @property
    def applicable(self) -> bool:
        return self.not_applicable is None

    @property
    def inherited(self) -> tuple[Expectation, ...]:
        new_ids = {e.id for e in self.new}
        return tuple(e for e in self.cumulative if e.id not in new_ids)


@dataclass(frozen=True)
class Scope:
    summary: str
    breadth: str
    horizon_months: int
    direct_reports_min: int | None
    direct_reports_max: int | None
    direct_reports_note: str | None

    @property
    def breadth_rank(self) -> int:
        return BREADTHS.index(self.breadth)


@dataclass(frozen=True)
class RatingCriterion:
    """At least `rating` on one competency, or on every competency of a category in the track."""

    id: str
    rating: str
    competency_id: str | None
    category_id: str | None
    competency_ids: tuple[str, ...]  # the competencies it applies to, resolved


@dataclass(frozen=True)
class EvidenceCriterion:
    id: str
    description: str


@dataclass(frozen=True)
class ProcessStep:
    id: str
    kind: str
    description: str


@dataclass(frozen=True)
class Promotion:
    description: str
    min_ratings: tuple[RatingCriterion, ...]
    min_months_in_role: int | None
    evidence: tuple[EvidenceCriterion, ...]
    process: tuple[ProcessStep, ...]
    source: SourceRef


@dataclass(frozen=True)
class CareerMove:
    from_level: str
    to: str
    to_kind: str  # "level" or "role"
    kind: str  # promotion, lateral or exit
    description: str
    implied: bool  # the next rank of the same track, not declared in career_paths


@dataclass(frozen=True)
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

    def expectations_for(self, competency_id: str) -> CompetencyExpectations:
        return next(e for e in self.expectations if e.competency_id == competency_id)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Role:
    """A destination outside the framework, such as VP of Product."""

    id: str
    title: str
    description: str
    uuid: str


@dataclass(frozen=True)
class Presentation:
    brand_colour: str
    logo: Path | None
    templates: Path | None
    page_size: str = "A4"
    classification: str = "Internal"
    owner: str | None = None
    approver: str | None = None
    previous_release: Path | None = None


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    organisation: str
    version: str
    effective_date: str
    description: str
    uuid: str
    uuid_namespace: str
    scale: Scale
    categories: tuple[Category, ...]
    competencies: tuple[Competency, ...]
    tracks: tuple[Track, ...]
    roles: tuple[Role, ...]
    presentation: Presentation
    source_hash: str
    root: Path = field(compare=False)
    language: str = "en"  # BCP 47 tag of the language the ladder is written in (or translated into)
    languages: tuple[str, ...] = ()  # languages to publish; see ladder_compiler.i18n

    @cached_property
    def _index(self) -> dict[str, dict]:
        return {
            "track": {t.id: t for t in self.tracks},
            "level": {lv.id: lv for t in self.tracks for lv in t.levels},
            "competency": {c.id: c for c in self.competencies},
            "category": {c.id: c for c in self.categories},
            "role": {r.id: r for r in self.roles},
        }

    def track(self, track_id: str) -> Track:
        return self._index["track"][track_id]

    def level(self, level_id: str) -> Level:
        return self._index["level"][level_id]

    def competency(self, competency_id: str) -> Competency:
        return self._index["competency"][competency_id]

    def category(self, category_id: str) -> Category:
        return self._index["category"][category_id]

    def role(self, role_id: str) -> Role:
        return self._index["role"][role_id]

    def has_level(self, level_id: str) -> bool:
        return level_id in self._index["level"]


def source_hash(sources: Sources, root: Path) -> str:
    """sha256 over every source file's path (relative to the project) and text, in path order."""
    digest = hashlib.sha256()
    base = root if root.is_dir() else root.parent
    for document in sorted(sources.documents, key=lambda d: _relative(d.path, base)):
        digest.update(_relative(document.path, base).encode() + b"\0" + document.text.encode() + b"\0")
    return digest.hexdigest()


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.name


def derived_expectation_id(level_id: str, competency_id: str, text: str) -> str:
    """Id of a behaviour written without one: stable while its level, competency and words stay."""
    normalised = " ".join(text.split()).casefold()
    return f"{level_id}.{competency_id}.{hashlib.sha256(normalised.encode()).hexdigest()[:10]}"


class _Builder:
    def __init__(self, sources: Sources, root: Path):
        self.sources = sources
        self.root = root if root.is_dir() else root.parent
        framework = sources.framework
        self.namespace = uuid.UUID(framework["uuid_namespace"]) if "uuid_namespace" in framework.value else uuid.uuid5(UUID_ROOT, framework["id"])
        self.category_of = {c["id"]: c["category"] for c in sources.competencies}
        self.moves, self.peers = self._paths()

    def uuid(self, *path: str) -> str:
        return str(uuid.uuid5(self.namespace, "/".join(path)))

    @staticmethod
    def ref(item: Located) -> SourceRef:
        """Where an entity is written: its key (`promotion:`) or, for list items, the item."""
        mark = item.mark(key=True)
        return SourceRef(item.document.display, mark.line, mark.column)

    def framework(self) -> Framework:
        data = self.sources.framework
        return Framework(
            id=data["id"], name=data["name"], organisation=data["organisation"], version=data["version"],
            effective_date=data["effective_date"], description=data.get("description", ""),
            uuid=self.uuid("framework", data["id"]), uuid_namespace=str(self.namespace),
            scale=self.scale(data.child("scale")),
            categories=tuple(Category(c["id"], c["name"], c["description"], self.uuid("category", c["id"])) for c in data.children("categories")),
            competencies=tuple(self.competency(c) for c in self.sources.competencies),
            tracks=tuple(self.track(t) for t in self.sources.tracks),
            roles=tuple(Role(r["id"], r["title"], r["description"], self.uuid("role", r["id"])) for r in self.sources.roles),
            presentation=self.presentation(data.get("presentation", {})),
            source_hash=source_hash(self.sources, self.root), root=self.root,
            language=data.get("language", "en"), languages=tuple(data.get("languages", ())),
        )

    def presentation(self, data: dict) -> Presentation:
        logo, templates = data.get("logo"), data.get("templates")
        return Presentation(
            brand_colour=data.get("brand_colour", DEFAULT_BRAND_COLOUR).upper(),
            logo=self.root / logo if logo else None,
            templates=self.root / templates if templates else None,
            page_size=data.get("page_size", "A4"), classification=data.get("classification", "Internal"),
            owner=data.get("owner"), approver=data.get("approver"),
            previous_release=self.root / data["previous_release"] if data.get("previous_release") else None,
        )

    def scale(self, data: Located) -> Scale:
        values = tuple(ScaleValue(v["id"], v["name"], v["description"], order, self.uuid("scale-value", v["id"])) for order, v in enumerate(data["values"]))
        return Scale(data["id"], data["name"], data.get("description", ""), values)

    def competency(self, data: Located) -> Competency:
        return Competency(data["id"], data["name"], data["category"], data["description"], self.uuid("competency", data["id"]), tuple(data.get("previous_ids", ())), self.ref(data))

    def track(self, data: Located) -> Track:
        hris = data.get("hris", {})
        levels, cumulative = [], {}
        for level in data.children("levels"):
            built, cumulative = self.level(data, level, cumulative)
            levels.append(built)
        return Track(
            id=data["id"], name=data["name"], kind=data["kind"], description=data["description"],
            job_family=hris.get("job_family", data["name"]), job_family_group=hris.get("job_family_group"),
            competency_ids=tuple(data["competencies"]), levels=tuple(levels), uuid=self.uuid("track", data["id"]),
            previous_ids=tuple(data.get("previous_ids", ())), source=self.ref(data),
        )

    def level(self, track: Located, data: Located, below: dict) -> tuple[Level, dict]:
        expectations = tuple(self.expectations(track, data, c, below.get(c, ())) for c in track["competencies"])
        hris, scope, reports = data.get("hris", {}), data["scope"], data["scope"].get("direct_reports", {})
        level = Level(
            id=data["id"], title=data["title"], rank=data["rank"], summary=data["summary"],
            description=data.get("description", ""), track_id=track["id"], uuid=self.uuid("level", data["id"]),
            job_code=hris.get("job_code"), management_level=hris.get("management_level"), grade=hris.get("grade"),
            scope=Scope(scope["summary"], scope["breadth"], scope["horizon_months"], reports.get("min"), reports.get("max"), reports.get("description")),
            expectations=expectations,
            promotion=self.promotion(track, data.child("promotion")) if "promotion" in data.value else None,
            moves=self._moves_from(track, data), peers=tuple(self.peers.get(data["id"], ())),
            previous_ids=tuple(data.get("previous_ids", ())), source=self.ref(data),
        )
        return level, {e.competency_id: e.cumulative for e in expectations}

    def expectations(self, track: Located, level: Located, competency: str, below: tuple[Expectation, ...]) -> CompetencyExpectations:
        block = level.child("expectations", competency)
        if "not_applicable" in block.value:
            return CompetencyExpectations(competency, (), (), (), block["not_applicable"], self.ref(block))
        new = tuple(self.expectation(level, competency, block.child("behaviours", i)) for i in range(len(block["behaviours"])))
        raised = {e.raises for e in new if e.raises}
        cumulative = tuple(e for e in below if e.id not in raised) + new
        return CompetencyExpectations(competency, new, cumulative, tuple(block.get("evidence", ())), None, self.ref(block))

    def expectation(self, level: Located, competency: str, item: Located) -> Expectation:
        value = item.value if isinstance(item.value, dict) else {"text": item.value}
        text = value["text"].strip()
        explicit = "id" in value
        expectation_id = value["id"] if explicit else derived_expectation_id(level["id"], competency, text)
        return Expectation(
            id=expectation_id, text=text, uuid=self.uuid("expectation", expectation_id), level_id=level["id"],
            competency_id=competency, raises=value.get("raises"), explicit_id=explicit,
            previous_ids=tuple(value.get("previous_ids", ())), source=self.ref(item),
        )

    def promotion(self, track: Located, data: Located) -> Promotion:
        ratings = []
        for rating in data.get("min_ratings", []):
            if "competency" in rating:
                target, applies = rating["competency"], (rating["competency"],)
            else:
                target = rating["category"]
                applies = tuple(c for c in track["competencies"] if self.category_of[c] == target)
            ratings.append(RatingCriterion(f"rating-{target}", rating["rating"], rating.get("competency"), rating.get("category"), applies))
        return Promotion(
            description=data["description"], min_ratings=tuple(ratings), min_months_in_role=data.get("min_months_in_role"),
            evidence=tuple(EvidenceCriterion(e["id"], e["description"]) for e in data.get("evidence", [])),
            process=tuple(ProcessStep(p["id"], p["kind"], p["description"]) for p in data.get("process", [])),
            source=self.ref(data),
        )

    def _paths(self) -> tuple[dict[str, list[CareerMove]], dict[str, list[str]]]:
        roles = {r["id"] for r in self.sources.roles}
        moves: dict[str, list[CareerMove]] = {}
        for move in self.sources.moves:
            to_kind = "role" if move["to"] in roles else "level"
            moves.setdefault(move["from"], []).append(CareerMove(move["from"], move["to"], to_kind, move["kind"], move["description"], False))
        peers: dict[str, list[str]] = {}
        for group in self.sources.peers:
            for level in group["levels"]:
                peers.setdefault(level, []).extend(other for other in group["levels"] if other != level and other not in peers.get(level, []))
        return moves, peers

    def _moves_from(self, track: Located, level: Located) -> tuple[CareerMove, ...]:
        levels = track["levels"]
        index = next(i for i, candidate in enumerate(levels) if candidate["id"] == level["id"])
        implied = []
        if index + 1 < len(levels):
            implied.append(CareerMove(level["id"], levels[index + 1]["id"], "level", "promotion", "", True))
        return tuple(implied + self.moves.get(level["id"], []))


def build_framework(sources: Sources, root: Path) -> Framework:
    """Build the model from validated sources; `root` is the project directory (or its one file)."""
    return _Builder(sources, root).framework()
