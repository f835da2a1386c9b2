"""The format-2 example projects of issue 26, built once each: examples/design-and-research (shared
criteria with an override, a retirement and an addition; two named scales; a management fork from
the middle of the design track; a competency that starts at a later level; research levels without
summary or scope) and examples/no-scale-handbook (expectations without ratings). Every output shows
each of these; the PDF is checked through the HTML it is printed from, and one worksheet as a PDF."""

from __future__ import annotations

import csv
import html
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, invoke

DESIGN = REPO / "examples" / "design-and-research"
HANDBOOK = REPO / "examples" / "no-scale-handbook"

Outputs = dict[str, str]


def _build(project: Path, out: Path) -> Outputs:
    """Relative path → text for every light format, and `pdf/<track>.html` → the (unescaped) HTML
    each track's PDF rubric is printed from."""
    from click.testing import CliRunner

    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html

    result = invoke(CliRunner(), "build", project, "--out", out, "--format", "md,html,json,csv,case", "--quiet")
    assert result.exit_code == 0, result.output
    texts = {
        path.relative_to(out).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.name != "manifest.json"
    }
    texts = {name: html.unescape(text) if name.endswith(".html") else text for name, text in texts.items()}
    framework = read_framework(project).framework
    assert framework is not None
    for track in framework.tracks:
        texts[f"pdf/{track.id}.html"] = html.unescape(render_html(framework, track.id, RenderOptions(), "rubric"))
    return texts


@pytest.fixture(scope="module")
def design(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _build(DESIGN, tmp_path_factory.mktemp("design") / "out")


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return _build(HANDBOOK, tmp_path_factory.mktemp("handbook") / "out")


def _profile(outputs: Outputs, track: str, level: str) -> dict[str, Any]:
    family = json.loads(outputs[f"json/{track}.json"])["job_families"][0]
    return next(profile for profile in family["job_profiles"] if profile["id"] == level)


def _competency(outputs: Outputs, track: str, level: str, competency: str) -> dict[str, Any]:
    return next(c for c in _profile(outputs, track, level)["competencies"] if c["id"] == competency)


def _rows(outputs: Outputs, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(outputs[f"csv/{name}.csv"])))


def _case(outputs: Outputs, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(outputs[f"case/{name}.json"])
    return data


def _case_levels(package: dict[str, Any], track: str, criterion: str) -> dict[str, str]:
    """Level title → description of one criterion of a track's CASE rubric."""
    rubric = next(r for r in package["CFRubrics"] if r["title"] == f"{track} rubric")
    found = next(c for c in rubric["CFRubricCriteria"] if c["description"] == criterion)
    return {level["quality"]: level["description"] for level in found["CFRubricCriterionLevels"]}


@pytest.mark.parametrize("project", [DESIGN, HANDBOOK], ids=["design-and-research", "no-scale-handbook"])
def test_validates_lints_and_keeps_its_ids_strictly(runner, project: Path) -> None:
    validated = invoke(runner, "validate", project, "--strict")
    assert validated.exit_code == 0, validated.output
    linted = invoke(runner, "lint", project, "--strict")
    assert linted.exit_code == 0, linted.output
    ids = invoke(runner, "ids", project, "--check")
    assert ids.exit_code == 0, ids.output


# Shared criteria: product design rewords `shares-work-early`; research retires `joins-critique`
# and adds its own `runs-sessions` under the shared competency Understanding people.
SHARED = "Watches at least one user session a month and notes what surprised them."
OVERRIDE = "Shares unfinished designs in the team's working file every week and says what feedback they need."
RETIRED = "Brings work to the weekly design critique and gives specific feedback on others' work."


def test_documents_name_the_shared_set_and_the_override(design: Outputs) -> None:
    assert f"- {SHARED} *(Shared: Core practice)*" in design["markdown/product-design.md"]
    assert f"- {OVERRIDE} *(Shared: Core practice, adapted for this track)*" in design["markdown/product-design.md"]
    for page in ("html/product-design.html", "pdf/product-design.html"):
        assert f'{SHARED} <span class="muted shared">(Shared: Core practice)</span>' in design[page]
        assert (
            f'{OVERRIDE} <span class="muted shared">(Shared: Core practice, adapted for this track)</span>'
            in design[page]
        )
    for document in ("markdown/user-research.md", "html/user-research.html", "pdf/user-research.html"):
        assert RETIRED not in design[document]  # retired by research
        assert (
            "Runs usability sessions from a discussion guide that a senior researcher has reviewed." in design[document]
        )
    fork = "- **New at this level:** Connects findings from several teams into one picture of a user group's needs."
    assert f"{fork} *(Shared: Core practice)*" in design["markdown/design-management.md"]  # the fork includes it too


def test_exports_name_the_shared_set_and_the_override(design: Outputs) -> None:
    behaviours = {
        b["id"]: b
        for c in _profile(design, "product-design", "product-designer")["competencies"]
        for b in c["cumulative"]
    }
    assert behaviours["product-design.watches-sessions"]["shared"] == {
        "set": "core-practice",
        "set_name": "Core practice",
        "item": "watches-sessions",
        "overridden": False,
    }
    assert behaviours["product-design.shares-work-early"]["text"] == OVERRIDE
    assert behaviours["product-design.shares-work-early"]["shared"]["overridden"] is True
    assert behaviours["uses-components"]["shared"] is None
    research = _competency(design, "user-research", "user-researcher", "user-insight")["cumulative"]
    assert [(b["id"], b["shared"] and b["shared"]["set_name"]) for b in research] == [
        ("user-research.watches-sessions", "Core practice"),
        ("runs-sessions", None),
    ]
    assert "joins-critique" not in design["json/user-research.json"]


def test_every_output_prints_each_scales_word_and_description(design: Outputs) -> None:
    craft = "How far a person takes the methods of their discipline, from using them to inventing them."
    reach = "How far a person changes the decisions of people outside their own work."
    md = design["markdown/product-design.md"]
    assert "*Expected proficiency:* **Applies**" in md and "*Expected proficiency:* **Sways**" in md
    assert "- [ ] Rated at least **Shapes** in Interaction and visual design" in md
    assert "- [ ] Rated at least **Sways** in Working with others" in md
    assert f"**Craft depth:** {craft}" in md and f"**Reach:** {reach}" in md
    for page in ("html/product-design.html", "pdf/product-design.html"):
        assert "Expected proficiency: <strong>Applies</strong>" in design[page]
        assert "Expected proficiency: <strong>Sways</strong>" in design[page]
        assert f"<h2>How ratings work: Craft depth</h2>\n<p>{craft}</p>" in design[page]
        assert f"<h2>How ratings work: Reach</h2>\n<p>{reach}</p>" in design[page]
    framework = json.loads(design["json/framework.json"])
    assert [(s["id"], s["description"]) for s in framework["rating_scales"]] == [
        ("craft-depth", craft),
        ("reach", reach),
    ]
    assert {c["id"]: c["scale"] for c in framework["competency_library"]["competencies"]}[
        "design-leadership"
    ] == "reach"
    assert (
        _competency(design, "product-design", "principal-product-designer", "design-leadership")["expected_rating_name"]
        == "Sways"
    )
    assert (
        _competency(design, "product-design", "product-designer", "interaction-design")["expected_rating_name"]
        == "Applies"
    )
    names = {
        (r["job_profile_id"], r["expectation_id"]): r["expected_rating_name"] for r in _rows(design, "expectations")
    }
    assert names[("product-designer", "uses-components")] == "Applies"
    assert names[("principal-product-designer", "grows-lead-designers")] == "Sways"
    scales = {(r["scale_name"], r["scale_description"]) for r in _rows(design, "rating-scale")}
    assert scales == {("Craft depth", craft), ("Reach", reach)}
    case = _case(design, "design-and-research")
    levels = _case_levels(case, "Product Design", "Design leadership")
    assert levels["Principal Product Designer"].startswith("Expected: Sways. ")
    assert _case_levels(case, "Product Design", "Interaction and visual design")["Product Designer"].startswith(
        "Expected: Applies. "
    )
    assert [(s["name"], s["description"]) for s in case["CFDocument"]["extensions"]["ratingScales"]] == [
        ("Craft depth", craft),
        ("Reach", reach),
    ]


def test_a_competency_that_starts_later_is_not_yet_rated_below(design: Outputs) -> None:
    md = design["markdown/product-design.md"]
    assert "| **Design leadership** | *Not yet rated* | *Not yet rated* | **Supports**<br>" in md
    assert "#### Design leadership\n\n*Not yet rated*\n" in md
    for page in ("html/product-design.html", "pdf/product-design.html"):
        assert '<td data-label="1. Product Designer"><span class="muted">Not yet rated</span></td>' in design[page]
        assert '<h4>Design leadership</h4>\n    <p class="muted">Not yet rated</p>' in design[page]
    for level in ("product-designer", "senior-product-designer"):
        cell = _competency(design, "product-design", level, "design-leadership")
        assert (cell["rated"], cell["applicable"], cell["not_applicable_reason"]) == (False, False, None)
    assert _competency(design, "product-design", "lead-product-designer", "design-leadership")["rated"] is True
    levels = _case_levels(_case(design, "design-and-research"), "Product Design", "Design leadership")
    assert (levels["Product Designer"], levels["Senior Product Designer"]) == ("Not yet rated", "Not yet rated")


def test_the_management_fork_follows_the_middle_of_the_design_track(design: Outputs) -> None:
    md = design["markdown/design-management.md"]
    assert (
        "This track continues the shared path Product Designer (Product Design) → Senior Product Designer"
        " (Product Design). Its first level follows Senior Product Designer (Product Design);"
    ) in md
    assert "- **Follows:** Senior Product Designer (Product Design)" in md
    for page in ("html/design-management.html", "pdf/design-management.html"):
        assert '<th scope="row">Follows</th><td>Senior Product Designer (Product Design)</td>' in design[page]
    family = json.loads(design["json/design-management.json"])["job_families"][0]
    assert (family["starts_after"], family["trunk"]) == (
        "senior-product-designer",
        ["product-designer", "senior-product-designer"],
    )
    assert _profile(design, "design-management", "design-manager")["follows"] == "senior-product-designer"
    profiles = {r["job_profile_id"]: r for r in _rows(design, "job-profiles")}
    assert profiles["design-manager"]["follows"] == "senior-product-designer"
    assert profiles["senior-product-designer"]["leads_to"] == "lead-product-designer design-manager"
    case = _case(design, "design-and-research")
    titles = {item["identifier"]: item["fullStatement"] for item in case["CFItems"]}
    precedes = {
        (titles[a["originNodeURI"]["identifier"]], titles[a["destinationNodeURI"]["identifier"]])
        for a in case["CFAssociations"]
        if a["associationType"] == "precedes"
    }
    assert ("Senior Product Designer", "Design Manager") in precedes
    assert ("Senior Product Designer", "Lead Product Designer") in precedes


def test_research_levels_print_no_summary_or_scope(design: Outputs) -> None:
    md = design["markdown/user-research.md"]
    assert "## 1. User Researcher\n\n### Expectations\n" in md
    assert "**Scope:**" not in md
    assert _profile(design, "user-research", "user-researcher")["summary"] == ""  # the contract's empty string


def test_the_no_scale_handbook_prints_no_rating_anywhere(handbook: Outputs) -> None:
    for name, text in handbook.items():
        for word in ("Expected proficiency", "Rated at least", "How ratings work", "Expected: "):
            assert word not in text, (name, word)
    framework = json.loads(handbook["json/framework.json"])
    assert (framework["rating_scale"], framework["rating_scales"]) == (None, [])
    for level in ("support-specialist", "senior-support-specialist", "support-lead"):
        profile = _profile(handbook, "support", level)
        assert {c["expected_rating"] for c in profile["competencies"]} == {None}
        assert profile["promotion"]["min_ratings"] == []
    assert {r["expected_rating"] for r in _rows(handbook, "expectations")} == {""}
    assert _rows(handbook, "rating-scale") == []
    assert _case(handbook, "support-handbook")["CFDocument"]["extensions"]["ratingScales"] == []
    assert "- Answers customers in the shared queue within the promised time" in handbook["markdown/support.md"]


def test_the_no_scale_worksheet_has_a_met_box_per_behaviour(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import Planned, RenderOptions
    from ladder_compiler.render.pdf import PdfRenderer

    framework = read_framework(HANDBOOK).framework
    assert framework is not None
    planned = Planned("pdf/support-worksheet.pdf", "support", heavy=True, document="worksheet")
    worksheet = tmp_path / "support-worksheet.pdf"
    worksheet.write_bytes(PdfRenderer().render(framework, planned, RenderOptions()))
    fields = set(pypdf.PdfReader(worksheet).get_fields() or {})
    assert {"support-lead/solving/fixes-causes/met", "support-lead/knowledge/trains-team/met"} <= fields
    assert not any(name.endswith(("/manager", "/self", "/committee")) for name in fields)  # no rating to give
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", worksheet, "-"], capture_output=True, text=True).stdout.split())
        assert "tick “Met” for each behaviour the person shows over the review period" in text
