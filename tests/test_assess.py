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


def cover_every_behaviour(data: dict) -> None:
    """Give every behaviour of the current level (counted) an item that names and supports it, so each
    test below changes one thing in an otherwise fully evidenced case."""
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(LADDERS).framework
    current = framework.level(data["current_level"])
    for rating in data["ratings"]:
        block = current.expectations_for(rating["competency"])
        rating.setdefault("evidence", [])
        for behaviour in block.cumulative if block.applicable else ():
            rating["evidence"].append({"text": f"Shown: {behaviour.text}", "behaviours": [behaviour.id]})


@pytest.fixture
def case(tmp_path: Path) -> Path:
    target = tmp_path / "case.yaml"
    shutil.copy(EXAMPLE, target)
    change(target, cover_every_behaviour)
    return target


def change(path: Path, update) -> None:
    data = yaml.safe_load(path.read_text())
    update(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def statuses(runner, path: Path) -> tuple[int, dict[str, str]]:
    result = invoke(runner, "assess", path, "--ladders", LADDERS, "--format", "json")
    data = json.loads(result.stdout)
    return result.exit_code, {r["id"]: r["status"] for r in data["results"]}


def complete(data: dict) -> None:
    data["process"].append({"step": "product-calibration", "completed_on": "2026-03-20"})


def test_a_covered_case_is_ready_for_calibration_until_calibration_is_done(runner, case: Path) -> None:
    code, results = statuses(runner, case)
    assert code == 1 and results["product-calibration"] == "pending"
    assert {s for k, s in results.items() if k != "product-calibration"} == {"met"}
    verdict = json.loads(invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "json").stdout)["verdict"]
    assert verdict == {
        "state": "ready for calibration",
        "met": 23,
        "total": 24,
        "pending": ["calibration"],
        "text": "Ready for calibration: 23 of 24 criteria met; calibration pending",
    }
    change(case, complete)
    code, results = statuses(runner, case)
    assert code == 0 and set(results.values()) == {"met"}
    assert invoke(runner, "assess", case, "--ladders", LADDERS).output.strip().endswith("Ready: 24 of 24 criteria met")


def test_a_competency_the_bar_does_not_name_is_not_judged(runner, case: Path) -> None:
    """The level expects Proficient in delivery of people settled in it; the bar into it does not
    name delivery, so a candidate's Developing there is recorded, not judged."""
    change(case, complete)
    change(case, lambda d: next(r for r in d["ratings"] if r["competency"] == "delivery").update(rating="developing"))
    code, results = statuses(runner, case)
    assert code == 0 and "rating-delivery" not in results and set(results.values()) == {"met"}


def test_category_rating_applies_to_every_competency_in_it(runner, case: Path, tmp_path: Path) -> None:
    ladders = tmp_path / "ladders"
    shutil.copytree(LADDERS, ladders)
    track = ladders / "tracks" / "group-product-manager.yaml"
    data = yaml.safe_load(track.read_text())
    gpm = next(level for level in data["tracks"][0]["levels"] if level["id"] == "gpm")
    gpm["promotion"]["min_ratings"].append({"category": "execution", "rating": "advanced"})
    track.write_text(yaml.safe_dump(data, sort_keys=False))
    change(case, complete)
    result = invoke(runner, "assess", case, "--ladders", ladders, "--format", "json")
    results = {r["id"]: r["status"] for r in json.loads(result.stdout)["results"]}
    assert result.exit_code == 1 and results["rating-delivery"] == "not met"  # execution category: advanced
    assert "rating-product-strategy" not in results  # a strategy competency: neither the category nor the bar names it


def test_rating_without_evidence_is_missing_evidence(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: next(r for r in d["ratings"] if r["competency"] == "decision-making").pop("evidence"))
    code, results = statuses(runner, case)
    assert code == 1 and results["coverage-decision-making"] == "missing evidence"
    assert results["rating-decision-making"] == "met"  # the rating meets the bar; its evidence is counted above


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
    assert "… pending          The case passes promotion calibration before the committee decides." in text
    assert text.strip().endswith("Ready for calibration: 23 of 24 criteria met; calibration pending")
    markdown = invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "markdown").output
    assert markdown.startswith("## Promotion readiness: Jordan Okafor: Lead Product Manager → Group Product Manager")
    assert "**Ready for calibration: 23 of 24 criteria met; calibration pending**" in markdown
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
    assert "Ready for calibration: 23 of 24 criteria met; calibration pending" in text
    assert "… pending due when the committee meets" in text and "NOT READY" not in text
    not_applicable = (  # the example's one N/A, with its reason and reviewers: in the list and under its rating
        "N/A: Onboarding has two PMs who each own a product; Jordan handed over the last backlog in full in January,"
        " as the Director asked; reviewed by Priya Raman (Director of Product) and Dana Weiss (HR business partner)"
    )
    assert text.count(not_applicable) == 2
    assert "Behaviours marked N/A, with the reason and the reviewer (1)" in text
    assert "Confidential personnel record about a named person" in text and confidential_marks == text.count(
        "Page "
    )  # on every page
    for competency in (
        "Product strategy: Proficient",
        "Executive influence: Proficient",
        "People leadership and coaching: Advanced",
        "Written communication: Proficient",
    ):
        assert competency in text  # every rating, including those no criterion asks for
    assert "Committee decision" in text and "HR business partner: name, signature, date" in text
    info = subprocess.run(["pdfinfo", out], capture_output=True, text=True, check=True).stdout
    # 13 rated competencies with counted and growth behaviours, 24 criteria (ladders 2.0.0), the decision page
    assert int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))) <= 10
    again = tmp_path / "again.pdf"
    invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "pdf", "--out", again)
    assert again.read_bytes() == out.read_bytes()


def _rating(data: dict, competency: str) -> dict:
    return next(r for r in data["ratings"] if r["competency"] == competency)


def _json(runner, path: Path) -> tuple[object, dict[str, dict]]:
    result = invoke(runner, "assess", path, "--ladders", LADDERS, "--format", "json")
    return result, {r["id"]: r for r in json.loads(result.stdout)["results"]}


@pytest.mark.parametrize("placeholder", ["TBD", "n/a", "-", "  ...  ", "Lorem ipsum dolor sit amet", "todo: add link"])
def test_placeholder_evidence_does_not_count_and_is_a_located_warning(runner, case: Path, placeholder: str) -> None:
    change(case, complete)
    change(case, lambda d: _rating(d, "decision-making").update(evidence=[placeholder]))
    result, results = _json(runner, case)
    assert result.exit_code == 1
    assert results["coverage-decision-making"]["status"] == "missing evidence"
    assert results["coverage-decision-making"]["detail"] == (
        "0 of 2 behaviours evidenced, 2 needed (1 placeholder item not counted)"
    )
    line = next(
        n
        for n, text in enumerate(case.read_text().splitlines(), 1)
        if text.strip().startswith("- competency: decision-making")
    )
    assert f"case.yaml:{line + 3}:" in result.stderr  # the evidence item itself: competency, rating, evidence, item
    assert "warning [weak-evidence] evidence for `decision-making` is a placeholder" in result.stderr


def test_a_substantive_item_beside_a_placeholder_still_counts(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: _rating(d, "decision-making")["evidence"].append("TBD"))
    _, results = _json(runner, case)
    assert results["coverage-decision-making"]["status"] == "met"
    assert (
        results["coverage-decision-making"]["detail"] == "2 of 2 behaviours evidenced (1 placeholder item not counted)"
    )


def test_evidence_repeated_for_three_competencies_counts_for_none(runner, case: Path) -> None:
    change(case, complete)
    same = {"text": "Quarterly review deck", "behaviours": ["lead-feature-calls"]}

    def repeat(data: dict) -> None:
        _rating(data, "decision-making")["evidence"] = [same]
        _rating(data, "roadmap-alignment")["evidence"] = [{**same, "behaviours": ["lead-dependency-map"]}]
        _rating(data, "delivery")["evidence"] = [{**same, "behaviours": ["lead-rituals"]}]

    change(case, repeat)
    result, results = _json(runner, case)
    assert result.exit_code == 1
    assert {k: results[f"coverage-{k}"]["detail"] for k in ("decision-making", "roadmap-alignment", "delivery")} == {
        "decision-making": "0 of 2 behaviours evidenced, 2 needed (1 item repeated across competencies not counted)",
        "roadmap-alignment": "0 of 1 behaviours evidenced, 1 needed (1 item repeated across competencies not counted)",
        "delivery": "0 of 1 behaviours evidenced, 1 needed (1 item repeated across competencies not counted)",
    }
    # roadmap alignment and delivery are not in the bar into GPM: their ratings are not judged
    assert "rating-roadmap-alignment" not in results and "rating-delivery" not in results
    assert result.stderr.count("warning [weak-evidence] the same evidence is cited for 3 or more") == 3


def test_unmapped_evidence_is_flagged_and_evidences_no_behaviour(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: _rating(d, "product-craft").update(evidence=["Spec reviews for both reports"]))
    result, results = _json(runner, case)
    assert result.exit_code == 1 and results["coverage-product-craft"]["status"] == "missing evidence"
    assert results["coverage-product-craft"]["detail"] == "0 of 1 behaviours evidenced, 1 needed"
    assert (results["rating-product-craft"]["status"], results["rating-product-craft"]["detail"]) == (
        "met",
        "rated Proficient",
    )
    assert "warning [weak-evidence] evidence for `product-craft` names no behaviour" in result.stderr


def test_evidence_mapped_to_a_behaviour_the_level_does_not_have_is_an_error(runner, case: Path) -> None:
    change(case, lambda d: _rating(d, "product-craft")["evidence"][0].update(behaviours=["gpm-crafts"]))
    result = invoke(runner, "assess", case, "--ladders", LADDERS)
    assert result.exit_code == 2
    assert "error [unknown-reference] `gpm-crafts` is not a behaviour of this case in `product-craft`" in result.output
    assert "hint: behaviours: gpm-craft, lead-craft" in result.output  # the ids it may name: counted and growth


def test_placeholder_link_for_required_evidence_is_missing_evidence(runner, case: Path) -> None:
    change(case, complete)
    change(case, lambda d: d["evidence"][1].update(links=["n/a"]))
    result, results = _json(runner, case)
    assert results["report-growth"]["status"] == "missing evidence"
    assert results["report-growth"]["detail"] == "only a placeholder was given"
    assert "warning [weak-evidence] evidence for `report-growth` is a placeholder ('n/a')" in result.stderr


def test_the_packet_shows_weak_and_unmapped_evidence(runner, case: Path, tmp_path: Path) -> None:
    change(case, lambda d: _rating(d, "decision-making").update(evidence=["TBD"]))
    change(case, lambda d: _rating(d, "product-craft").update(evidence=["Spec reviews for both reports"]))
    out = tmp_path / "packet.pdf"
    assert invoke(runner, "assess", case, "--ladders", LADDERS, "--format", "pdf", "--out", out).exit_code == 1
    text = " ".join(subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True, check=True).stdout.split())
    section = text.split("Evidence the committee should question", 1)[1]
    assert "Decision-making: “TBD”: Placeholder: does not count" in section
    assert (
        "Product craft and technical judgement: “Spec reviews for both reports”: Names no behaviour: "
        "the committee should ask which behaviour it shows" in section
    )
    assert "✔ Writes a six-month strategy for the product area" in text  # a counted behaviour evidenced, by its words
    assert "○ Decides scope and sequencing across the area" in text  # a counted behaviour no evidence supports
    assert "· Approves what ships and when across the domain" in text  # growth at GPM, not evidenced: not counted
    assert "lead-area-strategy" not in text and "gpm-domain-strategy" not in text  # no ids


@pytest.mark.parametrize(
    "edit, expected",
    [
        (("months_in_role:", "month_in_role:"), "error [schema-unknown-key] unknown key `month_in_role`"),
        (
            ("target_level: gpm", "target_level: gmp"),
            "error [unknown-reference] level `gmp` is not in track `group-product-manager`",
        ),
        (("rating: advanced\n", "rating: stellar\n"), "error [unknown-reference] `stellar` is not on the scale"),
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
