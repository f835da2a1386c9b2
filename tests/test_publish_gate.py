"""The publish gate: document control, lint and validation errors and published languages decide
whether a release is published; `ladder build` marks a draft's every output, `--published` fails
on one, and `ladder release` records the approval in the source."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from ladder_compiler.pipeline import read_framework
from ladder_compiler.problems import ERROR, Problem
from ladder_compiler.release.gate import publish_problems
from ladder_compiler.render import available_formats

from conftest import invoke

CASE_SCHEMA = Path(__file__).parent / "vendor" / "case" / "case-v1p1-cfpackage.json"
APPROVED = """  presentation:
    owner: People Team, Product Operations   # who maintains it
    approver: Chief Product Officer
    approved_on: "2026-02-20"
"""
OWNER = "`presentation.owner` is not recorded: a published release needs an owner"
APPROVER = "`presentation.approver` is not recorded: a published release needs an approver"
APPROVED_ON = "`presentation.approved_on` is not recorded: a published release needs an approval date"
LIGHT = "md,html,json,csv,case"


@pytest.fixture
def project(fair: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fair project (clean of lint errors, so only what a test plants stands in the way),
    named relative to the working directory (problems print `fair/...`)."""
    monkeypatch.chdir(fair.parent)
    return Path("fair")


def approve(project: Path, block: str = APPROVED) -> None:
    framework = project / "framework.yaml"
    framework.write_text(framework.read_text(encoding="utf-8") + block, encoding="utf-8")


def gate(project: Path) -> list[Problem]:
    compiled = read_framework(project)
    assert compiled.framework is not None, compiled.problems
    return publish_problems(compiled.framework, compiled.problems)


def records(problems: list[Problem]) -> list[tuple[str, int, int, str, str, str]]:
    return [(p.file, p.line, p.column, p.rule, p.severity, p.message) for p in problems]


def test_missing_document_control_is_three_located_problems(project: Path) -> None:
    assert records(gate(project)) == [
        ("fair/framework.yaml", 1, 1, "release-control", ERROR, APPROVED_ON),
        ("fair/framework.yaml", 1, 1, "release-control", ERROR, APPROVER),
        ("fair/framework.yaml", 1, 1, "release-control", ERROR, OWNER),
    ]


def test_an_approved_project_passes(project: Path) -> None:
    approve(project)
    assert gate(project) == []


def test_a_missing_field_is_located_at_its_mapping(project: Path) -> None:
    approve(project, "  presentation:\n    owner: People Team\n")
    assert records(gate(project)) == [
        ("fair/framework.yaml", 27, 3, "release-control", ERROR, APPROVED_ON),
        ("fair/framework.yaml", 27, 3, "release-control", ERROR, APPROVER),
    ]


@pytest.mark.parametrize(
    ("owner", "approver", "found"),
    [
        ("TBD", "Chief Product Officer", ("owner", "TBD")),
        ("People Team", "Jane Doe", ("approver", "Jane Doe")),
        ("People Team", "<name of the approver>", ("approver", "<name of the approver>")),
        ("People Team", "Example Approver", ("approver", "Example")),
        ("XXX", "Chief Product Officer", ("owner", "XXX")),
    ],
)
def test_placeholders_do_not_count_as_recorded(
    project: Path, owner: str, approver: str, found: tuple[str, str]
) -> None:
    approve(
        project, f'  presentation:\n    owner: "{owner}"\n    approver: "{approver}"\n    approved_on: "2026-02-20"\n'
    )
    name, placeholder = found
    line, column = (28, 12) if name == "owner" else (29, 15)
    needs = {"owner": "an owner", "approver": "an approver"}[name]
    message = f"`presentation.{name}` is a placeholder (“{placeholder}”): a published release needs {needs}"
    assert records(gate(project)) == [("fair/framework.yaml", line, column, "release-control", ERROR, message)]


def test_an_approval_date_that_is_no_calendar_date_is_invalid(project: Path) -> None:
    approve(project, APPROVED.replace("2026-02-20", "2026-02-30"))
    problems = read_framework(project).problems
    assert records(problems) == [
        ("fair/framework.yaml", 30, 18, "invalid-date", ERROR, "`2026-02-30` is not a calendar date (YYYY-MM-DD)")
    ]


def test_a_lint_error_stands_in_the_way(project: Path) -> None:
    approve(project)
    tracks = project / "tracks.yaml"
    tracks.write_text(tracks.read_text(encoding="utf-8").replace("summary:", "summary: TBD", 1))
    assert records(gate(project)) == [  # where lint locates a level's summary: the level
        ("fair/tracks.yaml", 10, 9, "placeholder-text", ERROR, "placeholder “TBD” in summary of `manager-1`")
    ]


def test_a_lint_error_turned_off_in_the_settings_no_longer_counts(project: Path) -> None:
    approve(project)
    tracks = project / "tracks.yaml"
    tracks.write_text(tracks.read_text(encoding="utf-8").replace("summary:", "summary: TBD", 1))
    (project / ".ladder-lint.yaml").write_text("rules:\n  placeholder-text: {severity: warning}\n")
    assert gate(project) == []


def test_an_incomplete_published_language_stands_in_the_way(project: Path) -> None:
    approve(project, APPROVED + "  languages: [de]\n")
    assert records(gate(project)) == [
        (
            "fair/locales/de.po",
            1,
            1,
            "translation-missing",
            ERROR,
            "de: no PO file; every string falls back to en",
        )
    ]


def test_a_draft_language_is_not_published(project: Path) -> None:
    approve(project, APPROVED + "  draft_languages: [de]\n")
    assert gate(project) == []


def _build(runner, project: Path, out: str, *extra: str):
    return invoke(runner, "build", project, "--out", out, "--format", LIGHT, *extra)


def test_a_draft_build_marks_every_output_and_says_why(runner, project: Path) -> None:
    result = _build(runner, project, "out")
    assert result.exit_code == 0, result.output
    assert (
        "draft: fair does not pass the publish gate, so every output is marked DRAFT "
        "(3 reasons: release-control ×3)" in result.stderr
    )
    assert f"  fair/framework.yaml:1:1: [release-control] {OWNER}" in result.stderr
    out = Path("out")
    banner = "> **DRAFT** Version 1.2.0, effective 2026-03-01, is not approved for publication.\n\n"
    for path in sorted((out / "markdown").glob("*.md")):
        assert path.read_text(encoding="utf-8").startswith(banner), path
    for path in sorted((out / "html").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        assert '<div class="draft-banner" role="note"><strong>DRAFT</strong> Version 1.2.0' in html, path
        assert '<div class="draft-watermark" aria-hidden="true">DRAFT</div>' in html, path
    for path in sorted((out / "json").glob("*.json")):
        assert json.loads(path.read_text(encoding="utf-8"))["framework"]["status"] == "draft", path
    for path in sorted((out / "csv").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows[0][-1] == "release_status" and {row[-1] for row in rows[1:]} == {"draft"}, path
    package = json.loads(next((out / "case").glob("*.json")).read_text(encoding="utf-8"))
    assert package["CFDocument"]["adoptionStatus"] == "Draft"
    assert _case_errors(package) == []


def test_a_published_build_has_no_mark(runner, project: Path) -> None:
    approve(project)
    result = _build(runner, project, "out")
    assert result.exit_code == 0, result.output
    assert "draft" not in result.stderr
    out = Path("out")
    texts = [p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.suffix in (".md", ".html", ".csv")]
    assert texts and not any("DRAFT" in text or "release_status" in text for text in texts)
    assert all("status" not in json.loads(p.read_text())["framework"] for p in (out / "json").glob("*.json"))
    package = json.loads(next((out / "case").glob("*.json")).read_text(encoding="utf-8"))
    assert package["CFDocument"]["adoptionStatus"] == "Adopted"
    assert _case_errors(package) == []
    track = (out / "markdown" / "manager.md").read_text(encoding="utf-8")
    assert "| Owner | People Team, Product Operations |" in track
    assert "| Approved by | Chief Product Officer · 2026-02-20 |" in track


def test_a_draft_build_is_deterministic_and_a_rebuild_writes_nothing(runner, project: Path) -> None:
    assert _build(runner, project, "one").exit_code == 0
    assert _build(runner, project, "two").exit_code == 0
    one, two = Path("one"), Path("two")
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    again = _build(runner, project, "one")  # confirmed from the manifest, which records the draft
    assert again.exit_code == 0 and f"one: 0 written, {len(files) - 1} unchanged" in again.stderr
    assert (
        "draft: fair does not pass the publish gate, so every output is marked DRAFT "
        "(unchanged; `ladder build --published` lists why)" in again.stderr
    )
    assert invoke(runner, "check", project, "--out", "one", "--format", LIGHT).exit_code == 0


def test_approving_rebuilds_the_drafts_without_the_mark(runner, project: Path) -> None:
    assert _build(runner, project, "out").exit_code == 0
    approve(project)
    assert invoke(runner, "check", project, "--out", "out", "--format", LIGHT).exit_code == 1
    assert _build(runner, project, "out").exit_code == 0
    assert "DRAFT" not in (Path("out") / "markdown" / "manager.md").read_text(encoding="utf-8")


def test_the_lint_settings_decide_too_even_when_added_or_removed_later(runner, project: Path) -> None:
    approve(project)
    tracks = project / "tracks.yaml"
    tracks.write_text(tracks.read_text(encoding="utf-8").replace("summary:", "summary: TBD", 1))
    settings = project / ".ladder-lint.yaml"
    settings.write_text("rules:\n  placeholder-text: {severity: warning}\n")
    assert _build(runner, project, "out").exit_code == 0
    assert "DRAFT" not in (Path("out") / "markdown" / "manager.md").read_text(encoding="utf-8")
    settings.unlink()
    assert "draft: fair does not pass the publish gate" in _build(runner, project, "out").stderr
    assert "DRAFT" in (Path("out") / "markdown" / "manager.md").read_text(encoding="utf-8")
    settings.write_text("rules:\n  placeholder-text: {severity: warning}\n")
    assert "draft" not in _build(runner, project, "out").stderr
    assert "DRAFT" not in (Path("out") / "markdown" / "manager.md").read_text(encoding="utf-8")


def test_published_refuses_a_draft_with_located_problems_and_writes_nothing(runner, project: Path) -> None:
    result = _build(runner, project, "out", "--published")
    assert result.exit_code == 1
    assert f"fair/framework.yaml:1:1: error [release-control] {OWNER}" in result.stderr
    assert "error: fair cannot be published (3 reasons); nothing was written" in result.stderr
    assert not Path("out").exists()


def test_published_builds_an_approved_release(runner, project: Path) -> None:
    approve(project)
    result = _build(runner, project, "out", "--published")
    assert result.exit_code == 0, result.output
    assert (Path("out") / "markdown" / "manager.md").is_file()


PDF = "pdf" in available_formats() and shutil.which("pdftotext") is not None


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


@pytest.mark.skipif(not PDF, reason="needs the PDF engine and poppler-utils")
def test_every_page_of_a_draft_pdf_says_draft_and_a_published_one_never(runner, project: Path) -> None:
    args = ("build", project, "--format", "pdf", "--track", "manager", "--jobs", "1", "-q")
    assert invoke(runner, *args, "--out", "draft").exit_code == 0
    approve(project)
    assert invoke(runner, *args, "--out", "published").exit_code == 0
    for document in ("manager.pdf", "manager-levels.pdf", "manager-worksheet.pdf"):
        draft = _pages(Path("draft") / "pdf" / document)
        assert len(draft) > 1 and all("DRAFT" in page for page in draft), document
        assert not any("DRAFT" in page for page in _pages(Path("published") / "pdf" / document)), document


def _case_errors(package: dict) -> list[str]:
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.Draft201909Validator.FORMAT_CHECKER
    validator = jsonschema.Draft201909Validator(schema, format_checker=checker)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)]


def test_release_records_the_approval_keeping_comments(runner, project: Path) -> None:
    framework = project / "framework.yaml"
    approve(project, "  # Document control: who keeps it.\n  presentation:\n    owner: People Team   # a team\n")
    before = framework.read_text(encoding="utf-8")
    result = invoke(
        runner,
        "release",
        project,
        "--approver",
        "Chief Product Officer",
        "--approved-on",
        "2026-02-20",
        "--version",
        "1.3.0",
        "--effective-date",
        "2026-04-01",
    )
    assert result.exit_code == 0, result.output
    assert (
        "fair/framework.yaml: approved by Chief Product Officer on 2026-02-20; the release passes the publish gate"
        in result.stderr
    )
    expected = (
        before.replace("version: 1.2.0", "version: 1.3.0")
        .replace("effective_date: 2026-03-01", "effective_date: 2026-04-01")
        .replace(
            "    owner: People Team   # a team\n",
            '    owner: People Team   # a team\n    approver: Chief Product Officer\n    approved_on: "2026-02-20"\n',
        )
    )
    assert framework.read_text(encoding="utf-8") == expected
    assert gate(project) == []


def test_release_adds_the_presentation_block_and_the_owner(runner, project: Path) -> None:
    framework = project / "framework.yaml"
    before = framework.read_text(encoding="utf-8")
    result = invoke(
        runner, "release", project, "--owner", "People Team", "--approver", "VP Product", "--approved-on", "2026-02-20"
    )
    assert result.exit_code == 0, result.output
    block = '  presentation:\n    owner: People Team\n    approver: VP Product\n    approved_on: "2026-02-20"\n'
    assert framework.read_text(encoding="utf-8") == before + block


def test_release_replaces_a_recorded_approval_in_place(runner, project: Path) -> None:
    approve(project)
    framework = project / "framework.yaml"
    before = framework.read_text(encoding="utf-8")
    args = ("release", project, "--approver", "Chief People Officer", "--approved-on", "2026-02-27")
    assert invoke(runner, *args).exit_code == 0
    expected = before.replace("approver: Chief Product Officer", "approver: Chief People Officer").replace(
        '"2026-02-20"', '"2026-02-27"'
    )
    assert framework.read_text(encoding="utf-8") == expected


def test_release_refuses_while_a_lint_error_stands(runner, project: Path) -> None:
    approve(project, "  presentation:\n    owner: People Team\n")
    tracks = project / "tracks.yaml"
    tracks.write_text(tracks.read_text(encoding="utf-8").replace("summary:", "summary: TBD", 1))
    before = (project / "framework.yaml").read_text(encoding="utf-8")
    result = invoke(runner, "release", project, "--approver", "VP Product", "--approved-on", "2026-02-20")
    assert result.exit_code == 1
    assert "error [placeholder-text]" in result.stderr
    assert "error: fair: the approval was not recorded; nothing was written" in result.stderr
    assert (project / "framework.yaml").read_text(encoding="utf-8") == before


def test_release_refuses_while_a_published_language_is_incomplete(runner, project: Path) -> None:
    approve(project, "  presentation:\n    owner: People Team\n  languages: [de]\n")
    before = (project / "framework.yaml").read_text(encoding="utf-8")
    result = invoke(runner, "release", project, "--approver", "VP Product", "--approved-on", "2026-02-20")
    assert result.exit_code == 1
    assert "fair/locales/de.po:1:1: error [translation-missing] de: no PO file" in result.stderr
    assert (project / "framework.yaml").read_text(encoding="utf-8") == before


def test_release_refuses_without_an_owner(runner, project: Path) -> None:
    result = invoke(runner, "release", project, "--approver", "VP Product", "--approved-on", "2026-02-20")
    assert result.exit_code == 1
    assert f"fair/framework.yaml:1:1: error [release-control] {OWNER}" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--approver", "TBD", "--approved-on", "2026-02-20"), "'TBD' is a placeholder (“TBD”); name the role"),
        (("--approver", "VP", "--approved-on", "2026-02-30"), "'2026-02-30' is not a calendar date (YYYY-MM-DD)"),
        (("--approver", "VP", "--approved-on", "20.2.2026"), "'20.2.2026' is not a calendar date (YYYY-MM-DD)"),
        (("--approver", "VP", "--approved-on", "2026-02-20", "--version", "2"), "'2' is not a semantic version"),
        (("--approved-on", "2026-02-20"), "Missing option '--approver'"),
    ],
)
def test_release_usage_errors_exit_2(runner, project: Path, args: tuple[str, ...], message: str) -> None:
    result = invoke(runner, "release", project, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_new_project_builds_drafts_until_released(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke(runner, "init", "new", "-q").exit_code == 0
    assert [p.message for p in gate(Path("new"))] == [APPROVED_ON, APPROVER, OWNER]
    framework = Path("new") / "framework.yaml"
    before = framework.read_text(encoding="utf-8")
    args = ("release", "new", "--owner", "People Team", "--approver", "VP Product", "--approved-on", "2026-01-01")
    assert invoke(runner, *args).exit_code == 0
    assert gate(Path("new")) == []
    colour = '    brand_colour: "#1F4E79"\n'
    recorded = '    owner: People Team\n    approver: VP Product\n    approved_on: "2026-01-01"\n'
    assert framework.read_text(encoding="utf-8") == before.replace(colour, colour + recorded)


def test_record_keeps_the_files_line_endings() -> None:
    from ladder_compiler.release.record import Field, record

    text = "framework:\r\n  id: x\r\n  presentation:\r\n    owner: A   # who\r\n"
    assert record(text, [Field(("framework", "presentation", "approver"), "B")]) == text + "    approver: B\r\n"


def test_release_refuses_a_flow_style_presentation_with_its_place(runner, project: Path) -> None:
    approve(project, "  presentation: {owner: People Team}\n")
    before = (project / "framework.yaml").read_text(encoding="utf-8")
    result = invoke(runner, "release", project, "--approver", "VP Product", "--approved-on", "2026-02-20")
    assert result.exit_code == 1
    assert (
        "fair/framework.yaml:27:17: error [release-record] this mapping is written in flow style ({...}); "
        "write it as one key per line" in result.stderr
    )
    assert (project / "framework.yaml").read_text(encoding="utf-8") == before
