"""The benchmark's generator makes valid projects, the same bytes for the same seed."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate


def test_generated_project_is_valid_and_deterministic(tmp_path: Path) -> None:
    from ladder_compiler.pipeline import read_framework

    generate(tmp_path / "a", tracks=3, levels=4, competencies=5, seed=7)
    generate(tmp_path / "b", tracks=3, levels=4, competencies=5, seed=7)
    compiled = read_framework(tmp_path / "a")
    assert compiled.ok, compiled.problems[:3]
    framework = compiled.framework
    assert (len(framework.tracks), len(framework.tracks[0].levels), len(framework.competencies)) == (3, 4, 5)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    generate(tmp_path / "c", tracks=3, levels=4, competencies=5, seed=8)
    assert (tmp_path / "a" / "tracks" / "track-01.yaml").read_bytes() != (
        tmp_path / "c" / "tracks" / "track-01.yaml"
    ).read_bytes()
