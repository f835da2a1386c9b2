"""The pre-commit hooks, run by the real pre-commit against a fresh `ladder init` project."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pre-commit") is None or shutil.which("git") is None, reason="pre-commit not installed"
    ),
    pytest.mark.slow,  # pre-commit installs ladder into a fresh environment of its own for each test
]
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}
_EVERYWHERE = shutil.ignore_patterns(".git", ".venv", ".nox", "*.egg-info", "__pycache__", ".pytest_cache")
_AT_THE_ROOT = {"output", "dist", "build", "site"}  # only there: compiler/build/ and docs/rules/build/ ship


def not_shipped(directory: str, names: list[str]) -> set[str]:
    ignored = set(_EVERYWHERE(directory, names))
    return ignored | (_AT_THE_ROOT & set(names) if Path(directory) == REPO else set())


def run(cwd: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(args), cwd=cwd, capture_output=True, text=True, env={**ENV, "PRE_COMMIT_HOME": str(home)}, timeout=600
    )


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This working tree as a committed hook repository (what `pre-commit try-repo` does, but with
    a store we keep, so the test can look inside the hook's environment)."""
    repo = tmp_path_factory.mktemp("hook-repo") / "repo"
    shutil.copytree(REPO, repo, ignore=not_shipped)
    home = repo.parent / "unused-home"
    for args in (("git", "init", "-q"), ("git", "add", "-A"), ("git", "commit", "-qm", "hooks")):
        assert run(repo, *args, home=home).returncode == 0
    return repo, run(repo, "git", "rev-parse", "HEAD", home=home).stdout.strip()


def test_one_hook_validates_and_lints_once_per_error_without_weasyprint(hook_repo, tmp_path: Path) -> None:
    repo, rev = hook_repo
    project, home = tmp_path / "project", tmp_path / "pre-commit-home"
    project.mkdir()
    run(project, "git", "init", "-q", home=home)
    assert run(project, "ladder", "init", "ladders", "-q", home=home).returncode == 0
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: ladder\n"
    )
    run(project, "git", "add", "-A", home=home)

    good = run(project, "pre-commit", "run", "--all-files", home=home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "ladder......" in good.stdout and "Passed" in good.stdout
    site_packages = list(home.glob("repo*/py_env-*/lib/python*/site-packages"))
    assert len(site_packages) == 1
    installed = {p.name.split("-")[0].lower() for p in site_packages[0].iterdir()}
    assert "ladder_compiler" in installed and "weasyprint" not in installed and "pydyf" not in installed

    framework = project / "ladders" / "framework.yaml"
    framework.write_text(
        framework.read_text().replace("  name: Product Career Framework", "  nmae: Product Career Framework")
    )
    run(project, "git", "add", "-A", home=home)
    bad = run(project, "pre-commit", "run", "--all-files", home=home)
    assert bad.returncode == 1 and "Failed" in bad.stdout
    assert bad.stdout.count("[schema-unknown-key] unknown key `nmae`") == 1
    assert bad.stdout.count("ladders/framework.yaml:6:3: error [schema-unknown-key] unknown key `nmae`") == 1
    assert bad.stdout.count("[schema-required] missing required key `name`") == 1


def test_old_validate_hook_id_still_works(hook_repo, tmp_path: Path) -> None:
    repo, _ = hook_repo
    project, home = tmp_path / "project", tmp_path / "pre-commit-home"
    project.mkdir()
    run(project, "git", "init", "-q", home=home)
    assert run(project, "ladder", "init", "ladders", "-q", home=home).returncode == 0
    run(project, "git", "add", "-A", home=home)
    good = run(project, "pre-commit", "try-repo", str(repo), "ladder-validate", "--all-files", home=home)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "ladder validate" in good.stdout and "Passed" in good.stdout
