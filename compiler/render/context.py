"""What every document template receives: the model plus small lookups, never recomputed semantics."""

from __future__ import annotations

from typing import Any

from ..i18n.document import label
from ..i18n.labels import MOVE_NAMES, TRACK_KIND_NAMES
from ..model import (
    PRODUCT_BREADTHS,
    REPLACE,
    CareerMove,
    Framework,
    Level,
    Promotion,
    RatingCriterion,
    Scale,
    Scope,
    Track,
)
from .fingerprint import track_digest

KIND_NAMES = TRACK_KIND_NAMES  # the markdown and HTML renderers' name for them
BREADTH_NAMES = dict(PRODUCT_BREADTHS)  # the default breadth scale's names; a framework may declare its own


def track_context(framework: Framework, track: Track) -> dict[str, Any]:
    def move_target(move: CareerMove) -> str:
        if move.to_kind == "role":
            return framework.role(move.to).title
        target = framework.level(move.to)
        return target.title if target.track_id == track.id else _with_track(framework, target)

    def peer_title(level_id: str) -> str:
        return _with_track(framework, framework.level(level_id))

    def reports(scope: Scope) -> str:
        """The direct reports the source states, as a number or range; "" when it states none."""
        low, high = scope.direct_reports_min, scope.direct_reports_max
        if high is None:
            return "" if low is None else f"{low}+"
        return f"{high}" if low is None or low == high else f"{low}–{high}"

    def rating_target(criterion: RatingCriterion) -> str:
        if criterion.competency_id:
            return framework.competency(criterion.competency_id).name
        assert criterion.category_id is not None  # the schema makes a criterion name a competency or a category
        return label(
            framework, "every %(category)s competency", category=framework.category(criterion.category_id).name
        )

    def ratings_by_word(criteria: Promotion) -> list[tuple[str, list[RatingCriterion]]]:
        """A bar's minimum ratings grouped by the word they ask for (two scales may share a value id
        under different words), ordered by value id as the levels page always listed them."""
        groups: dict[str, list[RatingCriterion]] = {}
        for rating in criteria.min_ratings:
            groups.setdefault(framework.rating_name(rating.rated_competency, rating.rating), []).append(rating)
        return sorted(groups.items(), key=lambda group: group[1][0].rating)

    def level_title(level_id: str) -> str:
        level = framework.level(level_id)
        other_track = "" if level.track_id == track.id else f" ({framework.track(level.track_id).name})"
        return f"{level.title}{other_track}"

    def level_code(level: Level) -> str:
        """Where the level sits, in the organisation's own scheme (band and job code); "" when it has none.
        The levelling guide's band, translated with the model, names the grade when the level has one."""
        grade = framework.grade(level.levelling_grade).name if level.levelling_grade else level.grade
        return " · ".join(part for part in (grade, level.job_code) if part)

    def entry_heading(level: Level) -> str:
        """Promotion into a level that has one below it; joining an entry level."""
        if level.follows:
            return label(framework, "Promotion into %(level)s", level=level.title)
        return label(framework, "Joining as %(level)s", level=level.title)

    # the competencies whose behaviours a level replaces rather than adds to (progression `replace`)
    replacing = [framework.competency(c).name for c in track.competency_ids if _progression(track, c) == REPLACE]
    breadth_descriptions = {b.id: b.description for b in framework.breadths}
    return {
        "framework": framework,
        "track": track,
        "replace_names": replacing,
        "all_replace": len(replacing) == len(track.competency_ids),
        "breadth_description": lambda breadth_id: breadth_descriptions.get(breadth_id, ""),
        "competencies": [framework.competency(c) for c in track.competency_ids],
        # the categories of the track's competencies that describe themselves, in the framework's order
        "categories": [
            category
            for category in framework.categories
            if category.description
            and any(framework.competency(c).category_id == category.id for c in track.competency_ids)
        ],
        # the shared sets the track holds behaviours from that describe themselves, as listed
        "shared_sets": [
            s
            for s in framework.shared_sets
            if s.description
            and any(
                e.shared is not None and e.shared.set_id == s.id
                for level in track.levels
                for block in level.expectations
                for e in block.new
            )
        ],
        "role_description": lambda move: framework.role(move.to).description if move.to_kind == "role" else "",
        "kind_name": label(framework, KIND_NAMES[track.kind]),
        "breadth_name": {b.id: b.name for b in framework.breadths},  # the model's: translated with the model
        "move_names": {key: label(framework, name) for key, name in MOVE_NAMES.items()},
        "move_target": move_target,
        "peer_title": peer_title,
        "reports": reports,
        "rating_target": rating_target,
        "ratings_by_word": ratings_by_word,
        "scale_name": lambda value_id, competency_id: framework.rating_name(competency_id, value_id),
        "scales": track_scales(framework, track),  # each scale the track rates on, described once
        "short_hash": track_digest(framework, track.id)[:12],  # what shapes this track, not the whole project
        "trunk": [framework.level(level_id) for level_id in track.trunk],
        "from_trunk": set(track.trunk),  # behaviours introduced on the shared path say where they come from
        "matrix": any(block.expected for level in track.levels for block in level.expectations),
        "replacing": any(
            d.reason != "raised" for level in track.levels for block in level.expectations for d in block.dropped
        ),
        "level_title": level_title,
        "moves_into": lambda level_id: moves_into(framework, level_id),
        "entry_heading": entry_heading,
        "level_code": level_code,
        "coded": any(level_code(level) for level in track.levels),  # band and job code stand in for the rank
        "grade_name": lambda grade_id: framework.grade(grade_id).name,
        "levelling": levelling_context(framework),  # the grade table printed in each rubric
    }


def track_scales(framework: Framework, track: Track) -> list[Scale]:
    """The scales the track's competencies are rated on, in the framework's order; none when it rates nothing."""
    used = {framework.competency(c).scale_id for c in track.competency_ids}
    return [scale for scale in framework.scales if scale.id in used]


def _progression(track: Track, competency_id: str) -> str:
    """The competency's effective progression in the track (the model resolves it per level; it is one per track)."""
    return track.levels[0].expectations_for(competency_id).progression


def moves_into(framework: Framework, level_id: str) -> list[tuple[Level, CareerMove]]:
    """Every career move, declared or implied by the level order, whose destination is this level."""
    return [
        (level, move)
        for track in framework.tracks
        for level in track.levels
        for move in level.moves
        if move.to_kind != "role" and move.to == level_id
    ]


def _with_track(framework: Framework, level: Level) -> str:
    """A level's title with its track's name, unless the title already says it."""
    track_name = framework.track(level.track_id).name
    return level.title if track_name.casefold() in level.title.casefold() else f"{level.title} ({track_name})"


def levelling_context(framework: Framework) -> dict[str, Any]:
    """The levelling guide as rows (grades, lowest first) × columns (tracks, in source order)."""
    guide = framework.levelling
    rows = []
    for grade in guide.grades if guide else ():
        cells = {framework.level(level_id).track_id: framework.level(level_id) for level_id in grade.level_ids}
        rows.append((grade, [cells.get(t.id) for t in framework.tracks]))
    return {"framework": framework, "guide": guide, "tracks": framework.tracks, "rows": rows, "kind_names": KIND_NAMES}
