"""`ladder assess`: every kind of promotion criterion, met and not met, and invalid input."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import LADDERS, REPO, invoke

EXAMPLE = REPO / "examples" / "assessment-gpm.yaml"


@pytest.fixture
def case(tmp_path: Path) -> Path:
    target = tmp_path / "case.yaml"
    shutil.copy(EXAMPLE, target)
    return target


def change(path: Path, update) -> None:
    data = yaml.safe_load(path.read_text())
    update(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def statuses(runner, path: Path) -> tuple[int, dict[str, str]]:
    result = invoke(runner, "assess", path, "--ladders", LADDERS, "--format", "json")
    data = json.loads(result.output)
    return result.exit_code, {r["id"]: r["status"] for r in data["results"]}


def complete(data: dict) -> None:
    data["process"].append({"step": "product-calibration", "completed_on": "2026-03-20"})


def test_shipped_example_is_not_ready_until_calibration(runner, case: Path) -> None:
    code, results = statuses(runner, case)
    assert code == 1 and results["product-calibration"] == "not met"
    assert {s for k, s in results.items() if k != "product-calibration"} == {"met"}
    change(case, complete)
    code, results = statuses(runner, case)
    assert code == 0 and set(results.values()) == {"met"}


def test_category_rating_applies_to_every_competency_in_it(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: next(r for r in d["ratings"] if r["competency"] == "delivery").update(rating="developing"))
    code, results = statuses(runner, case)
    assert code == 1 and results["rating-delivery"] == "not met"  # execution category: proficient


def test_rating_without_evidence_is_missing_evidence(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: next(r for r in d["ratings"] if r["competency"] == "people-leadership").pop("evidence"))
    code, results = statuses(runner, case)
    assert code == 1 and results["rating-people-leadership"] == "missing evidence"


def test_unrated_competency_is_not_met(runner, case: Path) -> None:
    change(case, complete)
    change(
        case, lambda d: d.update(ratings=[r for r in d["ratings"] if r["competency"] != "cross-functional-partnership"])
    )
    assert statuses(runner, case)[1]["rating-cross-functional-partnership"] == "not met"


def test_time_in_role(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: d.update(months_in_role=11))
    code, results = statuses(runner, case)
    assert code == 1 and results["time-in-role"] == "not met"


def test_required_evidence_missing(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: d.update(evidence=[e for e in d["evidence"] if e["criterion"] != "report-growth"]))
    assert statuses(runner, case)[1]["report-growth"] == "missing evidence"


def test_text_and_markdown_reports(runner, case: Path) -> None:
    text = invoke(runner, "assess", case, "--ladders", LADDERS).output
    assert "✘ not met          The case passes the product leadership calibration session." in text
    assert text.strip().endswith("NOT READY: 1 of 12 criteria not met")
    markdown = invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "markdown").output
    assert markdown.startswith("## Promotion readiness: Jordan Okafor: Lead Product Manager → Group Product Manager")
    assert "| At least 12 months in the level below | ✔ met | 14 months in role |" in markdown


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_packet(runner, case: Path, tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    result = invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "pdf", "--out", out)
    assert result.exit_code == 1 and out.exists()
    text = subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True, check=True).stdout
    assert "Promotion packet" in text and "Jordan Okafor" in text
    confidential_marks = text.count("Confidential\n")
    text = " ".join(text.split())  # pdftotext breaks lines where the layout wraps them
    # calibration is the committee's own step: the packet is ready *for* it, not failed by it
    assert "Ready for calibration: every criterion due before the committee is met" in text
    assert "due at calibration" in text and "NOT READY" not in text
    assert "Confidential personnel record about a named person" in text and confidential_marks == text.count(
        "Page "
    )  # on every page
    for competency in (
        "Product strategy: Proficient",
        "Executive influence: Developing",
        "People leadership and coaching: Advanced",
        "Written communication: Proficient",
    ):
        assert competency in text  # every rating, including those no criterion asks for
    assert "Committee decision" in text and "HR business partner: name, signature, date" in text
    info = subprocess.run(["pdfinfo", out], capture_output=True, text=True, check=True).stdout
    assert int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))) <= 5
    again = tmp_path / "again.pdf"
    invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "pdf", "--out", again)
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(
    "edit, expected",
    [
        (("months_in_role:", "month_in_role:"), "error [schema-unknown-key] unknown key `month_in_role`"),
        (
            ("target_level: gpm", "target_level: gmp"),
            "error [unknown-reference] level `gmp` is not in track `group-product-manager`",
        ),
        (("rating: developing\n", "rating: stellar\n"), "error [unknown-reference] `stellar` is not on the scale"),
        (
            ("target_level: gpm", "target_level: lead-pm"),
            "error [assessment] `lead-pm` is not a promotion from `lead-pm`",
        ),
        (
            ("- criterion: report-growth", "- criterion: report-growt"),
            "error [unknown-reference] `report-growt` is not one of `gpm`'s required evidence",
        ),
        (
            ("months_in_role: 14", "months_in_role: 14\nmonths_in_role: 15"),
            "error [duplicate-key] duplicate key `months_in_role`",
        ),
    ],
)
def test_invalid_assessments_are_located_errors(runner, case: Path, edit, expected: str) -> None:
    case.write_text(case.read_text().replace(*edit))
    result = invoke(runner, "assess", case, "--ladders", LADDERS)
    assert result.exit_code == 2 and expected in result.output and "Traceback" not in result.output
    assert f"{case}:" in result.output or "case.yaml:" in result.output


def test_example_validates_against_its_schema() -> None:
    import jsonschema

    schema = json.loads((REPO / "schemas" / "assessment.v1.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(EXAMPLE.read_text()))
