"""Build the model from validated sources, computing every derived value once."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..source.project import Project
from ..source.sources import Located, Sources, scales
from . import (
    ACCUMULATE,
    DEFAULT_BRAND_COLOUR,
    DEFAULT_LANGUAGE,
    PRODUCT_BREADTHS,
    REPLACE,
    Breadth,
    CareerMove,
    Category,
    Competency,
    CompetencyExpectations,
    Dropped,
    EvidenceCriterion,
    Expectation,
    Framework,
    Grade,
    Level,
    LevellingGuide,
    Link,
    Listed,
    Presentation,
    ProcessStep,
    Promotion,
    RatingCriterion,
    Role,
    RuleException,
    Scale,
    ScaleValue,
    Scope,
    SharedOrigin,
    SharedSet,
    SourceRef,
    Track,
    build_index,
)

UUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "https://ladder.dev/frameworks/")
Cumulative = dict[str, tuple[Expectation, ...]]  # competency id → behaviours in force


def source_hash(sources: Sources, root: Path) -> str:
    """sha256 over every source file's path (relative to the project) and text, in path order."""
    return Project.of(sources.documents, root).digest


def derived_expectation_id(level_id: str, competency_id: str, text: str) -> str:
    """Id of a behaviour written without one: stable while its level, competency and words stay."""
    normalised = " ".join(text.split()).casefold()
    return f"{level_id}.{competency_id}.{hashlib.sha256(normalised.encode()).hexdigest()[:10]}"


def build_framework(sources: Sources, project: Project | Path) -> Framework:
    """Build the model from validated sources and the project they were loaded from (or the
    project directory, or its one file, when the caller has no Project yet)."""
    if isinstance(project, Path):
        project = Project.of(sources.documents, project)
    return _Builder(sources, project).framework()


def uuid_given(data: Located | dict[str, Any]) -> bool:
    """Whether the source writes the object's uuid (the diff reports a change of a given one)."""
    return bool(data.get("uuid"))


class _Builder:
    def __init__(self, sources: Sources, project: Project):
        self.sources = sources
        self.project = project
        self.root = project.root
        framework = sources.framework
        if framework is None:
            raise ValueError("the model is built from validated sources, which have a framework")
        self.data: Located = framework
        self.namespace = (
            uuid.UUID(framework["uuid_namespace"])
            if "uuid_namespace" in framework.value
            else uuid.uuid5(UUID_ROOT, framework["id"])
        )
        self.category_of = {c["id"]: c.get("category") for c in sources.competencies}
        self.progression_of = {c["id"]: c.get("progression") for c in sources.competencies}
        self.breadths = self._breadths()
        self.grade_of = self._grades_by_level()
        self.forks: dict[str, list[Located]] = {
            t["starts_after"]: [] for t in sources.tracks if "starts_after" in t.value
        }
        for track in sources.tracks:
            if "starts_after" in track.value:
                self.forks[track["starts_after"]].append(track)
        self.moves, self.peers = self._paths()
        self.cumulative_at: dict[str, Cumulative] = {}  # level id → its cumulative view, for forks
        self.trunk_of: dict[str, tuple[str, ...]] = {}  # level id → the levels below it, lowest first

    def uuid(self, *path: str) -> str:
        return str(uuid.uuid5(self.namespace, "/".join(path)))

    def uuid_for(self, data: Located | dict[str, Any], *path: str) -> str:
        """The UUID the source gives the object, else the one derived from its id path."""
        given = data.get("uuid")
        return given.lower() if given else self.uuid(*path)

    @staticmethod
    def ref(item: Located) -> SourceRef:
        """Where an entity is written: its key (`promotion:`) or, for list items, the item."""
        mark = item.mark(key=True)
        return SourceRef(item.document.display, mark.line, mark.column)

    def framework(self) -> Framework:
        data = self.data
        built = {track["id"]: self.track(track) for track in self.sources.tracks_trunk_first()}
        framework = Framework(
            id=data["id"],
            name=data["name"],
            organisation=data["organisation"],
            version=data.get("version"),
            effective_date=data.get("effective_date"),
            description=data.get("description", ""),
            uuid=self.uuid_for(data, "framework", data["id"]),
            uuid_namespace=str(self.namespace),
            scale=self.scale(data.child("scale"), default=True) if "scale" in data.value else None,
            categories=tuple(
                Category(
                    c["id"],
                    c["name"],
                    c["description"],
                    self.uuid_for(c, "category", c["id"]),
                    c.get("external_id"),
                    uuid_given(c),
                )
                for c in data.children("categories")
            ),
            competencies=tuple(self.competency(c) for c in self.sources.competencies),
            tracks=tuple(built[track["id"]] for track in self.sources.tracks),
            roles=tuple(
                Role(
                    r["id"],
                    r["title"],
                    r["description"],
                    self.uuid_for(r, "role", r["id"]),
                    r.get("external_id"),
                    uuid_given(r),
                )
                for r in self.sources.roles
            ),
            presentation=self.presentation(data.get("presentation", {})),
            project=self.project,
            language=data.get("language", DEFAULT_LANGUAGE),
            languages=tuple(data.get("languages", ())),
            draft_languages=tuple(data.get("draft_languages", ())),
            external_id=data.get("external_id"),
            breadths=self.breadths,
            levelling=self.levelling(),
            choosing_title=self.sources.choosing["title"] if self.sources.choosing else "",
            choosing_description=self.sources.choosing["description"] if self.sources.choosing else "",
            scales=tuple(
                self.scale(scale, default=index == 0 and "scale" in data.value)
                for index, scale in enumerate(scales(self.sources))
            ),
            shared_sets=tuple(
                SharedSet(s["id"], s["name"], s.get("description", ""), tuple(s.get("includes", ())))
                for s in self.sources.shared_sets
            ),
        )
        return replace(framework, index=build_index(framework))

    def presentation(self, data: dict[str, Any]) -> Presentation:
        logo, templates = data.get("logo"), data.get("templates")
        return Presentation(
            brand_colour=data.get("brand_colour", DEFAULT_BRAND_COLOUR).upper(),
            logo=self.root / logo if logo else None,
            templates=self.root / templates if templates else None,
            page_size=data.get("page_size", "A4"),
            classification=data.get("classification"),
            owner=data.get("owner"),
            approver=data.get("approver"),
            approved_on=data.get("approved_on"),
            previous_release=self.root / data["previous_release"] if data.get("previous_release") else None,
        )

    def scale(self, data: Located, default: bool) -> Scale:
        # the default scale's values keep the UUIDs they had when a framework had one scale
        path = ("scale-value",) if default else ("scale-value", data["id"])
        values = tuple(
            ScaleValue(
                v["id"],
                v["name"],
                v["description"],
                order,
                self.uuid_for(v, *path, v["id"]),
                v.get("external_id"),
                uuid_given(v),
            )
            for order, v in enumerate(data["values"])
        )
        return Scale(
            data["id"],
            data["name"],
            data.get("description", ""),
            values,
            data.get("rated_against", ""),
            data.get("evidence_rule", {}).get("min_share", 1.0),
        )

    def _breadths(self) -> tuple[Breadth, ...]:
        declared = self.data.get("breadths")
        if declared:
            return tuple(
                Breadth(b["id"], b["name"], b.get("description", ""), order) for order, b in enumerate(declared)
            )
        return tuple(Breadth(breadth_id, name, "", order) for order, (breadth_id, name) in enumerate(PRODUCT_BREADTHS))

    def competency(self, data: Located) -> Competency:
        return Competency(
            data["id"],
            data["name"],
            data.get("category"),
            data.get("description", ""),
            self.uuid_for(data, "competency", data["id"]),
            tuple(data.get("previous_ids", ())),
            self.ref(data),
            data.get("external_id"),
            data.get("progression"),
            uuid_given(data),
            bool(data.get("requires_direct_reports", False)),
            data.get("scale", self.data["scale"]["id"] if "scale" in self.data.value else None),
        )

    def track(self, data: Located) -> Track:
        hris = data.get("hris", {})
        starts_after = data.get("starts_after")
        trunk = (*self.trunk_of[starts_after], starts_after) if starts_after else ()
        below: Cumulative = dict(self.cumulative_at.get(starts_after, {})) if starts_after else {}
        levels, follows = [], starts_after
        for level_data in data.children("levels"):
            level, below = self.level(data, level_data, below, follows)
            self.cumulative_at[level.id] = below
            self.trunk_of[level.id] = (*(self.trunk_of[follows] if follows else ()), follows) if follows else ()
            levels.append(level)
            follows = level.id
        return Track(
            id=data["id"],
            name=data["name"],
            kind=data["kind"],
            description=data.get("description", ""),
            job_family=hris.get("job_family", data["name"]),
            job_family_group=hris.get("job_family_group"),
            competency_ids=tuple(data["competencies"]),
            levels=tuple(levels),
            uuid=self.uuid_for(data, "track", data["id"]),
            previous_ids=tuple(data.get("previous_ids", ())),
            source=self.ref(data),
            external_id=data.get("external_id"),
            starts_after=starts_after,
            trunk=trunk,
            progression=data.get("progression", ACCUMULATE),
            uuid_given=uuid_given(data),
            includes=tuple(include["shared"] for include in data.get("includes", ())),
        )

    def level(self, track: Located, data: Located, below: Cumulative, follows: str | None) -> tuple[Level, Cumulative]:
        expectations = tuple(self.expectations(track, data, c, below.get(c, ())) for c in track["competencies"])
        hris = data.get("hris", {})
        grade_id = self.grade_of.get(data["id"])
        level = Level(
            id=data["id"],
            title=data.get("title", data["id"]),  # a framework that names levels only by code: the id
            rank=data["rank"],
            summary=data.get("summary", ""),
            description=data.get("description", ""),
            track_id=track["id"],
            uuid=self.uuid_for(data, "level", data["id"]),
            job_code=hris.get("job_code"),
            management_level=hris.get("management_level"),
            grade=hris.get("grade") or (self.grade_name(grade_id) if grade_id else None),
            scope=self.scope(data.get("scope", {})),
            expectations=expectations,
            promotion=self.criteria(track, data.child("promotion"), ("criterion", data["id"]))
            if "promotion" in data.value
            else None,
            moves=self._moves_from(track, data),
            peers=self._peers_of(data["id"]),
            peer_notes=tuple(
                group["note"] for group in self.sources.peers if data["id"] in group["levels"] and group.get("note")
            ),
            previous_ids=tuple(data.get("previous_ids", ())),
            source=self.ref(data),
            external_id=data.get("external_id"),
            follows=follows,
            levelling_grade=grade_id,
            uuid_given=uuid_given(data),
        )
        return level, {e.competency_id: e.cumulative for e in expectations}

    def scope(self, scope: dict[str, Any]) -> Scope:
        reports = scope.get("direct_reports", {})
        breadth = next((b for b in self.breadths if b.id == scope.get("breadth")), None)
        return Scope(
            scope.get("summary", ""),
            scope.get("breadth"),
            scope.get("horizon_months"),
            reports.get("min"),
            reports.get("max"),
            reports.get("description"),
            breadth.order if breadth else None,
            breadth.name if breadth else None,
        )

    def expectations(
        self, track: Located, level: Located, competency: str, below: tuple[Expectation, ...]
    ) -> CompetencyExpectations:
        progression = self.progression_of.get(competency) or track.get("progression", ACCUMULATE)
        if competency not in level["expectations"]:  # validation allows it only below the first level that rates it
            return CompetencyExpectations(
                competency, (), (), (), None, self.ref(level), progression=progression, rated=False
            )
        block = level.child("expectations", competency)
        if "not_applicable" in block.value:
            return CompetencyExpectations(
                competency, (), (), (), block["not_applicable"], self.ref(block), progression=progression
            )
        new = tuple(
            self.expectation(level, competency, block.child("behaviours", i))
            for i in range(len(block.get("behaviours", ())))
        )
        dropped = self._dropped(below, new, set(block.get("retires", ())), progression)
        gone = {d.expectation.id for d in dropped}
        kept = tuple(e for e in below if e.id not in gone)
        return CompetencyExpectations(
            competency,
            new,
            kept + new,
            tuple(block.get("evidence", ())),
            None,
            self.ref(block),
            expected=block.get("expected"),
            progression=progression,
            listed=tuple(Listed(e, False) for e in kept) + tuple(Listed(e, True) for e in new),
            dropped=dropped,
        )

    @staticmethod
    def _dropped(
        below: tuple[Expectation, ...], new: tuple[Expectation, ...], retired: set[str], progression: str
    ) -> tuple[Dropped, ...]:
        dropped = []
        for lower in below:
            raisers = tuple(e for e in new if e.raises == lower.id)
            if raisers:
                dropped.append(Dropped(lower, raisers, "raised"))
            elif lower.id in retired:
                dropped.append(Dropped(lower, (), "retired"))
            elif progression == REPLACE and new:
                dropped.append(Dropped(lower, tuple(e for e in new if not e.raises), "replaced"))
        return tuple(dropped)

    def expectation(self, level: Located, competency: str, item: Located) -> Expectation:
        value = item.value if isinstance(item.value, dict) else {"text": item.value}
        text = value["text"].strip()
        explicit = "id" in value
        expectation_id = value["id"] if explicit else derived_expectation_id(level["id"], competency, text)
        inherited = self.sources.inherited.get(expectation_id)
        shared = None
        if inherited is not None:
            shared = SharedOrigin(
                inherited.set_id, inherited.set_name, inherited.item_id, inherited.override is not None
            )
            item = inherited.override or inherited.item  # the lines that say what this track holds
        return Expectation(
            id=expectation_id,
            text=text,
            uuid=self.uuid_for(value, "expectation", expectation_id),
            level_id=level["id"],
            competency_id=competency,
            raises=value.get("raises"),
            explicit_id=explicit,
            previous_ids=tuple(value.get("previous_ids", ())),
            source=self.ref(item),
            external_id=value.get("external_id"),
            examples=tuple(text.strip() for text in value.get("examples", ())),
            links=tuple(Link(link["title"], link["url"]) for link in value.get("links", ())),
            uuid_given=uuid_given(value),
            shared=shared,
        )

    def criteria(self, track: Located | None, data: Located, uuid_path: tuple[str, ...]) -> Promotion:
        """Promotion criteria of a level, or bridging criteria of a move (`track` is the target's)."""
        competencies = track["competencies"] if track is not None else []
        ratings = []
        for rating in data.get("min_ratings", []):
            if "competency" in rating:
                target, applies = rating["competency"], (rating["competency"],)
            else:
                target = rating["category"]
                applies = tuple(c for c in competencies if self.category_of.get(c) == target)
            criterion_id = f"rating-{target}"
            ratings.append(
                RatingCriterion(
                    criterion_id,
                    rating["rating"],
                    rating.get("competency"),
                    rating.get("category"),
                    applies,
                    self.uuid(*uuid_path, criterion_id),
                )
            )
        return Promotion(
            description=data.get("description", ""),
            min_ratings=tuple(ratings),
            min_months_in_role=data.get("min_months_in_role"),
            evidence=tuple(
                EvidenceCriterion(e["id"], e["description"], self.uuid(*uuid_path, e["id"]))
                for e in data.get("evidence", [])
            ),
            process=tuple(
                ProcessStep(p["id"], p["kind"], p["description"], self.uuid(*uuid_path, p["id"]))
                for p in data.get("process", [])
            ),
            source=self.ref(data),
            exceptions=tuple(
                RuleException(e["rule"], e["reason"], e["reviewed_by"], e["reviewed_on"])
                for e in data.children("exceptions")
            )
            if "exceptions" in data.value
            else (),
        )

    def levelling(self) -> LevellingGuide | None:
        guide = self.sources.levelling
        if guide is None:
            return None
        grades = tuple(
            Grade(
                g["id"],
                g["name"],
                g.get("description", ""),
                tuple(g["levels"]),
                self.uuid("grade", g["id"]),
                order,
                g.get("external_id"),
            )
            for order, g in enumerate(guide.children("grades"))
        )
        return LevellingGuide(guide.get("description", ""), grades)

    def _grades_by_level(self) -> dict[str, str]:
        guide = self.sources.levelling
        if guide is None:
            return {}
        return {level: grade["id"] for grade in guide.children("grades") for level in grade["levels"]}

    def grade_name(self, grade_id: str) -> str:
        guide = self.sources.levelling
        grades = guide.children("grades") if guide is not None else iter(())
        name: str = next(g["name"] for g in grades if g["id"] == grade_id)
        return name

    def _paths(self) -> tuple[dict[str, list[CareerMove]], dict[str, list[str]]]:
        roles = {r["id"] for r in self.sources.roles}
        tracks = {level["id"]: track for track, level in self.sources.levels()}
        moves: dict[str, list[CareerMove]] = {}
        for move in self.sources.moves:
            to_kind = "role" if move["to"] in roles else "level"
            criteria = None
            if "criteria" in move.value:
                criteria = self.criteria(
                    tracks.get(move["to"]), move.child("criteria"), ("criterion", "move", move["from"], move["to"])
                )
            moves.setdefault(move["from"], []).append(
                CareerMove(
                    move["from"],
                    move["to"],
                    to_kind,
                    move["kind"],
                    move["description"],
                    False,
                    criteria,
                    self.ref(move),
                )
            )
        peers: dict[str, list[str]] = {}
        groups = [group["levels"] for group in self.sources.peers]
        guide = self.sources.levelling
        if guide is not None:
            groups += [grade["levels"] for grade in guide.children("grades") if len(grade["levels"]) > 1]
        for group in groups:
            for level in group:
                known = peers.setdefault(level, [])
                known.extend(other for other in group if other != level and other not in known)
        return moves, peers

    def _peers_of(self, level_id: str) -> tuple[str, ...]:
        return tuple(self.peers.get(level_id, ()))

    def _moves_from(self, track: Located, level: Located) -> tuple[CareerMove, ...]:
        levels = track["levels"]
        index = next(i for i, candidate in enumerate(levels) if candidate["id"] == level["id"])
        implied = []
        if index + 1 < len(levels):
            implied.append(CareerMove(level["id"], levels[index + 1]["id"], "level", "promotion", "", True))
        for fork in self.forks.get(level["id"], []):
            implied.append(CareerMove(level["id"], fork["levels"][0]["id"], "level", "promotion", "", True))
        declared = self.moves.get(level["id"], [])
        targets = {
            m.to for m in declared
        }  # a declared move (with its description and criteria) wins over the implied one
        return tuple([m for m in implied if m.to not in targets] + declared)
