"""Shared sets (`shared:`): written once, included by tracks that add to, override or retire them.

The fixture tests/fixtures/shared has one set, `generic-engineering` (ranks 1 and 2), and two
tracks that include it: `backend` overrides `ships-small`, `frontend` retires `reads-code`; each
adds behaviours of its own.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import TESTS, invoke

SHARED = TESTS / "fixtures" / "shared"
GENERIC = ("generic-engineering", "Generic engineering")


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SHARED, tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    return Path("project")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def resolved(track_id: str) -> dict[str, list[tuple[str, str, tuple[str, str, str, bool] | None]]]:
    from ladder_compiler.pipeline import read_framework

    compiled = read_framework(SHARED)
    assert compiled.problems == []
    assert compiled.framework is not None
    track = compiled.framework.track(track_id)
    return {
        f"{level.id}/{block.competency_id}": [
            (
                e.id,
                e.text,
                (e.shared.set_id, e.shared.set_name, e.shared.item_id, e.shared.overridden) if e.shared else None,
            )
            for e in block.new
        ]
        for level in track.levels
        for block in level.expectations
    }


def test_the_model_holds_each_tracks_inherited_additions_overrides_and_retirements() -> None:
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(SHARED).framework
    assert framework is not None
    backend, frontend = framework.track("backend"), framework.track("frontend")
    assert (backend.competency_ids, backend.includes) == (("services", "craft", "delivery"), ("generic-engineering",))
    assert frontend.competency_ids == ("interfaces", "craft", "delivery")
    assert resolved("backend") == {
        "backend-1/services": [("runs-service", "Keeps one service running.", None)],
        "backend-1/craft": [
            ("backend.writes-tests", "Writes tests for every change.", (*GENERIC, "writes-tests", False)),
            ("backend.reads-code", "Reads the code around a change before making it.", (*GENERIC, "reads-code", False)),
        ],
        "backend-1/delivery": [
            ("backend.ships-small", "Ships small, reversible migrations often.", (*GENERIC, "ships-small", True))
        ],
        "backend-2/services": [("designs-service", "Designs a service's interfaces.", None)],
        "backend-2/craft": [
            ("backend.reviews-code", "Reviews the team's changes within a day.", (*GENERIC, "reviews-code", False))
        ],
        "backend-2/delivery": [("plans-releases", "Plans the releases of a service.", None)],
    }
    assert resolved("frontend") == {
        "frontend-1/interfaces": [("builds-screens", "Builds accessible screens.", None)],
        "frontend-1/craft": [
            ("frontend.writes-tests", "Writes tests for every change.", (*GENERIC, "writes-tests", False))
        ],
        "frontend-1/delivery": [
            ("frontend.ships-small", "Ships small changes often.", (*GENERIC, "ships-small", False))
        ],
        "frontend-2/interfaces": [("designs-components", "Designs shared components.", None)],
        "frontend-2/craft": [
            ("frontend.reviews-code", "Reviews the team's changes within a day.", (*GENERIC, "reviews-code", False))
        ],
        "frontend-2/delivery": [("measures-performance", "Measures the performance of every release.", None)],
    }
    senior = framework.level("backend-2").expectations_for("craft")
    assert [e.id for e in senior.cumulative] == ["backend.reads-code", "backend.reviews-code"]
    assert [(d.expectation.id, d.reason) for d in senior.dropped] == [("backend.writes-tests", "raised")]
    # a shared behaviour points at the shared file; an overridden one at the track's override
    writes = framework.expectation("backend.writes-tests").source
    ships = framework.expectation("backend.ships-small").source
    assert (Path(writes.file).parts[-2:], writes.line) == (("shared", "generic.yaml"), 10)
    assert (Path(ships.file).parts[-2:], ships.line) == (("shared", "tracks.yaml"), 9)


def test_documents_name_the_set_each_shared_behaviour_comes_from(project: Path, runner) -> None:
    out = Path("out")
    assert invoke(runner, "build", project, "--out", out, "--format", "md,html,json").exit_code == 0
    backend = (out / "markdown" / "backend.md").read_text(encoding="utf-8")
    level_1 = backend.split("## 1. Backend Engineer", 1)[1].split("## 2. ", 1)[0]
    assert [line for line in level_1.splitlines() if line.startswith("- ") and "Shared" in line] == [
        "- Writes tests for every change. *(Shared: Generic engineering)*",
        "- Reads the code around a change before making it. *(Shared: Generic engineering)*",
        "- Ships small, reversible migrations often. *(Shared: Generic engineering, adapted for this track)*",
    ]
    assert "- Keeps one service running.\n" in level_1  # the track's own: no origin
    frontend = (out / "markdown" / "frontend.md").read_text(encoding="utf-8")
    assert "Reads the code around a change" not in frontend  # retired for this track
    assert "- Ships small changes often. *(Shared: Generic engineering)*" in frontend
    page = (out / "html" / "backend.html").read_text(encoding="utf-8")  # the PDF is made from it
    assert page.count('<span class="muted shared">(Shared: Generic engineering)</span>') == 4  # 2 levels' views
    assert (
        page.count(
            'Ships small, reversible migrations often. <span class="muted shared">(Shared: Generic engineering, adapted for this track)</span>'
        )
        == 2
    )
    data = json.loads((out / "json" / "backend.json").read_text(encoding="utf-8"))
    profile = data["job_families"][0]["job_profiles"][0]
    behaviours = {e["id"]: e for block in profile["competencies"] for e in block["cumulative"]}
    assert behaviours["backend.ships-small"]["shared"] == {
        "set": "generic-engineering",
        "set_name": "Generic engineering",
        "item": "ships-small",
        "overridden": True,
    }
    assert behaviours["backend.writes-tests"]["shared"] == {
        "set": "generic-engineering",
        "set_name": "Generic engineering",
        "item": "writes-tests",
        "overridden": False,
    }
    assert behaviours["runs-service"]["shared"] is None


def test_csv_and_case_name_the_set_each_shared_behaviour_comes_from(project: Path, runner) -> None:
    import csv

    out = Path("out")
    assert invoke(runner, "build", project, "--out", out, "--format", "csv,case").exit_code == 0
    with (out / "csv" / "expectations.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    columns = rows[0]
    links = columns.index("links")  # the origin's columns follow the last of the others
    assert columns[links + 1 : links + 4] == ["shared_set", "shared_set_name", "shared_overridden"]
    origin = {
        (row[0], row[3]): tuple(row[columns.index("shared_set") : columns.index("shared_overridden") + 1])
        for row in rows[1:]
    }
    assert [(key, value) for key, value in origin.items() if key[0] == "backend-1"] == [
        (("backend-1", "runs-service"), ("", "", "")),
        (("backend-1", "backend.writes-tests"), (*GENERIC, "false")),
        (("backend-1", "backend.reads-code"), (*GENERIC, "false")),
        (("backend-1", "backend.ships-small"), (*GENERIC, "true")),
    ]
    assert origin[("frontend-1", "frontend.ships-small")] == (*GENERIC, "false")
    package = json.loads((out / "case" / "shared-demo.json").read_text(encoding="utf-8"))
    behaviours = {
        item["humanCodingScheme"]: item.get("extensions")
        for item in package["CFItems"]
        if item["CFItemType"] == "Behaviour"
    }
    assert behaviours["backend.ships-small"] == {
        "sharedSet": "generic-engineering",
        "sharedSetName": "Generic engineering",
        "overridden": True,
    }
    assert behaviours["frontend.ships-small"] == {
        "sharedSet": "generic-engineering",
        "sharedSetName": "Generic engineering",
        "overridden": False,
    }
    assert behaviours["runs-service"] is None  # the track's own: no origin


ERRORS = {
    "unknown-set": (
        "tracks.yaml",
        "      - shared: generic-engineering\n        retires",
        "      - shared: generic-engineerin\n        retires",
        "project/tracks.yaml:44:17 [unknown-reference] unknown shared set `generic-engineerin`",
    ),
    "override-unknown-id": (
        "tracks.yaml",
        "          - id: ships-small",
        "          - id: ships-smal",
        "project/tracks.yaml:9:17 [unknown-reference] unknown behaviour `ships-smal` in shared set `generic-engineering`",
    ),
    "retire-unknown-id": (
        "tracks.yaml",
        "retires: [reads-code]",
        "retires: [reads-cod]",
        "project/tracks.yaml:45:19 [unknown-reference] unknown behaviour `reads-cod` in shared set `generic-engineering`",
    ),
    "override-says-nothing": (
        "tracks.yaml",
        "          - id: ships-small\n            text: Ships small, reversible migrations often.\n",
        "          - id: ships-small\n",
        "project/tracks.yaml:9:17 [shared-include] the override of `ships-small` changes nothing",
    ),
    "include-cycle": (
        "shared/generic.yaml",
        "    description: What every engineering discipline expects.\n",
        "    description: What every engineering discipline expects.\n    includes: [values]\n"
        "  - id: values\n    name: Values\n    includes: [generic-engineering]\n",
        "project/shared/generic.yaml:5:16 [shared-include] shared set `generic-engineering` includes `values`,"
        " which leads back to it",
    ),
    "unknown-competency": (
        "shared/generic.yaml",
        "          delivery:",
        "          deliver:",
        "project/shared/generic.yaml:14:11 [unknown-reference] unknown competency `deliver`",
    ),
    "own-behaviour-after-inherited-ones": (  # its position still points at its own line
        "tracks.yaml",
        "          delivery:\n            behaviours:\n              - id: measures-performance",
        "          craft:\n            behaviours:\n              - id: own-craft\n                text: Pairs.\n"
        "                raises: nothing-here\n"
        "          delivery:\n            behaviours:\n              - id: measures-performance",
        "project/tracks.yaml:72:25 [unknown-reference] unknown behaviour `nothing-here` in a lower level of this track",
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_errors_are_located(case: str, project: Path, runner) -> None:
    file, old, new, expected = ERRORS[case]
    edit(project / file, old, new)
    result = invoke(runner, "validate", project, "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)
    shown = [f"{p['file']}:{p['line']}:{p['column']} [{p['rule']}] {p['message']}" for p in problems]
    assert shown[:1] == [expected]
    if case == "include-cycle":  # the loop is reported where each of its includes closes it
        assert shown[1:] == [
            "project/shared/generic.yaml:8:16 [shared-include] shared set `values` includes"
            " `generic-engineering`, which leads back to it"
        ]
    else:
        assert shown[1:] == []


def test_a_change_to_a_shared_behaviour_is_one_diff_record_naming_its_tracks(project: Path, runner) -> None:
    new = Path("new")
    shutil.copytree(project, new)
    edit(new / "shared" / "generic.yaml", "Writes tests for every change.", "Writes tests for every change it makes.")
    edit(new / "tracks.yaml", "Ships small, reversible migrations often.", "Ships small, reversible migrations daily.")
    result = invoke(runner, "diff", project, new, "--path", project, "--format", "json")
    changes = json.loads(result.output)["changes"]
    assert [
        (c["rule"], c["path"], c["tracks"], c["message"], c["old"], c["new"], c["file"], c["line"]) for c in changes
    ] == [
        (
            "expectation-reworded",
            ["backend", "backend-1", "craft"],
            ["backend", "frontend"],
            "behaviour reworded in `craft` (shared set `generic-engineering`, in tracks `backend`, `frontend`)",
            "Writes tests for every change.",
            "Writes tests for every change it makes.",
            "new/shared/generic.yaml",
            10,
        ),
        (  # an override is the track's own wording: its change reaches that track only
            "expectation-reworded",
            ["backend", "backend-1", "delivery"],
            ["backend"],
            "behaviour reworded in `delivery`",
            "Ships small, reversible migrations often.",
            "Ships small, reversible migrations daily.",
            "new/tracks.yaml",
            9,
        ),
    ]


def test_a_shared_sets_description_is_one_diff_record(project: Path, runner) -> None:
    new = Path("new")
    shutil.copytree(project, new)
    edit(
        new / "shared" / "generic.yaml", "What every engineering discipline expects.", "What every discipline expects."
    )
    result = invoke(runner, "diff", project, new, "--path", project, "--format", "json")
    changes = json.loads(result.output)["changes"]
    assert [(c["rule"], c["message"], c["old"], c["new"]) for c in changes] == [
        (
            "metadata-changed",
            "shared set `generic-engineering` description changed",
            "What every engineering discipline expects.",
            "What every discipline expects.",
        )
    ]


def test_lint_reports_a_finding_on_a_shared_line_once(project: Path, runner) -> None:
    edit(project / "shared" / "generic.yaml", "Ships small changes often.", "Ships small changes as appropriate.")
    edit(
        project / "tracks.yaml",
        "          - id: ships-small\n            text: Ships small, reversible migrations often.\n",
        "",
    )
    edit(project / "tracks.yaml", "        overrides:\n", "")
    result = invoke(runner, "lint", project, "--format", "json")
    vague = [(p["file"], p["line"]) for p in json.loads(result.output) if p["rule"] == "vague-wording"]
    assert vague == [("project/shared/generic.yaml", 16)]


def test_a_fork_receives_the_shared_behaviours_of_its_own_ranks(project: Path) -> None:
    from ladder_compiler.pipeline import read_framework

    edit(
        project / "shared" / "generic.yaml",
        "                raises: writes-tests\n",
        "                raises: writes-tests\n      - rank: 3\n        expectations:\n          craft:\n"
        "            behaviours:\n              - id: sets-standards\n                text: Sets the review standard.\n"
        "                raises: reviews-code\n",
    )
    with (project / "tracks.yaml").open("a", encoding="utf-8") as tracks:
        tracks.write(
            "  - id: backend-lead\n    name: Backend Lead\n    kind: management\n    description: Leads.\n"
            "    starts_after: backend-2\n    includes: [{shared: generic-engineering}]\n"
            "    competencies: [services, delivery]\n    levels:\n      - id: backend-lead-3\n        title: Lead\n"
            "        rank: 3\n        summary: Leads a team.\n        scope: {summary: One team.}\n"
            "        expectations:\n          services: {behaviours: [Runs the team's services.]}\n"
            "          delivery: {behaviours: [Plans the team's quarter.]}\n"
            "        promotion: {description: Leads already.}\n"
        )
    compiled = read_framework(project)
    assert compiled.problems == []
    assert compiled.framework is not None
    lead = compiled.framework.level("backend-lead-3").expectations_for("craft")
    assert [(e.id, e.raises) for e in lead.new] == [("backend-lead.sets-standards", "backend.reviews-code")]
    assert [e.id for e in lead.cumulative] == ["backend.reads-code", "backend-lead.sets-standards"]
    assert [e.id for e in compiled.framework.level("backend-2").expectations_for("craft").new] == [
        "backend.reviews-code"
    ]


def test_a_shared_behaviour_is_one_string_to_translate() -> None:
    from ladder_compiler.i18n.strings import source_strings
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(SHARED).framework
    assert framework is not None
    keys = [s.key for s in source_strings(framework) if s.key.startswith("shared/") or ".ships-small" in s.key]
    assert keys == [
        "shared/generic-engineering/name",
        "shared/generic-engineering/writes-tests",
        "shared/generic-engineering/reads-code",
        "backend/backend-1/delivery/backend.ships-small",  # overridden: the track's own wording
        "shared/generic-engineering/reviews-code",
        "shared/generic-engineering/ships-small",
        "shared/generic-engineering/description",  # the set itself, listed after the tracks
    ]
