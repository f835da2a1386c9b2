"""`ladder build --shard I/N` and `ladder merge`: slices that add up to one build, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ladder_compiler.shard import Shard

from conftest import invoke

LIGHT = "md,html,json,csv,case"


def tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def build(runner, mini: Path, out: Path, *extra: str) -> None:
    result = invoke(runner, "build", mini, "--out", out, "-q", *extra)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "formats, count", [(LIGHT, 2), (LIGHT, 3), ("md,pdf", 2), ("md,hris:workday,hris:bamboohr", 2)]
)
def test_merged_shards_equal_one_full_build(runner, mini: Path, tmp_path: Path, formats: str, count: int) -> None:
    build(runner, mini, tmp_path / "full", "--format", formats, "--jobs", "1")
    shards = [tmp_path / f"shard-{i}" for i in range(1, count + 1)]
    for index, shard in enumerate(shards, start=1):
        build(runner, mini, shard, "--format", formats, "--jobs", "1", "--shard", f"{index}/{count}")

    result = invoke(runner, "merge", *shards, "--out", tmp_path / "merged")

    assert result.exit_code == 0, result.output
    assert tree(tmp_path / "merged") == tree(tmp_path / "full")
    shard_files = [set(tree(s)) - {"manifest.json"} for s in shards]
    assert sum(map(len, shard_files)) == len(set().union(*shard_files)) == len(tree(tmp_path / "full")) - 1


def test_download_pages_list_every_shards_pdfs_after_the_next_build(runner, mini: Path, tmp_path: Path) -> None:
    """A slice's download page knows only its own PDFs: merge keeps it marked stale, and the next
    build with the same options makes it again (and nothing else), equal to one full build."""
    options = ["--format", "md,html,pdf", "--track", "manager", "--jobs", "1"]
    build(runner, mini, tmp_path / "full", *options)
    shards = [tmp_path / f"shard-{i}" for i in (1, 2)]
    for index, shard in enumerate(shards, start=1):
        build(runner, mini, shard, *options, "--shard", f"{index}/2")
    merged = tmp_path / "merged"
    assert invoke(runner, "merge", *shards, "--out", merged).exit_code == 0

    check = invoke(runner, "check", mini, "--out", merged, "--format", "md,html,pdf", "--track", "manager")
    assert check.exit_code == 1 and [line.strip() for line in check.output.splitlines() if line.startswith("  ")] == [
        str(merged / "html" / "index.html")
    ]
    again = invoke(runner, "build", mini, "--out", merged, *options, "-v")
    assert again.exit_code == 0, again.output
    assert [line for line in again.output.splitlines() if line.startswith("wrote ")] == [
        f"wrote {merged / 'html' / 'index.html'}"
    ]
    assert tree(merged) == tree(tmp_path / "full")


def test_pdfs_are_dealt_evenly_between_shards() -> None:
    paths = [f"pdf/t{i:02}.pdf" for i in range(10)] + [f"md/t{i:02}.md" for i in range(10)]
    slices = [Shard(i, 3).select(paths, lambda p: p, lambda p: p.endswith(".pdf")) for i in (1, 2, 3)]

    assert [sum(p.endswith(".pdf") for p in s) for s in slices] == [4, 3, 3]
    assert sorted(p for s in slices for p in s) == sorted(paths)


@pytest.mark.parametrize("value", ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "1/2\n"])
def test_a_bad_shard_is_a_usage_error(runner, mini: Path, tmp_path: Path, value: str) -> None:
    result = invoke(runner, "build", mini, "--out", tmp_path / "out", "--shard", value)

    assert result.exit_code == 2
    assert "'--shard'" in result.output
    assert not (tmp_path / "out").exists()


@pytest.fixture
def two_shards(runner, mini: Path, tmp_path: Path) -> list[Path]:
    shards = [tmp_path / "s1", tmp_path / "s2"]
    for index, shard in enumerate(shards, start=1):
        build(runner, mini, shard, "--format", LIGHT, "--shard", f"{index}/2")
    return shards


def merge_fails(runner, tmp_path: Path, *shards: Path, message: str) -> None:
    result = invoke(runner, "merge", *shards, "--out", tmp_path / "merged")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "merged").exists()


def test_merge_refuses_a_missing_or_repeated_shard(runner, tmp_path: Path, two_shards: list[Path]) -> None:
    merge_fails(runner, tmp_path, two_shards[0], message="missing [2]")
    merge_fails(runner, tmp_path, two_shards[0], two_shards[0], message="exactly once")


def test_merge_refuses_a_tampered_file(runner, tmp_path: Path, two_shards: list[Path]) -> None:
    victim = next(p for p in two_shards[1].rglob("*.md"))
    victim.write_text("edited by hand\n")
    merge_fails(runner, tmp_path, *two_shards, message="does not match its shard's manifest")


def test_merge_refuses_shards_of_different_inputs(runner, mini: Path, tmp_path: Path, two_shards: list[Path]) -> None:
    framework = mini / "framework.yaml"
    framework.write_text(framework.read_text().replace("version: ", "version: ", 1) + "\n# edited\n")
    build(runner, mini, tmp_path / "other-2", "--format", LIGHT, "--shard", "2/2")
    merge_fails(runner, tmp_path, two_shards[0], tmp_path / "other-2", message="built from other inputs")


def test_merge_refuses_a_directory_that_is_not_a_shard(
    runner, mini: Path, tmp_path: Path, two_shards: list[Path]
) -> None:
    build(runner, mini, tmp_path / "whole", "--format", LIGHT)
    merge_fails(runner, tmp_path, two_shards[0], tmp_path / "whole", message="not a shard's manifest")
    merge_fails(runner, tmp_path, two_shards[0], tmp_path, message="holds no manifest.json")


def test_a_whole_build_after_a_shard_in_the_same_directory_rebuilds_everything(
    runner, mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", LIGHT, "--shard", "1/2")
    build(runner, mini, out, "--format", LIGHT)
    build(runner, mini, tmp_path / "full", "--format", LIGHT)

    assert tree(out) == tree(tmp_path / "full")
    assert "shard" not in json.loads((out / "manifest.json").read_text())


def test_merge_accepts_an_hris_profile_s_files_and_nothing_beside_them() -> None:
    from ladder_compiler.shard import buildable

    accepted = ["hris/workday/job-profiles.csv", "hris/hibob/changes/job-profiles.json"]
    refused = [
        "hris/workday/../../.github/workflows/x.json",
        "hris/workday/.hidden.csv",
        "hris/workday/job-profiles.yaml",
        "hris/Workday/job-profiles.csv",
        "hris/job-profiles.csv",
        "markdown/manager.md",
    ]
    assert [path for path in accepted if buildable(path, "hris:workday")] == accepted
    assert [path for path in refused if buildable(path, "hris:workday")] == []
