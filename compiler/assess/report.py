"""How an assessment looks: text, Markdown, JSON, or a PDF promotion packet."""

from __future__ import annotations

import json
from dataclasses import asdict

from ..model import Framework
from ..render.text import to_markdown, to_table_cell
from ..reporters.text import inert
from . import MET, Assessment

_MARKS = {"met": "✔", "not met": "✘", "missing evidence": "?"}


def verdict(assessment: Assessment) -> str:
    missing = sum(r.status != MET for r in assessment.results)
    return (
        "READY: every criterion is met"
        if assessment.ready
        else f"NOT READY: {missing} of {len(assessment.results)} criteria not met"
    )


def _heading(framework: Framework, assessment: Assessment) -> str:
    current, target = framework.level(assessment.current_level), framework.level(assessment.target_level)
    track = framework.track(assessment.track_id).name
    return f"{assessment.person}: {current.title} → {target.title} ({track}), {assessment.date}"


def render(framework: Framework, assessment: Assessment, output_format: str) -> str:
    """The report in `output_format`: text, markdown or json (a PDF is `render_pdf`)."""
    renderers = {"text": render_text, "markdown": render_markdown, "json": render_json}
    return renderers[output_format](framework, assessment)


def render_text(framework: Framework, assessment: Assessment) -> str:
    lines = [_heading(framework, assessment), ""]
    for result in assessment.results:
        lines.append(f"  {_MARKS[result.status]} {result.status:<16} {result.requirement}")
        lines.append(f"    {'':<16} {result.detail}")
    lines += ["", verdict(assessment)]
    return inert("\n".join(lines))


def render_markdown(framework: Framework, assessment: Assessment) -> str:
    heading = " ".join(to_markdown(_heading(framework, assessment)).split())
    lines = [f"## Promotion readiness: {heading}", "", f"**{verdict(assessment)}**", ""]
    if assessment.summary:
        lines += [to_markdown(assessment.summary), ""]
    lines += ["| Criterion | Status | Detail |", "|---|---|---|"]
    lines += [
        f"| {to_table_cell(r.requirement)} | {_MARKS[r.status]} {r.status} | {to_table_cell(r.detail)} |"
        for r in assessment.results
    ]
    return "\n".join(lines) + "\n"


def render_json(framework: Framework, assessment: Assessment) -> str:
    data = asdict(assessment) | {
        "ready": assessment.ready,
        "framework": {"id": framework.id, "version": framework.version},
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def render_pdf(framework: Framework, assessment: Assessment, templates=None) -> bytes:
    from ..render.pdf import html_to_pdf
    from ..render.templating import read_asset, render_template

    html = render_template(
        "assessment.html.j2",
        templates,
        framework=framework,
        assessment=assessment,
        verdict=verdict(assessment),
        current=framework.level(assessment.current_level),
        target=framework.level(assessment.target_level),
        track=framework.track(assessment.track_id),
        marks=_MARKS,
        stylesheet=read_asset("ladder.css", templates),
    )
    return html_to_pdf(
        html, assessment.date, identifier=f"assessment/{framework.source_hash}/{assessment.person}/{assessment.date}"
    )
