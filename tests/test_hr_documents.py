"""The HR documents: page setup, document control, worksheet form fields, change log, glyph warnings."""

from __future__ import annotations

import re
import subprocess
from itertools import pairwise
from pathlib import Path

from conftest import REPO, invoke

OUTPUT = REPO / "output"


def _text(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _inflated(raw: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated, to search for fields."""
    import zlib

    parts = [raw]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_every_page_of_the_shipped_rubric_carries_document_control() -> None:
    pdf = OUTPUT / "pdf" / "group-product-manager.pdf"
    pages = _text(pdf).split("\f")[:-1]
    assert len(pages) == _page_count(pdf)
    for number, page in enumerate(pages, 1):
        assert "Version 2.0.0" in page and "Effective 2027-01-01" in page and "Internal" in page, f"page {number}"
        assert f"Page {number} of {len(pages)}" in page


def test_the_cover_has_owner_approver_and_no_hash_or_placeholder() -> None:
    cover = _text(OUTPUT / "pdf" / "portfolio-product-manager.pdf", 1)
    assert "Owner" in cover and "Approved by" in cover and "Classification" in cover
    assert "Source hash" not in cover and "Example" not in cover


def test_path_lines_do_not_repeat_a_title() -> None:
    for pdf in (OUTPUT / "pdf").glob("*.pdf"):
        assert not re.search(r"(?m)(?:: |^)(Portfolio Product Manager|Group Product Manager) \(\1\)", _text(pdf)), (
            pdf.name
        )


def test_the_first_level_has_no_new_badges_and_later_levels_do() -> None:
    # The ladder's first level is the shared trunk's (Senior PM); Lead PM follows it, so it has badges.
    trunk = (OUTPUT / "html" / "product-manager.html").read_text(encoding="utf-8")
    first = trunk.split('<section id="senior-pm"', 1)[1].split('<section id="changes"', 1)[0]
    assert '<span class="badge">New at this level</span>' not in first
    html = (OUTPUT / "html" / "group-product-manager.html").read_text(encoding="utf-8")
    lead_pm = html.split('<section id="lead-pm"', 1)[1].split('<section id="gpm"', 1)[0]
    assert '<span class="badge">New at this level</span>' in lead_pm


def test_promotions_are_in_the_contents() -> None:
    html = (OUTPUT / "html" / "group-product-manager.html").read_text(encoding="utf-8")
    contents = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert contents.count(">Promotion into ") == 4  # every level: the first follows the trunk's Senior PM
    assert ">Joining as " not in contents
    trunk = (OUTPUT / "html" / "product-manager.html").read_text(encoding="utf-8")
    contents = trunk.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    assert ">Promotion into " not in contents
    assert contents.count(">Joining as Senior Product Manager<") == 1  # the entry level's criteria are no promotion


def test_the_worksheet_is_each_levels_checklist_with_unique_fields() -> None:
    import pypdf

    from ladder_compiler.model.checklist import checklist
    from ladder_compiler.pipeline import read_framework

    pdf = OUTPUT / "pdf" / "group-product-manager-worksheet.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Form:\s+AcroForm$", info, re.M)
    reader = pypdf.PdfReader(pdf)
    fields = set(reader.get_fields())
    top = [ref.get_object()["/T"] for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert len(top) == len(set(top)) == len(fields)  # no radio button listed twice
    framework = read_framework(REPO / "ladders").framework
    expected = set()
    for level in framework.track("group-product-manager").levels:
        sheet = checklist(framework, level)
        for item in sheet.competencies:
            if item.not_applicable is None:
                expected |= {item.self_field, item.manager_field, item.committee_field}
                expected |= {f for row in item.behaviours for f in (row.evidence_field, row.not_applicable_field)}
        expected |= {row.field for route in sheet.routes for row in route.evidence + route.process}
    outcome = {"decision", "decided-on", "committee-members", "sponsor", "calibration", "decision-reasons"}
    assert expected <= fields and outcome <= fields and "sign-manager" in fields and "months-in-level" in fields


def test_letter_paper_from_the_build_option(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        runner, "build", mini, "--out", out, "--format", "pdf", "--track", "manager", "--page-size", "letter", "-q"
    )
    assert result.exit_code == 0, result.output
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "1", str(out / "pdf" / "manager.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "612 x 792 pts (letter)" in info


def test_a_character_no_font_has_is_a_build_warning_naming_text_and_font(runner, mini: Path, tmp_path: Path) -> None:
    competencies = mini / "competencies.yaml"
    competencies.write_text(
        competencies.read_text(encoding="utf-8").replace("name: Vision", 'name: "Vision \U0010fffd"', 1),
        encoding="utf-8",
    )
    result = invoke(runner, "build", mini, "--out", tmp_path / "out", "--format", "pdf", "--track", "manager")
    assert result.exit_code == 0
    assert (
        "warning [missing-glyph] competency name of `vision` “Vision \U0010fffd” has “\U0010fffd” (U+10FFFD), which neither DejaVu Sans nor any installed font can draw"
        in result.output
    )
    assert "fonts-noto-color-emoji" in result.output


def test_the_change_log_page_lists_what_changed_since_the_previous_release(runner, mini: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(mini, mini / ".releases" / "1.1.0", ignore=shutil.ignore_patterns(".releases"))
    framework = mini / "framework.yaml"
    text = framework.read_text(encoding="utf-8")
    assert "presentation:" not in text
    framework.write_text(
        text.replace("1.2.0", "1.3.0") + "  presentation:\n    previous_release: .releases/1.1.0\n", encoding="utf-8"
    )
    tracks = mini / "tracks.yaml"
    tracks.write_text(
        tracks.read_text(encoding="utf-8").replace(
            "Runs weekly one-to-ones with each report.", "Runs a weekly one-to-one with each report."
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert invoke(runner, "build", mini, "--out", out, "--format", "html").exit_code == 0
    html = (out / "html" / "manager.html").read_text(encoding="utf-8")
    assert "Changes since 1.2.0" in html
    assert (
        "<li>Behaviour in Coaching reworded from “Runs weekly one-to-ones with each report.” to"
        " “Runs a weekly one-to-one with each report.”</li>" in html
    )


def test_changing_a_release_file_makes_the_documents_with_the_change_log_stale(
    runner, mini: Path, tmp_path: Path
) -> None:
    """The previous release sits under a hidden directory the source walk skips, so the cache must
    read it as an input of its own: otherwise an edited release leaves a stale change log behind."""
    import shutil

    shutil.copytree(mini, mini / ".releases" / "1.1.0", ignore=shutil.ignore_patterns(".releases"))
    framework = mini / "framework.yaml"
    framework.write_text(
        framework.read_text(encoding="utf-8") + "  presentation:\n    previous_release: .releases/1.1.0\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert invoke(runner, "build", mini, "--out", out, "--format", "html").exit_code == 0
    assert invoke(runner, "check", mini, "--out", out, "--format", "html").exit_code == 0
    before = (out / "html" / "manager.html").read_text(encoding="utf-8")
    assert "This track is unchanged since version 1.2.0" in before

    released = mini / ".releases" / "1.1.0" / "tracks.yaml"
    released.write_text(
        released.read_text(encoding="utf-8").replace(
            "Runs weekly one-to-ones with each report.", "Runs a weekly one-to-one with each report."
        ),
        encoding="utf-8",
    )
    check = invoke(runner, "check", mini, "--out", out, "--format", "html")
    assert check.exit_code == 1
    assert "manager.html" in check.output
    assert invoke(runner, "build", mini, "--out", out, "--format", "html").exit_code == 0
    after = (out / "html" / "manager.html").read_text(encoding="utf-8")
    assert "This track is unchanged" not in after
    assert "Since version 1.2.0 (2026-03-01): 1 behaviour was reworded." in after


def test_the_markdown_marks_nothing_new_on_the_first_level_and_names_tracks_once() -> None:
    trunk = (OUTPUT / "markdown" / "product-manager.md").read_text(encoding="utf-8")
    first_level = trunk.split("\n## Senior Product Manager\n", 1)[1]  # the trunk's only level, and the last section
    assert "**New at this level:**" not in first_level
    markdown = (OUTPUT / "markdown" / "group-product-manager.md").read_text(encoding="utf-8")
    assert (
        "**New at this level:**"
        in markdown.split("\n## Lead Product Manager\n", 1)[1].split("\n## Group Product Manager\n", 1)[0]
    )
    assert "Senior Portfolio Product Manager (Portfolio Product Manager)" not in markdown
    assert (
        "Director of Portfolio Strategy (Portfolio Product Manager)" in markdown
    )  # a title without its track's name keeps it


def test_each_level_summary_starts_a_page_named_by_band_and_job_code() -> None:
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(REPO / "ladders").framework
    for track in framework.tracks:
        pdf = OUTPUT / "pdf" / f"{track.id}-levels.pdf"
        pages = [" ".join(page.split()) for page in _text(pdf).split("\f")[:-1]]
        starts = [
            next(i for i, page in enumerate(pages) if f"{level.title} {level.grade} · {level.job_code}" in page)
            for level in track.levels
        ]
        assert starts == sorted(starts) and starts[0] == 0, (pdf.name, starts)
        assert len(pages) - starts[-1] <= 2 and all(b - a in (1, 2) for a, b in pairwise(starts)), pdf.name
