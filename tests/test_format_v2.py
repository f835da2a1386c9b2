"""Source format 2, point by point: forks, the proficiency matrix, per-behaviour examples and
links, progression and retiring, external ids, optional fields, entry and move criteria, language
and the levelling guide; and that format 1 projects keep validating and building."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

from ladder_compiler.pipeline import read_framework
from ladder_compiler.render.export import framework_export

from conftest import LADDERS, MINI, REPO, invoke

ENGINEERING = REPO / "examples" / "engineering"


@pytest.fixture(scope="module")
def eng():
    compiled = read_framework(ENGINEERING)
    assert compiled.ok, compiled.problems
    return compiled.framework


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "engineering"
    shutil.copytree(ENGINEERING, target)
    return target


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def level_of(data: dict, level_id: str) -> dict:
    return next(lv for t in data["tracks"] for lv in t["levels"] if lv["id"] == level_id)


def problems(path: Path) -> list[tuple[str, str]]:
    compiled = read_framework(path)
    return [(p.rule, p.message) for p in compiled.problems]


# 1. A shared trunk that forks


def test_forked_track_continues_the_trunk(eng) -> None:
    manager = eng.track("engineering-management")
    assert manager.starts_after == "senior-engineer"
    assert manager.trunk == ("associate-engineer", "engineer", "senior-engineer")
    first = eng.level("engineering-manager")
    assert (first.rank, first.follows) == (4, "senior-engineer")
    assert eng.ladder_of("director-of-engineering") == (
        "associate-engineer",
        "engineer",
        "senior-engineer",
        "engineering-manager",
        "senior-engineering-manager",
    )
    design = first.expectations_for("design")
    assert [(item.expectation.id, item.new) for item in design.listed] == [
        ("senior-design", False),
        ("em-design-review", True),
    ]
    from ladder_compiler.render import Planned, RenderOptions
    from ladder_compiler.render.markdown import MarkdownRenderer

    markdown = (
        MarkdownRenderer()
        .render(eng, Planned("markdown/engineering-management.md", "engineering-management"), RenderOptions())
        .decode()
    )
    inherited = "- Designs changes that span several services and reviews them with the teams that own those services."
    assert f"{inherited} *(from Senior Engineer (Engineering Foundation))*" in markdown
    implied = [(m.to, m.implied) for m in eng.level("senior-engineer").moves]
    assert implied == [("staff-engineer", True), ("engineering-manager", True)]


def test_fork_rank_must_continue_the_trunk(project: Path) -> None:
    edit(project / "tracks" / "3-engineering-management.yaml", lambda d: d["tracks"][0]["levels"][0].update(rank=1))
    assert (
        "rank-order",
        "level `engineering-manager` has rank 1, but as level 1 of track `engineering-management`, after `senior-engineer` (rank 3), it must have rank 4",
    ) in problems(project)


def test_fork_cannot_loop(project: Path) -> None:
    edit(project / "tracks" / "1-foundation.yaml", lambda d: d["tracks"][0].update(starts_after="staff-engineer"))
    found = problems(project)
    assert (
        "track-fork",
        "track `foundation` starts after `staff-engineer`, whose track leads back to `foundation`",
    ) in found


def test_fork_ranks_line_up_so_peers_lint_clean(runner) -> None:
    assert invoke(runner, "lint", ENGINEERING, "--strict").exit_code == 0  # peers E4: both rank 4


# 2. Expected proficiency per competency per level


def test_matrix_values_are_in_the_model_the_pages_and_the_exports(eng, tmp_path: Path, runner) -> None:
    assert dict(eng.level("associate-engineer").expected_ratings)["craft"] == "working"
    assert dict(eng.level("principal-engineer").expected_ratings)["design"] == "expert"
    out = tmp_path / "out"
    invoke(runner, "build", ENGINEERING, "--out", out, "--format", "md,html,json,csv")
    markdown = (out / "markdown" / "foundation.md").read_text()
    assert "| **Code and craft** | **Working**<br>• Ships small changes" in markdown
    assert "*Expected proficiency:* **Awareness**" in markdown
    html = (out / "html" / "foundation.html").read_text()
    assert (
        '<td data-label="Associate Engineer"><strong class="expected">Working</strong><ul><li>Ships small changes'
        in html
    )
    profile = json.loads((out / "json" / "foundation.json").read_text())["job_families"][0]["job_profiles"][0]
    craft = next(c for c in profile["competencies"] if c["id"] == "craft")
    assert (craft["expected_rating"], craft["expected_rating_order"]) == ("working", 1)
    rows = list(csv.DictReader(io.StringIO((out / "csv" / "expectations.csv").read_text(), newline="")))
    assert {
        r["expected_rating"]
        for r in rows
        if r["job_profile_id"] == "associate-engineer" and r["competency_id"] == "design"
    } == {"awareness"}


def test_matrix_has_no_holes(project: Path) -> None:
    edit(
        project / "tracks" / "1-foundation.yaml",
        lambda d: level_of(d, "engineer")["expectations"]["craft"].pop("expected"),
    )
    assert (
        "missing-expected",
        "`engineer` gives no `expected` rating for `craft`, which `associate-engineer` of this track gives",
    ) in problems(project)


def test_expected_must_be_on_the_scale(project: Path) -> None:
    edit(
        project / "tracks" / "1-foundation.yaml",
        lambda d: level_of(d, "engineer")["expectations"]["craft"].update(expected="practioner"),
    )
    found = problems(project)
    assert (
        "unknown-reference",
        "unknown scale value `practioner` for competency `craft`:"
        " scale `proficiency` has awareness, working, practitioner, advanced, expert",
    ) in found


# 3. Examples and links on one behaviour


def test_examples_and_links_stay_with_their_behaviour(eng, tmp_path: Path, runner) -> None:
    behaviour = eng.expectation("assoc-small-changes")
    assert behaviour.examples == ("Adds a missing null check with a unit test that fails without it.",)
    assert [(link.title, link.url) for link in behaviour.links] == [
        ("Our code review guide", "https://example.org/engineering/code-review")
    ]
    out = tmp_path / "out"
    invoke(runner, "build", ENGINEERING, "--out", out, "--format", "md,html,json")
    html = (out / "html" / "foundation.html").read_text()
    assert (
        '<li class="link">See: <a href="https://example.org/engineering/code-review">Our code review guide</a></li>'
        in html
    )
    assert (
        "  - *Example:* Adds a missing null check with a unit test that fails without it."
        in (out / "markdown" / "foundation.md").read_text()
    )
    exported = json.loads((out / "json" / "foundation.json").read_text())["job_families"][0]["job_profiles"][0][
        "competencies"
    ][0]["cumulative"][0]
    assert exported["links"] == [
        {"title": "Our code review guide", "url": "https://example.org/engineering/code-review"}
    ]


def test_links_must_be_https(project: Path) -> None:
    def change(data):
        level_of(data, "associate-engineer")["expectations"]["craft"]["behaviours"][0]["links"][0]["url"] = (
            "javascript:alert(1)"
        )

    edit(project / "tracks" / "1-foundation.yaml", change)
    assert any(rule == "schema-format" and "javascript:alert(1)" in message for rule, message in problems(project))


# 4. Coherent cumulative views


def test_replace_progression_keeps_only_the_current_statement(eng) -> None:
    craft = eng.level("engineer").expectations_for("craft")
    assert [e.id for e in craft.cumulative] == ["eng-features"]
    assert [(d.expectation.id, d.reason, [e.id for e in d.by]) for d in craft.dropped] == [
        ("assoc-small-changes", "replaced", ["eng-features"])
    ]
    # a level that lists no behaviours keeps the ones below
    assert [e.id for e in eng.level("director-of-engineering").expectations_for("craft").cumulative] == [
        "sem-quality-bar"
    ]


def test_retires_and_raises_shape_the_cumulative_view(eng) -> None:
    senior = eng.level("senior-engineer").expectations_for("design")
    assert [(d.expectation.id, d.reason) for d in senior.dropped] == [
        ("assoc-reads-design", "retired"),
        ("eng-design-note", "raised"),
    ]
    director = eng.level("director-of-engineering").expectations_for("design")
    assert [e.id for e in director.cumulative] == ["director-platform"]


def test_track_progression_is_the_default_for_its_competencies(mini: Path) -> None:
    edit(mini / "tracks.yaml", lambda d: d["tracks"][0].update(progression="replace"))
    coaching = read_framework(mini).framework.level("manager-2").expectations_for("coaching")
    assert [e.text for e in coaching.cumulative] == ["Coaches managers on hiring decisions."]
    assert coaching.progression == "replace"


def test_retiring_an_unknown_behaviour_is_an_error(project: Path) -> None:
    edit(
        project / "tracks" / "1-foundation.yaml",
        lambda d: level_of(d, "senior-engineer")["expectations"]["design"].update(retires=["assoc-reads-desing"]),
    )
    found = problems(project)
    assert any(rule == "unknown-reference" and "`assoc-reads-desing`" in message for rule, message in found)


def test_case_links_replaced_behaviours_to_their_successors(eng) -> None:
    from ladder_compiler.render.case import case_package

    package = case_package(eng)
    replaced = {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
        for a in package["CFAssociations"]
        if a["associationType"] == "replacedBy"
    }
    assert (
        eng.expectation("assoc-small-changes").uuid,
        eng.expectation("eng-features").uuid,
    ) in replaced  # replace progression
    assert (eng.expectation("eng-design-note").uuid, eng.expectation("senior-design").uuid) in replaced  # raises
    precedes = {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])
        for a in package["CFAssociations"]
        if a["associationType"] == "precedes"
    }
    assert (eng.level("senior-engineer").uuid, eng.level("engineering-manager").uuid) in precedes


# 5. External and legacy identifiers


def test_external_ids_and_given_uuids_reach_every_export(eng) -> None:
    assert eng.competency("craft").uuid == "0b7d5a3c-2f1e-4c6b-9a8d-7e6f5a4b3c21"
    data = framework_export(eng)
    assert data["framework"]["external_id"] == "ENG-FRAMEWORK-2026"
    craft = next(c for c in data["competency_library"]["competencies"] if c["id"] == "craft")
    assert (craft["uuid"], craft["external_id"]) == ("0b7d5a3c-2f1e-4c6b-9a8d-7e6f5a4b3c21", "COMP-CRAFT")
    profile = data["job_families"][0]["job_profiles"][0]
    assert profile["external_id"] == "JP-ENG-01"
    from ladder_compiler.render import Planned, RenderOptions
    from ladder_compiler.render.case import case_package
    from ladder_compiler.render.csv_export import CsvRenderer

    rows = list(
        csv.DictReader(
            io.StringIO(CsvRenderer().render(eng, Planned("csv/job-profiles.csv", None), RenderOptions()).decode())
        )
    )
    assert rows[0]["external_id"] == "JP-ENG-01"
    items = {i["identifier"]: i for i in case_package(eng)["CFItems"]}
    assert items["0b7d5a3c-2f1e-4c6b-9a8d-7e6f5a4b3c21"]["alternativeLabel"] == "COMP-CRAFT"


def test_external_ids_and_uuids_must_be_unique(project: Path) -> None:
    def change(data):
        data["competencies"][1]["external_id"] = "COMP-CRAFT"
        data["competencies"][1]["uuid"] = "0B7D5A3C-2F1E-4C6B-9A8D-7E6F5A4B3C21"

    edit(project / "competencies.yaml", change)
    rules = [rule for rule, _ in problems(project)]
    assert rules.count("duplicate-id") == 2


# 6. Fewer required inventions


def test_categories_breadth_and_horizon_are_optional_and_never_invented(project: Path, tmp_path: Path, runner) -> None:
    def change(data):
        scope = level_of(data, "engineer")["scope"]
        scope.pop("breadth")
        scope.pop("horizon_months")

    edit(project / "tracks" / "1-foundation.yaml", change)
    out = tmp_path / "out"
    assert invoke(runner, "build", project, "--out", out, "--format", "md,html,json").exit_code == 0
    markdown = (out / "markdown" / "foundation.md").read_text()
    assert "| [Engineer](#engineer) | E2 · ENG-02 | — | — | — |" in markdown  # band and job code name the level
    html = (out / "html" / "foundation.html").read_text()
    engineer_page = html.split('id="engineer"')[1].split("</table>")[0]
    assert "Breadth" not in engineer_page and "Planning horizon" not in engineer_page
    scope = json.loads((out / "json" / "foundation.json").read_text())["job_families"][0]["job_profiles"][1]["scope"]
    assert (scope["breadth"], scope["horizon_months"]) == (None, None)
    assert 'class="category"' not in html  # no categories declared, none printed


def test_breadths_are_open_but_checked(project: Path) -> None:
    edit(project / "tracks" / "1-foundation.yaml", lambda d: level_of(d, "engineer")["scope"].update(breadth="teams"))
    found = [p for p in read_framework(project).problems if p.rule == "unknown-reference"]
    assert [p.message for p in found] == [
        "unknown breadth `teams`; expected one of the framework's `breadths`: task, feature, team, group, department, organisation"
    ]
    assert found[0].hint == "did you mean `team`?"


def test_categories_required_once_declared(mini: Path) -> None:
    edit(mini / "competencies.yaml", lambda d: d["competencies"][0].pop("category"))
    assert ("missing-category", "competency `vision` has no `category`; the framework declares categories") in problems(
        mini
    )


# 7. Entry and moves that are not promotions


def test_entry_level_and_move_criteria_are_rendered_and_exported(eng, tmp_path: Path, runner) -> None:
    out = tmp_path / "out"
    invoke(runner, "build", ENGINEERING, "--out", out, "--format", "md,html,json")
    markdown = (out / "markdown" / "foundation.md").read_text()
    assert "### Joining as Associate Engineer" in markdown
    assert (
        "- [ ] Hiring panel: Three interviewers, one from outside the hiring team, agree to make an offer." in markdown
    )
    staff = (out / "markdown" / "staff.md").read_text()
    assert "  *What the move takes:* A Staff Engineer already meets the technical bar" in staff
    assert "  - [ ] Rated at least **Practitioner** in Managing people" in staff
    assert "  - [ ] At least 12 months in Staff Engineer" in staff  # months in the level the move starts from
    move = next(
        m
        for m in json.loads((out / "json" / "staff.json").read_text())["job_families"][0]["job_profiles"][0]["leads_to"]
        if m["id"] == "engineering-manager"
    )
    assert [(r["competency"], r["rating"]) for r in move["criteria"]["min_ratings"]] == [
        ("people-management", "practitioner")
    ]
    assert (
        move["criteria"]["process"][0]["uuid"]
        == eng.move("staff-engineer", "engineering-manager").criteria.process[0].uuid
    )


def test_move_criteria_ratings_name_the_target_tracks_competencies(project: Path) -> None:
    edit(
        project / "career-paths.yaml",
        lambda d: d["career_paths"]["moves"][0]["criteria"]["min_ratings"][0].update(competency="people-managment"),
    )
    assert any(
        rule == "unknown-reference" and "`people-managment` for track `engineering-management`" in message
        for rule, message in problems(project)
    )


# 8. Language


def test_language_reaches_html_and_case(eng, tmp_path: Path, runner) -> None:
    out = tmp_path / "out"
    invoke(runner, "build", ENGINEERING, "--out", out, "--format", "html,case")
    assert (out / "html" / "staff.html").read_text().startswith('<!DOCTYPE html>\n<html lang="en-GB" dir="ltr">')
    package = json.loads((out / "case" / "engineering.json").read_text())
    assert package["CFDocument"]["language"] == "en-GB" and {i["language"] for i in package["CFItems"]} == {"en-GB"}


def test_language_reaches_the_pdf(tmp_path: Path, runner) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "out"
    assert (
        invoke(
            runner, "build", ENGINEERING, "--out", out, "--format", "pdf", "--track", "staff", "--jobs", "1"
        ).exit_code
        == 0
    )
    pdf = (out / "pdf" / "staff.pdf").read_bytes()
    assert _catalogue_languages(pdf) == [b"/Lang (en-GB)"]


def _catalogue_languages(pdf: bytes) -> list[bytes]:
    """/Lang entries, looked for in the file and in its compressed object streams."""
    import re
    import zlib

    found = re.findall(rb"/Lang \([^)]*\)", pdf)
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            found += re.findall(rb"/Lang \([^)]*\)", zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return found


# 9. The levelling guide


def test_levelling_guide_makes_peers_and_grades(eng, tmp_path: Path, runner) -> None:
    assert eng.level("staff-engineer").peers == ("engineering-manager",)
    assert (eng.level("engineering-manager").levelling_grade, eng.level("engineering-manager").grade) == ("e4", "E4")
    out = tmp_path / "out"
    invoke(runner, "build", ENGINEERING, "--out", out, "--format", "md,html,json,csv")
    guide = (out / "markdown" / "levelling-guide.md").read_text()
    assert (
        "| **E4** | — | [Staff Engineer](staff.md#staff-engineer) | [Engineering Manager](engineering-management.md#engineering-manager) |"
        in guide
    )
    assert (
        'The <a href="levelling-guide.html">levelling guide</a> says what each grade means'
        in (out / "html" / "index.html").read_text()
    )
    exported = json.loads((out / "json" / "framework.json").read_text())["levelling_guide"]
    assert [g["levels"] for g in exported["grades"]][3] == ["staff-engineer", "engineering-manager"]
    assert (out / "csv" / "levelling-guide.csv").read_text().splitlines()[
        4
    ] == "e4,{},E4,3,staff-engineer,staff,BAND-E4".format(eng.grade("e4").uuid)


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda g: g[5]["levels"].clear() or g[5]["levels"].append("principal-engineer"),
            "`principal-engineer` already holds grade `e5`; a level holds one grade",
        ),
        (
            lambda g: g[3]["levels"].append("principal-engineer"),
            "`principal-engineer` and `staff-engineer` are both in track `staff`; a grade holds one level per track",
        ),
        (
            lambda g: (
                g.__setitem__(0, {"id": "e1", "name": "E1", "levels": ["engineer"]})
                or g.__setitem__(1, {"id": "e2", "name": "E2", "levels": ["associate-engineer"]})
            ),
            "`engineer` holds grade `e1`, not above `associate-engineer` below it (grade `e2`)",
        ),
    ],
)
def test_levelling_guide_rejects_conflicts_and_gaps(project: Path, change, expected: str) -> None:
    edit(project / "levelling.yaml", lambda d: change(d["levelling_guide"]["grades"]))
    assert ("levelling-guide", expected) in problems(project)


def test_levelling_guide_needs_every_level_and_agrees_with_declared_peers(project: Path) -> None:
    edit(project / "levelling.yaml", lambda d: d["levelling_guide"]["grades"].pop())
    assert ("levelling-guide", "level `director-of-engineering` holds no grade of the levelling guide") in problems(
        project
    )
    edit(
        project / "career-paths.yaml",
        lambda d: d["career_paths"].update(peers=[{"levels": ["staff-engineer", "senior-engineering-manager"]}]),
    )
    assert any(
        rule == "levelling-guide" and "hold different grades (e4, e5)" in message for rule, message in problems(project)
    )


# Format 1 keeps working; the model owns its derived data


@pytest.mark.parametrize(
    "root", [LADDERS / ".releases" / "1.0.0", MINI], ids=["release-1.0.0", "mini"]
)  # the shipped ladders themselves use format 2 since 1.1.0
def test_format_1_projects_are_valid_under_both_schemas(root: Path) -> None:
    from ladder_compiler.source.load import load_project
    from ladder_compiler.source.validate import validate_documents

    loaded = load_project(root)
    assert validate_documents(loaded.documents, "ladder-source.v1.schema.json") == []
    assert validate_documents(loaded.documents, "ladder-source.v2.schema.json") == []
    assert read_framework(root).ok


def test_format_1_schema_is_a_subset_of_format_2() -> None:
    v1 = json.loads((REPO / "schemas" / "ladder-source.v1.schema.json").read_text())
    v2 = json.loads((REPO / "schemas" / "ladder-source.v2.schema.json").read_text())
    for name, definition in v1["$defs"].items():
        for field in definition.get("properties", {}):
            assert field in v2["$defs"][name]["properties"], f"{name}.{field}"
        assert set(v2["$defs"][name].get("required", [])) <= set(definition.get("required", [])), name


def test_the_model_owns_criteria_uuids_and_new_flags(eng) -> None:
    data = framework_export(eng)
    assert "_export_memo" not in vars(eng)
    exported = data["job_families"][0]["job_profiles"][1]["promotion"]["evidence"][0]
    assert exported["uuid"] == eng.level("engineer").promotion.evidence[0].uuid
    for level in (lv for t in eng.tracks for lv in t.levels):
        for block in level.expectations:
            assert [item.new for item in block.listed] == [e.level_id == level.id for e in block.cumulative]


def test_one_project_value_from_load_onward() -> None:
    framework = read_framework(MINI).framework
    assert framework.project.root == MINI
    assert framework.project.files == ("competencies.yaml", "framework.yaml", "tracks.yaml")
    assert framework.source_hash == framework.project.digest and len(framework.project.digest) == 64


def test_fork_point_must_be_a_level_of_another_track(project: Path) -> None:
    edit(project / "tracks" / "2-staff.yaml", lambda d: d["tracks"][0].update(starts_after="senior-enginer"))
    found = [
        p for p in read_framework(project).problems if p.rule == "unknown-reference" and "senior-enginer" in p.message
    ]
    assert [(p.message, p.hint) for p in found] == [
        ("unknown level `senior-enginer`", "did you mean `senior-engineer`?")
    ]
    edit(project / "tracks" / "2-staff.yaml", lambda d: d["tracks"][0].update(starts_after="principal-engineer"))
    assert ("track-fork", "track `staff` cannot start after its own level `principal-engineer`") in problems(project)


def test_not_applicable_cannot_carry_an_expected_rating(project: Path) -> None:
    def change(data):
        data["tracks"][0]["levels"][0]["expectations"]["people-management"] = {
            "not_applicable": "Not yet.",
            "expected": "working",
        }

    edit(project / "tracks" / "3-engineering-management.yaml", change)
    assert ("expectation-shape", "`people-management` is not applicable, so it cannot have `expected`") in problems(
        project
    )


def test_a_move_to_a_role_cannot_ask_for_ratings(project: Path) -> None:
    def change(data):
        data["career_paths"]["moves"][2]["criteria"]["min_ratings"] = [{"competency": "craft", "rating": "expert"}]

    edit(project / "career-paths.yaml", change)
    assert (
        "career-path",
        "`vp-engineering` is a role beyond the framework, so a move there cannot ask for ratings",
    ) in problems(project)


def test_assess_reaches_a_fork_from_the_trunk(tmp_path: Path, runner) -> None:
    case = tmp_path / "case.yaml"
    data = yaml.safe_load((REPO / "examples" / "assessment-staff-to-manager.yaml").read_text())
    data.update(
        current_level="senior-engineer",
        evidence=[{"criterion": "acting-lead", "links": ["Rituals log, Q1"]}],
        process=[],
    )
    for rating in data["ratings"]:  # a Senior Engineer's case cannot name the Staff Engineer's behaviours
        rating["evidence"] = [e for e in rating["evidence"] if not e["behaviours"][0].startswith("staff-")]
    case.write_text(yaml.safe_dump(data, sort_keys=False))
    result = invoke(runner, "assess", case, "--ladders", ENGINEERING, "--format", "json")
    report = json.loads(result.stdout)  # stderr carries the weak-evidence warnings
    assert report["criteria_of"] == "promotion"  # no declared move: the level's own promotion criteria
    assert {r["id"]: r["status"] for r in report["results"]}["manager-case"] == "not met"


def test_a_project_has_one_levelling_guide(project: Path) -> None:
    (project / "second-guide.yaml").write_text((project / "levelling.yaml").read_text())
    found = [(Path(p.file).name, p.line, p.rule) for p in read_framework(project).problems]
    assert found == [("second-guide.yaml", 3, "duplicate-levelling-guide")]
