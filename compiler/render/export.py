"""The HRIS export data: the model mapped to job families, job profiles and competency models.

One builder serves the JSON, CSV and CASE renderers, so every export says the same thing.
"""

from __future__ import annotations

import uuid

from ..i18n.export import translations_export
from ..i18n.translate import source_model
from ..model import CompetencyExpectations, Expectation, Framework, Level, Promotion, Track

SCHEMA_ID = "https://ladder.dev/schemas/hris-export.v1.schema.json"
SCHEMA_VERSION = "1.0.0"
SCHEMA_FILE = "hris-export.v1.schema.json"


def criterion_uuid(framework: Framework, level_id: str, criterion_id: str) -> str:
    return str(uuid.uuid5(uuid.UUID(framework.uuid_namespace), f"criterion/{level_id}/{criterion_id}"))


def framework_export(framework: Framework, track_ids: tuple[str, ...] | None = None) -> dict:
    """The export of the whole framework, or of some tracks. Built once per model: the JSON, CSV
    and CASE renderers and every PDF attachment share it."""
    framework = source_model(framework)  # a translated document attaches the one export (it carries the translations)
    memo = framework.__dict__.setdefault("_export_memo", {})  # a cache beside the frozen model, like cached_property
    if "full" not in memo:
        memo["full"] = _build(framework)
    full = memo["full"]
    if track_ids is None:
        return full
    return {**full, "job_families": [f for f in full["job_families"] if f["id"] in track_ids]}


def _build(framework: Framework) -> dict:
    tracks = framework.tracks
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "framework": {
            "id": framework.id, "uuid": framework.uuid, "name": framework.name, "organisation": framework.organisation,
            "version": framework.version, "effective_date": framework.effective_date, "source_hash": framework.source_hash,
        },
        "rating_scale": {
            "id": framework.scale.id, "name": framework.scale.name,
            "values": [{"id": v.id, "uuid": v.uuid, "name": v.name, "order": v.order, "description": v.description} for v in framework.scale.values],
        },
        "competency_library": {
            "categories": [{"id": c.id, "uuid": c.uuid, "name": c.name, "description": c.description} for c in framework.categories],
            "competencies": [
                {"id": c.id, "uuid": c.uuid, "name": c.name, "category": c.category_id, "description": c.description, "previous_ids": list(c.previous_ids)}
                for c in framework.competencies
            ],
        },
        "job_families": [_job_family(framework, track) for track in tracks],
        **translations_export(framework),
    }


def _job_family(framework: Framework, track: Track) -> dict:
    return {
        "id": track.id, "uuid": track.uuid, "name": track.job_family, "track_name": track.name,
        "job_family_group": track.job_family_group, "kind": track.kind, "description": track.description,
        "competencies": list(track.competency_ids), "previous_ids": list(track.previous_ids),
        "job_profiles": [_job_profile(framework, level) for level in track.levels],
    }


def _job_profile(framework: Framework, level: Level) -> dict:
    scope = level.scope
    reports = None if scope.direct_reports_max is None else {"min": scope.direct_reports_min, "max": scope.direct_reports_max}
    return {
        "id": level.id, "uuid": level.uuid, "title": level.title, "rank": level.rank,
        "job_code": level.job_code, "management_level": level.management_level, "grade": level.grade,
        "summary": level.summary, "description": level.description,
        "scope": {"summary": scope.summary, "breadth": scope.breadth, "horizon_months": scope.horizon_months, "direct_reports": reports},
        "leads_to": [
            {"id": m.to, "type": m.to_kind, "track": framework.level(m.to).track_id if m.to_kind == "level" else None, "kind": m.kind, "description": m.description}
            for m in level.moves
        ],
        "peers": [{"id": p, "track": framework.level(p).track_id} for p in level.peers],
        "competencies": [_competency(block) for block in level.expectations],
        "promotion": _promotion(framework, level) if level.promotion else None,
        "previous_ids": list(level.previous_ids),
    }


def _competency(block: CompetencyExpectations) -> dict:
    return {
        "id": block.competency_id,
        "applicable": block.applicable,
        "not_applicable_reason": block.not_applicable,
        "cumulative": [_expectation(e) for e in block.cumulative],
        "new": [e.id for e in block.new],
        "evidence_examples": list(block.evidence),
    }


def _expectation(expectation: Expectation) -> dict:
    return {
        "id": expectation.id, "uuid": expectation.uuid, "text": expectation.text,
        "introduced_at": expectation.level_id, "raises": expectation.raises, "previous_ids": list(expectation.previous_ids),
    }


def _promotion(framework: Framework, level: Level) -> dict:
    promotion: Promotion = level.promotion
    return {
        "description": promotion.description,
        "min_ratings": [
            {
                "id": r.id, "uuid": criterion_uuid(framework, level.id, r.id), "competency": r.competency_id, "category": r.category_id,
                "applies_to": list(r.competency_ids), "rating": r.rating, "rating_order": framework.scale.order(r.rating),
            }
            for r in promotion.min_ratings
        ],
        "min_months_in_role": promotion.min_months_in_role,
        "evidence": [{"id": e.id, "uuid": criterion_uuid(framework, level.id, e.id), "description": e.description} for e in promotion.evidence],
        "process": [{"id": p.id, "uuid": criterion_uuid(framework, level.id, p.id), "kind": p.kind, "description": p.description} for p in promotion.process],
    }
