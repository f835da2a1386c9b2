"""What the committee is shown of an assessment, the same in every report: the marks of a
criterion's status and the lists it is asked to look at."""

from __future__ import annotations

from . import MET, MISSING_EVIDENCE, NOT_APPLICABLE, NOT_MET, PENDING, Assessment

MARKS = {MET: "✔", NOT_MET: "✘", MISSING_EVIDENCE: "?", PENDING: "…"}


def committee_lists(assessment: Assessment) -> list[tuple[str, list[str]]]:
    """What the committee is asked to look at, as (heading, lines): the same in text and Markdown."""
    unevidenced = [f"{c.competency}: {b.text}" for c, b in assessment.unevidenced]
    questioned = [
        f"{q.competency}: “{q.text}”" + (f" for “{q.behaviour}”" if q.behaviour else "") + f": {q.reason}"
        for q in assessment.questioned
    ]
    not_applicable = [
        f"{c.competency}: {b.text} (N/A: {b.reason}; reviewed by {b.reviewed_by or 'no one'})"
        for c in assessment.coverage
        for b in c.behaviours
        if b.status == NOT_APPLICABLE
    ]
    return [
        (f"Required behaviours with no evidence ({len(unevidenced)})", unevidenced),
        (f"Evidence the committee should question ({len(questioned)})", questioned),
        (f"Behaviours marked N/A, with the reason and the reviewer ({len(not_applicable)})", not_applicable),
    ]
