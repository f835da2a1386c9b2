"""The worksheet is each level's checklist: unique form fields that pypdf reads without a warning,
and filled values that `ladder assess --from-worksheet` reads back as a case: the current level's
checklist holds the ratings (the committee's count), the counted evidence, the reviewed N/A marks
and the route's required evidence and steps; the target's holds only growth evidence."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from test_assess_coverage import project  # noqa: F401  # the mini project with behaviour ids

from conftest import invoke

pypdf = pytest.importorskip("pypdf")


def _worksheet(project_dir: Path, out: Path) -> Path:
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import Planned, RenderOptions
    from ladder_compiler.render.pdf import PdfRenderer

    framework = read_framework(project_dir).framework
    planned = Planned("pdf/manager-worksheet.pdf", "manager", heavy=True, document="worksheet")
    out.write_bytes(PdfRenderer().render(framework, planned, RenderOptions()))
    return out


@pytest.fixture
def worksheet(project: Path, tmp_path: Path) -> Path:  # noqa: F811
    return _worksheet(project, tmp_path / "worksheet.pdf")


def test_every_field_is_unique_and_pypdf_reads_them_without_a_warning(worksheet: Path, caplog) -> None:
    with caplog.at_level(logging.DEBUG, logger="pypdf"):
        reader = pypdf.PdfReader(worksheet)
        fields = reader.get_fields()
    assert [r.message for r in caplog.records] == []
    top = [ref.get_object()["/T"] for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert len(top) == len(set(top)) == len(fields)
    # Senior Manager's checklist: its cumulative behaviours, each with evidence and N/A, and both ratings
    assert {
        "manager-2/vision/vision-year/evidence",
        "manager-2/vision/vision-risks/na",
        "manager-2/na-reviewed-by",
        "manager-1/na-reviewed-by",
        "manager-1/vision/vision-risks/na",
        "manager-2/coaching/coach-weekly/evidence",
        "manager-2/coaching/coach-hiring/evidence",
        "manager-2/coaching/manager",
        "manager-2/coaching/self",
        "manager-2/coaching/committee",
        "manager-1/coaching/committee",
        "manager-2/evidence/led-group-plan",
        "manager-2/process/sponsor",
        "months-in-level",
    } <= set(fields)
    assert "manager-1/vision/vision-year/evidence" not in fields  # a behaviour of the level above only
    assert "manager-2/vision/vision-quarter/evidence" not in fields  # raised away by the level above
    assert fields["manager-2/vision/manager"]["/Opt"] == ["developing", "proficient", "advanced"]


FILLED = {
    "person": "Sam Rivera",
    "manager": "Ada Director",
    "date": "2026-05-04",
    "current-level": "manager-1",
    "assessed-level": "manager-2",
    "months-in-level": "14",
    # the current level's checklist: counted evidence, and an N/A with its reason and reviewer
    "manager-1/vision/vision-quarter/evidence": "Wrote the team's quarterly plan every quarter of 2026",
    "manager-1/vision/vision-risks/na": "/on",
    "manager-1/vision/vision-risks/evidence": "The team's plan has no risk register yet",
    "manager-1/na-reviewed-by": "Bo Lind, HR business partner",
    "manager-1/coaching/coach-weekly/evidence": "Weekly one-to-ones with each of five reports",
    "manager-1/coaching/coach-feedback/evidence": "Report promoted to team lead in June",
    # the current level's ratings against the bar: the committee's counts, the manager's until it rates
    "manager-1/vision/manager": "/0",  # the first option: developing, overruled by the committee
    "manager-1/vision/committee": "/1",  # proficient
    "manager-1/coaching/manager": "/2",  # advanced: no committee rating yet, read as the proposal
    # the route's required evidence and steps, printed in the current level's checklist
    "manager-2/evidence/led-group-plan": "2027 planning cycle notes",
    "manager-2/process/sponsor": "2026-04-20",
    # the target's checklist: growth evidence only; its ratings are not read
    "manager-2/vision/manager": "/0",
    "manager-2/vision/vision-year/evidence": "Wrote the group's annual plan for 2027",
    "manager-2/vision/vision-risks/evidence": "Ignored: the current level's checklist counts this behaviour",
}


def _fill(worksheet: Path, out: Path, values: dict[str, str]) -> Path:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(worksheet))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(out)
    return out


def test_a_filled_worksheet_is_assessed_and_exports_the_case(
    runner,
    project: Path,  # noqa: F811
    worksheet: Path,
    tmp_path: Path,
) -> None:
    filled = _fill(worksheet, tmp_path / "filled.pdf", FILLED)
    case = tmp_path / "case.json"
    result = invoke(
        runner, "assess", filled, "--from-worksheet", "--case-out", case, "--ladders", project, "--format", "json"
    )
    report = json.loads(result.stdout)
    assert result.exit_code == 1, result.output
    assert report["verdict"]["text"] == "Not ready: 6 of 7 criteria met"
    assert [(q["text"], q["behaviour_id"]) for q in report["questioned"]] == [
        ("Report promoted to team lead in June", "coach-feedback")
    ]
    assert json.loads(case.read_text())["ratings"][0] == {
        "competency": "vision",
        "rating": "proficient",
        "evidence": [
            {"text": "Wrote the team's quarterly plan every quarter of 2026", "behaviours": ["vision-quarter"]},
            {"text": "Wrote the group's annual plan for 2027", "behaviours": ["vision-year"]},
        ],
        "not_applicable": [
            {
                "behaviour": "vision-risks",
                "reason": "The team's plan has no risk register yet",
                "reviewed_by": "Bo Lind, HR business partner",
            }
        ],
    }
    again = invoke(runner, "assess", case, "--ladders", project, "--format", "json")
    assert json.loads(again.stdout)["verdict"] == report["verdict"]


@pytest.mark.parametrize(
    "missing, expected",
    [
        (
            "manager-1/na-reviewed-by",
            "error [worksheet] N/A is ticked but `manager-1/na-reviewed-by` names no reviewer",
        ),
        (
            "manager-1/vision/vision-risks/evidence",
            "error [worksheet] N/A is ticked in `manager-1/vision/vision-risks/na` but"
            " `manager-1/vision/vision-risks/evidence` gives no reason",
        ),
    ],
)
def test_an_na_on_the_worksheet_needs_its_reason_and_a_reviewer(
    runner,
    project: Path,  # noqa: F811
    worksheet: Path,
    tmp_path: Path,
    missing: str,
    expected: str,
) -> None:
    values = {name: value for name, value in FILLED.items() if name != missing}
    result = invoke(
        runner, "assess", _fill(worksheet, tmp_path / "filled.pdf", values), "--from-worksheet", "--ladders", project
    )
    assert result.exit_code == 2
    assert f"filled.pdf (worksheet fields): {expected}" in result.output


def test_an_empty_worksheet_names_the_fields_to_fill(runner, project: Path, worksheet: Path) -> None:  # noqa: F811
    result = invoke(runner, "assess", worksheet, "--from-worksheet", "--ladders", project)
    assert result.exit_code == 2
    assert "error [worksheet] the worksheet's field `person` is empty" in result.output
    assert "Traceback" not in result.output


def test_field_names_hold_no_period_even_for_derived_behaviour_ids(tmp_path: Path) -> None:
    import shutil

    from ladder_compiler.model.checklist import checklist
    from ladder_compiler.pipeline import read_framework

    from conftest import LADDERS

    # The shipped ladders give every behaviour an id: plant one without, whose derived id has periods.
    ladders = tmp_path / "ladders"
    shutil.copytree(LADDERS, ladders)
    track = ladders / "tracks" / "portfolio-product-manager.yaml"
    text = track.read_text(encoding="utf-8")
    anchor = "                raises: ppm-portfolio-themes\n"
    assert text.count(anchor) == 1
    track.write_text(
        text.replace(anchor, anchor + "              - text: Names the bets the portfolio will not fund this year.\n"),
        encoding="utf-8",
    )
    framework = read_framework(ladders).framework
    sheet = checklist(framework, framework.level("senior-ppm"))
    names = [
        name
        for item in sheet.competencies
        for row in item.behaviours
        for name in (row.evidence_field, row.not_applicable_field)
    ]
    derived = [row.behaviour.id for item in sheet.competencies for row in item.behaviours if "." in row.behaviour.id]
    assert derived and not any("." in name for name in names)  # a period would split the PDF field's name
    assert len(names) == len(set(names))


def _worksheet_text(project_dir: Path) -> str:
    import html
    import re

    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html

    page = render_html(read_framework(project_dir).framework, "manager", RenderOptions(), "worksheet")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page.split("<body", 1)[1])))


def test_the_bar_is_marked_on_the_checklist_of_the_level_held(project: Path) -> None:  # noqa: F811
    text = _worksheet_text(project)
    held, top = text.split("Checklist: Manager ", 1)[1].split("Checklist: Senior Manager ", 1)
    assert held.startswith(
        "For people who hold Manager now. A promotion or move out of the level is judged on these ratings"
        " against the marks “Bar for”, and on the evidence and steps at the end of this checklist. Vision"
        " Bar for Senior Manager: at least Proficient Rating Developing Proficient Advanced Self Manager"
        " Committee (counts) "
    )
    assert "Coaching Bar for Senior Manager: at least Advanced Rating" in held
    assert (
        "Promotion into Senior Manager: evidence and steps Time in level: at least 12 months in the level held,"
        " Manager. Required evidence Where to find it Led one annual planning cycle." in held
    )
    # the top level has no way out: no bar, and no sentence about one
    assert top.startswith("For people who hold Senior Manager now. Vision Rating")
    assert "Bar for" not in top and "Promotion bar" not in text and "in the level below" not in text
    assert "Tick N/A only when the role the person holds cannot give the situation" in text
    assert "Which rating counts: the committee's. The self and manager ratings are its inputs" in text


def test_the_worksheet_records_the_decision_and_its_document_control(project: Path) -> None:  # noqa: F811
    text = _worksheet_text(project)
    assert (
        "Outcome of a promotion case Filled in by the committee. The decision rests on the committee's ratings"
        " against the bar of the route, the counted evidence, and the route's required evidence and steps."
        " Decision Choose… Promoted Not yet Deferred Date decided Committee members (by role)"
        " Sponsor (name and role) Calibration signed off by, and date"
        " Reasons, against each line of the bar that decided it" in text
    )
    assert (
        "Assessment worksheet: Manager Version 1.2.0 · Effective date 2026-03-01 · Owner: Not recorded"
        " · Approved by: Not recorded For a review conversation" in text
    )


def test_a_worksheet_records_an_external_hire_on_the_checklist_of_the_level_below(
    runner,
    project: Path,  # noqa: F811
    worksheet: Path,
    tmp_path: Path,
) -> None:
    """“Joining from (outside)” instead of the current level: the case gives `joining_from`, and the
    checklist of Manager, the level below Senior Manager, holds the counted evidence and the ratings, as
    it would for someone holding Manager."""
    values = {name: value for name, value in FILLED.items() if name != "current-level"}
    values["joining-from"] = "Group lead at another company"
    case = tmp_path / "case.json"
    result = invoke(
        runner,
        "assess",
        _fill(worksheet, tmp_path / "filled.pdf", values),
        "--from-worksheet",
        "--case-out",
        case,
        "--ladders",
        project,
        "--format",
        "json",
    )
    assert result.exit_code == 1, result.output
    written = json.loads(case.read_text())
    assert "current_level" not in written
    assert (written["joining_from"], written["target_level"]) == ("Group lead at another company", "manager-2")
    assert [(r["competency"], r["rating"], [e["behaviours"] for e in r["evidence"]]) for r in written["ratings"]] == [
        ("vision", "proficient", [["vision-quarter"], ["vision-year"]]),  # Manager's ratings, read as for a holder
        ("coaching", "advanced", [["coach-weekly"], ["coach-feedback"]]),
    ]
    assert written["ratings"][0]["not_applicable"] == [
        {
            "behaviour": "vision-risks",
            "reason": "The team's plan has no risk register yet",
            "reviewed_by": "Bo Lind, HR business partner",
        }
    ]
    assert (written["evidence"], written["process"]) == (
        [{"criterion": "led-group-plan", "links": ["2027 planning cycle notes"]}],
        [{"step": "sponsor", "completed_on": "2026-04-20"}],
    )
    report = json.loads(result.stdout)
    assert (report["joining"], report["counted_at"]) == (True, "Manager")
    assert [(c["competency_id"], [b["id"] for b in c["behaviours"]]) for c in report["coverage"]] == [
        ("vision", ["vision-quarter", "vision-risks"]),
        ("coaching", ["coach-weekly", "coach-feedback"]),
    ]
    assert report["verdict"]["text"] == "Not ready: 6 of 7 criteria met"  # as for the same evidence held internally


def test_a_worksheet_with_both_or_neither_of_current_level_and_joining_from_is_refused(
    runner,
    project: Path,  # noqa: F811
    worksheet: Path,
    tmp_path: Path,
) -> None:
    both = _fill(worksheet, tmp_path / "both.pdf", {**FILLED, "joining-from": "Another company"})
    result = invoke(runner, "assess", both, "--from-worksheet", "--ladders", project)
    assert result.exit_code == 2
    assert (
        "both.pdf (worksheet fields): error [worksheet] the worksheet's fields `current-level` and `joining-from`"
        " are both filled\n" in result.output
    )
    neither = {name: value for name, value in FILLED.items() if name != "current-level"}
    result = invoke(
        runner, "assess", _fill(worksheet, tmp_path / "neither.pdf", neither), "--from-worksheet", "--ladders", project
    )
    assert result.exit_code == 2
    assert (
        "error [worksheet] the worksheet's fields `current-level` and `joining-from` are both empty\n" in result.output
    )


def test_the_first_page_offers_a_field_for_an_external_hire(project: Path) -> None:  # noqa: F811
    text = _worksheet_text(project)
    assert "Current level Choose… Manager Senior Manager Joining from (outside) Months in level" in text
    assert (
        "For someone joining from outside, fill in “Joining from (outside)” instead of the current level, and the"
        " checklist of the level below the one in “Assessed against”, as an internal candidate would: one bar for"
        " every candidate (at the track's entry level, that level's own checklist)." in text
    )
