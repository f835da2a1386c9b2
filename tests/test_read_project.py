"""`pipeline.read_project`, the one reader of a ladder project: a directory, `-`, REV and REV:PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ladder_compiler.model.texts import texts
from ladder_compiler.pipeline import read_project
from ladder_compiler.source.gitsource import SourceError

from conftest import MINI

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
GIT_ENV |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def words(argument: str | Path, **options: object) -> list[tuple[str, str]]:
    compiled = read_project(argument, **options)  # type: ignore[arg-type]
    assert compiled.framework is not None, compiled.problems
    return [(t.key, t.text) for t in texts(compiled.framework)]


def test_every_way_of_naming_a_project_reads_the_same_model(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "ladders")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "v1")
    one_file = b"".join((MINI / name).read_bytes() for name in ("framework.yaml", "competencies.yaml", "tracks.yaml"))

    expected = words(MINI)
    assert words(tmp_path / "ladders", revisions_at="ladders", cwd=tmp_path) == expected
    assert words("main", revisions_at="ladders", cwd=tmp_path) == expected
    assert words("main:ladders", revisions_at=".", cwd=tmp_path) == expected
    assert words("-", stdin=one_file) == expected


def test_a_name_that_is_neither_is_a_usage_error(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    with pytest.raises(SourceError, match=r"^`-` is neither a directory nor a git revision$"):
        read_project("-", revisions_at="ladders", cwd=tmp_path)  # `-` is standard input only where it was read
    with pytest.raises(SourceError, match=r"^`v9` is not a git revision \(from `v9:ladders`\)$"):
        read_project("v9:ladders", revisions_at="ladders", cwd=tmp_path)
