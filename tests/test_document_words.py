"""What readers of the rubric cite and rely on: a level is named by its band and job code (no rank
number beside them), its page says which lines of the level below it replaces or no longer expects,
a peer reached by a lateral move is named once, and the first level's page is headed by that level."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import LADDERS, invoke


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("words") / "out"
    result = invoke(CliRunner(), "build", LADDERS, "--out", out, "--format", "md", "-q")
    assert result.exit_code == 0, result.output
    return out / "markdown"


def _framework():  # type: ignore[no-untyped-def]
    from ladder_compiler.pipeline import read_framework

    return read_framework(LADDERS).framework


def _level_page(text: str, title: str) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_levels_are_headed_by_title_band_and_job_code_never_a_rank(markdown: Path) -> None:
    framework = _framework()
    for track in framework.tracks:
        text = (markdown / f"{track.id}.md").read_text(encoding="utf-8")
        for level in track.levels:
            assert f"\n## {level.title}\n\n*{level.grade} · {level.job_code}*\n" in text, level.id
            assert f"## {level.rank}. {level.title}" not in text, level.id


def test_a_level_page_says_which_lines_of_the_level_below_it_replaces_or_retires(markdown: Path) -> None:
    framework = _framework()
    gpm = _level_page((markdown / "group-product-manager.md").read_text(encoding="utf-8"), "Group Product Manager")
    block = next(b for b in framework.level("gpm").expectations if any(d.reason == "retired" for d in b.dropped))
    retired = [d.expectation.text for d in block.dropped if d.reason == "retired"]
    replaced = [d.expectation.text for d in block.dropped if d.reason != "retired"]
    assert f"*No longer expected at this level:* {'; '.join(f'“{t}”' for t in retired)}\n" in gpm
    if replaced:
        assert f"*Replaces from the level below:* {'; '.join(f'“{t}”' for t in replaced)}\n" in gpm


def test_a_peer_reached_by_a_lateral_move_is_named_once(markdown: Path) -> None:
    framework = _framework()
    checked = 0
    for track in framework.tracks:
        text = (markdown / f"{track.id}.md").read_text(encoding="utf-8")
        for level in track.levels:
            paths = _level_page(text, level.title).split("### Career paths\n", 1)[-1]
            for move in level.moves:
                if move.kind == "lateral" and move.to in level.peers:
                    checked += 1
                    peer = framework.level(move.to).title
                    assert f"**Peer level:** {peer}" not in paths, level.id
                    assert f"**Lateral move:** {peer}" in paths, level.id
    assert checked >= 1  # the shipped ladders have such a move


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_first_level_page_is_headed_by_its_level_not_the_matrix(tmp_path: Path) -> None:
    result = invoke(
        CliRunner(), "build", LADDERS, "--out", tmp_path, "--format", "pdf", "--track", "product-manager", "-q"
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "pdf" / "product-manager.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    level = _framework().level("senior-pm")
    first = next(i for i, page in enumerate(pages) if f"{level.title} {level.grade} · {level.job_code}" in page)
    header = pages[first].split("\n", 3)[:3]
    assert f"{level.title} · {level.grade} · {level.job_code}" in " ".join(" ".join(header).split())
    assert "Competency × level matrix" not in " ".join(header)
    # a competency name in the matrix's narrow column breaks at a syllable with a hyphen, never mid-word
    assert "experimentatio\n" not in text and "experimentatio " not in text
