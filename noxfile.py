"""Test sessions on every supported Python: `nox` (all), `nox -s tests-3.12`, `nox -s light`.

Interpreters come from PATH, or from pyenv's versions when pyenv has them but does not expose
them (only the global version's `python3.X` shims work). A version found nowhere is skipped with
a message saying so; one that exists is always run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

PYTHONS = ["3.11", "3.12", "3.13"]
nox.options.sessions = ["tests", "light"]
nox.options.reuse_venv = "yes"  # keep venvs between runs; `pip install` then only checks what is there
nox.options.error_on_missing_interpreters = False  # a version that is really absent is skipped (and said so)


def _works(command: str) -> bool:
    try:
        return subprocess.run([command, "-c", "pass"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _pyenv_bin(version: str) -> Path | None:
    """The newest pyenv installation of `version` (3.12 → …/versions/3.12.1/bin), if any."""
    root = os.environ.get("PYENV_ROOT") or (
        subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
        if shutil.which("pyenv")
        else ""
    )
    if not root:
        return None
    found = [
        p
        for p in Path(root, "versions").glob(f"{version}.*")
        if p.name.removeprefix(f"{version}.").isdigit() and (p / "bin" / f"python{version}").exists()
    ]
    return max(found, key=lambda p: int(p.name.rsplit(".", 1)[1])) / "bin" if found else None


def _expose_interpreters() -> None:
    missing = []
    for version in PYTHONS:
        if _works(f"python{version}"):
            continue
        directory = _pyenv_bin(version)
        if directory is None:
            missing.append(version)
            continue
        os.environ["PATH"] = f"{directory}{os.pathsep}{os.environ['PATH']}"
    if missing:
        print(f"nox: Python {', '.join(missing)} not found on PATH or in pyenv; those sessions will be skipped")


_expose_interpreters()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The full suite, with the PDF engine and the real tools (the [test] extra)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", "-q", *session.posargs)


@nox.session(python=PYTHONS[0])
def light(session: nox.Session) -> None:
    """The light install: no [pdf] extra, so WeasyPrint is really absent."""
    session.install(".", "pytest")
    session.run(
        "python", "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('weasyprint') is not None)"
    )
    session.run("python", "-m", "pytest", "-q", "tests/test_light_install.py", *session.posargs)


@nox.session(python=PYTHONS[0])
def sdist(session: nox.Session) -> None:
    """Build the sdist and wheel, check them with twine, then run the test suite from the unpacked
    sdist against its own installation: the sdist is complete when that passes."""
    import tarfile
    import tempfile

    session.install("build", "twine")
    dist = Path(tempfile.mkdtemp(prefix="ladder-dist-"))
    session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("python", "-m", "twine", "check", "--strict", *map(str, dist.iterdir()))
    archive = next(dist.glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(dist, filter="data")
    unpacked = dist / archive.name.removesuffix(".tar.gz")
    session.install(f"{unpacked}[test]")
    session.chdir(unpacked)
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *session.posargs)
