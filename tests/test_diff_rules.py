"""One edit per diff rule, each asserting exactly the records it yields: every rule is named here.

An edit is a list of (file, old text, new text) replacements in a copy of tests/fixtures/mini;
`reverse` compares the edited copy to the original (a removal written as the addition undone).
`plant` edits both copies first: mini's behaviours all carry ids, so a case about a behaviour
without one plants it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from ladder_compiler.diff import RULES, diff
from ladder_compiler.diff import fields as diff_fields
from ladder_compiler.model import Level
from ladder_compiler.pipeline import read_framework

from conftest import MINI, REPO

B, W, INFO = "breaking", "warning", "info"
VERSION = ("framework.yaml", "version: 1.2.0", "version: 2.0.0")
NOT_BUMPED = ("version-not-bumped", B)
ENGINEERING = REPO / "examples" / "engineering"
OTHER_UUID = "9e4f1d2a-6b3c-4d5e-8f70-1a2b3c4d5e6f"


@dataclass(frozen=True)
class Case:
    edits: tuple[tuple[str, str, str], ...]
    expected: tuple[tuple[str, str], ...]  # every record, as sorted (rule, severity) pairs
    message: str | None = None  # the named rule's message, when worth pinning
    reverse: bool = False
    base: Path = MINI  # the project the edits apply to
    plant: tuple[tuple[str, str, str], ...] = ()  # edits to both copies


def replace_in(root: Path, edits) -> None:
    for name, before, after in edits:
        text = (root / name).read_text()
        assert before in text, f"{before!r} not in {name}"
        (root / name).write_text(text.replace(before, after))


def edit_copy(tmp_path: Path, edits, base: Path = MINI, plant=()) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(base, old)
    shutil.copytree(base, new)
    replace_in(old, plant)
    replace_in(new, plant)
    replace_in(new, edits)
    return old, new


def changes_for(tmp_path: Path, edits, reverse: bool = False, base: Path = MINI, plant=()) -> list:
    old, new = edit_copy(tmp_path, edits, base, plant)
    a, b = read_framework(old), read_framework(new)
    assert a.ok and b.ok, (a.problems, b.problems)
    return (diff(b.framework, a.framework) if reverse else diff(a.framework, b.framework)).changes


# mini's behaviours without their ids (as `ladder ids` found them)
WITHOUT_ID_ONE_TO_ONES = (
    (
        "tracks.yaml",
        "- id: manager-1.coaching.333f886ebd\n                text: Runs weekly one-to-ones with each report.",
        "- Runs weekly one-to-ones with each report.",
    ),
)
WITHOUT_ID_HIRING = (
    (
        "tracks.yaml",
        "- id: manager-2.coaching.e3ddde5d18\n                text: Coaches managers on hiring decisions.",
        "- Coaches managers on hiring decisions.",
    ),
)
NEW_FIRST_MANAGER_LEVEL = (
    ("tracks.yaml", "title: Manager\n        rank: 1", "title: Manager\n        rank: 2"),
    ("tracks.yaml", "title: Senior Manager\n        rank: 2", "title: Senior Manager\n        rank: 3"),
    (
        "tracks.yaml",
        "                text: Runs weekly one-to-ones with each report.\n",
        "                text: Runs weekly one-to-ones with each report.\n        promotion:\n          description: Ready for a team.\n",
    ),
    (
        "tracks.yaml",
        "      - id: manager-1\n",
        """      - id: manager-0
        title: Associate Manager
        rank: 1
        summary: Leads a pod.
        hris: {job_code: M0}
        scope: {summary: One pod., breadth: feature, horizon_months: 3}
        expectations:
          vision:
            behaviours: [Shares the team's goals.]
          coaching:
            behaviours: [Gives weekly feedback.]
      - id: manager-1
""",
    ),
)
STRATEGIST_1 = (
    "      - id: strategist-1\n        title: Strategist\n        rank: 1\n        summary: Ranks the work of one area.\n        hris: {job_code: S1}\n"
    "        scope: {summary: One area., breadth: product-area, horizon_months: 12}\n        expectations:\n          vision:\n"
    "            behaviours: [{id: strategist-1.vision.cdde05ca84, text: Maps the market for one area.}]\n"
    "          planning:\n            not_applicable: Planning starts at the next level.\n"
)
STRATEGIST_2 = (
    "      - id: strategist-2\n        title: Senior Strategist\n        rank: 2\n        summary: Ranks the work of a portfolio.\n        hris: {job_code: S2}\n"
    "        scope: {summary: A portfolio., breadth: portfolio, horizon_months: 24}\n        expectations:\n          vision:\n"
    "            behaviours: [{id: strategist-2.vision.0af40ab275, text: Sets a three-year portfolio direction.}]\n"
    "          planning:\n            behaviours: [{id: strategist-2.planning.25c70c79eb, text: Runs the annual planning forum.}]\n"
)
PORTFOLIO_PROMOTION = (
    "        promotion:\n          description: Ready for a portfolio.\n          min_months_in_role: 18\n"
)
SWAP_STRATEGISTS = (
    (
        "tracks.yaml",
        STRATEGIST_1 + STRATEGIST_2 + PORTFOLIO_PROMOTION,
        STRATEGIST_2.replace("rank: 2", "rank: 1") + STRATEGIST_1.replace("rank: 1", "rank: 2") + PORTFOLIO_PROMOTION,
    ),
)

CASES: dict[str, Case] = {
    "framework-id-changed": Case(
        (("framework.yaml", "  id: mini\n", "  id: mini-two\n"),),
        (("framework-id-changed", B), ("uuid-namespace-changed", B), NOT_BUMPED),
    ),
    "uuid-namespace-changed": Case(
        (
            (
                "framework.yaml",
                "  effective_date: 2026-03-01\n",
                "  effective_date: 2026-03-01\n  uuid_namespace: 6ba7b811-9dad-11d1-80b4-00c04fd430c8\n",
            ),
        ),
        (("uuid-namespace-changed", B), NOT_BUMPED),
    ),
    "track-removed": Case(
        (("tracks.yaml", "  - id: strategist\n", "  - id: strategy\n"),),
        (("level-moved", B), ("level-moved", B), ("track-added", W), ("track-removed", B), NOT_BUMPED),
        "track `strategist` (Strategist) was removed",
    ),
    "track-added": Case(
        (("tracks.yaml", "  - id: strategist\n", "  - id: strategy\n"),),
        (("level-moved", B), ("level-moved", B), ("track-added", W), ("track-removed", B), NOT_BUMPED),
        "track `strategy` (Strategist) was added",
    ),
    "track-id-changed": Case(
        (("tracks.yaml", "  - id: strategist\n", "  - id: strategy\n    previous_ids: [strategist]\n"), VERSION),
        (("previous-ids-changed", INFO), ("track-id-changed", B), ("version-changed", INFO)),
        "track id changed",
    ),
    "level-removed": Case(
        (("tracks.yaml", "manager-2", "manager-two"),),
        # vision-year by its id, and the behaviour without one by its words
        (
            ("expectation-moved", INFO),
            ("expectation-moved", INFO),
            ("level-added", W),
            ("level-removed", B),
            NOT_BUMPED,
        ),
        "level `manager-2` (Senior Manager) was removed",
        plant=WITHOUT_ID_HIRING,
    ),
    "level-added": Case(
        (("tracks.yaml", "manager-2", "manager-two"),),
        # vision-year by its id, and the behaviour without one by its words
        (
            ("expectation-moved", INFO),
            ("expectation-moved", INFO),
            ("level-added", W),
            ("level-removed", B),
            NOT_BUMPED,
        ),
        "level `manager-two` (Senior Manager) was added at rank 2",
        plant=WITHOUT_ID_HIRING,
    ),
    "level-id-changed": Case(
        (
            ("tracks.yaml", "manager-2", "manager-two"),
            ("tracks.yaml", "- id: manager-two\n", "- id: manager-two\n        previous_ids: [manager-2]\n"),
            VERSION,
        ),
        (("level-id-changed", B), ("previous-ids-changed", INFO), ("version-changed", INFO)),
        "level id changed",
        plant=WITHOUT_ID_HIRING,
    ),
    "level-moved": Case(
        (("tracks.yaml", "  - id: strategist\n", "  - id: strategy\n"),),
        (("level-moved", B), ("level-moved", B), ("track-added", W), ("track-removed", B), NOT_BUMPED),
        "level moved from track `strategist` to `strategy`",
    ),
    "level-rank-changed": Case(
        NEW_FIRST_MANAGER_LEVEL,
        (
            ("level-added", W),
            ("level-rank-changed", B),
            ("level-rank-changed", B),
            ("promotion-tightened", W),
            NOT_BUMPED,
        ),
        "level rank changed",
    ),
    "levels-reordered": Case(
        SWAP_STRATEGISTS,
        (
            ("level-rank-changed", B),
            ("level-rank-changed", B),
            ("levels-reordered", B),
            ("promotion-loosened", W),
            ("promotion-tightened", W),
            NOT_BUMPED,
        ),
        "the rank order of existing levels changed",
    ),
    "job-code-changed": Case(
        (("tracks.yaml", "job_code: M2,", "job_code: M2X,"),),
        (("job-code-changed", B), NOT_BUMPED),
        "HRIS job code changed",
    ),
    "grade-changed": Case(
        (("tracks.yaml", "grade: G7", "grade: G8"),), (("grade-changed", B), NOT_BUMPED), "grade changed"
    ),
    "competency-id-changed": Case(
        (
            ("competencies.yaml", "  - id: planning\n", "  - id: plans\n    previous_ids: [planning]\n"),
            ("tracks.yaml", "competencies: [vision, planning]", "competencies: [vision, plans]"),
            ("tracks.yaml", "          planning:", "          plans:"),
        ),
        (("competency-id-changed", B), ("previous-ids-changed", INFO), NOT_BUMPED),
        "competency id changed to `plans`",
    ),
    "scale-value-removed": Case(
        (
            (
                "framework.yaml",
                "      - id: developing\n        name: Developing\n        description: Shows the behaviour with help.\n",
                "",
            ),
        ),
        (("scale-value-removed", B), NOT_BUMPED),
        "rating-scale value `developing` (Developing) was removed",
    ),
    "scale-reordered": Case(
        (
            (
                "framework.yaml",
                "      - id: proficient\n        name: Proficient\n        description: Shows the behaviour on their own.\n      - id: advanced\n        name: Advanced\n        description: Teaches the behaviour to others.\n",
                "      - id: advanced\n        name: Advanced\n        description: Teaches the behaviour to others.\n      - id: proficient\n        name: Proficient\n        description: Shows the behaviour on their own.\n",
            ),
        ),
        (("scale-reordered", B), NOT_BUMPED),
        "the order of the rating-scale values changed",
    ),
    "version-not-bumped": Case(
        (("tracks.yaml", "grade: G7", "grade: G8"),),
        (("grade-changed", B), NOT_BUMPED),
        "breaking changes need a major version bump, but the version went from 1.2.0 to 1.2.0",
    ),
    "track-renamed": Case(
        (("tracks.yaml", "    name: Strategist\n", "    name: Strategy Lead\n"),),
        (("metadata-changed", INFO), ("track-renamed", W)),
        "track renamed",
    ),
    "level-renamed": Case(
        (("tracks.yaml", "title: Senior Manager", "title: Group Manager"),), (("level-renamed", W),), "level renamed"
    ),
    "management-level-changed": Case(
        (("tracks.yaml", "management_level: Manager}", "management_level: Team Manager}"),),
        (("management-level-changed", W),),
        "HRIS management level changed",
    ),
    "promotion-tightened": Case(
        (("tracks.yaml", "min_months_in_role: 12", "min_months_in_role: 18"),),
        (("promotion-tightened", W),),
        "time in role raised from 12 to 18 months",
    ),
    "promotion-loosened": Case(
        (
            (
                "tracks.yaml",
                "          process:\n            - id: sponsor\n              kind: sponsorship\n              description: A director sponsors the case.\n",
                "",
            ),
        ),
        (("promotion-loosened", W),),
        "process step `sponsor` is no longer required",
    ),
    "promotion-changed": Case(
        (("tracks.yaml", "kind: sponsorship", "kind: calibration"),),
        (("promotion-changed", W),),
        "process step `sponsor` kind changed",
    ),
    "competency-dropped": Case(
        (
            (
                "tracks.yaml",
                "          planning:\n            behaviours: [{id: strategist-2.planning.25c70c79eb, text: Runs the annual planning forum.}]",
                "          planning:\n            not_applicable: Moved to the portfolio team.",
            ),
        ),
        (("competency-dropped", W), ("expectation-removed", INFO)),
        "competency `planning` is no longer applicable at this level",
    ),
    "expectation-raises-changed": Case(
        (("tracks.yaml", "                raises: vision-quarter\n", ""),),
        (("expectation-raises-changed", W),),
        "no longer replaces “Writes the team's quarterly plan.”: it stays required from this level on",
    ),
    "expectation-id-changed": Case(
        (
            (
                "tracks.yaml",
                "- Runs weekly one-to-ones with each report.",
                "- {id: one-to-ones, text: Runs weekly one-to-ones with each report.}",
            ),
        ),
        (("expectation-id-changed", W),),
        None,
        plant=WITHOUT_ID_ONE_TO_ONES,
    ),
    "scale-value-added": Case(
        (
            (
                "framework.yaml",
                "        description: Teaches the behaviour to others.\n",
                "        description: Teaches the behaviour to others.\n      - id: expert\n        name: Expert\n        description: Sets the standard.\n",
            ),
        ),
        (("scale-value-added", W),),
        "rating-scale value `expert` (Expert) was added",
    ),
    "scale-value-renamed": Case(
        (("framework.yaml", "name: Advanced", "name: Expert"),),
        (("scale-value-renamed", W),),
        "rating-scale value `advanced` renamed",
    ),
    "scale-value-redefined": Case(
        (("framework.yaml", "Teaches the behaviour to others.", "Leads others in the behaviour."),),
        (("scale-value-redefined", W),),
        "rating-scale value `advanced` redefined",
    ),
    "career-move-removed": Case(
        (
            (
                "tracks.yaml",
                "    - {from: manager-2, to: strategist-2, kind: lateral, description: Moves to strategy.}\n",
                "",
            ),
        ),
        (("career-move-removed", W),),
        "career move to `strategist-2` (Moves to strategy.) was removed",
    ),
    "career-move-retargeted": Case(
        (
            (
                "tracks.yaml",
                "{from: manager-2, to: strategist-2, kind: lateral",
                "{from: manager-2, to: strategist-1, kind: lateral",
            ),
        ),
        (("career-move-retargeted", W),),
        "career move “Moves to strategy.” now leads to Strategist (`strategist-1`) instead of Senior Strategist "
        "(`strategist-2`)",
    ),
    "career-move-added": Case(
        (
            (
                "tracks.yaml",
                "  moves:\n",
                "  moves:\n    - {from: manager-1, to: strategist-1, kind: lateral, description: Tries strategy.}\n",
            ),
        ),
        (("career-move-added", INFO),),
        "career move to `strategist-1` (Tries strategy.) was added",
    ),
    "career-move-changed": Case(
        (("tracks.yaml", "description: Moves to strategy.", "description: Moves into strategy work."),),
        (("career-move-changed", INFO),),
        "career move to `strategist-2`: description changed",
    ),
    "role-removed": Case(
        (
            (
                "tracks.yaml",
                "      description: Runs the function.\n",
                "      description: Runs the function.\n    - id: cpo\n      title: CPO\n      description: Runs product.\n",
            ),
        ),
        (("role-removed", W),),
        "role `cpo` (CPO) was removed",
        reverse=True,
    ),
    "role-added": Case(
        (
            (
                "tracks.yaml",
                "      description: Runs the function.\n",
                "      description: Runs the function.\n    - id: cpo\n      title: CPO\n      description: Runs product.\n",
            ),
        ),
        (("role-added", INFO),),
        "role `cpo` (CPO) was added",
    ),
    "role-renamed": Case(
        (("tracks.yaml", "title: VP\n", "title: VP of Product\n"),), (("role-renamed", INFO),), "role `vp` renamed"
    ),
    "peers-changed": Case(
        (("tracks.yaml", "    - levels: [manager-1, strategist-1]\n", ""),),
        (("peers-changed", INFO), ("peers-changed", INFO)),
        "no longer a peer of `strategist-1`",
    ),
    "expectation-reworded": Case(
        (
            (
                "tracks.yaml",
                "text: Coaches managers on hiring decisions.",
                "text: Coaches new managers on their first hiring decisions.",
            ),
        ),
        (("expectation-reworded", INFO),),
        "behaviour reworded in `coaching`",
    ),
    "expectation-added": Case(
        (
            (
                "tracks.yaml",
                "text: Maps the market for one area.}]",
                "text: Maps the market for one area.}, Names the top three competitors.]",
            ),
        ),
        (("expectation-added", INFO),),
        "behaviour added to `vision`",
    ),
    "expectation-removed": Case(
        (
            (
                "tracks.yaml",
                "behaviours: [{id: strategist-2.planning.25c70c79eb, text: Runs the annual planning forum.}]",
                "behaviours: [Chairs the quarterly review.]",
            ),
        ),
        (("expectation-added", INFO), ("expectation-removed", INFO)),
        "behaviour removed from `planning`",
    ),
    "expectation-moved": Case(
        (
            (
                "tracks.yaml",
                "              - id: vision-year\n                text: Writes the group's annual plan.\n                raises: vision-quarter\n          coaching:\n            behaviours:\n",
                "              - Writes the group's long-range plan.\n          coaching:\n            behaviours:\n              - id: vision-year\n                text: Writes the group's annual plan.\n",
            ),
        ),
        (("expectation-added", INFO), ("expectation-moved", INFO), ("expectation-raises-changed", W)),
        "behaviour “Writes the group's annual plan.” moved from “Senior Manager” in Vision to “Senior Manager” in Coaching",
    ),
    "evidence-examples-changed": Case(
        (("tracks.yaml", "evidence: [The plan document.]", "evidence: [The plan document., The retro notes.]"),),
        (("evidence-examples-changed", INFO),),
        "evidence examples for `vision` changed",
    ),
    "competency-added": Case(
        (
            (
                "competencies.yaml",
                "  - id: planning\n",
                "  - id: hiring\n    name: Hiring\n    category: leadership\n    description: Builds the team.\n  - id: planning\n",
            ),
        ),
        (("competency-added", INFO),),
        "competency `hiring` (Hiring) was added",
    ),
    "competency-removed": Case(
        (
            (
                "competencies.yaml",
                "  - id: planning\n",
                "  - id: hiring\n    name: Hiring\n    category: leadership\n    description: Builds the team.\n  - id: planning\n",
            ),
        ),
        (("competency-removed", INFO),),
        "competency `hiring` (Hiring) was removed",
        reverse=True,
    ),
    "competency-renamed": Case(
        (("competencies.yaml", "name: Vision", "name: Direction"),),
        (("competency-renamed", INFO),),
        "competency `vision` renamed",
    ),
    "competency-recategorised": Case(
        (
            (
                "competencies.yaml",
                "category: strategy\n    description: Plans the work.",
                "category: leadership\n    description: Plans the work.",
            ),
        ),
        (("competency-recategorised", INFO),),
        "competency `planning` moved to another category",
    ),
    "category-added": Case(
        (
            (
                "framework.yaml",
                "      description: How people grow.\n",
                "      description: How people grow.\n    - id: craft\n      name: Craft\n      description: How the work is done.\n",
            ),
        ),
        (("category-added", INFO),),
        "category `craft` (Craft) was added",
    ),
    "category-removed": Case(
        (
            (
                "framework.yaml",
                "      description: How people grow.\n",
                "      description: How people grow.\n    - id: craft\n      name: Craft\n      description: How the work is done.\n",
            ),
        ),
        (("category-removed", INFO),),
        "category `craft` (Craft) was removed",
        reverse=True,
    ),
    "category-renamed": Case(
        (("framework.yaml", "name: Leadership", "name: People"),),
        (("category-renamed", INFO),),
        "category `leadership` renamed",
    ),
    "promotion-reworded": Case(
        (("tracks.yaml", "Ready to lead a group.", "Ready to lead several teams."),),
        (("promotion-reworded", INFO),),
        "promotion prose changed",
    ),
    "scope-changed": Case(
        (("tracks.yaml", "horizon_months: 6", "horizon_months: 9"),),
        (("scope-changed", INFO),),
        "scope horizon months changed",
    ),
    "order-changed": Case(
        (
            (
                "competencies.yaml",
                "  - id: vision\n    name: Vision\n    category: strategy\n    description: Sets direction.\n  - id: coaching\n    name: Coaching\n    category: leadership\n    description: Grows people.\n",
                "  - id: coaching\n    name: Coaching\n    category: leadership\n    description: Grows people.\n  - id: vision\n    name: Vision\n    category: strategy\n    description: Sets direction.\n",
            ),
        ),
        (("order-changed", INFO),),
        "the order of the competencies changed",
    ),
    "previous-ids-changed": Case(
        (("competencies.yaml", "  - id: vision\n", "  - id: vision\n    previous_ids: [direction]\n"),),
        (("previous-ids-changed", INFO),),
        "previous ids changed",
    ),
    "version-changed": Case(
        (("framework.yaml", "version: 1.2.0", "version: 1.2.1"),),
        (("version-changed", INFO),),
        "framework version changed",
    ),
    "presentation-changed": Case(
        (
            (
                "framework.yaml",
                "  effective_date: 2026-03-01\n",
                '  effective_date: 2026-03-01\n  presentation: {brand_colour: "#123456"}\n',
            ),
        ),
        (("presentation-changed", INFO),),
        "brand colour changed",
    ),
    "metadata-changed": Case(
        (("framework.yaml", "organisation: Test Org", "organisation: Test Organisation"),),
        (("metadata-changed", INFO),),
        "framework organisation changed",
    ),
    # features of the v2 source format, edited in the engineering example
    "expected-rating-changed": Case(
        (
            (
                "tracks/1-foundation.yaml",
                "          craft:\n            expected: working\n",
                "          craft:\n            expected: practitioner\n",
            ),
        ),
        (("expected-rating-changed", W),),
        "expected rating for `craft` raised from `working` to `practitioner`",
        base=ENGINEERING,
    ),
    "expectation-details-changed": Case(
        (("tracks/1-foundation.yaml", "Adds a missing null check", "Adds a missing bounds check"),),
        (("expectation-details-changed", INFO),),
        None,
        base=ENGINEERING,
    ),
    "progression-changed": Case(
        (
            (
                "competencies.yaml",
                "    progression: replace   # each level's",
                "    progression: accumulate   # each level's",
            ),
        ),
        (("progression-changed", W),),
        None,
        base=ENGINEERING,
    ),
    "levelling-changed": Case(
        (("levelling.yaml", "{id: e1, name: E1,", "{id: e1, name: Band 1,"),),
        (("grade-changed", B), ("levelling-changed", W), NOT_BUMPED),  # a level's HRIS grade is its levelling grade
        "levelling grade `e1` renamed",
        base=ENGINEERING,
    ),
    "external-id-changed": Case(
        (("tracks/1-foundation.yaml", "external_id: JP-ENG-01", "external_id: JP-ENG-01X"),),
        (("external-id-changed", B), NOT_BUMPED),
        "external id changed",
        base=ENGINEERING,
    ),
    "uuid-changed": Case(
        (("competencies.yaml", "uuid: 0b7d5a3c-2f1e-4c6b-9a8d-7e6f5a4b3c21", f"uuid: {OTHER_UUID}"),),
        (("uuid-changed", B), NOT_BUMPED),
        "competency `craft`: the uuid written in the source changed",
        base=ENGINEERING,
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule(rule: str, tmp_path: Path) -> None:
    case = CASES[rule]
    changes = changes_for(tmp_path, case.edits, case.reverse, case.base, case.plant)
    assert sorted((c.rule, c.severity) for c in changes) == sorted(case.expected)
    assert (rule, RULES[rule][0]) in case.expected
    if case.message is not None:
        assert case.message in [c.message for c in changes if c.rule == rule]


def test_field_without_a_rule_is_still_reported(tmp_path: Path, monkeypatch) -> None:
    table = {**diff_fields.FIELDS[Level]}
    del table["grade"]
    monkeypatch.setitem(diff_fields.FIELDS, Level, table)
    changes = changes_for(tmp_path, [("tracks.yaml", "grade: G7", "grade: G8")])
    assert [(c.rule, c.severity, c.message, c.old, c.new) for c in changes] == [
        ("field-changed", W, "Level.grade changed", "'G7'", "'G8'")
    ]


def test_field_without_a_rule_ignores_where_it_is_written(tmp_path: Path, monkeypatch) -> None:
    table = {**diff_fields.FIELDS[Level]}
    del table["promotion"]
    monkeypatch.setitem(diff_fields.FIELDS, Level, table)
    moved = [
        (
            "tracks.yaml",
            "        promotion:\n          description: Ready to lead a group.",
            "        # a comment\n        promotion:\n          description: Ready to lead a group.",
        )
    ]
    assert changes_for(tmp_path / "a", moved) == []
    changed = changes_for(tmp_path / "b", [("tracks.yaml", "Ready to lead a group.", "Ready to lead two groups.")])
    assert [(c.rule, c.path, c.message) for c in changed] == [
        ("field-changed", ("manager", "manager-2"), "Level.promotion changed")
    ]


def test_track_fork_changed() -> None:
    """Every other fork point of the example breaks a `raises`; the model is edited instead of the source."""
    old = read_framework(ENGINEERING).framework
    new = replace(old, tracks=tuple(replace(t, starts_after="engineer") if t.id == "staff" else t for t in old.tracks))
    assert [(c.rule, c.severity, c.path, c.old, c.new) for c in diff(old, new).changes] == [
        ("track-fork-changed", W, ("staff",), "senior-engineer", "engineer")
    ]


def test_every_rule_has_a_case() -> None:
    named = set(CASES) | {"field-changed", "track-fork-changed"}  # the tests above
    assert sorted(set(RULES) - named) == []
    assert sorted(named - set(RULES)) == []


@pytest.mark.parametrize(
    "edits, message",
    [
        (
            (("competencies.yaml", "    uuid: 0b7d5a3c-2f1e-4c6b-9a8d-7e6f5a4b3c21\n", ""),),
            "competency `craft`: the uuid written in the source was removed; the derived one replaces it",
        ),
        (
            (
                (
                    "tracks/1-foundation.yaml",
                    "external_id: JP-ENG-01",
                    f"external_id: JP-ENG-01\n        uuid: {OTHER_UUID}",
                ),
            ),
            "level `associate-engineer`: a uuid written in the source replaces the derived one",
        ),
    ],
    ids=["removed", "added"],
)
def test_a_written_uuid_removed_or_added_is_uuid_changed(tmp_path: Path, edits, message: str) -> None:
    changes = changes_for(tmp_path, edits, base=ENGINEERING)
    assert [(c.rule, c.severity, c.message) for c in changes if c.rule != "version-not-bumped"] == [
        ("uuid-changed", B, message)
    ]


def test_writing_down_the_derived_uuid_is_not_a_change(tmp_path: Path) -> None:
    """The exports carry the same uuid either way, so there is nothing to report."""
    old = read_framework(ENGINEERING).framework
    derived = old.level("associate-engineer").uuid
    edits = (
        ("tracks/1-foundation.yaml", "external_id: JP-ENG-01", f"external_id: JP-ENG-01\n        uuid: {derived}"),
    )
    assert changes_for(tmp_path, edits, base=ENGINEERING) == []


def test_a_renamed_level_moves_derived_uuids_without_a_uuid_record(tmp_path: Path) -> None:
    """Derived uuids follow the id path (a behaviour's too): the rename is reported once, by the id rules."""
    case = CASES["level-id-changed"]
    old, new = (read_framework(p).framework for p in edit_copy(tmp_path, case.edits, plant=case.plant))
    old_level, new_level = old.level("manager-2"), new.level("manager-two")
    assert old_level.uuid != new_level.uuid
    old_uuids = {e.uuid for block in old_level.expectations for e in block.new}
    new_uuids = {e.uuid for block in new_level.expectations for e in block.new}
    assert len(old_uuids - new_uuids) == 1  # the behaviour written without an id; the one with an id keeps its uuid
    assert sorted((c.rule, c.severity) for c in diff(old, new).changes) == sorted(case.expected)
