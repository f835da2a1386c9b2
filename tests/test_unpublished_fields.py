"""Format 2 needs nothing a real framework does not publish (docs/format-2.md section 12): a
framework without `version` and `effective_date`, a track and a competency without `description`
and promotion bars without prose validate, lint and build as an unversioned draft, every output
printing nothing for what is left out; the publish gate requires the version and the date."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from ladder_compiler.render import available_formats

from conftest import invoke

FIXTURE = Path(__file__).parent / "fixtures" / "unpublished"
SCHEMAS = Path(__file__).parent.parent / "schemas"
FORMATS = "md,html,json,csv,case,hris:workday"
VERSION_HINT = (
    "set it in framework.yaml, or record it with `ladder release --version V --effective-date YYYY-MM-DD`"
    " (docs/hr-documents.md)"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "unpublished")
    monkeypatch.chdir(tmp_path)
    return Path("unpublished")


@pytest.fixture
def built(runner, project: Path) -> Path:
    result = invoke(runner, "build", project, "--out", "out", "--format", FORMATS)
    assert result.exit_code == 0, result.output
    return Path("out")


def test_validates_and_lints_without_a_finding(runner, project: Path) -> None:
    validated = invoke(runner, "validate", project)
    assert (validated.exit_code, validated.output) == (0, "unpublished: valid (1 track, 2 levels, 2 competencies)\n")
    linted = invoke(runner, "lint", project)  # placeholder-text and the rest: an absent text is no placeholder
    assert (linted.exit_code, linted.output) == (0, "unpublished: no lint findings (25 rules)\n")


def test_format_1_still_requires_them() -> None:
    v1 = json.loads((SCHEMAS / "ladder-source.v1.schema.json").read_text(encoding="utf-8"))["$defs"]
    v2 = json.loads((SCHEMAS / "ladder-source.v2.schema.json").read_text(encoding="utf-8"))["$defs"]
    assert [f in v1["framework"]["required"] for f in ("version", "effective_date")] == [True, True]
    assert ["description" in v1[d]["required"] for d in ("track", "competency", "promotion")] == [True, True, True]
    assert [f in v2["framework"]["required"] for f in ("version", "effective_date")] == [False, False]
    assert ["description" in v2[d].get("required", []) for d in ("track", "competency", "promotion")] == [
        False,
        False,
        False,
    ]


def _documents(out: Path) -> dict[str, str]:
    """Each Markdown and HTML document's text, without the HTML's stylesheet (it names every class)."""
    paths = [p for p in sorted(out.rglob("*")) if p.suffix in (".md", ".html")]
    return {
        str(p.relative_to(out)): re.sub(r"<style>.*?</style>", "", p.read_text(encoding="utf-8"), flags=re.S)
        for p in paths
    }


def test_documents_print_nothing_for_what_is_left_out(built: Path) -> None:
    documents = _documents(built)
    assert sorted(documents) == ["html/engineer.html", "html/index.html", "markdown/README.md", "markdown/engineer.md"]
    for name, visible in documents.items():
        assert re.findall(r"\bNone\b|\bnull\b", visible) == [], name
        assert re.findall(r"^#+\s*$", visible, flags=re.M) == [], name  # an empty Markdown heading
        assert re.findall(r"<(h\d|p|dd|dt|div)\b[^>]*>\s*</\1>", visible) == [], name  # an empty element
        assert "Effective date" not in visible and "effective " not in visible, name
    rubric = documents["markdown/engineer.md"]
    assert "| Version |" not in rubric
    assert "- **Craft**\n- **Teamwork**: Works with others.\n" in rubric
    assert "### Promotion into Senior Engineer\n\n- [ ] At least 12 months in the level below\n" in rubric
    assert "> **DRAFT** Unversioned draft, not approved for publication.\n" in rubric
    assert "\nTest Org · Unversioned draft\n\n" in documents["markdown/README.md"]
    page = documents["html/engineer.html"]
    assert ["cover-description" in page, '<div class="prose">' in page, "<dt>Version</dt>" in page] == [
        False,
        False,
        False,
    ]
    assert "<dt>Craft</dt>\n    \n    <dt>Teamwork</dt>\n    <dd><p>Works with others.</p></dd>\n" in page
    assert '<meta name="dcterms.created" content="1970-01-01T00:00:00Z">' in page
    index = documents["html/index.html"]
    assert "<title>Unpublished Framework: documents</title>" in index
    assert '<p class="control">Unversioned draft</p>' in index
    assert "track-description" not in index


def test_the_json_export_has_null_and_validates(built: Path) -> None:
    data = json.loads((built / "json" / "engineer.json").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS / "hris-export.v2.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert (data["framework"]["version"], data["framework"]["effective_date"]) == (None, None)
    assert [c["description"] for c in data["competency_library"]["competencies"]] == [None, "Works with others."]
    family = data["job_families"][0]
    assert family["description"] is None
    assert [p["promotion"] and p["promotion"]["description"] for p in family["job_profiles"]] == [None, None]


def test_csv_case_and_hris_leave_them_empty(built: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((built / "csv" / "competencies.csv").read_text(encoding="utf-8"))))
    assert [(r["competency_id"], r["description"]) for r in rows] == [("craft", ""), ("teamwork", "Works with others.")]
    case = json.loads((built / "case" / "unpublished.json").read_text(encoding="utf-8"))
    document = case["CFDocument"]
    assert ["version" in document, "statusStartDate" in document] == [False, False]
    assert document["lastChangeDateTime"] == "1970-01-01T00:00:00+00:00"  # fixed, never the clock
    assert "description" not in case["CFRubrics"][0]
    craft = next(i for i in case["CFItems"] if i["humanCodingScheme"] == "craft")
    assert "notes" not in craft
    families = (built / "hris" / "workday" / "job-families.csv").read_text(encoding="utf-8")
    assert (
        families == "Job_Family_ID,Effective_Date,Inactive,Name,Summary,Job_Family_Group_ID\nengineer,,N,Engineer,,\n"
    )
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["framework"]["version"], manifest["framework"]["effective_date"]) == (None, None)


def test_published_build_names_the_version_and_the_effective_date(runner, project: Path) -> None:
    result = invoke(runner, "build", project, "--out", "out", "--format", "md", "--published")
    assert result.exit_code == 1
    located = "unpublished/framework.yaml:3:1: error [release-control] "
    assert (
        f"{located}`framework.effective_date` is not recorded: a published release needs an effective date\n"
        in result.output
    )
    assert f"{located}`framework.version` is not recorded: a published release needs a version\n" in result.output
    assert result.output.count(VERSION_HINT) == 2
    assert not Path("out").exists()


def test_release_refuses_without_them_and_writes_them_when_given(runner, project: Path) -> None:
    approval = ("--approver", "Chief Product Officer", "--approved-on", "2027-01-15", "--owner", "Head of Product")
    refused = invoke(runner, "release", project, *approval)
    assert refused.exit_code == 1
    assert "`framework.version` is not recorded: a published release needs a version" in refused.output
    assert "`framework.effective_date` is not recorded: a published release needs an effective date" in refused.output
    released = invoke(runner, "release", project, *approval, "--version", "1.0.0", "--effective-date", "2027-02-01")
    assert released.exit_code == 0, released.output
    text = (project / "framework.yaml").read_text(encoding="utf-8")
    assert '  version: 1.0.0\n  effective_date: "2027-02-01"\n' in text
    published = invoke(runner, "build", project, "--out", "out", "--format", "md", "--published")
    assert published.exit_code == 0, published.output
    rubric = Path("out/markdown/engineer.md").read_text(encoding="utf-8")
    assert "| Version | 1.0.0 |\n| Effective date | 2027-02-01 |\n" in rubric


@pytest.mark.skipif("pdf" not in available_formats(), reason="the [pdf] extra is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_level_pages_pdf_prints_no_empty_value(runner, project: Path) -> None:
    result = invoke(runner, "build", project, "--out", "out", "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", "out/pdf/engineer-levels.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.findall(r"\bNone\b|\bnull\b|Version|effective", text) == []
    # the compact control line under the first level's heading, and the control line at the foot of each of the two pages
    assert text.count("Unversioned draft · Owner: Not recorded · Approved by: Not recorded") == 1
    assert text.count("Unversioned draft") == 3


def test_diff_from_an_unversioned_draft_names_it_and_checks_no_bump(runner, project: Path) -> None:
    shutil.copytree(project, "released")
    framework = Path("released/framework.yaml")
    text = framework.read_text(encoding="utf-8")
    framework.write_text(
        text.replace(
            "  organisation: Test Org\n", "  organisation: Test Org\n  version: 1.0.0\n  effective_date: 2027-02-01\n"
        ),
        encoding="utf-8",
    )
    result = invoke(runner, "diff", project, "released", "--path", project)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "ladder diff: Unpublished Framework unversioned draft → 1.0.0",
        "framework",
        "  info     [version-changed] framework version changed  (released/framework.yaml:1)",
        "  info     [metadata-changed] framework effective date changed  (released/framework.yaml:1)",
        "0 breaking, 0 warnings, 2 info",
    ]
    data = json.loads(invoke(runner, "diff", project, "released", "--path", project, "--format", "json").output)
    assert (data["old"]["version"], data["new"]["version"]) == (None, "1.0.0")
