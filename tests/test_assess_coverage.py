"""`ladder assess` cannot overstate: behaviour coverage, questioned evidence and one verdict everywhere.

A case is judged on (a) evidence for every behaviour of the level the person holds and (b) the bar
of the target level; the target's own behaviours are growth evidence, not counted. The planted case
(on the mini project, Manager → Senior Manager) has four behaviours of the Manager level: two
supported by evidence, one with no evidence at all, and one named by an item whose words do not
support it. Every report lists exactly those two and that one, under the same verdict.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import invoke

VERDICT = "Not ready: 5 of 7 criteria met"
UNEVIDENCED = [
    "Vision: Names the top three risks to the team's plan and who owns each.",
    "Coaching: Gives each report written feedback on their work every month.",
]
QUESTIONED = (
    "Coaching: “Report promoted to team lead in June” for “Gives each report written feedback on their work every"
    " month.”: Does not support the behaviour it names: shares only “report” with it (2 needed) and quotes none of it"
)


@pytest.fixture
def project(mini: Path) -> Path:
    tracks = mini / "tracks.yaml"
    text = tracks.read_text(encoding="utf-8")
    for old, new in (  # mini's ids, as `ladder ids` wrote them, made readable; Manager behaviours planted
        (
            "              - id: manager-1.coaching.333f886ebd\n"
            "                text: Runs weekly one-to-ones with each report.\n",
            "              - {id: coach-weekly, text: Runs weekly one-to-ones with each report.}\n"
            "              - {id: coach-feedback, text: Gives each report written feedback on their work every month.}\n",
        ),
        (
            "                text: Writes the team's quarterly plan.\n",
            "                text: Writes the team's quarterly plan.\n"
            "              - id: vision-risks\n"
            "                text: Names the top three risks to the team's plan and who owns each.\n",
        ),
        (
            "              - id: manager-2.coaching.e3ddde5d18\n"
            "                text: Coaches managers on hiring decisions.\n",
            "              - {id: coach-hiring, text: Hires managers and coaches them on hiring decisions.}\n",
        ),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    tracks.write_text(text, encoding="utf-8")
    return mini


CASE = {
    "person": "Sam Rivera",
    "track": "manager",
    "current_level": "manager-1",
    "target_level": "manager-2",
    "date": "2026-05-04",
    "months_in_role": 14,
    "ratings": [
        {
            "competency": "vision",
            "rating": "proficient",
            "evidence": [
                {"text": "Wrote the team's quarterly plan every quarter of 2026", "behaviours": ["vision-quarter"]},
                {"text": "Wrote the group's annual plan for 2027, agreed in March", "behaviours": ["vision-year"]},
            ],
        },
        {
            "competency": "coaching",
            "rating": "advanced",
            "evidence": [
                {"text": "Weekly one-to-ones with each of five reports since January", "behaviours": ["coach-weekly"]},
                {"text": "Report promoted to team lead in June", "behaviours": ["coach-feedback"]},
            ],
        },
    ],
    "evidence": [{"criterion": "led-group-plan", "links": ["2027 planning cycle notes"]}],
    "process": [{"step": "sponsor", "completed_on": "2026-04-20", "by": "Ada Director"}],
}


def write_case(tmp_path: Path, update=None) -> Path:
    data = json.loads(json.dumps(CASE))
    if update:
        update(data)
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _json(runner, project: Path, case: Path) -> dict:
    return json.loads(invoke(runner, "assess", case, "--ladders", project, "--format", "json").stdout)


def test_terminal_lists_exactly_the_unevidenced_behaviours_and_the_mismatched_item(
    runner, project: Path, tmp_path: Path
) -> None:
    result = invoke(runner, "assess", write_case(tmp_path), "--ladders", project)
    assert result.exit_code == 1
    text = result.stdout
    unevidenced = text.split("Required behaviours with no evidence (2):\n", 1)[1].split("\n\n", 1)[0]
    assert unevidenced.splitlines() == [f"  - {line}" for line in UNEVIDENCED]
    questioned = text.split("Evidence the committee should question (1):\n", 1)[1].split("\n\n", 1)[0]
    assert questioned.splitlines() == [f"  - {QUESTIONED}"]
    assert "  ? missing evidence Evidence for the behaviours of Manager in Vision\n" in text
    assert "                     1 of 2 behaviours evidenced, 2 needed\n" in text
    assert "  ✔ met              At least Proficient in Vision\n                     rated Proficient\n" in text
    assert text.rstrip().endswith(VERDICT)
    assert "vision-risks" not in text and "coach-feedback" not in text  # words, never ids


def test_json_lists_the_same_with_ids_beside_the_words(runner, project: Path, tmp_path: Path) -> None:
    data = _json(runner, project, write_case(tmp_path))
    assert data["verdict"]["text"] == VERDICT and data["ready"] is False
    assert [(u["behaviour_id"], f"{u['competency']}: {u['behaviour']}") for u in data["unevidenced"]] == [
        ("vision-risks", UNEVIDENCED[0]),
        ("coach-feedback", UNEVIDENCED[1]),
    ]
    assert [(q["text"], q["behaviour_id"]) for q in data["questioned"]] == [
        ("Report promoted to team lead in June", "coach-feedback")
    ]
    assert {r["id"]: r["status"] for r in data["results"]} == {
        "coverage-vision": "missing evidence",
        "coverage-coaching": "missing evidence",
        "rating-vision": "met",
        "rating-coaching": "met",
        "time-in-role": "met",
        "led-group-plan": "met",
        "sponsor": "met",
    }


def test_markdown_carries_the_same_verdict_and_lists(runner, project: Path, tmp_path: Path) -> None:
    text = invoke(runner, "assess", write_case(tmp_path), "--ladders", project, "--format", "markdown").stdout
    assert f"**{VERDICT}**" in text
    assert "### Required behaviours with no evidence (2)" in text
    listed = text.split("### Required behaviours with no evidence (2)\n\n", 1)[1].split("\n\n", 1)[0]
    assert listed.splitlines() == [f"- {line}" for line in UNEVIDENCED]
    assert "### Evidence the committee should question (1)" in text
    assert "vision-risks" not in text and "coach-feedback" not in text  # words, never ids


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_packet_lists_exactly_the_same(runner, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "packet.pdf"
    assert (
        invoke(runner, "assess", write_case(tmp_path), "--ladders", project, "--format", "pdf", "--out", out).exit_code
        == 1
    )
    text = " ".join(subprocess.run(["pdftotext", out, "-"], capture_output=True, text=True, check=True).stdout.split())
    assert text.count(VERDICT) == 2  # the headline, and the committee's decision page
    unevidenced = text.split("Required behaviours with no evidence (2) ", 1)[1].split(" Evidence the committee", 1)[0]
    assert unevidenced == " ".join(f"• {line}" for line in UNEVIDENCED)
    questioned = text.split("Evidence the committee should question (1) ", 1)[1].split(" Behaviours marked N/A", 1)[0]
    assert questioned.split(" Assessed 2026-05-04 ·", 1)[0] == f"• {QUESTIONED}"  # the page may end there
    assert "COUNTED: EXPECTED AT MANAGER ✔ Writes the team's quarterly plan. ○ Names the top three risks" in text
    assert "GROWTH EVIDENCE AT SENIOR MANAGER (OPTIONAL, NOT COUNTED) ✔ Writes the group's annual plan." in text
    assert "Committee's finding and reasons" in text and "OVERALL REASONS, AGAINST THE CRITERIA" in text
    assert "at least 2 content words" in text  # the matching rule is stated


def test_a_shows_quote_from_the_behaviour_supports_it(runner, project: Path, tmp_path: Path) -> None:
    def quote(data: dict) -> None:
        data["ratings"][1]["evidence"][1]["shows"] = "written feedback on their work"

    data = _json(runner, project, write_case(tmp_path, quote))
    assert data["questioned"] == [] and data["verdict"]["text"] == "Not ready: 6 of 7 criteria met"


def test_a_shows_quote_not_in_the_behaviour_is_questioned(runner, project: Path, tmp_path: Path) -> None:
    def quote(data: dict) -> None:
        data["ratings"][1]["evidence"][1]["shows"] = "promotes people"

    [questioned] = _json(runner, project, write_case(tmp_path, quote))["questioned"]
    assert questioned["reason"] == (
        "Does not support the behaviour it names: its quote “promotes people” is not in the behaviour's text"
    )


def test_a_reviewed_not_applicable_leaves_the_count_and_is_printed_with_its_reviewer(
    runner, project: Path, tmp_path: Path
) -> None:
    def not_applicable(data: dict) -> None:
        data["ratings"][0]["not_applicable"] = [
            {"behaviour": "vision-risks", "reason": "The team has no plan risks log yet", "reviewed_by": "Bo Lind, HR"}
        ]

    case = write_case(tmp_path, not_applicable)
    data = _json(runner, project, case)
    assert {r["id"]: r["detail"] for r in data["results"]}["coverage-vision"] == "1 of 1 behaviours evidenced"
    assert [u["behaviour_id"] for u in data["unevidenced"]] == ["coach-feedback"]
    text = invoke(runner, "assess", case, "--ladders", project).stdout
    assert text.split("Behaviours marked N/A, with the reason and the reviewer (1):\n", 1)[1].split("\n\n")[0] == (
        "  - Vision: Names the top three risks to the team's plan and who owns each."
        " (N/A: The team has no plan risks log yet; reviewed by Bo Lind, HR)"
    )


@pytest.mark.parametrize(
    "entry, expected",
    [
        (
            {"behaviour": "vision-risks", "reason": "No risks log yet"},
            ":18:5: error [schema-required] missing required key `reviewed_by` at `ratings[0].not_applicable[0]`",
        ),
        (
            {"behaviour": "vision-risks", "reviewed_by": "Bo Lind, HR"},
            ":18:5: error [schema-required] missing required key `reason` at `ratings[0].not_applicable[0]`",
        ),
        (
            {"behaviour": "vision-risks", "reason": "TBD", "reviewed_by": "Bo Lind, HR"},
            ":19:13: error [assessment] the N/A for `vision-risks` does not say why it does not apply (`reason`)",
        ),
        (
            {"behaviour": "vision-risks", "reason": "No risks log yet", "reviewed_by": "n/a"},
            ":20:18: error [assessment] the N/A for `vision-risks` does not say who reviewed it (`reviewed_by`)",
        ),
        (
            {"behaviour": "vision-riskz", "reason": "No log", "reviewed_by": "Bo Lind, HR"},
            ":18:16: error [unknown-reference] `vision-riskz` is not a behaviour of Manager counted in `vision`",
        ),
        (  # a growth behaviour is not counted, so there is nothing for an N/A to take out
            {"behaviour": "vision-year", "reason": "No group yet", "reviewed_by": "Bo Lind, HR"},
            ":18:16: error [unknown-reference] `vision-year` is not a behaviour of Manager counted in `vision`",
        ),
    ],
)
def test_a_not_applicable_needs_a_counted_behaviour_a_reason_and_a_reviewer(
    runner, project: Path, tmp_path: Path, entry: dict, expected: str
) -> None:
    def not_applicable(data: dict) -> None:
        data["ratings"][0]["not_applicable"] = [entry]

    result = invoke(runner, "assess", write_case(tmp_path, not_applicable), "--ladders", project)
    assert result.exit_code == 2
    assert f"case.yaml{expected}" in result.output, result.output


def test_coverage_is_counted_on_the_current_level_not_the_target(runner, project: Path, tmp_path: Path) -> None:
    """Every Manager behaviour evidenced and no Senior Manager behaviour at all: the case is ready."""

    def sustained(data: dict) -> None:
        data["ratings"][0]["evidence"] = [
            {"text": "Wrote the team's quarterly plan every quarter of 2026", "behaviours": ["vision-quarter"]},
            {
                "text": "Names the three risks to the team's plan and their owners in each",
                "behaviours": ["vision-risks"],
            },
        ]
        data["ratings"][1]["evidence"] = [
            {"text": "Weekly one-to-ones with each of five reports since January", "behaviours": ["coach-weekly"]},
            {"text": "Written monthly feedback to each report on their work", "behaviours": ["coach-feedback"]},
        ]

    data = _json(runner, project, write_case(tmp_path, sustained))
    assert data["verdict"]["text"] == "Ready: 7 of 7 criteria met"
    assert data["unevidenced"] == []
    assert [(c["competency_id"], [(b["id"], b["status"]) for b in c["growth"]]) for c in data["coverage"]] == [
        ("vision", [("vision-year", "not evidenced")]),
        ("coaching", [("coach-hiring", "not evidenced")]),
    ]
    assert data["coverage_basis"] == (
        "the behaviours of Manager, the level the person holds (sustained performance); Senior Manager's own"
        " behaviours are growth evidence: optional, not counted."
    )


def test_the_bar_is_the_target_levels_ratings(runner, project: Path, tmp_path: Path) -> None:
    """Full evidence at the current level does not lift a rating below the target's bar."""

    def below(data: dict) -> None:
        data["ratings"][1]["rating"] = "proficient"  # the bar into Senior Manager asks Advanced in leadership

    results = {r["id"]: r for r in _json(runner, project, write_case(tmp_path, below))["results"]}
    assert (results["rating-coaching"]["requirement"], results["rating-coaching"]["status"]) == (
        "At least Advanced in Coaching",
        "not met",
    )
    assert results["rating-coaching"]["detail"] == "rated Proficient"


def test_an_external_hire_is_counted_on_the_level_below_the_target_as_an_internal_candidate(
    runner, project: Path, tmp_path: Path
) -> None:
    """One bar for hires: someone joining Senior Manager is counted on Manager's behaviours, as someone
    holding Manager is; Senior Manager's own are growth evidence, not counted."""

    def joining(data: dict) -> None:
        del data["current_level"]
        data["joining_from"] = "Group lead at another company"
        data["ratings"] = [
            {
                "competency": "vision",
                "rating": "proficient",
                "evidence": [
                    {"text": "Wrote the team's quarterly plan at their last company", "behaviours": ["vision-quarter"]},
                    {"text": "Wrote the group's annual plan at their last company", "behaviours": ["vision-year"]},
                ],
            },
            {"competency": "coaching", "rating": "advanced"},
        ]

    case = write_case(tmp_path, joining)
    data = _json(runner, project, case)
    assert data["joining"] is True and data["entry_level"] is False and data["current_level"] == ""
    assert data["counted_at"] == "Manager"
    assert [
        (c["competency_id"], [b["id"] for b in c["behaviours"]], [b["id"] for b in c["growth"]])
        for c in data["coverage"]
    ] == [
        ("vision", ["vision-quarter", "vision-risks"], ["vision-year"]),  # Manager's counted, as for an internal
        ("coaching", ["coach-weekly", "coach-feedback"], ["coach-hiring"]),
    ]
    assert {r["id"]: (r["requirement"], r["detail"]) for r in data["results"]}["coverage-vision"] == (
        "Evidence for the behaviours of Manager in Vision",
        "1 of 2 behaviours evidenced, 2 needed",
    )
    assert data["verdict"]["text"] == "Not ready: 5 of 7 criteria met"
    text = invoke(runner, "assess", case, "--ladders", project).stdout
    assert text.startswith(
        "Sam Rivera: joining from Group lead at another company → Senior Manager (Manager), 2026-05-04\n"
    )
    assert (
        "Evidence is counted against: the behaviours of Manager, the level below the one entered, as for an"
        " internal candidate, in the competencies the bar of Senior Manager rates; Senior Manager's own behaviours"
        " are growth evidence: optional, not counted.\n" in text
    )


@pytest.mark.parametrize(
    "update, expected",
    [
        (
            lambda d: d.update(joining_from="Another company"),
            "error [assessment] the case gives both `current_level` and `joining_from`",
        ),
        (lambda d: d.pop("current_level"), "error [assessment] the case gives neither `current_level` nor"),
    ],
)
def test_a_case_names_one_current_level_or_where_the_person_joins_from(
    runner, project: Path, tmp_path: Path, update, expected: str
) -> None:
    result = invoke(runner, "assess", write_case(tmp_path, update), "--ladders", project)
    assert result.exit_code == 2 and expected in result.output


def test_the_ladder_states_how_many_behaviours_a_rating_needs(runner, project: Path, tmp_path: Path) -> None:
    framework = project / "framework.yaml"
    framework.write_text(
        framework.read_text(encoding="utf-8").replace(
            "    name: Proficiency\n", "    name: Proficiency\n    evidence_rule: {min_share: 0.5}\n", 1
        ),
        encoding="utf-8",
    )
    data = _json(runner, project, write_case(tmp_path))
    assert data["verdict"]["text"] == "Ready: 7 of 7 criteria met"
    assert data["coverage_rule"].startswith("A case needs evidence for at least 50% of the counted behaviours")
    assert len(data["unevidenced"]) == 2 and len(data["questioned"]) == 1  # still listed for the committee


def test_content_words_and_the_matching_rule() -> None:
    from ladder_compiler.assess.coverage import content_words, mismatch

    assert content_words("Hires product managers") == {"hir", "product", "manag"}
    assert content_words("hiring the managers") == {"hir", "manag"}
    assert mismatch("Report promoted to PM II", None, "Hires product managers and runs their reviews") == (
        "shares no content word with it (2 needed) and quotes none of it"
    )
    assert mismatch("Hiring plan for product managers", None, "Hires product managers") is None


def test_the_verdict_names_pending_committee_steps() -> None:
    from ladder_compiler.assess import CriterionResult, verdict_of

    met = CriterionResult("a", "rating", "", "met", "")
    pending = CriterionResult("b", "process", "", "pending", "")
    open_ = CriterionResult("c", "process", "", "not met", "")
    assert (
        verdict_of((met, pending), ("calibration",)).text
        == "Ready for calibration: 1 of 2 criteria met; calibration pending"
    )
    assert (
        verdict_of((met, open_, pending), ("calibration",)).text
        == "Not ready: 1 of 3 criteria met; calibration pending"
    )
    assert verdict_of((met,), ()).text == "Ready: 1 of 1 criteria met"


def test_the_ppm_example_is_ready_for_calibration_with_one_item_questioned(runner) -> None:
    import jsonschema

    from conftest import LADDERS, REPO

    example = REPO / "examples" / "assessment-ppm.yaml"
    schema = json.loads((REPO / "schemas" / "assessment.v1.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(example.read_text()))
    result = invoke(runner, "assess", example, "--ladders", LADDERS, "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and result.stderr == ""
    assert data["verdict"]["text"] == "Ready for calibration: 26 of 27 criteria met; calibration pending"
    assert data["unevidenced"] == []
    assert [(q["competency"], q["text"]) for q in data["questioned"]] == [
        ("Written communication", "Monthly portfolio newsletter to forty PMs")
    ]
