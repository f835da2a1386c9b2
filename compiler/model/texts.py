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
    what: str  # the text as a reader names it: "summary of `l3`"
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
    return replace(
        framework,
        name=walker.text("framework/name", framework.name, "name of the framework"),
        organisation=walker.text("framework/organisation", framework.organisation, "organisation of the framework"),
        description=walker.text("framework/description", framework.description, "description of the framework"),
        scale=walker.scale(framework.scale) if framework.scale else None,
        scales=tuple(walker.scale(s, "scale" if s == framework.scale else f"scales/{s.id}") for s in framework.scales),
        categories=tuple(walker.category(c) for c in framework.categories),
        competencies=tuple(walker.competency(c) for c in framework.competencies),
        tracks=tuple(walker.track(t) for t in framework.tracks),
        roles=tuple(walker.role(r) for r in framework.roles),
        presentation=replace(
            framework.presentation,
            classification=walker.optional(
                "framework/presentation/classification",
                framework.presentation.classification,
                "classification of the documents",
            ),
            owner=walker.optional(
                "framework/presentation/owner", framework.presentation.owner, "owner of the documents"
            ),
            approver=walker.optional(
                "framework/presentation/approver", framework.presentation.approver, "approver of the documents"
            ),
        ),
        breadths=tuple(walker.breadth(b) for b in framework.breadths),
        levelling=walker.levelling(framework.levelling) if framework.levelling else None,
        choosing_title=walker.text("choosing/title", framework.choosing_title, "title of choosing a track"),
        choosing_description=walker.text(
            "choosing/description", framework.choosing_description, "description of choosing a track"
        ),
    )


class _Walker:
    def __init__(self, change: Callable[[Text], str]):
        self.change = change
        self.expectations: dict[str, Expectation] = {}  # cumulative views repeat them: visit each once

    def text(self, key: str, text: str, what: str, source: SourceRef | None = None, kind: str = "") -> str:
        return self.change(Text(key, text, source, what, kind or key.rsplit("/", 1)[-1])) if text else text

    def optional(
        self, key: str, text: str | None, what: str, source: SourceRef | None = None, kind: str = ""
    ) -> str | None:
        return None if text is None else self.text(key, text, what, source, kind)

    def breadth(self, breadth: Breadth) -> Breadth:
        key = f"breadth/{breadth.id}"
        return replace(
            breadth,
            name=self.text(f"{key}/name", breadth.name, f"name of breadth `{breadth.id}`"),
            description=self.text(f"{key}/description", breadth.description, f"description of breadth `{breadth.id}`"),
        )

    def levelling(self, guide: LevellingGuide) -> LevellingGuide:
        return replace(
            guide,
            description=self.text("levelling/description", guide.description, "description of the levelling guide"),
            grades=tuple(self.grade(g) for g in guide.grades),
        )

    def grade(self, grade: Grade) -> Grade:
        key = f"grade/{grade.id}"
        return replace(
            grade,
            name=self.text(f"{key}/name", grade.name, f"name of grade `{grade.id}`"),
            description=self.text(f"{key}/description", grade.description, f"description of grade `{grade.id}`"),
        )

    def scale(self, scale: Scale, key: str = "scale") -> Scale:
        """The default scale's keys are `scale/…`; a named scale's `scales/<id>/…`."""
        values = tuple(
            replace(
                v,
                name=self.text(f"{key}/{v.id}/name", v.name, f"name of `{v.id}` on scale `{scale.id}`"),
                description=self.text(
                    f"{key}/{v.id}/description", v.description, f"description of `{v.id}` on scale `{scale.id}`"
                ),
            )
            for v in scale.values
        )
        return replace(
            scale,
            name=self.text(f"{key}/name", scale.name, f"name of scale `{scale.id}`"),
            description=self.text(f"{key}/description", scale.description, f"description of scale `{scale.id}`"),
            rated_against=self.text(
                f"{key}/rated_against", scale.rated_against, f"what scale `{scale.id}` is rated against"
            ),
            values=values,
        )

    def category(self, category: Category) -> Category:
        key = f"category/{category.id}"
        return replace(
            category,
            name=self.text(f"{key}/name", category.name, f"name of category `{category.id}`"),
            description=self.text(
                f"{key}/description", category.description, f"description of category `{category.id}`"
            ),
        )

    def competency(self, competency: Competency) -> Competency:
        key, at, id_ = f"competency/{competency.id}", competency.source, competency.id
        return replace(
            competency,
            name=self.text(f"{key}/name", competency.name, f"competency name of `{id_}`", at),
            description=self.text(
                f"{key}/description", competency.description, f"description of competency `{id_}`", at
            ),
        )

    def role(self, role: Role) -> Role:
        key = f"role/{role.id}"
        return replace(
            role,
            title=self.text(f"{key}/title", role.title, f"title of role `{role.id}`"),
            description=self.text(f"{key}/description", role.description, f"description of role `{role.id}`"),
        )

    def track(self, track: Track) -> Track:
        at = track.source
        return replace(
            track,
            name=self.text(f"{track.id}/name", track.name, f"name of track `{track.id}`", at),
            description=self.text(
                f"{track.id}/description", track.description, f"description of track `{track.id}`", at
            ),
            levels=tuple(self.level(track, level) for level in track.levels),
        )

    def level(self, track: Track, level: Level) -> Level:
        key, at, id_ = f"{track.id}/{level.id}", level.source, level.id
        scope = level.scope
        return replace(
            level,
            title=self.text(f"{key}/title", level.title, f"title of level `{id_}`", at),
            summary=self.text(f"{key}/summary", level.summary, f"summary of `{id_}`", at, "summary"),
            description=self.text(f"{key}/description", level.description, f"description of level `{id_}`", at),
            management_level=self.optional(
                f"{key}/management_level", level.management_level, f"management level of `{id_}`", at
            ),
            scope=replace(
                scope,
                summary=self.text(f"{key}/scope", scope.summary, f"scope of `{id_}`", at, "scope"),
                direct_reports_note=self.optional(
                    f"{key}/scope/direct_reports", scope.direct_reports_note, f"direct reports of `{id_}`", at
                ),
                breadth_name=self.optional(
                    f"breadth/{scope.breadth}/name", scope.breadth_name, f"name of breadth `{scope.breadth}`"
                ),
            ),
            expectations=tuple(self.block(track, level, block) for block in level.expectations),
            promotion=self.promotion(
                f"{key}/promotion", level.promotion, f"promotion into `{id_}`", f"of `{id_}`", "promotion"
            )
            if level.promotion
            else None,
            moves=tuple(self.move(move) for move in level.moves),  # entry criteria are `promotion` too
        )

    def block(self, track: Track, level: Level, block: CompetencyExpectations) -> CompetencyExpectations:
        key, at = f"{track.id}/{level.id}/{block.competency_id}", block.source
        where = f"`{level.id}`/`{block.competency_id}`"
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
                self.text(f"{key}/evidence/{n}", item, f"evidence in {where}", at, "evidence")
                for n, item in enumerate(block.evidence, 1)
            ),
            not_applicable=self.optional(
                f"{key}/not_applicable", block.not_applicable, f"why {where} does not apply", at
            ),
        )

    def expectation(self, track: Track, expectation: Expectation) -> Expectation:
        if expectation.id not in self.expectations:
            key = f"{track.id}/{expectation.level_id}/{expectation.competency_id}/{expectation.id}"
            origin = expectation.shared
            if origin is not None:
                set_name = self.text(
                    f"shared/{origin.set_id}/name", origin.set_name, f"name of shared set `{origin.set_id}`"
                )
                origin = replace(origin, set_name=set_name)
                if not origin.overridden:  # one wording in every track that includes it: visited once
                    key = f"shared/{origin.set_id}/{origin.item_id}"
            at, id_ = expectation.source, expectation.id
            what = f"behaviour in `{expectation.level_id}`/`{expectation.competency_id}`"
            self.expectations[id_] = replace(
                expectation,
                text=self.text(key, expectation.text, what, at, "behaviour"),
                examples=tuple(
                    self.text(f"{key}/examples/{n}", x, f"example of `{id_}`", at, "example")
                    for n, x in enumerate(expectation.examples, 1)
                ),
                links=tuple(
                    replace(link, title=self.text(f"{key}/links/{n}/title", link.title, f"link title of `{id_}`", at))
                    for n, link in enumerate(expectation.links, 1)
                ),
                shared=origin,
            )
        return self.expectations[expectation.id]

    def promotion(self, key: str, promotion: Promotion, what: str, of: str, kind: str) -> Promotion:
        """`kind` tells a level's promotion ("promotion") from a move's criteria ("move-criteria")."""
        at = promotion.source
        item_kind = "promotion-criterion" if kind == "promotion" else "move-criterion"
        return replace(
            promotion,
            description=self.text(f"{key}/description", promotion.description, what, at, kind),
            evidence=tuple(
                replace(
                    e,
                    description=self.text(
                        f"{key}/evidence/{e.id}", e.description, f"promotion criterion `{e.id}` {of}", at, item_kind
                    ),
                )
                for e in promotion.evidence
            ),
            process=tuple(
                replace(
                    p,
                    description=self.text(
                        f"{key}/process/{p.id}", p.description, f"promotion criterion `{p.id}` {of}", at, item_kind
                    ),
                )
                for p in promotion.process
            ),
            exceptions=tuple(
                replace(
                    x,
                    reason=self.text(
                        f"{key}/exceptions/{x.rule}/reason", x.reason, f"reason for the exception `{x.rule}` {of}", at
                    ),
                    reviewed_by=self.text(
                        f"{key}/exceptions/{x.rule}/reviewed_by",
                        x.reviewed_by,
                        f"reviewer of the exception `{x.rule}` {of}",
                        at,
                    ),
                )
                for x in promotion.exceptions
            ),
        )

    def move(self, move: CareerMove) -> CareerMove:
        key, step = f"path/{move.from_level}/{move.to}", f"the move `{move.from_level}` → `{move.to}`"
        return replace(
            move,
            description=self.text(f"{key}/description", move.description, f"description of {step}"),
            criteria=self.promotion(
                f"{key}/criteria", move.criteria, f"criteria of {step}", f"of {step}", "move-criteria"
            )
            if move.criteria
            else None,
        )
