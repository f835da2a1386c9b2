"""`ladder calibrate`: committee packs per target level, the four consistency findings, the decisions
sheet round trip. Built on tests/fixtures/calibration/ladders (the mini project with a third
competency on the manager track), not on the shipped ladders."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from conftest import TESTS, invoke

LADDERS = TESTS / "fixtures" / "calibration" / "ladders"
STEPS = ("developing", "proficient", "advanced")


def write_case(
    folder: Path,
    name: str,
    person: str,
    assessor: str,
    ratings: tuple[str, str, str],
    recommendation: str | None = "promote",
    summary: str = "Ran the group's annual plan and coached two managers through their first hires.",
    **extra: object,
) -> Path:
    """A manager-1 → manager-2 case with every behaviour evidenced, the current level's (counted) and the
    target's (growth); ratings for vision, coaching, planning."""
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(LADDERS).framework
    levels = (framework.level("manager-1"), framework.level("manager-2"))
    rows = []
    for competency, rating in zip(("vision", "coaching", "planning"), ratings, strict=True):
        behaviours = {b.id: b for level in levels for b in level.expectations_for(competency).cumulative}
        evidence = [{"text": f"Done: {b.text}", "shows": b.text, "behaviours": [b.id]} for b in behaviours.values()]
        rows.append({"competency": competency, "rating": rating, "evidence": evidence})
    data: dict[str, object] = {
        "person": person,
        "assessor": assessor,
        "track": "manager",
        "current_level": "manager-1",
        "target_level": "manager-2",
        "date": "2026-09-14",
        "months_in_role": 14,
        "summary": summary,
        "ratings": rows,
        "evidence": [{"criterion": "led-group-plan", "links": ["Annual plan 2026"]}],
        "process": [{"step": "sponsor", "completed_on": "2026-09-01"}],
    }
    if recommendation is not None:
        data["recommendation"] = recommendation
    data |= extra
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def clean_round(folder: Path) -> Path:
    folder.mkdir()
    write_case(folder, "ana", "Ana Silva", "Lee", ("proficient", "advanced", "proficient"))
    write_case(folder, "ben", "Ben Ode", "Kim", ("proficient", "advanced", "proficient"))
    write_case(folder, "cy", "Cy Park", "Lee", ("developing", "proficient", "developing"), "not-yet")
    write_case(folder, "dee", "Dee Ray", "Kim", ("developing", "proficient", "developing"), "not-yet")
    return folder


def pack(runner, folder: Path, out: Path, *extra: str) -> dict:
    result = invoke(runner, "calibrate", folder, "--ladders", LADDERS, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    return json.loads((out / "manager-2.json").read_text())


def test_a_clean_round_writes_every_format_and_finds_nothing(runner, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    data = pack(runner, clean_round(tmp_path / "round"), out)
    assert sorted(p.name for p in out.iterdir()) == [
        "manager-2-decisions.csv",
        "manager-2.html",
        "manager-2.json",
        "manager-2.md",
    ]
    assert data["findings"] == []
    assert [r["person"] for r in data["roster"]] == ["Ana Silva", "Ben Ode", "Cy Park", "Dee Ray"]
    assert data["roster"][0]["verdict"] == "Ready: 8 of 8 criteria met"
    assert data["roster"][0]["coverage"] == "3 of 3 behaviours evidenced"  # the Manager level's, counted
    assert data["roster"][2]["verdict"] == "Not ready: 6 of 8 criteria met"
    vision = next(d for d in data["distributions"] if d["competency_id"] == "vision")
    assert vision["counts"] == {"Developing": 2, "Proficient": 2, "Advanced": 0, "Not rated": 0}
    assert "## Consistency findings (0)\n\nNone." in (out / "manager-2.md").read_text()


def test_the_same_case_with_different_recommendations_is_found(runner, tmp_path: Path) -> None:
    folder = clean_round(tmp_path / "round")
    write_case(folder, "eve", "Eve Tan", "Kim", ("developing", "proficient", "developing"), "promote")
    findings = pack(runner, folder, tmp_path / "out")["findings"]
    assert findings == [
        {
            "kind": "same-case-different-call",
            "case_ids": ["cy", "dee", "eve"],
            "text": "Same ratings and coverage, different recommendations: Cy Park (not-yet, by Lee);"
            " Dee Ray (not-yet, by Kim); Eve Tan (promote, by Kim)",
            "details": [],
        }
    ]


def test_an_assessor_rating_a_step_above_the_others_is_found(runner, tmp_path: Path) -> None:
    alike = tmp_path / "alike"
    alike.mkdir()
    for name, assessor in (("ana", "Lee"), ("ben", "Kim"), ("fay", "Mo")):
        write_case(alike, name, name.title(), assessor, ("proficient", "advanced", "proficient"))
    assert pack(runner, alike, tmp_path / "out")["findings"] == []
    above = tmp_path / "above"
    above.mkdir()
    write_case(above, "ivy", "Ivy Lin", "Lee", ("proficient", "proficient", "proficient"))
    write_case(above, "jo", "Jo Fox", "Kim", ("proficient", "proficient", "proficient"))
    write_case(above, "gus", "Gus Bell", "Mo", ("advanced", "advanced", "advanced"))
    write_case(above, "hal", "Hal Roe", "Mo", ("advanced", "advanced", "advanced"))
    findings = pack(runner, above, tmp_path / "out2")["findings"]
    assert findings == [
        {
            "kind": "assessor-offset",
            "case_ids": ["gus", "hal"],
            "text": "Mo rates 1.0 scale steps above the other assessors over 3 competencies with the same"
            " coverage (Coaching, Planning, Vision)",
            "details": [],
        }
    ]


def test_a_narrative_about_the_person_is_found_with_the_lint_lists(runner, tmp_path: Path) -> None:
    folder = clean_round(tmp_path / "round")
    write_case(
        folder,
        "kit",
        "Kit Moss",
        "Lee",
        ("proficient", "advanced", "proficient"),
        summary="Kit is a natural leader with real executive presence; confident, assertive, decisive,"
        " competitive, ambitious and fearless in every room.",
    )
    findings = pack(runner, folder, tmp_path / "out")["findings"]
    assert findings == [
        {
            "kind": "coded-narrative",
            "case_ids": ["kit"],
            "text": "Kit Moss's summary describes the person, not the evidence: “natural leader” (personality or"
            " potential); “executive presence” (personality or potential); strongly masculine-coded: 7 words"
            " (lead…, confident…, assert…, decisive…, compet…, ambitio…, fearless…) against 0",
            "details": [],
        }
    ]
    rules = json.loads((tmp_path / "out" / "manager-2.json").read_text())["rules"]
    assert "Gaucher, Friesen & Kay 2011, as packaged by genderdecoder3" in rules["coded-narrative"]


def test_a_case_written_against_an_older_ladder_is_found(runner, tmp_path: Path) -> None:
    folder = clean_round(tmp_path / "round")
    (folder / "ana.yaml").unlink()
    write_case(
        folder,
        "ana",
        "Ana Silva",
        "Lee",
        ("proficient", "advanced", "proficient"),
        ladder={"framework": "mini", "version": "1.0.0"},
    )
    data = pack(runner, folder, tmp_path / "out")
    assert data["findings"] == [
        {
            "kind": "older-ladder",
            "case_ids": ["ana"],
            "text": "Ana Silva's case was written against 1.0.0, judged against 1.2.0",
            "details": [
                "the 1.0.0 ladder is not available to compare (presentation.previous_release or .releases/1.0.0/):"
                " the changes since are not listed"
            ],
        }
    ]
    assert data["roster"][0]["ladder"] == "1.0.0"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"ladder": {"framework": "other", "version": "1.0.0"}},
            "bad.yaml:53:14: error [calibrate] the case was written for framework `other`, not `mini`",
        ),
        (
            {"ladder": {"framework": "mini", "version": "9.0.0"}},
            "bad.yaml:54:12: error [calibrate] the case names ladder 9.0.0, newer than this ladder's 1.2.0",
        ),
        ({"recommendation": "maybe"}, "bad.yaml:51:17: error [schema-enum]"),
    ],
)
def test_an_invalid_case_exits_1_with_a_located_problem_and_writes_nothing(
    runner, tmp_path: Path, change: dict, expected: str
) -> None:
    folder = clean_round(tmp_path / "round")
    write_case(folder, "bad", "Bo Bad", "Lee", ("proficient", "advanced", "proficient"), **change)
    result = invoke(runner, "calibrate", folder, "--ladders", LADDERS, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(runner, tmp_path: Path) -> None:
    folder = clean_round(tmp_path / "round")
    assert invoke(runner, "calibrate", folder, "--ladders", LADDERS, "--format", "docx").exit_code == 2
    (tmp_path / "empty").mkdir()
    assert invoke(runner, "calibrate", tmp_path / "empty", "--ladders", LADDERS).exit_code == 2


# The decisions sheet


def sheet(runner, tmp_path: Path, person: str = "Ana Silva") -> tuple[Path, list[list[str]]]:
    folder = clean_round(tmp_path / "round")
    if person != "Ana Silva":
        write_case(folder, "ana", person, "Lee", ("proficient", "advanced", "proficient"))
    assert (
        invoke(
            runner, "calibrate", folder, "--ladders", LADDERS, "--out", tmp_path / "out", "--format", "csv"
        ).exit_code
        == 0
    )
    with (tmp_path / "out" / "manager-2-decisions.csv").open(newline="") as handle:
        return folder, list(csv.reader(handle))


def test_the_sheet_has_a_row_per_case_and_competency_and_neutralises_formulas(runner, tmp_path: Path) -> None:
    _, rows = sheet(runner, tmp_path, person='=HYPERLINK("http://x")')
    assert rows[0] == [
        "case_id", "person", "competency_id", "competency", "assessor_rating", "committee_rating", "decision", "reason"
    ]  # fmt: skip
    assert rows[1] == ["ana", '\'=HYPERLINK("http://x")', "vision", "Vision", "proficient", "", "", ""]
    assert len(rows) == 1 + 4 * 3


def read_back(runner, tmp_path: Path, folder: Path, rows: list[list[str]]):
    path = tmp_path / "filled.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return invoke(runner, "calibrate", folder, "--ladders", LADDERS, "--out", tmp_path / "out", "--decisions", path)


def test_a_filled_sheet_is_recorded_with_its_reasons(runner, tmp_path: Path) -> None:
    folder, rows = sheet(runner, tmp_path)
    rows[1][6:8] = ["promote", "Plan and hires evidenced"]
    rows[7][5:8] = ["proficient", "not-yet", "One sprint plan, not the group's quarter"]  # cy × vision
    result = read_back(runner, tmp_path, folder, rows)
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "decisions.json").read_text())
    assert record[0] == {
        "case": "ana",
        "person": "Ana Silva",
        "decision": "promote",
        "reason": "Plan and hires evidenced",
        "ratings": [],
    }
    assert record[2]["ratings"] == [
        {
            "competency_id": "vision",
            "from": "developing",
            "to": "proficient",
            "reason": "One sprint plan, not the group's quarter",
        }
    ]


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        (1, 0, "zed", "filled.csv:2:1: error [decisions] unknown case `zed`"),
        (1, 2, "vison", "filled.csv:2:3: error [decisions] `vison` is not a competency of ana's track"),
        (1, 1, "Ana Silvia", "filled.csv:2:2: error [decisions] edited: ana is Ana Silva, not `Ana Silvia`"),
        (1, 4, "advanced", "filled.csv:2:5: error [decisions] edited: the assessor's rating was `proficient`"),
        (1, 5, "stellar", "filled.csv:2:6: error [decisions] `stellar` is not on the scale"),
        (2, 6, "maybe", "filled.csv:3:7: error [decisions] `maybe` is not a decision"),
        (
            2,
            7,
            '=HYPERLINK("http://x","y")',
            'filled.csv:3:8: error [decisions] `=HYPERLINK("http://x` would run as a spreadsheet formula',
        ),
        (3, 5, "developing", "filled.csv:4:8: error [decisions] a decision or a changed rating needs its reason"),
    ],
)
def test_a_bad_sheet_is_refused_with_a_located_error(
    runner, tmp_path: Path, row: int, column: int, value: str, expected: str
) -> None:
    folder, rows = sheet(runner, tmp_path)
    rows[row][column] = value
    result = read_back(runner, tmp_path, folder, rows)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not (tmp_path / "out" / "decisions.json").exists()


def test_the_pack_renders_to_pdf_from_its_html(runner, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    folder = clean_round(tmp_path / "round")
    result = invoke(runner, "calibrate", folder, "--ladders", LADDERS, "--out", tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "manager-2.pdf").read_bytes().startswith(b"%PDF-")


# Cases written against an older ladder


def released_project(tmp_path: Path) -> Path:
    """The fixture as 2.0.0, its 1.0.0 release in .releases/: `vision-year` renamed `vision-annual`,
    `plan-group` removed and `plan-budget` added."""
    import shutil

    project = tmp_path / "ladders"
    shutil.copytree(LADDERS, project)
    shutil.copytree(LADDERS, project / ".releases" / "1.0.0")
    for root, version in ((project / ".releases" / "1.0.0", "1.0.0"), (project, "2.0.0")):
        framework = root / "framework.yaml"
        framework.write_text(framework.read_text().replace("version: 1.2.0", f"version: {version}"))
    tracks = project / "tracks.yaml"
    text = tracks.read_text().replace(
        "              - id: vision-year\n",
        "              - id: vision-annual\n                previous_ids: [vision-year]\n",
    )
    text = text.replace(
        "              - id: plan-group\n                text: Plans the group's quarters across teams.\n",
        "              - id: plan-budget\n                text: Owns the group's budget for the year.\n",
    )
    tracks.write_text(text)
    return project


def old_case(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    path = write_case(folder, "ana", "Ana Silva", "Lee", ("proficient", "advanced", "proficient"))
    data = yaml.safe_load(path.read_text())
    data["ladder"] = {"framework": "mini", "version": "1.0.0"}
    planning = data["ratings"][2]
    planning["evidence"] = [e for e in planning["evidence"] if e["behaviours"] == ["plan-group"]]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_a_case_from_1_0_0_is_carried_across_renames_and_says_what_changed(runner, tmp_path: Path) -> None:
    project, case = released_project(tmp_path), old_case(tmp_path)
    result = invoke(runner, "assess", case, "--ladders", project, "--format", "json")
    data = json.loads(result.stdout)
    assert (data["written_against"], data["judged_against"]) == ("1.0.0", "2.0.0")
    assert data["changes_since"] == [
        "evidence “Done: Plans the group's quarters across teams.” pointed at “Plans the group's quarters"
        " across teams.” (`plan-group`), removed since 1.0.0: it no longer evidences a behaviour",
        "behaviour id changed from `vision-year` to `vision-annual` (expectation-id-changed)",
        "behaviour removed from `planning` (expectation-removed): “Plans the group's quarters across teams.”",
        "behaviour added to `planning` (expectation-added): “Owns the group's budget for the year.”",
    ]
    vision = next(c for c in data["coverage"] if c["competency_id"] == "vision")
    assert [(b["id"], b["status"]) for b in vision["behaviours"]] == [("vision-quarter", "evidenced")]
    assert [(b["id"], b["status"]) for b in vision["growth"]] == [("vision-annual", "evidenced")]  # carried across
    planning = next(c for c in data["coverage"] if c["competency_id"] == "planning")
    assert [(b["id"], b["status"]) for b in planning["behaviours"]] == [("plan-sprints", "not evidenced")]
    assert [(b["id"], b["status"]) for b in planning["growth"]] == [("plan-budget", "not evidenced")]
    text = invoke(runner, "assess", case, "--ladders", project).stdout
    assert "Written against 1.0.0, judged against 2.0.0:\n  - evidence “Done: Plans the group's" in text


def test_the_pack_judges_a_1_0_0_case_on_the_current_ladder_and_lists_what_changed(runner, tmp_path: Path) -> None:
    project, case = released_project(tmp_path), old_case(tmp_path)
    result = invoke(runner, "calibrate", case.parent, "--ladders", project, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "manager-2.json").read_text())
    assert data["roster"][0]["coverage"] == "2 of 3 behaviours evidenced"
    assert [f["kind"] for f in data["findings"]] == ["older-ladder"]
    assert data["findings"][0]["text"] == ("Ana Silva's case was written against 1.0.0, judged against 2.0.0")
    assert len(data["findings"][0]["details"]) == 4
    assert data["findings"][0]["details"][0].startswith("evidence “Done: Plans the group's quarters across teams.”")


# The example round under examples/ (written against the shipped ladders)

ROUND = TESTS.parent / "examples" / "calibration-round"
REPO_LADDERS = TESTS.parent / "ladders"


def test_the_example_round_lists_exactly_the_planted_findings(runner, tmp_path: Path) -> None:
    result = invoke(runner, "calibrate", ROUND, "--ladders", REPO_LADDERS, "--out", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    gpm = json.loads((tmp_path / "gpm.json").read_text())
    assert [(f["kind"], f["case_ids"]) for f in gpm["findings"]] == [
        ("same-case-different-call", ["amara-nwosu", "jordan-okafor"]),
        ("coded-narrative", ["ravi-menon"]),
        ("older-ladder", ["sam-carter"]),
    ]
    assert gpm["findings"][2]["text"] == "Sam Carter's case was written against 1.0.0, judged against 2.0.0"
    assert (
        "behaviour id changed from `gpm.people-leadership.d9c95bd3ca` to `gpm-coaching` (expectation-id-changed)"
        in gpm["findings"][2]["details"]
    )
    # 2.0.0's gpm-coaching raises lead-one-to-ones away from GPM, but it is a behaviour of Lead PM, the
    # level the candidate holds: the evidence carried across counts there, so no note says it was lost
    assert not any("(`lead-one-to-ones`)" in detail for detail in gpm["findings"][2]["details"])
    assert len(gpm["roster"]) == 6
    ppm = json.loads((tmp_path / "senior-ppm.json").read_text())
    assert (len(ppm["roster"]), ppm["findings"]) == (4, [])


def test_the_example_round_without_its_planted_cases_is_clean(runner, tmp_path: Path) -> None:
    files = [p for p in sorted(ROUND.glob("*.yaml")) if p.stem not in ("amara-nwosu", "ravi-menon", "sam-carter")]
    result = invoke(runner, "calibrate", *files, "--ladders", REPO_LADDERS, "--out", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.output
    for level in ("gpm", "senior-ppm"):
        assert json.loads((tmp_path / f"{level}.json").read_text())["findings"] == []


def test_the_promotion_packet_says_what_changed_since_the_case_was_written(runner, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    project, case = released_project(tmp_path), old_case(tmp_path)
    out = tmp_path / "packet.pdf"
    invoke(runner, "assess", case, "--ladders", project, "--format", "pdf", "--out", out)
    text = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(out).pages)
    assert "Written against 1.0.0, judged against 2.0.0" in text
    assert "(`plan-group`), removed since 1.0.0: it no longer evidences a behaviour" in text
