"""The sdist is a complete source tree: every file git tracks is in it and nothing else (its tests
can pass when it is unpacked; the nox session `sdist` runs them), and the build and twine check are
warning-free. It is built, as a release is, from a clean checkout: a copy of exactly the tracked files,
so neither caches in the working tree nor a stale egg-info's SOURCES.txt change what ships."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = [
    pytest.mark.one_python,  # the archive's contents do not depend on the interpreter; nox `sdist` builds it too
    pytest.mark.xdist_group("sdist"),  # the module build of the sdist runs once, on one worker
]

NOT_IN_SDIST = {".gitignore", ".git"}  # repository plumbing


def tracked_files() -> list[str]:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout (already an unpacked sdist)")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return sorted(
        name
        for name in listed.split("\0")
        if name and name.split("/")[0] not in NOT_IN_SDIST and (REPO / name).exists()
    )


def clean_checkout(files: list[str], into: Path) -> Path:
    for name in files:
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, into / name)
    return into


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    try:
        import build  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("`build` is not installed; it is in the [test] extra")
        pytest.skip("`build` is not installed")
    source = clean_checkout(tracked_files() + [".gitignore"], tmp_path_factory.mktemp("checkout"))
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out)], cwd=source, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out, result.stdout + result.stderr


def test_sdist_holds_every_tracked_file_and_nothing_else(built) -> None:
    out, _ = built
    expected = tracked_files()
    (archive,) = out.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        names = {member.name.split("/", 1)[1] for member in tar.getmembers() if member.isfile() and "/" in member.name}
    assert [name for name in expected if name not in names] == []
    # setuptools adds the metadata; any other file would be one git does not track
    generated = {"PKG-INFO"} | {name for name in names if name.startswith("ladder_compiler.egg-info/")}
    assert sorted(names - set(expected) - generated) == []
    assert {
        "LICENSE",
        "tests/conftest.py",
        "tests/fixtures/mini/framework.yaml",
        "docs/index.md",
        "mkdocs.yml",
        "noxfile.py",
    } <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_build_has_no_setuptools_warnings(built) -> None:
    _, log = built
    warnings = [
        line for line in log.splitlines() if "warning" in line.lower() and "byte-compiling is disabled" not in line
    ]
    assert warnings == []


def test_twine_check_strict_passes(built) -> None:
    out, _ = built
    if shutil.which("twine") is None and not os.environ.get("CI"):
        pytest.skip("twine is not installed")
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(out.iterdir()))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.count("PASSED") == 2, result.stdout + result.stderr
