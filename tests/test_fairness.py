"""The fairness rules of `ladder lint`: each fires, with its exact record, on one planted defect in
the small fixture (which is clean of them), a declared exception silences only its rule on its
route, and every defect the HR review found in the 1.1.0 ladders is caught by name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_lint import _add_third_manager_level, edit

from ladder_compiler.lint import FAIRNESS_RULES, all_rules

from conftest import REPO, invoke

RELEASE_1_1_0 = REPO / "tests" / "fixtures" / "ladders-1.1.0"  # ladders/ as released in 1.1.0 (c3cad78)
MOVE_CRITERIA = "description: Ready for a portfolio.\n        min_months_in_role: 18"


def records(runner, project: Path, rules: tuple[str, ...] = FAIRNESS_RULES) -> list[tuple[str, str, int, int, str]]:
    result = invoke(runner, "lint", project, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return [
        (f["rule"], Path(f["file"]).name, f["line"], f["column"], f["message"])
        for f in json.loads(result.output)
        if f["rule"] in rules
    ]


@pytest.fixture
def mini(fair: Path) -> Path:
    return fair


def test_every_fairness_rule_is_registered() -> None:
    assert set(FAIRNESS_RULES) <= {rule.ID for rule in all_rules()}


def test_the_fixture_is_clean_of_every_fairness_rule(runner, mini: Path) -> None:
    assert records(runner, mini) == []


PLANTED = {
    "route-equity": (
        [(MOVE_CRITERIA, MOVE_CRITERIA.replace("18", "12"))],
        [
            (
                "tracks.yaml",
                116,
                7,
                "the move `manager-2` → `strategist-2` asks a different bar from promotion into `strategist-2`:"
                " 12 months in role (against 18); ask the same, or declare a reviewed exception (rule: route-equity)"
                " with the reason",
            )
        ],
    ),
    "expectation-complete": (
        [
            ("expected: developing\n            behaviours: [Maps", "behaviours: [Maps"),
            ("expected: proficient\n            behaviours: [Sets a three", "behaviours: [Sets a three"),
        ],
        [
            (
                "tracks.yaml",
                80,
                11,
                "`strategist-1` rates Vision but states no expected rating for it; add `expected:`",
            ),
            (
                "tracks.yaml",
                91,
                11,
                "`strategist-2` rates Vision but states no expected rating for it; add `expected:`",
            ),
        ],
    ),
    "promotion-above-expectation": (  # the bar asks more than the level held (manager-1) and the level entered
        [
            ("rating: developing\n            - category", "rating: proficient\n            - category"),
            ("rating: developing\n          min_months", "rating: advanced\n          min_months"),
            ("expected: advanced\n", "expected: proficient\n"),
        ],
        [
            (
                "tracks.yaml",
                52,
                9,
                "promotion into `manager-2` asks advanced in Coaching, above the proficient expected of people"
                " settled in `manager-2`",
            ),
            (
                "tracks.yaml",
                52,
                9,
                "promotion into `manager-2` asks proficient in Vision, above the developing expected at `manager-1`,"
                " the level the candidate holds and is rated on",
            ),
        ],
    ),
    "peer-bar-mismatch": (
        [("rule: peer-bar-mismatch", "rule: route-equity")],
        [
            (
                "tracks.yaml",
                52,
                9,
                "peers `manager-2` and `strategist-2` are entered under different bars: 12 against 18 months in role",
            )
        ],
    ),
    "inherited-duty": (
        [
            ("- Runs weekly one-to-ones with each report.", "- Runs the team's sprint planning each week."),
            ("direct_reports: {min: 4, max: 6}", "direct_reports: {min: 4, max: 6, description: Managers}"),
        ],
        [
            (
                "tracks.yaml",
                48,
                11,
                "`manager-2` (manages Managers) still carries `manager-1.coaching.cf02731e46` (from `manager-1`),"
                " a hands-on duty (“sprint”); raise it, retire it (`retires:`) or set `progression: replace`",
            )
        ],
    ),
    "not-applicable": (
        [("    description: Plans the work.", "    description: Plans the work.\n    requires_direct_reports: true")],
        [
            (
                "tracks.yaml",
                95,
                11,
                "`strategist-2` has no direct reports but rates Planning, which needs them; mark it `not_applicable`"
                " with the reason",
            )
        ],
    ),
    "circular-entry": (
        [(MOVE_CRITERIA, MOVE_CRITERIA + "\n        min_ratings: [{competency: planning, rating: proficient}]")],
        [
            (
                "tracks.yaml",
                116,
                7,
                "the move `manager-2` → `strategist-2` asks proficient in Planning, which `manager-2` does not rate:"
                " only holding `strategist-2` would show it",
            )
        ],
    ),
    "naming-scheme": (
        [("grade: G7}", "grade: M7}")],
        [("tracks.yaml", 31, 9, "`manager-2` has job code `M2` and grade `M7`: two numbers for one level")],
    ),
    "coded-wording": (
        [("- Coaches managers on hiring decisions.", "- Coaches managers with a sanity check on hiring decisions.")],
        [
            (
                "tracks.yaml",
                51,
                17,
                "behaviour in `manager-2`/`coaching` uses “sanity check”, ableist wording; describe what the person does",
            )
        ],
    ),
}


@pytest.mark.parametrize("rule_id", sorted(PLANTED))
def test_each_rule_fires_on_its_planted_defect_with_the_exact_record(runner, mini: Path, rule_id: str) -> None:
    edits, expected = PLANTED[rule_id]
    for old, new in edits:
        edit(mini, old, new, "competencies.yaml" if "Plans the work." in old else "tracks.yaml")
    assert records(runner, mini, (rule_id,)) == [(rule_id, *record) for record in expected]


# The same evidence and process steps on both routes into `strategist-2`: its promotion and the move from `manager-2`.
STEPS = """evidence:
  - id: {p}plan
    description: A portfolio plan that the planning forum adopted.
process:
  - id: {p}sponsor
    kind: sponsorship
    description: A director sponsors the case.
  - id: {p}peers
    kind: peer-feedback
    description: Written feedback from two strategists and an engineering manager.
  - id: {p}calibration
    kind: calibration
    description: The case passes promotion calibration.
"""
MOVE = "the move `manager-2` → `strategist-2` asks a different bar from promotion into `strategist-2`: "
ASK = "; ask the same, or declare a reviewed exception (rule: route-equity) with the reason"


def _same_steps(project: Path) -> None:
    def indented(prefix: str, spaces: int) -> str:
        return "".join(" " * spaces + line + "\n" for line in STEPS.format(p=prefix).splitlines())

    edit(
        project,
        "min_months_in_role: 18\n          exceptions:",
        "min_months_in_role: 18\n" + indented("", 10) + "          exceptions:",
    )
    edit(
        project,
        "min_months_in_role: 18\n    - {from: strategist-2",
        "min_months_in_role: 18\n" + indented("move-", 8) + "    - {from: strategist-2",
    )


PROCESS_PLANTED = {
    "sponsor role": (
        "description: A director sponsors the case.\n          - id: move-peers",
        "description: A VP sponsors the case.\n          - id: move-peers",
        [(MOVE + "sponsorship step `move-sponsor` reads “vp” (against “director”)" + ASK)],
    ),
    "mentor period": (
        "description: A director sponsors the case.\n          - id: move-peers",
        "description: A director sponsors the case and names a strategist to mentor them for six months.\n"
        "          - id: move-peers",
        [(MOVE + "sponsorship step `move-sponsor` adds “and names a strategist to mentor them for six months”" + ASK)],
    ),
    "feedback source": (
        "description: Written feedback from two strategists and an engineering manager.\n          - id: move-calibration",
        "description: Written feedback from two strategists.\n          - id: move-calibration",
        [(MOVE + "peer-feedback step `move-peers` lacks “and an engineering manager”" + ASK)],
    ),
    "calibration": (
        "          - id: move-calibration\n            kind: calibration\n            description: The case passes promotion calibration.\n",
        "",
        [(MOVE + "process peer-feedback, sponsorship (against calibration, peer-feedback, sponsorship)" + ASK)],
    ),
    "second step of a kind": (
        "          - id: move-calibration\n",
        "          - id: move-panel\n            kind: calibration\n            description: A panel reviews the case.\n"
        "          - id: move-calibration\n",
        [(MOVE + "2 calibration steps (against 1)" + ASK)],
    ),
    "evidence wording": (
        "description: A portfolio plan that the planning forum adopted.\n        process",
        "description: A portfolio plan for two business units that the planning forum adopted.\n        process",
        [(MOVE + "evidence `move-plan` adds “for two business units”" + ASK)],
    ),
    "evidence count": (
        "        process:\n          - id: move-sponsor",
        "          - id: move-extra\n            description: A second plan.\n        process:\n          - id: move-sponsor",
        [(MOVE + "2 evidence items (against 1)" + ASK)],
    ),
}


@pytest.mark.parametrize("kind", sorted(PROCESS_PLANTED))
def test_route_equity_compares_the_process_steps_and_evidence_of_each_route(runner, mini: Path, kind: str) -> None:
    _same_steps(mini)
    assert records(runner, mini, ("route-equity",)) == []
    old, new, messages = PROCESS_PLANTED[kind]
    edit(mini, old, new)
    assert records(runner, mini, ("route-equity",)) == [("route-equity", "tracks.yaml", 129, 7, m) for m in messages]


def test_route_equity_reports_a_step_set_for_internal_candidates_alone(runner, mini: Path) -> None:
    _same_steps(mini)
    clause = "Written feedback from two strategists and an engineering manager."
    endorsed = clause + " For an internal candidate, the current manager endorses the case in writing first."
    edit(mini, clause + "\n            - id: calibration", endorsed + "\n            - id: calibration")
    edit(mini, clause + "\n          - id: move-calibration", endorsed + "\n          - id: move-calibration")
    found = "internal candidates alone for part of `{}`: “For an internal candidate, the current manager endorses the"
    ask = " case in writing first”; ask every candidate the same, or declare a reviewed exception (rule: route-equity) with the reason"
    assert records(runner, mini, ("route-equity",)) == [
        ("route-equity", "tracks.yaml", 98, 9, "promotion into `strategist-2` asks " + found.format("peers") + ask),
        (
            "route-equity",
            "tracks.yaml",
            129,
            7,
            "the move `manager-2` → `strategist-2` asks " + found.format("move-peers") + ask,
        ),
    ]


def test_route_equity_pairs_repeated_items_once_each() -> None:
    from ladder_compiler.lint.rules.route_equity import _text_differences

    twice, once = [("a", "A plan."), ("b", "A plan.")], [("x", "A plan."), ("y", "A budget.")]
    assert list(_text_differences(twice, once)) == [("b", "reads “plan” (against “budget”)")]
    assert list(_text_differences(once, twice)) == [("y", "reads “budget” (against “plan”)")]


def test_uneven_step_names_the_step_and_the_median(runner, mini: Path) -> None:
    _add_third_manager_level(mini)
    assert records(runner, mini, ("uneven-step",)) == []
    edit(
        mini,
        "behaviours: [Grows managers into directors.]",
        "behaviours: [Grows managers into directors., Plans succession., Runs calibration., Sets the bar.,"
        " Hires managers., Coaches directors., Reviews every hire.]",
    )
    assert records(runner, mini, ("uneven-step",)) == [
        (
            "uneven-step",
            "tracks.yaml",
            31,
            9,
            "the step into `manager-2` brings 2 new expectations, against a median of 5 per step in Manager",
        )
    ]


def test_a_declared_exception_silences_only_its_rule_on_its_route(runner, mini: Path) -> None:
    edit(mini, MOVE_CRITERIA, MOVE_CRITERIA + "\n        min_ratings: [{competency: planning, rating: proficient}]")
    assert {r[0] for r in records(runner, mini)} == {"route-equity", "circular-entry"}
    edit(
        mini,
        MOVE_CRITERIA,
        MOVE_CRITERIA + "\n        exceptions:\n          - rule: route-equity\n"
        "            reason: Strategy is rated on a planning forum the candidate already runs.\n"
        "            reviewed_by: Head of People\n            reviewed_on: 2026-02-01",
    )
    assert [r[0] for r in records(runner, mini)] == ["circular-entry"]


def test_an_exception_names_a_rule_that_honours_it(runner, mini: Path) -> None:
    edit(mini, "rule: peer-bar-mismatch", "rule: vague-wording")
    result = invoke(runner, "lint", mini)
    assert result.exit_code == 1
    assert "tracks.yaml:102:21: error [schema-enum]" in result.output


@pytest.fixture
def release_1_1_0(tmp_path: Path) -> Path:
    """The 1.1.0 ladders, with people leadership declared a competency that needs direct reports."""
    project = tmp_path / "ladders"
    shutil.copytree(RELEASE_1_1_0, project)
    # 1.1.0 named 1.0.0 as its previous release; the path must exist inside the project.
    shutil.copytree(REPO / "ladders" / ".releases", project / ".releases")
    edit(
        project,
        "  - id: people-leadership\n    name: People leadership and coaching\n",
        "  - id: people-leadership\n    name: People leadership and coaching\n    requires_direct_reports: true\n",
        "competencies.yaml",
    )
    return project


def test_every_defect_the_review_found_in_1_1_0_is_caught_by_name(runner, release_1_1_0: Path) -> None:
    found = records(runner, release_1_1_0)
    messages = {(rule, message) for rule, _, _, _, message in found}

    def caught(rule: str, *phrases: str) -> bool:
        return any(r == rule and all(p in m for p in phrases) for r, m in messages)

    # Different bars for entering one level, by route.
    assert caught(
        "route-equity", "the move `ppm` → `gpm`", "People leadership and coaching developing (against advanced)"
    )
    assert caught(
        "route-equity",
        "the move `director-of-portfolio-strategy` → `director-of-product`",
        "People leadership and coaching proficient (against exemplary)",
    )
    assert caught(
        "route-equity",
        "the move `gpm` → `ppm` asks a different bar from entry into `ppm`",
        "12 months in role (against 0); process calibration, sponsorship (against hiring-panel, work-sample)",
    )
    # Different process steps by route: sponsor roles, feedback sources, a step for internal candidates alone.
    assert caught(
        "route-equity",
        "the move `director-of-portfolio-strategy` → `director-of-product`",
        "sponsorship step `dps-to-dop-sponsor` reads “the cpo sponsors the move” (against “a vp of product sponsors"
        " the case”)",
    )
    assert caught(
        "route-equity",
        "the move `senior-ppm` → `senior-gpm`",
        "peer-feedback step `sppm-to-sgpm-peers` reads “written feedback from two gpms who worked with them on a shared"
        " initiative” (against “written feedback from two peer gpms and the group's engineering manager”)",
    )
    assert caught(
        "route-equity",
        "entry into `lead-pm` asks internal candidates alone for part of `lead-pm-panel`:"
        " “for an internal candidate, the current manager endorses the case in writing first”",
    )
    # Promotion asks more than the job; peers do not share their bar; one expected rating per track.
    assert caught(
        "promotion-above-expectation",
        "promotion into `gpm` asks advanced in People leadership and coaching, above the proficient expected",
    )
    assert caught(
        "peer-bar-mismatch",
        "peers `director-of-product` and `director-of-portfolio-strategy`",
        "Product strategy advanced against exemplary",
    )
    assert caught("expectation-complete", "`gpm` rates Product strategy but states no expected rating")
    # Senior levels inherit junior duties.
    for duty, word in (("lead-player-coach", "backlog"), ("gpm.delivery.360226524c", "interim PM")):
        assert caught(
            "inherited-duty", f"`director-of-product` (manages Lead Product Managers) still carries `{duty}`", word
        )
    assert caught("inherited-duty", "`director-of-product`", "`lead-pm.metrics-and-outcomes.bc1cfda47c`", "sprint")
    # A role with no reports rated on managing reports.
    assert caught("not-applicable", "`senior-ppm` has no direct reports but rates People leadership and coaching")
    # Circular entry: proficient at writing the portfolio's themes before holding the role.
    assert caught(
        "circular-entry",
        "entry into `ppm` asks proficient in Product strategy",
        "Writes the portfolio's annual strategic themes",
    )
    # Levels named several ways.
    assert ("naming-scheme", "`lead-pm` has job code `PM-M1` and grade `M3`: two numbers for one level") in messages
    # German text calling the person promoted "er"/"ihm", located at the .po line.
    assert (
        "coded-wording",
        "de.po",
        393,
        90,
        "the de text of `group-product-manager/lead-pm/description` calls the person “er”, where the English says"
        " “they”; use an inclusive form",
    ) in found
    assert caught("coded-wording", "`group-product-manager/gpm/promotion/description` calls the person “er”")


def test_the_track_documents_print_a_declared_exception_with_its_route(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke(runner, "build", mini, "--out", out, "--format", "md,html").exit_code == 0
    markdown = (out / "markdown" / "strategist.md").read_text(encoding="utf-8")
    assert (
        "- Reviewed exception to `peer-bar-mismatch`: A portfolio takes a full planning cycle and a half to judge."
        " (reviewed by Head of People on 2026-01-15)\n" in markdown
    )
    html = (out / "html" / "strategist.html").read_text(encoding="utf-8")
    assert (
        '<li class="exception">Reviewed exception to <code>peer-bar-mismatch</code>: A portfolio takes a full'
        " planning cycle and a half to judge. (reviewed by Head of People on 2026-01-15)</li>" in html
    )


def test_coded_wording_weighs_a_levels_gender_coded_words_with_the_packaged_lists(runner, mini: Path) -> None:
    edit(
        mini,
        "- Coaches managers on hiring decisions.",
        "- Coaches managers to be decisive, competitive, ambitious and assertive on hiring decisions.",
    )
    assert records(runner, mini, ("coded-wording",)) == [
        (
            "coded-wording",
            "tracks.yaml",
            31,
            9,
            "`manager-2` reads strongly masculine-coded (Gaucher, Friesen & Kay 2011, as packaged by genderdecoder3):"
            " 7 masculine-coded words (lead… ×2, decisive… ×1, compet… ×1, ambitio… ×1) against 0; balance the wording",
        )
    ]


def test_diff_reports_a_changed_exception_on_its_route(runner, mini: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(mini, old)
    edit(mini, 'reviewed_on: "2026-01-15"', 'reviewed_on: "2026-02-20"')
    result = invoke(runner, "diff", old, mini, "--format", "json")
    [change] = json.loads(result.output)["changes"]
    assert (change["rule"], change["path"], change["line"], change["message"], change["new"]) == (
        "promotion-changed",
        ["strategist", "strategist-2"],
        98,
        "the reviewed exceptions declared on the route changed",
        "peer-bar-mismatch: A portfolio takes a full planning cycle and a half to judge."
        " (reviewed by Head of People on 2026-02-20)",
    )


def test_an_unreadable_german_catalogue_is_left_to_validate_not_a_traceback(runner, release_1_1_0: Path) -> None:
    (release_1_1_0 / "locales" / "de.po").write_bytes(b'msgid "x"\nmsgstr "y\n\xff')
    found = records(runner, release_1_1_0, ("coded-wording",))
    assert [r for r in found if r[1] == "de.po"] == []


def test_the_model_lists_every_route_into_a_level(release_1_1_0: Path) -> None:
    from ladder_compiler.model.routes import routes_into
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(release_1_1_0).framework
    assert framework is not None
    names = {lv.id: [r.name for r in routes_into(framework, lv)] for t in framework.tracks for lv in t.levels}
    assert names["gpm"] == ["promotion into `gpm`", "the move `ppm` → `gpm`"]
    assert names["ppm"] == ["entry into `ppm`", "the move `gpm` → `ppm`"]
    assert names["lead-pm"] == ["entry into `lead-pm`"]
