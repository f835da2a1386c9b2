"""Ratings name a value of their competency's scale.

A framework has a default scale (or none), further named `scales`, and a competency may name the
scale it is rated on. Every rating the source gives (an expected proficiency, a promotion or move
bar) must be a value of that competency's scale; a competency on no scale takes no rating.
"""

from __future__ import annotations

from ..problems import Problem, did_you_mean
from .sources import Located, Sources, duplicate_ids, scales, unknown_reference


def rated_on(sources: Sources) -> dict[str, Located | None]:
    """competency id → the scale it is rated on (None: no scale). A competency naming an unknown
    scale is left out: check_scales reports it, and its ratings cannot be checked."""
    declared = scales(sources)
    by_id: dict[str, Located] = {}
    for scale in declared:
        by_id.setdefault(scale["id"], scale)  # a second scale of the same id is reported by check_scales
    framework = sources.framework
    default = declared[0] if framework is not None and "scale" in framework.value else None
    return {
        c["id"]: by_id[c["scale"]] if "scale" in c.value else default
        for c in sources.competencies
        if c.get("scale", "") in by_id or "scale" not in c.value
    }


def check_scales(sources: Sources) -> list[Problem]:
    """Scale ids are unique, value ids unique within their scale, and a competency's `scale` exists."""
    declared = scales(sources)
    problems = list(duplicate_ids(((s, ("id",)) for s in declared), "scale"))
    for scale in declared:
        problems += duplicate_ids(((v, ("id",)) for v in scale.children("values")), "scale value")
    known = [s["id"] for s in declared]
    problems += [
        unknown_reference(c, ("scale",), "scale", known, "" if known else " (the framework declares no scale)")
        for c in sources.competencies
        if "scale" in c.value and c["scale"] not in known
    ]
    return problems


def rating_problem(item: Located, key: str, competency: str, scale: Located | None) -> Problem | None:
    """The problem with the rating `item[key]` for `competency`, if any: located, with the valid values."""
    rating = item[key]
    if scale is None:
        return item.problem(
            "unknown-reference",
            f"unknown scale value `{rating}`: competency `{competency}` is rated on no scale",
            key,
            hint="give the framework a `scale` (or the competency a `scale:` naming one of the framework's `scales`),"
            " or remove the rating",
        )
    values = [v["id"] for v in scale.children("values")]
    if rating in values:
        return None
    return item.problem(
        "unknown-reference",
        f"unknown scale value `{rating}` for competency `{competency}`: scale `{scale['id']}` has {', '.join(values)}",
        key,
        hint=did_you_mean(str(rating), sorted(values)),
    )
