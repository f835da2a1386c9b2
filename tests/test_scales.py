"""A scale per competency, and frameworks without a scale.

tests/fixtures/scales rates Design and Delivery on the default scale (Craft: Adopts < Specifies <
Designs < Creates) and Reach on a named one (Influence: Enhances < Influences < Leads);
tests/fixtures/noscale has no scale at all: expectations without ratings, judged met / not yet.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ladder_compiler.render.hris_json import validate_export

from conftest import TESTS, invoke

SCALES = TESTS / "fixtures" / "scales"
NOSCALE = TESTS / "fixtures" / "noscale"
FORMATS = "md,html,json,csv,case,hris:workday"


def _copy(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error [" in line]


@pytest.fixture(scope="module")
def scales_out(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("scales") / "out"
    result = invoke(CliRunner(), "build", SCALES, "--out", out, "--format", FORMATS)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def noscale_out(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("noscale") / "out"
    result = invoke(CliRunner(), "build", NOSCALE, "--out", out, "--format", FORMATS)
    assert result.exit_code == 0, result.output
    return out


# Validation


def test_both_fixtures_validate_and_the_scales_one_lints_clean(runner) -> None:
    assert invoke(runner, "validate", SCALES).exit_code == 0
    assert invoke(runner, "validate", NOSCALE).exit_code == 0
    result = invoke(runner, "lint", SCALES)
    assert result.exit_code == 0 and "no lint findings" in result.output, result.output


def test_a_rating_must_be_a_value_of_its_competencys_scale(runner, tmp_path: Path) -> None:
    project = _copy(SCALES, tmp_path)
    _replace(project / "tracks.yaml", "            expected: designs", "            expected: leads")
    _replace(project / "tracks.yaml", "{competency: reach, rating: influences}", "{competency: reach, rating: creates}")
    result = invoke(runner, "validate", project)
    assert result.exit_code == 1
    assert _errors(result.output) == [
        f"{project}/tracks.yaml:30:23: error [unknown-reference] unknown scale value `leads` for competency"
        " `design`: scale `craft` has adopts, specifies, designs, creates",
        f"{project}/tracks.yaml:42:43: error [unknown-reference] unknown scale value `creates` for competency"
        " `reach`: scale `influence` has enhances, influences, leads",
    ]


def test_a_category_rating_must_be_on_the_scale_of_each_of_its_competencies(runner, tmp_path: Path) -> None:
    project = _copy(SCALES, tmp_path)
    framework = project / "framework.yaml"
    _replace(
        framework,
        "competencies:\n",
        "  categories: [{id: core, name: Core, description: Everything.}]\ncompetencies:\n",
    )
    for competency in ("design", "reach", "delivery"):
        _replace(framework, f"  - id: {competency}\n", f"  - id: {competency}\n    category: core\n")
    _replace(project / "tracks.yaml", "{competency: design, rating: specifies}", "{category: core, rating: designs}")
    result = invoke(runner, "validate", project)
    assert _errors(result.output) == [
        f"{project}/tracks.yaml:41:40: error [unknown-reference] unknown scale value `designs` for competency"
        " `reach`: scale `influence` has enhances, influences, leads"
    ]


def test_a_competency_names_a_declared_scale_and_scale_ids_are_unique(runner, tmp_path: Path) -> None:
    project = _copy(SCALES, tmp_path)
    _replace(project / "framework.yaml", "    scale: influence\n", "    scale: influense\n")
    _replace(project / "framework.yaml", "    - id: influence\n", "    - id: craft\n")
    result = invoke(runner, "validate", project)
    assert _errors(result.output) == [
        f"{project}/framework.yaml:18:11: error [duplicate-id] scale id `craft` is already used at"
        f" {project}/framework.yaml:8",
        f"{project}/framework.yaml:33:12: error [unknown-reference] unknown scale `influense`",
    ]


def test_on_no_scale_a_rating_is_refused_where_it_is_written(runner, tmp_path: Path) -> None:
    project = _copy(NOSCALE, tmp_path)
    tracks = project / "tracks.yaml"
    _replace(
        tracks,
        "          craft:\n            behaviours: [{id: ships-small",
        "          craft:\n            expected: proficient\n            behaviours: [{id: ships-small",
    )
    _replace(
        tracks,
        "          min_months_in_role: 12\n",
        "          min_months_in_role: 12\n          min_ratings: [{competency: teamwork, rating: proficient}]\n",
    )
    result = invoke(runner, "validate", project)
    assert result.exit_code == 1
    assert _errors(result.output) == [
        f"{project}/tracks.yaml:15:23: error [unknown-reference] unknown scale value `proficient`:"
        " competency `craft` is rated on no scale",
        f"{project}/tracks.yaml:32:56: error [unknown-reference] unknown scale value `proficient`:"
        " competency `teamwork` is rated on no scale",
    ]
    assert "hint: give the framework a `scale`" in result.output


# Documents: the word of each competency's scale, each scale's description once


def test_markdown_prints_each_competencys_word_and_each_scale_once(scales_out: Path) -> None:
    track = (scales_out / "markdown" / "engineer.md").read_text(encoding="utf-8")
    assert (
        "| **Reach** | **Influences**<br>• Improves one team practice each quarter."
        " | **Influences**<br>• Changes how neighbouring teams review designs. |"
    ) in track
    assert "*Expected proficiency:* **Specifies**" in track  # Delivery at Senior Engineer, on the default scale
    assert "- [ ] Rated at least **Specifies** in Design\n- [ ] Rated at least **Influences** in Reach\n" in track
    assert track.endswith(
        "Scale: Craft: **Adopts** < **Specifies** < **Designs** < **Creates**."
        " Scale: Influence: **Enhances** < **Influences** < **Leads**.\n\n"
        "**Craft:** How far the person takes the work itself.\n\n"
        "**What a rating is measured against:** The behaviours of the level the person is assessed for.\n\n"
        "**Influence:** How far the person's influence reaches.\n"
    )
    assert track.count("How far the person's influence reaches.") == 1
    index = (scales_out / "markdown" / "README.md").read_text(encoding="utf-8")
    assert (
        "## Rating scale: Craft\n\nHow far the person takes the work itself.\n\n1. **Adopts** — Uses the practice"
        " as written.\n2. **Specifies** — Writes the practice down for a team.\n3. **Designs** — Designs the practice"
        " for several teams.\n4. **Creates** — Creates a practice others adopt.\n\n## Rating scale: Influence\n\n"
        "How far the person's influence reaches.\n\n1. **Enhances** — Improves the work of their own team.\n"
    ) in index


def test_html_has_a_section_per_scale_and_the_words(scales_out: Path) -> None:
    page = (scales_out / "html" / "engineer.html").read_text(encoding="utf-8")
    assert page.count('class="how-to-rate"') == 2
    assert '<section id="scale" class="how-to-rate">\n  <h2>How ratings work: Craft</h2>' in page
    assert '<section id="scale-influence" class="how-to-rate">\n  <h2>How ratings work: Influence</h2>' in page
    assert '<a href="#scale-influence">How ratings work: Influence</a>' in page
    assert page.count("<p>How far the person's influence reaches.</p>") == 1
    assert "Expected proficiency: <strong>Influences</strong>" in page


def test_json_csv_and_case_carry_each_scale_and_the_words(scales_out: Path) -> None:
    framework = json.loads((scales_out / "json" / "framework.json").read_text())
    assert validate_export(framework) == []
    assert validate_export(json.loads((scales_out / "json" / "engineer.json").read_text())) == []
    assert framework["rating_scale"]["id"] == "craft"
    assert [(s["id"], s["description"], [v["name"] for v in s["values"]]) for s in framework["rating_scales"]] == [
        ("craft", "How far the person takes the work itself.", ["Adopts", "Specifies", "Designs", "Creates"]),
        ("influence", "How far the person's influence reaches.", ["Enhances", "Influences", "Leads"]),
    ]
    assert [(c["id"], c["scale"]) for c in framework["competency_library"]["competencies"]] == [
        ("design", "craft"),
        ("reach", "influence"),
        ("delivery", "craft"),
    ]
    senior = json.loads((scales_out / "json" / "engineer.json").read_text())["job_families"][0]["job_profiles"][1]
    assert [
        (c["id"], c["expected_rating"], c["expected_rating_name"], c["expected_rating_order"])
        for c in senior["competencies"]
    ] == [
        ("design", "designs", "Designs", 2),
        ("reach", "influences", "Influences", 1),
        ("delivery", "specifies", "Specifies", 1),
    ]
    assert [(r["rating"], r["rating_name"], r["rating_order"]) for r in senior["promotion"]["min_ratings"]] == [
        ("specifies", "Specifies", 1),
        ("influences", "Influences", 1),
    ]
    with (scales_out / "csv" / "competencies.csv").open(encoding="utf-8") as handle:
        assert [(r["competency_id"], r["scale_id"], r["scale"]) for r in csv.DictReader(handle)] == [
            ("design", "craft", "Craft"),
            ("reach", "influence", "Influence"),
            ("delivery", "craft", "Craft"),
        ]
    with (scales_out / "csv" / "expectations.csv").open(encoding="utf-8") as handle:
        rows = [(r["job_profile_id"], r["competency_id"], r["expected_rating_name"]) for r in csv.DictReader(handle)]
    assert ("engineer-2", "reach", "Influences") in rows and ("engineer-1", "delivery", "Adopts") in rows
    package = json.loads((scales_out / "case" / "scales.json").read_text())
    assert [s["id"] for s in package["CFDocument"]["extensions"]["ratingScales"]] == ["craft", "influence"]
    criteria = package["CFRubrics"][0]["CFRubricCriteria"]
    assert [level["description"].split(".")[0] for c in criteria for level in c["CFRubricCriterionLevels"]] == [
        "Expected: Specifies",
        "Expected: Designs",
        "Expected: Influences",
        "Expected: Influences",
        "Expected: Adopts",
        "Expected: Specifies",
    ]


def test_pdf_prints_the_words(runner, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "out"
    assert invoke(runner, "build", SCALES, "--out", out, "--format", "pdf").exit_code == 0
    text = subprocess.run(
        ["pdftotext", str(out / "pdf" / "engineer.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "How ratings work: Influence" in text and "Expected proficiency: Influences" in text
    levels = subprocess.run(
        ["pdftotext", str(out / "pdf" / "engineer-levels.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "At least Influences in Reach" in levels and "At least Specifies in Design" in levels
    assert (
        text.count("How far the person’s influence reaches.") + text.count("How far the person's influence reaches.")
        == 1
    )


# A framework without a scale


def test_no_scale_lint_compares_what_there_is(runner, tmp_path: Path) -> None:
    project = _copy(NOSCALE, tmp_path)
    result = invoke(runner, "lint", project)
    assert result.exit_code == 1
    assert _errors(result.output) == [
        f"{project}/tracks.yaml:55:7: error [route-equity] the move `lead-1` → `engineer-2` asks a different bar from"
        " promotion into `engineer-2`: 6 months in role (against 12); 0 evidence items (against 1); ask the same, or"
        " declare a reviewed exception (rule: route-equity) with the reason"
    ]


def test_no_scale_peer_rules_compare_months_and_never_ask_for_ratings(runner, tmp_path: Path) -> None:
    project = _copy(NOSCALE, tmp_path)
    tracks = project / "tracks.yaml"
    _replace(
        tracks,
        "text: Runs weekly one-to-ones with each report.}]\n",
        "text: Runs weekly one-to-ones with each report.}]\n"
        "        promotion:\n          description: Has led a project team.\n          min_months_in_role: 6\n",
    )
    tracks.write_text(tracks.read_text(encoding="utf-8") + "  peers:\n    - levels: [engineer-2, lead-1]\n")
    result = invoke(runner, "lint", project)
    findings = [line for line in result.output.splitlines() if "] " in line and ": " in line.split("[")[0]]
    assert [line.split(" [", 1)[1].split("]")[0] for line in findings] == [
        "peer-bar-mismatch",
        "unobservable-promotion",
        "route-equity",
    ]
    assert findings[0].endswith(
        "peers `engineer-2` and `lead-1` are entered under different bars: 12 against 6 months in role"
    )
    assert findings[1].endswith("promotion into `lead-1` is prose only: add required evidence or process steps")


def test_no_scale_documents_print_no_rating(noscale_out: Path) -> None:
    track = (noscale_out / "markdown" / "engineer.md").read_text(encoding="utf-8")
    assert "Scale:" not in track and "Expected proficiency" not in track and "Rated at least" not in track
    assert track.rstrip().endswith("Generated by ladder from source `" + track.rsplit("`", 2)[1] + "`.")
    assert "Rating scale" not in (noscale_out / "markdown" / "README.md").read_text(encoding="utf-8")
    page = (noscale_out / "html" / "engineer.html").read_text(encoding="utf-8")
    assert 'class="how-to-rate"' not in page and "How ratings work" not in page
    framework = json.loads((noscale_out / "json" / "framework.json").read_text())
    assert (framework["rating_scale"], framework["rating_scales"]) == (None, [])
    for name in ("framework.json", "engineer.json", "lead.json"):
        assert validate_export(json.loads((noscale_out / "json" / name).read_text())) == [], name
    assert {c["scale"] for c in framework["competency_library"]["competencies"]} == {None}
    package = json.loads((noscale_out / "case" / "noscale.json").read_text())
    assert package["CFDocument"]["extensions"]["ratingScale"] is None
    with (noscale_out / "csv" / "expectations.csv").open(encoding="utf-8") as handle:
        assert {(r["expected_rating"], r["expected_rating_name"]) for r in csv.DictReader(handle)} == {("", "")}
    assert (noscale_out / "hris" / "workday" / "job-profiles.csv").exists()


def test_no_scale_a_competency_that_starts_later_is_not_yet_expected(runner, tmp_path: Path) -> None:
    """On no scale there is no rating to wait for: "Not yet expected" where a scale says "Not yet rated"."""
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html

    project = _copy(NOSCALE, tmp_path)
    _replace(
        project / "tracks.yaml",
        "          teamwork:\n            behaviours: [{id: reviews-promptly, text: Reviews teammates' changes within a day.}]\n",
        "",
    )
    out = tmp_path / "out"
    assert invoke(runner, "build", project, "--out", out, "--format", "md,html,json,case").exit_code == 0
    track = (out / "markdown" / "engineer.md").read_text(encoding="utf-8")
    assert track.count("*Not yet expected*") == 2  # the matrix cell and the level page
    page = (out / "html" / "engineer.html").read_text(encoding="utf-8")
    assert page.count('<span class="muted">Not yet expected</span>') == 1
    assert page.count('<p class="muted">Not yet expected</p>') == 1
    compiled = read_framework(project)
    assert compiled.framework is not None
    rubric = render_html(compiled.framework, "engineer", RenderOptions(), "rubric")  # what the PDF prints
    assert rubric.count("Not yet expected") == 2
    assert "Not yet rated" not in track + page + rubric
    data = json.loads((out / "json" / "engineer.json").read_text(encoding="utf-8"))
    first = data["job_families"][0]["job_profiles"][0]
    teamwork = next(block for block in first["competencies"] if block["id"] == "teamwork")
    assert teamwork["rated"] is False
    package = json.loads((out / "case" / "noscale.json").read_text(encoding="utf-8"))
    levels = [
        level["description"]
        for rubric_ in package["CFRubrics"]
        for criterion in rubric_["CFRubricCriteria"]
        for level in criterion["CFRubricCriterionLevels"]
    ]
    assert levels.count("Not yet expected") == 1
    assert "Not yet rated" not in levels


def _case(tmp_path: Path, ratings: str) -> Path:
    case = tmp_path / "case.yaml"
    case.write_text(
        "person: Sam\nassessor: Alex\ntrack: engineer\ncurrent_level: engineer-1\ntarget_level: engineer-2\n"
        f"date: 2026-05-01\nmonths_in_role: 14\nratings:\n{ratings}"
        "evidence:\n  - {criterion: design-doc, links: ['https://example.org/billing-design']}\n",
        encoding="utf-8",
    )
    return case


# engineer-1 (the level held) has ships-small in Craft and reviews-promptly in Teamwork: the counted
# behaviours `met` judges; engineer-2's designs-systems and mentors-engineers are growth, never judged.
EVIDENCED_CRAFT = (
    "  - competency: craft\n    met: [ships-small]\n    evidence:\n"
    "      - {text: 'Shipped small changes with tests every week', behaviours: [ships-small]}\n"
    "      - {text: 'Designed the billing system that three teams change safely', behaviours: [designs-systems]}\n"
)
EVIDENCED_TEAMWORK = (
    "  - competency: teamwork\n    met: []\n    evidence:\n"
    "      - {text: 'Reviewed teammates changes within a day all of March', behaviours: [reviews-promptly]}\n"
)


def test_no_scale_assess_judges_met_or_not_yet_per_behaviour(runner, tmp_path: Path) -> None:
    case = _case(tmp_path, EVIDENCED_CRAFT + EVIDENCED_TEAMWORK)
    result = invoke(runner, "assess", case, "--ladders", NOSCALE, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(r["id"], r["status"], r["requirement"], r["detail"]) for r in report["results"]] == [
        ("coverage-craft", "met", "Evidence for the behaviours of Engineer in Craft", "1 of 1 behaviours evidenced"),
        (
            "coverage-teamwork",
            "met",
            "Evidence for the behaviours of Engineer in Teamwork",
            "1 of 1 behaviours evidenced",
        ),
        ("behaviours-craft", "met", "Every behaviour of Engineer in Craft met", "1 of 1 behaviours met"),
        (
            "behaviours-teamwork",
            "not met",
            "Every behaviour of Engineer in Teamwork met",
            "0 of 1 behaviours met; not yet: “Reviews teammates' changes within a day.”",
        ),
        ("time-in-role", "met", "At least 12 months in the level below", "14 months in role"),
        ("design-doc", "met", "A design document the team built from.", "https://example.org/billing-design"),
    ]
    assert [(c["competency_id"], c["rating"]) for c in report["coverage"]] == [
        ("craft", "Met"),
        ("teamwork", "Not yet"),
    ]
    assert [[(b["id"], b["status"], b["met"]) for b in c["behaviours"] + c["growth"]] for c in report["coverage"]] == [
        [("ships-small", "evidenced", "met"), ("designs-systems", "evidenced", "")],
        [("reviews-promptly", "evidenced", "not yet"), ("mentors-engineers", "not evidenced", "")],
    ]
    assert report["coverage_basis"] == (
        "the behaviours of Engineer, the level the person holds (sustained performance); Senior Engineer's own"
        " behaviours are growth evidence: optional, not counted. Where a competency is rated on no scale, these"
        " counted behaviours are the ones judged met or not yet."
    )
    assert report["verdict"]["text"] == "Not ready: 5 of 6 criteria met"
    met_both = _case(tmp_path, EVIDENCED_CRAFT + EVIDENCED_TEAMWORK.replace("met: []", "met: [reviews-promptly]"))
    result = invoke(runner, "assess", met_both, "--ladders", NOSCALE)
    assert result.exit_code == 0, result.output
    assert "  ✔ met              Every behaviour of Engineer in Teamwork met\n" in result.output
    assert result.output.rstrip().endswith("\nReady: 6 of 6 criteria met")


def test_no_scale_joining_judges_the_behaviours_of_the_level_below(runner, tmp_path: Path) -> None:
    # joining engineer-2: engineer-1's behaviours are counted and judged, as for someone holding engineer-1;
    # engineer-2's own are growth evidence, not judged
    case = tmp_path / "joining.yaml"
    case.write_text(
        "person: Sam\ntrack: engineer\njoining_from: Staff engineer at another company\ntarget_level: engineer-2\n"
        "date: 2026-05-01\nmonths_in_role: 30\nratings:\n  - competency: craft\n    met: [ships-small, designs-systems]\n"
        "    evidence:\n"
        "      - {text: 'Designed the billing system that three teams change safely', behaviours: [designs-systems]}\n"
        "  - competency: teamwork\n    met: [reviews-promptly, nope]\n"
        "evidence:\n  - {criterion: design-doc, links: ['https://example.org/billing-design']}\n",
        encoding="utf-8",
    )
    result = invoke(runner, "assess", case, "--ladders", NOSCALE)
    assert result.exit_code == 2
    assert _errors(result.output) == [
        f"{case}:9:24: error [unknown-reference] `designs-systems` is a growth behaviour of `engineer-2`, not judged:"
        " `met` names those of `engineer-1`, the level below the target, for someone joining",
        f"{case}:13:29: error [unknown-reference] `nope` is not a behaviour of `engineer-1` in `teamwork`: `met`"
        " names those of the level below the target, for someone joining",
    ]
    assert "    hint: expected one of: reviews-promptly\n" in result.output
    _replace(case, "met: [reviews-promptly, nope]", "met: []")
    _replace(case, "met: [ships-small, designs-systems]", "met: [ships-small]")
    result = invoke(runner, "assess", case, "--ladders", NOSCALE, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(r["id"], r["status"], r["requirement"], r["detail"]) for r in report["results"][:4]] == [
        (
            "coverage-craft",
            "missing evidence",
            "Evidence for the behaviours of Engineer in Craft",
            "0 of 1 behaviours evidenced, 1 needed",
        ),
        (
            "coverage-teamwork",
            "missing evidence",
            "Evidence for the behaviours of Engineer in Teamwork",
            "0 of 1 behaviours evidenced, 1 needed",
        ),
        ("behaviours-craft", "met", "Every behaviour of Engineer in Craft met", "1 of 1 behaviours met"),
        (
            "behaviours-teamwork",
            "not met",
            "Every behaviour of Engineer in Teamwork met",
            "0 of 1 behaviours met; not yet: “Reviews teammates' changes within a day.”",
        ),
    ]
    assert [[(b["id"], b["met"]) for b in c["behaviours"]] for c in report["coverage"]] == [
        [("ships-small", "met")],
        [("reviews-promptly", "not yet")],
    ]
    assert [[(b["id"], b["status"]) for b in c["growth"]] for c in report["coverage"]] == [
        [("designs-systems", "evidenced")],  # growth: shown, not counted
        [("mentors-engineers", "not evidenced")],
    ]
    assert report["coverage_basis"] == (
        "the behaviours of Engineer, the level below the one entered, as for an internal candidate, in the"
        " competencies the bar of Senior Engineer rates (on no scale, every competency); Senior Engineer's own"
        " behaviours are growth evidence: optional, not counted. Where a competency is rated on no scale, these"
        " counted behaviours are the ones judged met or not yet."
    )
    assert report["verdict"]["text"] == "Not ready: 3 of 6 criteria met"


def test_joining_the_entry_level_judges_its_own_behaviours(runner, tmp_path: Path) -> None:
    # engineer-1 has no level below: someone joining it is counted on its own behaviours, in its bar
    ladders = tmp_path / "noscale"
    shutil.copytree(NOSCALE, ladders)
    _replace(
        ladders / "tracks.yaml",
        "            behaviours: [{id: reviews-promptly, text: Reviews teammates' changes within a day.}]\n",
        "            behaviours: [{id: reviews-promptly, text: Reviews teammates' changes within a day.}]\n"
        "        promotion:\n          description: Ready to build features.\n",
    )
    case = tmp_path / "joining.yaml"
    case.write_text(
        "person: Sam\ntrack: engineer\njoining_from: Graduate of a coding school\ntarget_level: engineer-1\n"
        "date: 2026-05-01\nmonths_in_role: 0\nratings:\n  - competency: craft\n    met: [ships-small]\n"
        "  - competency: teamwork\n    met: [reviews-promptly]\n",
        encoding="utf-8",
    )
    result = invoke(runner, "assess", case, "--ladders", ladders, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert (report["counted_at"], report["entry_level"]) == ("Engineer", True)
    assert [[b["id"] for b in c["behaviours"]] for c in report["coverage"]] == [["ships-small"], ["reviews-promptly"]]
    assert report["results"][0]["requirement"] == "Evidence for the behaviours of Engineer's entry bar in Craft"
    assert report["coverage_basis"] == (
        "Engineer's own behaviours in the competencies its entry bar rates (on no scale, every competency):"
        " Engineer is the ladder's entry level, so no level lies below it for someone joining from outside."
        " Where a competency is rated on no scale, these counted behaviours are the ones judged met or not yet."
    )


def test_no_scale_ci_formats_locate_a_behaviour_not_yet_met(runner, tmp_path: Path) -> None:
    case = _case(tmp_path, EVIDENCED_CRAFT + EVIDENCED_TEAMWORK)
    result = invoke(runner, "assess", case, "--ladders", NOSCALE, "--format", "github")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"::error file={case},line=14,col=5,title=behaviours::Every behaviour of Engineer in Teamwork met: not met"
        " (0 of 1 behaviours met; not yet: “Reviews teammates' changes within a day.”)"
    ]


def test_no_scale_assess_refuses_a_rating_and_a_scale_refuses_met(runner, tmp_path: Path) -> None:
    case = _case(
        tmp_path,
        "  - competency: craft\n    rating: proficient\n"
        "  - competency: teamwork\n    met: [nope, reviews-promptly, mentors-engineers]\n",
    )
    result = invoke(runner, "assess", case, "--ladders", NOSCALE)
    assert result.exit_code == 2  # a case that cannot be read against the ladder, as for any invalid case
    assert _errors(result.output) == [
        f"{case}:10:5: error [unknown-reference] competency `craft` is rated on no scale, so it takes no rating",
        f"{case}:12:11: error [unknown-reference] `nope` is not a behaviour of `engineer-1` in `teamwork`: `met`"
        " names those of the level held",
        f"{case}:12:35: error [unknown-reference] `mentors-engineers` is a growth behaviour of `engineer-2`, not"
        " judged: `met` names those of `engineer-1`, the level held",
    ]
    assert result.output.count("    hint: expected one of: reviews-promptly\n") == 2
    scaled = tmp_path / "scaled.yaml"
    scaled.write_text(
        "person: Sam\ntrack: engineer\ncurrent_level: engineer-1\ntarget_level: engineer-2\ndate: 2026-05-01\n"
        "months_in_role: 14\nratings:\n  - {competency: design, met: [designs-systems]}\n"
        "  - {competency: reach, rating: designs}\n",
        encoding="utf-8",
    )
    result = invoke(runner, "assess", scaled, "--ladders", SCALES)
    assert _errors(result.output) == [
        f"{scaled}:8:26: error [assessment] competency `design` is rated on scale `craft`: give a `rating`, not `met`",
        f"{scaled}:9:33: error [unknown-reference] `designs` is not on the scale of competency `reach` (`influence`)",
    ]


def test_no_scale_worksheet_asks_met_per_behaviour_and_reads_back(runner, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import Planned, RenderOptions
    from ladder_compiler.render.pdf import PdfRenderer

    framework = read_framework(NOSCALE).framework
    planned = Planned("pdf/engineer-worksheet.pdf", "engineer", heavy=True, document="worksheet")
    worksheet = tmp_path / "worksheet.pdf"
    worksheet.write_bytes(PdfRenderer().render(framework, planned, RenderOptions()))
    reader = pypdf.PdfReader(worksheet)
    fields = set(reader.get_fields() or {})
    assert sorted(name for name in fields if name.endswith("/met")) == [
        "engineer-1/craft/ships-small/met",
        "engineer-1/teamwork/reviews-promptly/met",
        "engineer-2/craft/designs-systems/met",
        "engineer-2/craft/ships-small/met",
        "engineer-2/teamwork/mentors-engineers/met",
        "engineer-2/teamwork/reviews-promptly/met",
    ]  # each level's checklist: every level is someone's current level
    assert not any(name.endswith(("/manager", "/self")) for name in fields)  # no rating to give
    writer = pypdf.PdfWriter(clone_from=reader)
    values = {
        "person": "Sam",
        "date": "2026-05-01",
        "current-level": "engineer-1",
        "assessed-level": "engineer-2",
        "months-in-level": "14",
        "engineer-1/craft/ships-small/met": "/on",  # counted: read back as met
        "engineer-1/craft/ships-small/evidence": "Shipped small changes with tests every week",
        "engineer-1/teamwork/reviews-promptly/evidence": "Reviewed teammates changes within a day all of March",
        "engineer-2/teamwork/mentors-engineers/met": "/on",  # the target's: growth, not judged, so not read
        "engineer-2/craft/designs-systems/evidence": "Designed the billing system that three teams change safely",
        "engineer-2/evidence/design-doc": "https://example.org/billing-design",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    case = tmp_path / "case.json"
    result = invoke(
        runner, "assess", filled, "--from-worksheet", "--case-out", case, "--ladders", NOSCALE, "--format", "json"
    )
    assert json.loads(case.read_text())["ratings"] == [
        {
            "competency": "craft",
            "met": ["ships-small"],
            "evidence": [
                {"text": "Shipped small changes with tests every week", "behaviours": ["ships-small"]},
                {
                    "text": "Designed the billing system that three teams change safely",
                    "behaviours": ["designs-systems"],
                },
            ],
        },
        {
            "competency": "teamwork",
            "met": [],
            "evidence": [
                {"text": "Reviewed teammates changes within a day all of March", "behaviours": ["reviews-promptly"]}
            ],
        },
    ]
    report = json.loads(result.stdout)
    assert [(r["id"], r["status"], r["detail"]) for r in report["results"] if r["status"] != "met"] == [
        ("behaviours-teamwork", "not met", "0 of 1 behaviours met; not yet: “Reviews teammates' changes within a day.”")
    ]
    assert report["verdict"]["text"] == "Not ready: 5 of 6 criteria met"


def test_no_scale_diff_and_ids(runner, tmp_path: Path) -> None:
    project = _copy(NOSCALE, tmp_path)
    _replace(project / "tracks.yaml", "Mentors two engineers", "Mentors three engineers")
    result = invoke(runner, "diff", NOSCALE, project)
    assert result.exit_code == 0
    assert "info     [expectation-reworded] behaviour reworded in `teamwork`" in result.output
    assert "0 breaking, 0 warnings, 1 info" in result.output
    assert invoke(runner, "ids", "--check", NOSCALE).exit_code == 0


def test_moving_a_competency_to_another_scale_is_a_diff_record(runner, tmp_path: Path) -> None:
    project = _copy(SCALES, tmp_path)
    _replace(
        project / "framework.yaml",
        "    description: Ships the work.\n",
        "    description: Ships the work.\n    scale: influence\n",
    )
    _replace(
        project / "tracks.yaml",
        "          delivery:\n            expected: adopts",
        "          delivery:\n            expected: enhances",
    )
    _replace(
        project / "tracks.yaml",
        "          delivery:\n            expected: specifies",
        "          delivery:\n            expected: influences",
    )
    result = invoke(runner, "diff", SCALES, project)
    assert "info     [metadata-changed] competency `delivery` is rated on another scale: “craft” → “influence”" in (
        result.output
    )
    assert "[expected-rating-changed] expected rating for `delivery` changed from `adopts` to `enhances`" in (
        result.output
    )


def test_no_scale_packet_marks_each_behaviour_met_or_not_yet(runner, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    case = _case(tmp_path, EVIDENCED_CRAFT + EVIDENCED_TEAMWORK)
    packet = tmp_path / "packet.pdf"
    assert invoke(runner, "assess", case, "--ladders", NOSCALE, "--format", "pdf", "--out", packet).exit_code == 1
    text = subprocess.run(["pdftotext", str(packet), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    words = " ".join(text.split())
    assert (
        "Ratings are measured against: the behaviours of Engineer, each met or not yet: the ladder rates on no scale"
        in (words)
    )
    assert (
        "Where a competency is rated on no scale, each counted behaviour is also marked Met or Not yet, as the"
        " assessor judged it; growth behaviours are not judged."
    ) in words
    craft, teamwork = lines.index("Craft: Met"), lines.index("Teamwork: Not yet")
    assert [line for line in lines[craft:teamwork] if line.startswith(("✔ ", "○ ", "· "))] == [
        "✔ Ships small changes with tests. Met",  # counted, at Engineer
        "✔ Designs systems that several teams change safely.",  # growth: evidenced, not judged
    ]
    assert [line for line in lines[teamwork:] if line.startswith(("✔ ", "○ ", "· "))][:2] == [
        "✔ Reviews teammates' changes within a day. Not yet",
        "· Mentors two engineers through their first design.",
    ]


def test_no_scale_pdfs_build_without_a_scale_section(runner, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "out"
    assert invoke(runner, "build", NOSCALE, "--out", out, "--format", "pdf").exit_code == 0
    text = subprocess.run(
        ["pdftotext", str(out / "pdf" / "engineer.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Designs systems that several teams change safely." in text
    assert "How ratings work" not in text and "Expected proficiency" not in text
    worksheet = subprocess.run(
        ["pdftotext", str(out / "pdf" / "engineer-worksheet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert (
        "In the current level's checklist (in a promotion case too: its behaviours are the ones judged), tick “Met”"
        " for each behaviour the person shows over the review period; a behaviour left unticked is not yet met."
    ) in " ".join(worksheet.split())


def test_named_scales_are_translated_under_their_own_keys() -> None:
    from ladder_compiler.i18n.strings import map_strings, source_strings
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(SCALES).framework
    keys = [s.key for s in source_strings(framework) if s.key.startswith("scales/")]
    assert keys[:2] == ["scales/influence/enhances/name", "scales/influence/enhances/description"]
    assert keys[-2:] == ["scales/influence/name", "scales/influence/description"]
    shouted = map_strings(framework, lambda key, text, source: text.upper())
    assert shouted.rating_name("reach", "leads") == "LEADS" and shouted.rating_name("design", "adopts") == "ADOPTS"
