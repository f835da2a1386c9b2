"""The HRIS export data: the model mapped to job families, job profiles and competency models.

The JSON renderer writes it (valid against hris-export.v2); the CSV and CASE renderers read the
model directly. Every value comes from the model, which computed it once: nothing is derived here.
"""

from __future__ import annotations

from typing import Any

from ..i18n.export import translations_export
from ..i18n.translate import source_model
from ..model import CompetencyExpectations, Expectation, Framework, Level, Promotion, Track

SCHEMA_ID = "https://ladder-compiler.github.io/ladder-compiler/schemas/hris-export.v2.schema.json"
SCHEMA_VERSION = "2.0.0"
SCHEMA_FILE = "hris-export.v2.schema.json"


def framework_export(framework: Framework, track_ids: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The export of the whole framework, or of some tracks. A translated model exports its source
    model: the one export carries every language's strings under `translations`."""
    framework = source_model(framework)
    tracks = framework.tracks if track_ids is None else tuple(t for t in framework.tracks if t.id in track_ids)
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "framework": {
            "id": framework.id,
            "uuid": framework.uuid,
            "name": framework.name,
            "organisation": framework.organisation,
            "version": framework.version,
            "effective_date": framework.effective_date,
            "source_hash": framework.source_hash,
            "language": framework.language,
            "external_id": framework.external_id,
        },
        "rating_scale": {
            "id": framework.scale.id,
            "name": framework.scale.name,
            "rated_against": framework.scale.rated_against or None,
            "values": [
                {
                    "id": v.id,
                    "uuid": v.uuid,
                    "name": v.name,
                    "order": v.order,
                    "description": v.description,
                    "external_id": v.external_id,
                }
                for v in framework.scale.values
            ],
        },
        "competency_library": {
            "categories": [
                {"id": c.id, "uuid": c.uuid, "name": c.name, "description": c.description, "external_id": c.external_id}
                for c in framework.categories
            ],
            "competencies": [
                {
                    "id": c.id,
                    "uuid": c.uuid,
                    "name": c.name,
                    "category": c.category_id,
                    "description": c.description,
                    "previous_ids": list(c.previous_ids),
                    "external_id": c.external_id,
                }
                for c in framework.competencies
            ],
        },
        "job_families": [_job_family(framework, track) for track in tracks],
        "levelling_guide": _levelling_guide(framework),
        **translations_export(framework),
    }


def _job_family(framework: Framework, track: Track) -> dict[str, Any]:
    return {
        "id": track.id,
        "uuid": track.uuid,
        "name": track.job_family,
        "track_name": track.name,
        "job_family_group": track.job_family_group,
        "kind": track.kind,
        "description": track.description,
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
        None if scope.direct_reports_max is None else {"min": scope.direct_reports_min, "max": scope.direct_reports_max}
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
        "not_applicable_reason": block.not_applicable,
        "cumulative": [_expectation(e) for e in block.cumulative],
        "new": [e.id for e in block.new],
        "evidence_examples": list(block.evidence),
        "expected_rating": block.expected,
        "expected_rating_order": framework.scale.order(block.expected) if block.expected else None,
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
    }


def _criteria(framework: Framework, criteria: Promotion) -> dict[str, Any]:
    return {
        "description": criteria.description,
        "min_ratings": [
            {
                "id": r.id,
                "uuid": r.uuid,
                "competency": r.competency_id,
                "category": r.category_id,
                "applies_to": list(r.competency_ids),
                "rating": r.rating,
                "rating_order": framework.scale.order(r.rating),
            }
            for r in criteria.min_ratings
        ],
        "min_months_in_role": criteria.min_months_in_role,
        "evidence": [{"id": e.id, "uuid": e.uuid, "description": e.description} for e in criteria.evidence],
        "process": [
            {"id": p.id, "uuid": p.uuid, "kind": p.kind, "description": p.description} for p in criteria.process
        ],
    }


def _levelling_guide(framework: Framework) -> dict[str, Any] | None:
    guide = framework.levelling
    if guide is None:
        return None
    return {
        "description": guide.description,
        "grades": [
            {
                "id": g.id,
                "uuid": g.uuid,
                "name": g.name,
                "description": g.description,
                "order": g.order,
                "levels": list(g.level_ids),
                "external_id": g.external_id,
            }
            for g in guide.grades
        ],
    }
