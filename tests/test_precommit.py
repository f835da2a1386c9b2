"""The pre-commit hooks, run by pre-commit itself against a scaffolded project."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None, reason="pre-commit not installed")
ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def run(cwd: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, env={**ENV, "PRE_COMMIT_HOME": str(home)}, timeout=600)


def test_validate_hook_passes_then_fails_on_a_broken_ladder(tmp_path: Path) -> None:
    project, home = tmp_path / "project", tmp_path / "pre-commit-home"
    project.mkdir()
    run(project, "git", "init", "-q", home=home)
    assert run(project, "ladder", "init", "ladders", "-q", home=home).returncode == 0
    run(project, "git", "add", "-A", home=home)
    good = run(project, "pre-commit", "try-repo", str(REPO), "ladder-validate", "--all-files", home=home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "ladder validate" in good.stdout and "Passed" in good.stdout
    framework = project / "ladders" / "framework.yaml"
    framework.write_text(framework.read_text().replace("  name: Product Career Framework", "  nmae: Product Career Framework"))
    run(project, "git", "add", "-A", home=home)
    bad = run(project, "pre-commit", "try-repo", str(REPO), "ladder-validate", "--all-files", home=home)
    assert bad.returncode == 1 and "Failed" in bad.stdout
    assert "ladders/framework.yaml:6:3: error [schema-unknown-key] unknown key `nmae`" in bad.stdout
