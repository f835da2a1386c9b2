"""The one walker of the model's human-readable text: lint, the glyph check and i18n all use it.

`map_texts` rebuilds the model with every text passed through a function (translation); `texts`
lists them (extraction, lint, glyphs). Each text has a key, the id path of the object it belongs
to (the PO `msgctxt`):

    framework/name              competency/<id>/name            <track>/name
    scale/<value>/description   category/<id>/description       <track>/<level>/title
    role/<id>/title             path/<from>/<to>/description    <track>/<level>/<competency>/<behaviour-id>
    breadth/<id>/name           grade/<id>/name                 path/<from>/<to>/criteria/description
    shared/<set>/name           shared/<set>/<behaviour-id>     (a shared behaviour a track does not override)
    scales/<id>/…               (a named scale; the default one is `scale/…`)
    <track>/<level>/peers/<n>   (the note of the n-th declared peer group naming the level)

and under a behaviour's key, `examples/<n>` and `links/<n>/title`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..value import value_class
from . import (
    Breadth,
    CareerMove,
    Category,
    Competency,
    CompetencyExpectations,
    Expectation,
    Framework,
    Grade,
    Level,
    LevellingGuide,
    Promotion,
    Role,
    Scale,
    SourceRef,
    Track,
)

# The rubric prose a promotion is judged by, which lint's wording rules read.
PROSE = frozenset(
    {"summary", "scope", "behaviour", "example", "evidence", "promotion", "promotion-criterion", "move-criteria"}
)


@value_class
class Text:
    key: str  # the object's id path
    text: str
    source: SourceRef | None  # where the text (or its object) is written, when the model knows
    what: str  # how a finding names it: "summary of `l3`", or its key
    kind: str  # the field: "summary", "behaviour", "example", "name", …

    @property
    def prose(self) -> bool:
        return self.kind in PROSE


def texts(framework: Framework) -> list[Text]:
    """Every non-empty text of the model once (by key), in document order."""
    found: dict[str, Text] = {}

    def record(text: Text) -> str:
        found.setdefault(text.key, text)
        return text.text

    map_texts(framework, record)
    return list(found.values())


def map_texts(framework: Framework, change: Callable[[Text], str]) -> Framework:
    """The model with every non-empty text replaced by `change(text)`; the index is left as it was."""
    walker = _Walker(change)
    presentation = framework.presentation
    return replace(
        framework,
        name=walker.text("framework/name", framework.name),
        organisation=walker.text("framework/organisation", framework.organisation),
        description=walker.text("framework/description", framework.description),
        scale=walker.scale(framework.scale) if framework.scale else None,
        scales=tuple(walker.scale(s, "scale" if s == framework.scale else f"scales/{s.id}") for s in framework.scales),
        categories=tuple(walker.category(c) for c in framework.categories),
        competencies=tuple(walker.competency(c) for c in framework.competencies),
        tracks=tuple(walker.track(t) for t in framework.tracks),
        roles=tuple(walker.role(r) for r in framework.roles),
        shared_sets=tuple(
            replace(
                s,
                name=walker.text(f"shared/{s.id}/name", s.name),
                description=walker.text(f"shared/{s.id}/description", s.description),
            )
            for s in framework.shared_sets
        ),
        presentation=replace(
            presentation,
            classification=walker.optional("framework/presentation/classification", presentation.classification),
            owner=walker.optional("framework/presentation/owner", presentation.owner),
            approver=walker.optional("framework/presentation/approver", presentation.approver),
        ),
        breadths=tuple(walker.breadth(b) for b in framework.breadths),
        levelling=walker.levelling(framework.levelling) if framework.levelling else None,
        choosing_title=walker.text("choosing/title", framework.choosing_title),
        choosing_description=walker.text("choosing/description", framework.choosing_description),
    )


class _Walker:
    def __init__(self, change: Callable[[Text], str]):
        self.change = change
        self.expectations: dict[str, Expectation] = {}  # cumulative views repeat them: visit each once

    def text(self, key: str, text: str, source: SourceRef | None = None, kind: str = "", what: str = "") -> str:
        """`kind` defaults to the key's last part, `what` to the key."""
        if not text:
            return text
        return self.change(Text(key, text, source, what or f"`{key}`", kind or key.rsplit("/", 1)[-1]))

    def optional(self, key: str, text: str | None, source: SourceRef | None = None) -> str | None:
        return None if text is None else self.text(key, text, source)

    def breadth(self, breadth: Breadth) -> Breadth:
        key = f"breadth/{breadth.id}"
        return replace(
            breadth,
            name=self.text(f"{key}/name", breadth.name),
            description=self.text(f"{key}/description", breadth.description),
        )

    def levelling(self, guide: LevellingGuide) -> LevellingGuide:
        return replace(
            guide,
            description=self.text("levelling/description", guide.description),
            grades=tuple(self.grade(g) for g in guide.grades),
        )

    def grade(self, grade: Grade) -> Grade:
        key = f"grade/{grade.id}"
        return replace(
            grade,
            name=self.text(f"{key}/name", grade.name),
            description=self.text(f"{key}/description", grade.description),
        )

    def scale(self, scale: Scale, key: str = "scale") -> Scale:
        """The default scale's keys are `scale/…`; a named scale's `scales/<id>/…`."""
        values = tuple(
            replace(
                v,
                name=self.text(f"{key}/{v.id}/name", v.name),
                description=self.text(f"{key}/{v.id}/description", v.description),
            )
            for v in scale.values
        )
        return replace(
            scale,
            name=self.text(f"{key}/name", scale.name),
            description=self.text(f"{key}/description", scale.description),
            rated_against=self.text(f"{key}/rated_against", scale.rated_against),
            values=values,
        )

    def category(self, category: Category) -> Category:
        key = f"category/{category.id}"
        return replace(
            category,
            name=self.text(f"{key}/name", category.name),
            description=self.text(f"{key}/description", category.description),
        )

    def competency(self, competency: Competency) -> Competency:
        key, at, id_ = f"competency/{competency.id}", competency.source, competency.id
        return replace(
            competency,
            name=self.text(f"{key}/name", competency.name, at, what=f"competency name of `{id_}`"),
            description=self.text(
                f"{key}/description", competency.description, at, what=f"description of competency `{id_}`"
            ),
        )

    def role(self, role: Role) -> Role:
        key = f"role/{role.id}"
        return replace(
            role,
            title=self.text(f"{key}/title", role.title),
            description=self.text(f"{key}/description", role.description),
        )

    def track(self, track: Track) -> Track:
        at = track.source
        return replace(
            track,
            name=self.text(f"{track.id}/name", track.name, at, what=f"name of track `{track.id}`"),
            description=self.text(f"{track.id}/description", track.description, at),
            levels=tuple(self.level(track, level) for level in track.levels),
        )

    def level(self, track: Track, level: Level) -> Level:
        key, at, id_ = f"{track.id}/{level.id}", level.source, level.id
        scope = level.scope
        return replace(
            level,
            title=self.text(f"{key}/title", level.title, at, what=f"title of level `{id_}`"),
            summary=self.text(f"{key}/summary", level.summary, at, "summary", f"summary of `{id_}`"),
            description=self.text(f"{key}/description", level.description, at),
            management_level=self.optional(f"{key}/management_level", level.management_level, at),
            peer_notes=tuple(
                self.text(f"{key}/peers/{n}", note, at, "note") for n, note in enumerate(level.peer_notes)
            ),
            scope=replace(
                scope,
                summary=self.text(f"{key}/scope", scope.summary, at, "scope", f"scope of `{id_}`"),
                direct_reports_note=self.optional(f"{key}/scope/direct_reports", scope.direct_reports_note, at),
                breadth_name=self.optional(f"breadth/{scope.breadth}/name", scope.breadth_name),
            ),
            expectations=tuple(self.block(track, level, block) for block in level.expectations),
            promotion=self.promotion(
                f"{key}/promotion", level.promotion, "promotion", f"promotion into `{id_}`", f"of `{id_}`"
            )
            if level.promotion
            else None,
            moves=tuple(self.move(move) for move in level.moves),  # entry criteria are `promotion` too
        )

    def block(self, track: Track, level: Level, block: CompetencyExpectations) -> CompetencyExpectations:
        key, at = f"{track.id}/{level.id}/{block.competency_id}", block.source
        what = f"evidence in `{level.id}`/`{block.competency_id}`"
        return replace(
            block,
            new=tuple(self.expectation(track, e) for e in block.new),
            cumulative=tuple(self.expectation(track, e) for e in block.cumulative),
            listed=tuple(replace(item, expectation=self.expectation(track, item.expectation)) for item in block.listed),
            dropped=tuple(
                replace(
                    d,
                    expectation=self.expectation(track, d.expectation),
                    by=tuple(self.expectation(track, e) for e in d.by),
                )
                for d in block.dropped
            ),
            evidence=tuple(
                self.text(f"{key}/evidence/{n}", item, at, "evidence", what) for n, item in enumerate(block.evidence, 1)
            ),
            not_applicable=self.optional(f"{key}/not_applicable", block.not_applicable, at),
        )

    def expectation(self, track: Track, expectation: Expectation) -> Expectation:
        if expectation.id not in self.expectations:
            key = f"{track.id}/{expectation.level_id}/{expectation.competency_id}/{expectation.id}"
            origin = expectation.shared
            if origin is not None:
                origin = replace(origin, set_name=self.text(f"shared/{origin.set_id}/name", origin.set_name))
                if not origin.overridden:  # one wording in every track that includes it: visited once
                    key = f"shared/{origin.set_id}/{origin.item_id}"
            at, id_ = expectation.source, expectation.id
            what = f"behaviour in `{expectation.level_id}`/`{expectation.competency_id}`"
            self.expectations[id_] = replace(
                expectation,
                text=self.text(key, expectation.text, at, "behaviour", what),
                examples=tuple(
                    self.text(f"{key}/examples/{n}", x, at, "example", f"example of `{id_}`")
                    for n, x in enumerate(expectation.examples, 1)
                ),
                links=tuple(
                    replace(link, title=self.text(f"{key}/links/{n}/title", link.title, at))
                    for n, link in enumerate(expectation.links, 1)
                ),
                shared=origin,
            )
        return self.expectations[expectation.id]

    def promotion(self, key: str, promotion: Promotion, kind: str, what: str, of: str) -> Promotion:
        """`kind` tells a level's promotion ("promotion") from a move's criteria ("move-criteria")."""
        at, item = promotion.source, "promotion-criterion" if kind == "promotion" else "move-criterion"
        named = "promotion criterion"
        return replace(
            promotion,
            description=self.text(f"{key}/description", promotion.description, at, kind, what),
            evidence=tuple(
                replace(
                    e,
                    description=self.text(f"{key}/evidence/{e.id}", e.description, at, item, f"{named} `{e.id}` {of}"),
                )
                for e in promotion.evidence
            ),
            process=tuple(
                replace(
                    p, description=self.text(f"{key}/process/{p.id}", p.description, at, item, f"{named} `{p.id}` {of}")
                )
                for p in promotion.process
            ),
            exceptions=tuple(
                replace(
                    x,
                    reason=self.text(f"{key}/exceptions/{x.rule}/reason", x.reason, at),
                    reviewed_by=self.text(f"{key}/exceptions/{x.rule}/reviewed_by", x.reviewed_by, at),
                )
                for x in promotion.exceptions
            ),
        )

    def move(self, move: CareerMove) -> CareerMove:
        key, step = f"path/{move.from_level}/{move.to}", f"the move `{move.from_level}` → `{move.to}`"
        return replace(
            move,
            description=self.text(f"{key}/description", move.description),
            criteria=self.promotion(
                f"{key}/criteria", move.criteria, "move-criteria", f"criteria of {step}", f"of {step}"
            )
            if move.criteria
            else None,
        )
