"""What every document template receives: the model plus small lookups, never recomputed semantics."""

from __future__ import annotations

from ..i18n.document import label
from ..model import CareerMove, Framework, Track

BREADTH_NAMES = {
    "feature": "A feature", "product": "A product", "product-area": "A product area", "domain": "A domain",
    "multi-domain": "Several domains", "portfolio": "A portfolio", "organisation": "The organisation",
}
MOVE_NAMES = {"promotion": "Promotion", "lateral": "Lateral move", "exit": "Beyond this framework"}
KIND_NAMES = {"management": "Management", "individual-contributor": "Individual contributor"}


def track_context(framework: Framework, track: Track) -> dict:
    def move_target(move: CareerMove) -> str:
        if move.to_kind == "role":
            return framework.role(move.to).title
        target = framework.level(move.to)
        return target.title if target.track_id == track.id else _with_track(framework, target)

    def peer_title(level_id: str) -> str:
        return _with_track(framework, framework.level(level_id))

    def reports(scope) -> str:
        if scope.direct_reports_max is None:
            return label(framework, "None")
        low, high = scope.direct_reports_min, scope.direct_reports_max
        return f"{low}" if low == high else f"{low}–{high}"

    def rating_target(criterion) -> str:
        if criterion.competency_id:
            return framework.competency(criterion.competency_id).name
        return label(framework, "every %(category)s competency", category=framework.category(criterion.category_id).name)

    return {
        "framework": framework,
        "track": track,
        "competencies": [framework.competency(c) for c in track.competency_ids],
        "kind_name": label(framework, KIND_NAMES[track.kind]),
        "breadth_name": {key: label(framework, name) for key, name in BREADTH_NAMES.items()},
        "move_names": {key: label(framework, name) for key, name in MOVE_NAMES.items()},
        "move_target": move_target,
        "peer_title": peer_title,
        "reports": reports,
        "rating_target": rating_target,
        "scale_name": lambda value_id: framework.scale.value(value_id).name,
        "short_hash": framework.source_hash[:12],
    }


def _with_track(framework: Framework, level) -> str:
    """A level's title with its track's name, unless the title already says it."""
    track_name = framework.track(level.track_id).name
    return level.title if track_name.casefold() in level.title.casefold() else f"{level.title} ({track_name})"
