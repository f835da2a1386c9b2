"""`ladder ids`: derived behaviour ids written into the source, comments kept, no output changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ladder_compiler.pipeline import read_framework
from ladder_compiler.source.ids import IdEditError, check_edit, insert_ids

from conftest import MINI, invoke

EDGE_CASES = """\
# top comment
tracks:
  - id: x   # keep
    levels:
      - id: l1
        expectations:
          c:
            behaviours:
              - Plain one.  # trailing comment
              - "Quoted: two"
              - A long plain behaviour
                that folds over lines.
              - |
                Literal
                block.
              - text: Mapping without id.
                raises: foo
              - {text: flow map}
          d:
            behaviours: [Flow a., 'Flow b']
"""

EDGE_CASES_WITH_IDS = """\
# top comment
tracks:
  - id: x   # keep
    levels:
      - id: l1
        expectations:
          c:
            behaviours:
              - id: a1
                text: Plain one.  # trailing comment
              - id: a2
                text: "Quoted: two"
              - id: a3
                text: A long plain behaviour
                  that folds over lines.
              - id: a4
                text: |
                  Literal
                  block.
              - id: a5
                text: Mapping without id.
                raises: foo
              - {id: a6, text: flow map}
          d:
            behaviours: [{id: b1, text: Flow a.}, {id: b2, text: 'Flow b'}]
"""

EDGE_IDS = {(9, 17): "a1", (10, 17): "a2", (11, 17): "a3", (13, 17): "a4", (16, 17): "a5", (18, 17): "a6"}
EDGE_IDS |= {(20, 26): "b1", (20, 35): "b2"}


def test_insert_ids_keeps_every_other_byte() -> None:
    edited = insert_ids(EDGE_CASES, EDGE_IDS)
    assert edited == EDGE_CASES_WITH_IDS
    check_edit(EDGE_CASES, edited, set(EDGE_IDS.values()))


def test_insert_ids_refuses_a_position_without_a_behaviour() -> None:
    try:
        insert_ids(EDGE_CASES, {(2, 1): "nope"})
    except IdEditError as error:
        assert str(error) == "no behaviour at line 2, column 1"
    else:
        raise AssertionError("no error")


# mini's five behaviours as written before `ladder ids` gave them ids: planted in a test's copy
WRITTEN_IDS = (
    (
        "              - id: manager-1.coaching.333f886ebd\n                text: Runs weekly one-to-ones with each report.\n",
        "              - Runs weekly one-to-ones with each report.\n",
    ),
    (
        "              - id: manager-2.coaching.e3ddde5d18\n                text: Coaches managers on hiring decisions.\n",
        "              - Coaches managers on hiring decisions.\n",
    ),
    (
        "[{id: strategist-1.vision.cdde05ca84, text: Maps the market for one area.}]",
        "[Maps the market for one area.]",
    ),
    (
        "[{id: strategist-2.vision.0af40ab275, text: Sets a three-year portfolio direction.}]",
        "[Sets a three-year portfolio direction.]",
    ),
    (
        "[{id: strategist-2.planning.25c70c79eb, text: Runs the annual planning forum.}]",
        "[Runs the annual planning forum.]",
    ),
)


def without_ids(project: Path) -> None:
    tracks = project / "tracks.yaml"
    text = tracks.read_text()
    for written, bare in WRITTEN_IDS:
        assert written in text
        text = text.replace(written, bare)
    tracks.write_text(text)


def exports(runner, project: Path, out: Path) -> dict[str, str]:
    """HRIS JSON and CASE files by name, the source hash masked (it hashes the file bytes by design)."""
    assert invoke(runner, "build", project, "--format", "json,case", "--out", out).exit_code == 0
    files = sorted((out / "json").glob("*.json")) + sorted((out / "case").glob("*.json"))
    assert len(files) == 4
    return {f.name: re.sub(r'"source_hash": "[0-9a-f]+"', "", f.read_text()) for f in files}


def test_ids_check_then_write_changes_no_output(runner, mini: Path, tmp_path: Path) -> None:
    without_ids(mini)
    before = exports(runner, mini, tmp_path / "before")
    check = invoke(runner, "ids", mini, "--check")
    assert check.exit_code == 1
    listed = check.output.splitlines()
    assert len(listed) == 5
    assert listed[0].endswith("tracks.yaml:28:17: behaviour without an id (derived: manager-1.coaching.333f886ebd)")
    original = (mini / "tracks.yaml").read_text()
    assert (mini / "tracks.yaml").read_text() == original  # --check writes nothing
    result = invoke(runner, "ids", mini)
    assert result.exit_code == 0, result.output
    edited = (mini / "tracks.yaml").read_text()
    assert "              - id: manager-1.coaching." in edited
    assert invoke(runner, "ids", mini, "--check").exit_code == 0
    assert exports(runner, mini, tmp_path / "after") == before
    framework = read_framework(mini).framework
    assert framework is not None
    assert all(e.explicit_id for t in framework.tracks for lv in t.levels for b in lv.expectations for e in b.new)
    # two block items gain a `text:` line; three in flow lists become flow mappings on their line
    assert edited.count("\n") == original.count("\n") + 2
    assert "behaviours: [{id: strategist-2.vision.0af40ab275, text: " in edited
    assert edited == (MINI / "tracks.yaml").read_text()  # as the fixture was written


def test_ids_on_an_invalid_project_is_a_usage_error(runner, mini: Path) -> None:
    (mini / "tracks.yaml").write_text("tracks: [")
    result = invoke(runner, "ids", mini)
    assert result.exit_code == 2


def test_validate_warns_once_per_file_at_the_first_behaviour_without_an_id(runner, mini: Path) -> None:
    assert json.loads(invoke(runner, "validate", mini, "--format", "json").stdout) == []
    without_ids(mini)
    result = invoke(runner, "validate", mini, "--format", "json")
    assert result.exit_code == 0
    assert [
        (p["rule"], p["severity"], Path(p["file"]).name, p["line"], p["column"]) for p in json.loads(result.stdout)
    ] == [("behaviour-id-missing", "warning", "tracks.yaml", 28, 17)]
