"""How a committee pack looks: Markdown, JSON, HTML (and PDF from the HTML), and the decisions sheet."""

from __future__ import annotations

import csv
import html
import io
from dataclasses import asdict
from typing import Any

from ..render.text import to_markdown_inline, to_table_cell
from ..reporters.json import dumps
from . import RULES, Case, LevelPack

TITLES = {
    "same-case-different-call": "Same ratings and coverage, different recommendation",
    "assessor-offset": "Assessor rating above or below the others",
    "coded-narrative": "Narrative describing the person, not the evidence",
    "older-ladder": "Written against an older ladder version",
}
DECISION_COLUMNS = (
    "case_id",
    "person",
    "competency_id",
    "competency",
    "assessor_rating",
    "committee_rating",
    "decision",
    "reason",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def coverage_counts(case: Case) -> tuple[int, int]:
    """(evidenced, applicable) counted behaviours (the current level's), over every competency of the track."""
    coverage = case.assessment.coverage
    return sum(c.evidenced for c in coverage), sum(c.applicable for c in coverage)


def _roster(pack: LevelPack) -> list[dict[str, str]]:
    rows = []
    for case in pack.cases:
        evidenced, applicable = coverage_counts(case)
        rows.append(
            {
                "case": case.id,
                "person": case.assessment.person,
                "current_level": case.assessment.current_level,
                "assessor": case.assessment.assessor or "",
                "verdict": case.assessment.verdict.text,
                "coverage": f"{evidenced} of {applicable} behaviours evidenced",
                "recommendation": case.recommendation or "",
                "ladder": case.written_against or "",
            }
        )
    return rows


def render_markdown(pack: LevelPack) -> str:
    lines = [f"# Calibration: {to_markdown_inline(pack.level)} ({to_markdown_inline(pack.track)})", ""]
    lines += [f"{len(pack.cases)} cases, judged against {pack.framework_id} {pack.version}.", "", "## Roster", ""]
    lines += [
        "| Person | Current level | Assessor | Verdict | Coverage | Recommendation | Ladder |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in _roster(pack):
        cells = [
            row[k] for k in ("person", "current_level", "assessor", "verdict", "coverage", "recommendation", "ladder")
        ]
        lines.append("| " + " | ".join(to_table_cell(c) or "—" for c in cells) + " |")
    lines += ["", "## Ratings by competency", ""]
    names = [name for name, _ in pack.distributions[0].counts] if pack.distributions else []
    lines += ["| Competency | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for d in pack.distributions:
        lines.append(f"| {to_table_cell(d.competency)} | " + " | ".join(str(n) for _, n in d.counts) + " |")
    lines += ["", f"## Consistency findings ({len(pack.findings)})", ""]
    for f in pack.findings:
        lines.append(f"- **{TITLES[f.kind]}**: {to_markdown_inline(f.text)}")
        lines += [f"  - {to_markdown_inline(detail)}" for detail in f.details]
    if not pack.findings:
        lines.append("None.")
    lines += ["", "## Rules", ""]
    lines += [f"- **{TITLES[kind]}**: {to_markdown_inline(rule)}" for kind, rule in RULES]
    return "\n".join(lines) + "\n"


def as_data(pack: LevelPack) -> dict[str, Any]:
    return {
        "level": {"id": pack.level_id, "title": pack.level, "track": pack.track},
        "framework": {"id": pack.framework_id, "version": pack.version},
        "roster": _roster(pack),
        "distributions": [
            {"competency_id": d.competency_id, "competency": d.competency, "counts": dict(d.counts)}
            for d in pack.distributions
        ],
        "findings": [asdict(f) for f in pack.findings],
        "rules": dict(RULES),
    }


def render_json(pack: LevelPack) -> str:
    return dumps(as_data(pack))


_CSS = """
body { font-family: sans-serif; font-size: 10pt; color: #1a1a1a; margin: 1.5em; }
h1 { font-size: 16pt; margin-bottom: 0.2em; } h2 { font-size: 12pt; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; } td.n { text-align: right; } li { margin-bottom: 0.4em; }
.rules { font-size: 8.5pt; color: #333; }
@page { size: A4 landscape; margin: 14mm; }
"""


def render_html(pack: LevelPack) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Calibration: {e(pack.level)}</title><style>{_CSS}</style></head><body>",
        f"<h1>Calibration: {e(pack.level)} ({e(pack.track)})</h1>",
        f"<p>{len(pack.cases)} cases, judged against {e(pack.framework_id)} {e(pack.version)}.</p>",
        "<h2>Roster</h2><table><thead><tr><th>Person</th><th>Current level</th><th>Assessor</th><th>Verdict</th>"
        "<th>Coverage</th><th>Recommendation</th><th>Ladder</th></tr></thead><tbody>",
    ]
    for row in _roster(pack):
        cells = [
            row[k] for k in ("person", "current_level", "assessor", "verdict", "coverage", "recommendation", "ladder")
        ]
        out.append("<tr>" + "".join(f"<td>{e(c) or '—'}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table><h2>Ratings by competency</h2><table><thead><tr><th>Competency</th>")
    names = [name for name, _ in pack.distributions[0].counts] if pack.distributions else []
    out.append("".join(f"<th>{e(n)}</th>" for n in names) + "</tr></thead><tbody>")
    for d in pack.distributions:
        out.append(
            f"<tr><td>{e(d.competency)}</td>" + "".join(f'<td class="n">{n}</td>' for _, n in d.counts) + "</tr>"
        )
    out.append(f"</tbody></table><h2>Consistency findings ({len(pack.findings)})</h2>")
    items = [
        f"<li><strong>{e(TITLES[f.kind])}</strong>: {e(f.text)}"
        + ("<ul>" + "".join(f"<li>{e(d)}</li>" for d in f.details) + "</ul>" if f.details else "")
        + "</li>"
        for f in pack.findings
    ]
    out.append("<ul>" + "".join(items) + "</ul>" if items else "<p>None.</p>")
    out.append('<h2>Rules</h2><ul class="rules">')
    out += [f"<li><strong>{e(TITLES[kind])}</strong>: {e(rule)}</li>" for kind, rule in RULES]
    out.append("</ul></body></html>")
    return "\n".join(out) + "\n"


def render_pdf(pack: LevelPack, date: str) -> bytes:
    from ..render.pdf_engine import html_to_pdf  # WeasyPrint is heavy: only a PDF pays for it

    return html_to_pdf(render_html(pack), date)


def neutralise(text: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe: case text is untrusted."""
    return "'" + text if text.startswith(FORMULA_START) else text


def render_decisions(pack: LevelPack) -> bytes:
    """One row per case × competency; the committee fills in its rating (blank: the assessor's stands),
    the case's decision (promote or not-yet, on any one row of the case) and the reason."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(DECISION_COLUMNS)
    for case in pack.cases:
        given = dict(case.ratings)
        for c in case.assessment.coverage:
            row = (case.id, case.assessment.person, c.competency_id, c.competency, given.get(c.competency_id, ""))
            writer.writerow([neutralise(v) for v in row] + ["", "", ""])
    return buffer.getvalue().encode("utf-8")
