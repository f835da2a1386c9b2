"""How an assessment looks: text, Markdown, JSON, or a PDF promotion packet."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..model import Framework
from ..problems import ERROR, WARNING, Problem, Rule
from ..render.text import to_markdown, to_table_cell
from ..reporters import CI_FORMATS, Context
from ..reporters import render as render_findings
from ..reporters.json import dumps
from ..reporters.text import inert
from ..source.load import SourceDocument
from . import DECLARED_RULES, MET, MISSING_EVIDENCE, PENDING, Assessment, CriterionResult
from .committee import MARKS, committee_lists


def verdict(assessment: Assessment) -> str:
    """The one sentence every report gives, computed once in the assessment."""
    return assessment.verdict.text


def _heading(framework: Framework, assessment: Assessment) -> str:
    target = framework.level(assessment.target_level)
    track = framework.track(assessment.track_id).name
    current = f"joining from {assessment.current_title}" if assessment.joining else assessment.current_title
    return f"{assessment.person}: {current} → {target.title} ({track}), {assessment.date}"


FORMATS = ("text", "markdown", "json", "pdf", *CI_FORMATS)
# where each kind of criterion is written in the case
_KEYS = {
    "rating": "ratings",
    "coverage": "ratings",
    "behaviours": "ratings",
    "evidence": "evidence",
    "process": "process",
}


def _rules() -> tuple[Rule, ...]:
    """The rules an assessment's findings name, for the formats that describe them."""
    from .evidence import DECLARED_RULES as EVIDENCE_RULES

    return DECLARED_RULES + EVIDENCE_RULES


def render(framework: Framework, assessment: Assessment, output_format: str, case: SourceDocument | None = None) -> str:
    """The report in `output_format`: text, markdown, json, or a CI format over the criteria not met,
    located in `case` (the assessment as loaded). A PDF is `render_pdf`."""
    if output_format in CI_FORMATS:
        return render_findings(as_problems(assessment, case), output_format, Context(command="assess", rules=_rules()))
    renderers = {"text": render_text, "markdown": render_markdown, "json": render_json}
    return renderers[output_format](framework, assessment)


def as_problems(assessment: Assessment, case: SourceDocument | None) -> list[Problem]:
    """One finding per criterion not met (an error) or missing evidence (a warning), at the entry
    of the case that answers it, or at the list it belongs in when there is none."""
    problems = []
    for result in assessment.results:
        if result.status in (MET, PENDING):
            continue
        severity = WARNING if result.status == MISSING_EVIDENCE else ERROR
        line, column = _where(result, case)
        message = f"{result.requirement.rstrip('.')}: {result.status} ({result.detail})"
        problems.append(Problem(case.display if case else "", line, column, result.kind, message, severity))
    return problems


def _where(result: CriterionResult, case: SourceDocument | None) -> tuple[int, int]:
    if case is None or not isinstance(case.data, dict):
        return 0, 0
    if result.kind == "time-in-role":
        mark = case.locate(("months_in_role",))
        return mark.line, mark.column
    key = _KEYS[result.kind]
    field = "competency" if key == "ratings" else {"evidence": "criterion", "process": "step"}[result.kind]
    wanted = result.id.split("-", 1)[1] if key == "ratings" else result.id  # rating-, coverage-, behaviours-
    for index, entry in enumerate(case.data.get(key) or []):
        if isinstance(entry, dict) and entry.get(field) == wanted:
            mark = case.locate((key, index))
            return mark.line, mark.column
    mark = case.locate_key((key,)) if key in case.data else case.locate(())
    return mark.line, mark.column


def since(assessment: Assessment) -> list[str]:
    """The ladder-change lines: "written against X, judged against Y" and what changed for this case."""
    if not assessment.written_against:
        return []
    head = f"Written against {assessment.written_against}, judged against {assessment.judged_against}"
    return [head + (":" if assessment.changes_since else "; nothing that matters to this case changed")]


def render_text(framework: Framework, assessment: Assessment) -> str:
    lines = [_heading(framework, assessment), f"Ratings are measured against: {assessment.rated_against}"]
    lines += [f"Evidence is counted against: {assessment.coverage_basis}", ""]
    if assessment.written_against:
        lines += since(assessment) + [f"  - {note}" for note in assessment.changes_since] + [""]
    for result in assessment.results:
        lines.append(f"  {MARKS[result.status]} {result.status:<16} {result.requirement}")
        lines.append(f"    {'':<16} {result.detail}")
    for heading, entries in committee_lists(assessment):
        lines += ["", f"{heading}:"] + [f"  - {entry}" for entry in entries or ["none"]]
    lines += ["", f"Rules: {assessment.coverage_rule} {assessment.matching_rule}", "", verdict(assessment)]
    return inert("\n".join(lines))


def render_markdown(framework: Framework, assessment: Assessment) -> str:
    heading = " ".join(to_markdown(_heading(framework, assessment)).split())
    lines = [f"## Promotion readiness: {heading}", "", f"**{to_markdown(verdict(assessment))}**", ""]
    lines += [f"Ratings are measured against: {' '.join(to_markdown(assessment.rated_against).split())}", ""]
    lines += [f"Evidence is counted against: {to_markdown(assessment.coverage_basis)}", ""]
    if assessment.written_against:
        lines += [f"**{to_markdown(since(assessment)[0])}**", ""]
        lines += [f"- {' '.join(to_markdown(note).split())}" for note in assessment.changes_since] + [""]
    if assessment.summary:
        lines += [to_markdown(assessment.summary), ""]
    lines += ["| Criterion | Status | Detail |", "|---|---|---|"]
    lines += [
        f"| {to_table_cell(r.requirement)} | {MARKS[r.status]} {r.status} | {to_table_cell(r.detail)} |"
        for r in assessment.results
    ]
    for heading_text, entries in committee_lists(assessment):
        lines += ["", f"### {heading_text}", ""]
        lines += [f"- {' '.join(to_markdown(entry).split())}" for entry in entries] or ["None."]
    lines += ["", f"Rules: {' '.join(to_markdown(assessment.coverage_rule + ' ' + assessment.matching_rule).split())}"]
    return "\n".join(lines) + "\n"


def render_json(framework: Framework, assessment: Assessment) -> str:
    data = asdict(assessment) | {
        "ready": assessment.ready,
        "unevidenced": [
            {"competency_id": c.competency_id, "competency": c.competency, "behaviour_id": b.id, "behaviour": b.text}
            for c, b in assessment.unevidenced
        ],
        "framework": {"id": framework.id, "version": framework.version},
    }
    return dumps(data)


def render_pdf(
    framework: Framework, assessment: Assessment, templates: Path | None = None, data: dict[str, Any] | None = None
) -> bytes:
    """The promotion packet for the calibration committee (see assess/packet.py)."""
    from .packet import render_packet

    return render_packet(framework, assessment, data or {}, templates)
