"""The HRIS export data: the model mapped to job families, job profiles and competency models.

The JSON renderer writes it (valid against hris-export.v2); the CSV and CASE renderers read the
model directly. Every value comes from the model, which computed it once: nothing is derived here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from ..i18n.export import translations_export
from ..i18n.translate import source_model
from ..model import CompetencyExpectations, Expectation, Framework, Level, Promotion, Scale, SharedOrigin, Track

SCHEMA_ID = "https://ladder-compiler.github.io/ladder-compiler/schemas/hris-export.v2.schema.json"
SCHEMA_VERSION = "2.0.0"
SCHEMA_FILE = "hris-export.v2.schema.json"


def framework_export(framework: Framework, track_ids: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The export of the whole framework, or of some tracks. A translated model exports its source
    model: the one export carries every language's strings under `translations`. A tracks' export
    carries only what those tracks use (their competencies and categories, the levelling grades of
    their levels, their strings and the shared ones) and the digest of what shapes them, so its
    bytes do not grow or change with the rest of the project."""
    shell, families = export_in_parts(framework, track_ids)
    return {**shell, "job_families": list(families)}


def export_in_parts(
    framework: Framework, track_ids: tuple[str, ...] | None = None
) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The export with an empty `job_families`, and its job families one at a time: a large
    project's export is tens of megabytes, and its writer need not hold it all."""
    framework = source_model(framework)
    translations = translations_export(framework)
    if track_ids is None:
        tracks, source_hash = framework.tracks, framework.source_hash
        competencies, categories, guide = framework.competencies, framework.categories, _levelling_guide(framework)
        roles = framework.roles
    else:
        tracks = tuple(t for t in framework.tracks if t.id in track_ids)
        source_hash = _tracks_digest(framework, tracks)
        used = _competencies_used(tracks)
        competencies = tuple(c for c in framework.competencies if c.id in used)
        used_categories = {c.category_id for c in competencies if c.category_id} | _categories_named(tracks)
        categories = tuple(c for c in framework.categories if c.id in used_categories)
        guide = _levelling_guide(framework, {level.id for t in tracks for level in t.levels})
        reached = {m.to for t in tracks for level in t.levels for m in level.moves if m.to_kind == "role"}
        roles = tuple(r for r in framework.roles if r.id in reached)
        translations = _translations_of(translations, framework, tracks, used, used_categories, guide)
    shell = {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "framework": {
            "id": framework.id,
            "uuid": framework.uuid,
            "name": framework.name,
            "organisation": framework.organisation,
            "version": framework.version,  # None (null) in an unversioned draft
            "effective_date": framework.effective_date,
            "source_hash": source_hash,
            "language": framework.language,
            "external_id": framework.external_id,
            "description": framework.description or None,
        },
        "rating_scale": _scale(framework.scale) if framework.scale else None,
        "competency_library": {
            "categories": [
                {"id": c.id, "uuid": c.uuid, "name": c.name, "description": c.description, "external_id": c.external_id}
                for c in categories
            ],
            "competencies": [
                {
                    "id": c.id,
                    "uuid": c.uuid,
                    "name": c.name,
                    "category": c.category_id,
                    "description": c.description or None,
                    "previous_ids": list(c.previous_ids),
                    "external_id": c.external_id,
                    "scale": c.scale_id,
                }
                for c in competencies
            ],
        },
        "job_families": [],
        "levelling_guide": guide,
        "breadths": [
            {"id": b.id, "name": b.name, "description": b.description or None, "order": b.order}
            for b in framework.breadths
        ],
        "roles": [
            {"id": r.id, "uuid": r.uuid, "title": r.title, "description": r.description, "external_id": r.external_id}
            for r in roles
        ],
        "choosing": (
            {"title": framework.choosing_title, "description": framework.choosing_description}
            if framework.choosing_description
            else None
        ),
        **translations,
        "rating_scales": [_scale(s) for s in framework.scales],
        "shared_sets": [
            {"id": s.id, "name": s.name, "description": s.description or None, "includes": list(s.includes)}
            for s in framework.shared_sets
        ],
    }
    return shell, (_job_family(framework, track) for track in tracks)


def _scale(scale: Scale) -> dict[str, Any]:
    return {
        "id": scale.id,
        "name": scale.name,
        "description": scale.description or None,
        "rated_against": scale.rated_against or None,
        "values": [
            {
                "id": v.id,
                "uuid": v.uuid,
                "name": v.name,
                "order": v.order,
                "description": v.description,
                "external_id": v.external_id,
            }
            for v in scale.values
        ],
    }


def _tracks_digest(framework: Framework, tracks: tuple[Track, ...]) -> str:
    from .fingerprint import track_digest

    if len(tracks) == 1:
        return track_digest(framework, tracks[0].id)
    return hashlib.sha256("".join(track_digest(framework, t.id) for t in tracks).encode()).hexdigest()


def _translations_of(
    translations: dict[str, Any],
    framework: Framework,
    tracks: tuple[Track, ...],
    competencies: set[str],
    categories: set[str],
    guide: dict[str, Any] | None,
) -> dict[str, Any]:
    """The translations of a tracks' export: the strings of those tracks and of what they use (keys
    as in i18n/strings.py: `<track>/…`, `path/<from>/<to>/…`, `competency/<id>/…`, …)."""
    if not translations:
        return translations
    others = {t.id for t in framework.tracks} - {t.id for t in tracks}
    levels = {level.id for t in tracks for level in t.levels}
    grades = {g["id"] for g in guide["grades"]} if guide else set()
    kept = {"competency": competencies, "category": categories, "grade": grades}

    def ours(key: str) -> bool:
        first, _, rest = key.partition("/")
        if first in others:
            return False
        if first == "path":
            origin, _, rest = rest.partition("/")
            return origin in levels or rest.partition("/")[0] in levels
        if first in kept:
            return rest.partition("/")[0] in kept[first]
        return True

    return {
        "translations": {
            language: entry
            | {
                "strings": {key: text for key, text in entry["strings"].items() if ours(key)},
                "stale": [key for key in entry["stale"] if ours(key)],
                "missing": [key for key in entry["missing"] if ours(key)],
            }
            for language, entry in translations["translations"].items()
        }
    }


def _criteria_of(tracks: tuple[Track, ...]) -> list[Promotion]:
    found = [level.promotion for t in tracks for level in t.levels if level.promotion]
    return found + [m.criteria for t in tracks for level in t.levels for m in level.moves if m.criteria]


def _competencies_used(tracks: tuple[Track, ...]) -> set[str]:
    used = {c for t in tracks for c in t.competency_ids}
    for criteria in _criteria_of(tracks):
        for rating in criteria.min_ratings:
            used |= set(rating.competency_ids) | ({rating.competency_id} if rating.competency_id else set())
    return used


def _categories_named(tracks: tuple[Track, ...]) -> set[str]:
    return {r.category_id for c in _criteria_of(tracks) for r in c.min_ratings if r.category_id}


def _job_family(framework: Framework, track: Track) -> dict[str, Any]:
    return {
        "id": track.id,
        "uuid": track.uuid,
        "name": track.job_family,
        "track_name": track.name,
        "job_family_group": track.job_family_group,
        "kind": track.kind,
        "description": track.description or None,  # null where format 2 leaves it out
        "competencies": list(track.competency_ids),
        "previous_ids": list(track.previous_ids),
        "job_profiles": [_job_profile(framework, level) for level in track.levels],
        "external_id": track.external_id,
        "starts_after": track.starts_after,
        "trunk": list(track.trunk),
    }


def _job_profile(framework: Framework, level: Level) -> dict[str, Any]:
    scope = level.scope
    reports = (
        None
        if scope.direct_reports_max is None
        else {
            "min": scope.direct_reports_min,
            "max": scope.direct_reports_max,
            "description": scope.direct_reports_note,
        }
    )
    return {
        "id": level.id,
        "uuid": level.uuid,
        "title": level.title,
        "rank": level.rank,
        "job_code": level.job_code,
        "management_level": level.management_level,
        "grade": level.grade,
        "summary": level.summary,
        "description": level.description,
        "scope": {
            "summary": scope.summary,
            "breadth": scope.breadth,
            "breadth_name": scope.breadth_name,
            "horizon_months": scope.horizon_months,
            "direct_reports": reports,
        },
        "leads_to": [
            {
                "id": m.to,
                "type": m.to_kind,
                "track": framework.level(m.to).track_id if m.to_kind == "level" else None,
                "kind": m.kind,
                "description": m.description,
                "implied": m.implied,
                "criteria": _criteria(framework, m.criteria) if m.criteria else None,
            }
            for m in level.moves
        ],
        "peers": [{"id": p, "track": framework.level(p).track_id} for p in level.peers],
        "peer_notes": list(level.peer_notes),
        "competencies": [_competency(framework, block) for block in level.expectations],
        "promotion": _criteria(framework, level.promotion) if level.promotion else None,
        "previous_ids": list(level.previous_ids),
        "external_id": level.external_id,
        "follows": level.follows,
        "levelling_grade": level.levelling_grade,
    }


def _competency(framework: Framework, block: CompetencyExpectations) -> dict[str, Any]:
    return {
        "id": block.competency_id,
        "applicable": block.applicable,
        "rated": block.rated,
        "not_applicable_reason": block.not_applicable,
        "cumulative": [_expectation(e) for e in block.cumulative],
        "new": [e.id for e in block.new],
        "evidence_examples": list(block.evidence),
        "expected_rating": block.expected,
        "expected_rating_order": framework.rating_order(block.competency_id, block.expected)
        if block.expected
        else None,
        "expected_rating_name": framework.rating_name(block.competency_id, block.expected) if block.expected else None,
        "progression": block.progression,
        "dropped": [{"id": d.expectation.id, "reason": d.reason, "by": [e.id for e in d.by]} for d in block.dropped],
    }


def _expectation(expectation: Expectation) -> dict[str, Any]:
    return {
        "id": expectation.id,
        "uuid": expectation.uuid,
        "text": expectation.text,
        "introduced_at": expectation.level_id,
        "raises": expectation.raises,
        "previous_ids": list(expectation.previous_ids),
        "external_id": expectation.external_id,
        "examples": list(expectation.examples),
        "links": [{"title": link.title, "url": link.url} for link in expectation.links],
        "shared": _shared(expectation.shared),
    }


def _shared(origin: SharedOrigin | None) -> dict[str, Any] | None:
    if origin is None:
        return None
    return {"set": origin.set_id, "set_name": origin.set_name, "item": origin.item_id, "overridden": origin.overridden}


def _criteria(framework: Framework, criteria: Promotion) -> dict[str, Any]:
    return {
        "description": criteria.description or None,
        "min_ratings": [
            {
                "id": r.id,
                "uuid": r.uuid,
                "competency": r.competency_id,
                "category": r.category_id,
                "applies_to": list(r.competency_ids),
                "rating": r.rating,
                "rating_order": framework.rating_order(r.rated_competency, r.rating),
                "rating_name": framework.rating_name(r.rated_competency, r.rating),
            }
            for r in criteria.min_ratings
        ],
        "min_months_in_role": criteria.min_months_in_role,
        "evidence": [{"id": e.id, "uuid": e.uuid, "description": e.description} for e in criteria.evidence],
        "process": [
            {"id": p.id, "uuid": p.uuid, "kind": p.kind, "description": p.description} for p in criteria.process
        ],
        "exceptions": [
            {"rule": x.rule, "reason": x.reason, "reviewed_by": x.reviewed_by, "reviewed_on": x.reviewed_on}
            for x in criteria.exceptions
        ],
    }


def _levelling_guide(framework: Framework, levels: set[str] | None = None) -> dict[str, Any] | None:
    """The levelling guide; for some tracks' export, only the grades their levels hold (and only those levels)."""
    guide = framework.levelling
    if guide is None:
        return None
    grades = [
        (g, list(g.level_ids) if levels is None else [level for level in g.level_ids if level in levels])
        for g in guide.grades
    ]
    return {
        "description": guide.description,
        "grades": [
            {
                "id": g.id,
                "uuid": g.uuid,
                "name": g.name,
                "description": g.description,
                "order": g.order,
                "levels": held,
                "external_id": g.external_id,
            }
            for g, held in grades
            if levels is None or held
        ],
    }
