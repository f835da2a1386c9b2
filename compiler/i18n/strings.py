"""Every translatable text of a ladder model, each keyed by the id path of the object it belongs to.

One walker serves both extraction and translation: `map_strings` rebuilds the model with every
text passed through a function, so the template and the translated documents cannot disagree
about which strings exist. Keys (the PO `msgctxt`):

    framework/name              competency/<id>/name            <track>/name
    scale/<value>/description   category/<id>/description       <track>/<level>/title
    role/<id>/title             path/<from>/<to>/description    <track>/<level>/<competency>/<behaviour-id>
    breadth/<id>/name           grade/<id>/name                 path/<from>/<to>/criteria/description
    shared/<set>/name           shared/<set>/<behaviour-id>     (a shared behaviour a track does not override)

and under a behaviour's key, `examples/<n>` and `links/<n>/title`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import (
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
    Link,
    Promotion,
    Role,
    Scale,
    SourceRef,
    Track,
    build_index,
)
from ..value import value_class

Translate = Callable[[str, str, "SourceRef | None"], str]  # (key, source text, where it is written) → text to show


@value_class
class SourceString:
    key: str  # the object's id path, used as msgctxt
    text: str  # the source-language text, used as msgid
    source: SourceRef | None  # where the text (or its object) is written


def source_strings(framework: Framework) -> list[SourceString]:
    """Every translatable text of the model once, in document order."""
    found: dict[str, SourceString] = {}

    def record(key: str, text: str, source: SourceRef | None) -> str:
        found.setdefault(key, SourceString(key, text, source))
        return text

    map_strings(framework, record)
    return list(found.values())


def map_strings(framework: Framework, translate: Translate) -> Framework:
    """The model with every translatable text replaced by `translate(key, text, source)`."""
    walker = _Walker(framework, translate)
    translated = replace(
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
        presentation=replace(
            framework.presentation,
            classification=walker.optional(
                "framework/presentation/classification", framework.presentation.classification
            ),
            owner=walker.optional("framework/presentation/owner", framework.presentation.owner),
            approver=walker.optional("framework/presentation/approver", framework.presentation.approver),
        ),
        breadths=tuple(walker.breadth(b) for b in framework.breadths),
        levelling=walker.levelling(framework.levelling) if framework.levelling else None,
        choosing_title=walker.text("choosing/title", framework.choosing_title),
        choosing_description=walker.text("choosing/description", framework.choosing_description),
    )
    return replace(translated, index=build_index(translated))  # lookups must return the translated objects


class _Walker:
    def __init__(self, framework: Framework, translate: Translate):
        self.translate = translate
        self.expectations: dict[str, Expectation] = {}  # cumulative views repeat them: translate each once

    def text(self, key: str, text: str, source: SourceRef | None = None) -> str:
        return self.translate(key, text, source) if text else text

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
        key, at = f"competency/{competency.id}", competency.source
        return replace(
            competency,
            name=self.text(f"{key}/name", competency.name, at),
            description=self.text(f"{key}/description", competency.description, at),
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
            name=self.text(f"{track.id}/name", track.name, at),
            description=self.text(f"{track.id}/description", track.description, at),
            levels=tuple(self.level(track, level) for level in track.levels),
        )

    def level(self, track: Track, level: Level) -> Level:
        key, at = f"{track.id}/{level.id}", level.source
        scope = level.scope
        return replace(
            level,
            title=self.text(f"{key}/title", level.title, at),
            summary=self.text(f"{key}/summary", level.summary, at),
            description=self.text(f"{key}/description", level.description, at),
            management_level=self.optional(f"{key}/management_level", level.management_level, at),
            scope=replace(
                scope,
                summary=self.text(f"{key}/scope", scope.summary, at),
                direct_reports_note=self.optional(f"{key}/scope/direct_reports", scope.direct_reports_note, at),
                breadth_name=self.optional(f"breadth/{scope.breadth}/name", scope.breadth_name),
            ),
            expectations=tuple(self.block(track, level, block) for block in level.expectations),
            promotion=self.promotion(f"{key}/promotion", level.promotion) if level.promotion else None,
            moves=tuple(self.move(move) for move in level.moves),  # entry criteria are `promotion` too
        )

    def block(self, track: Track, level: Level, block: CompetencyExpectations) -> CompetencyExpectations:
        key, at = f"{track.id}/{level.id}/{block.competency_id}", block.source
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
            evidence=tuple(self.text(f"{key}/evidence/{n}", item, at) for n, item in enumerate(block.evidence, 1)),
            not_applicable=self.optional(f"{key}/not_applicable", block.not_applicable, at),
        )

    def expectation(self, track: Track, expectation: Expectation) -> Expectation:
        if expectation.id not in self.expectations:
            key = f"{track.id}/{expectation.level_id}/{expectation.competency_id}/{expectation.id}"
            origin = expectation.shared
            if origin is not None:
                origin = replace(origin, set_name=self.text(f"shared/{origin.set_id}/name", origin.set_name))
                if not origin.overridden:  # one wording in every track that includes it: translated once
                    key = f"shared/{origin.set_id}/{origin.item_id}"
            at = expectation.source
            self.expectations[expectation.id] = replace(
                expectation,
                text=self.text(key, expectation.text, at),
                examples=tuple(self.text(f"{key}/examples/{n}", x, at) for n, x in enumerate(expectation.examples, 1)),
                links=tuple(self.link(f"{key}/links/{n}", link, at) for n, link in enumerate(expectation.links, 1)),
                shared=origin,
            )
        return self.expectations[expectation.id]

    def promotion(self, key: str, promotion: Promotion) -> Promotion:
        at = promotion.source
        return replace(
            promotion,
            description=self.text(f"{key}/description", promotion.description, at),
            evidence=tuple(
                replace(e, description=self.text(f"{key}/evidence/{e.id}", e.description, at))
                for e in promotion.evidence
            ),
            process=tuple(
                replace(p, description=self.text(f"{key}/process/{p.id}", p.description, at)) for p in promotion.process
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

    def link(self, key: str, link: Link, at: SourceRef) -> Link:
        return replace(link, title=self.text(f"{key}/title", link.title, at))

    def move(self, move: CareerMove) -> CareerMove:
        key = f"path/{move.from_level}/{move.to}"
        return replace(
            move,
            description=self.text(f"{key}/description", move.description),
            criteria=self.promotion(f"{key}/criteria", move.criteria) if move.criteria else None,
        )
