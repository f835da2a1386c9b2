"""`ladder ids`: derived behaviour ids written into the source, comments kept, no output changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ladder_compiler.pipeline import read_framework
from ladder_compiler.source.ids import IdEditError, check_edit, insert_ids

from conftest import invoke

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


def exports(runner, project: Path, out: Path) -> dict[str, str]:
    """HRIS JSON and CASE files by name, the source hash masked (it hashes the file bytes by design)."""
    assert invoke(runner, "build", project, "--format", "json,case", "--out", out).exit_code == 0
    files = sorted((out / "json").glob("*.json")) + sorted((out / "case").glob("*.json"))
    assert len(files) == 4
    return {f.name: re.sub(r'"source_hash": "[0-9a-f]+"', "", f.read_text()) for f in files}


def test_ids_check_then_write_changes_no_output(runner, mini: Path, tmp_path: Path) -> None:
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


def test_ids_on_an_invalid_project_is_a_usage_error(runner, mini: Path) -> None:
    (mini / "tracks.yaml").write_text("tracks: [")
    result = invoke(runner, "ids", mini)
    assert result.exit_code == 2


def test_validate_warns_once_per_file_at_the_first_behaviour_without_an_id(runner, mini: Path) -> None:
    result = invoke(runner, "validate", mini, "--format", "json")
    assert result.exit_code == 0
    assert [
        (p["rule"], p["severity"], Path(p["file"]).name, p["line"], p["column"]) for p in json.loads(result.stdout)
    ] == [("behaviour-id-missing", "warning", "tracks.yaml", 28, 17)]
