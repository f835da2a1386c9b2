"""Test sessions on every supported Python: `nox` (all), `nox -s tests-3.12`, `nox -s light`.

Interpreters come from PATH, or from pyenv's versions when pyenv has them but does not expose
them (only the global version's `python3.X` shims work). A version found nowhere is skipped with
a message saying so; one that exists is always run.

The default Python (3.11) runs the whole suite. The other sessions leave out the tests marked
`one_python`: costly, and what they check does not depend on the interpreter (a Hypothesis search
at full size, a real Chromium, outside tools' own environments); see docs/development.md.
Installs use constraints.txt, the versions the suite last passed with.
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


DEFAULT_PYTHON = PYTHONS[0]
# A command-line -m replaces the `-m "not slow"` of setup.cfg's addopts: the sessions choose their
# tests themselves. The `slow` tests that are not `one_python` run on every Python, as before.
ALL = ("-m", "")  # the whole suite, `slow` tests included
ONCE = ("-m", "not one_python")  # run by the default Python's whole suite only


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The suite with the PDF engine and the real tools (the [test] extra); whole on the default
    Python, without the `one_python` tests on the others."""
    session.install("-c", "constraints.txt", "-e", ".[test]")
    selection = ALL if session.python == DEFAULT_PYTHON else ONCE
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *selection, *session.posargs)


@nox.session(python=DEFAULT_PYTHON)
def light(session: nox.Session) -> None:
    """The light install: no [pdf] extra, so WeasyPrint is really absent."""
    session.install("-c", "constraints.txt", ".", "pytest", "pytest-xdist")  # addopts has -n auto
    session.run(
        "python", "-c", "import importlib.util, sys; sys.exit(importlib.util.find_spec('weasyprint') is not None)"
    )
    session.run("python", "-m", "pytest", "-q", "tests/test_light_install.py", *session.posargs)


@nox.session(python=DEFAULT_PYTHON)
def sdist(session: nox.Session) -> None:
    """Build the sdist and wheel from a clean checkout (the tracked files only, as a release is
    built), check them with twine, then run the suite, without the `one_python` tests, from the
    unpacked sdist against its own installation: the sdist is complete when that passes."""
    import tarfile
    import tempfile

    session.install("-c", "constraints.txt", "build", "twine")
    work = Path(tempfile.mkdtemp(prefix="ladder-dist-"))
    checkout, dist = work / "checkout", work / "dist"
    tracked = subprocess.run(["git", "ls-files", "-z"], capture_output=True, text=True, check=True).stdout
    for name in filter(None, tracked.split("\0")):
        if Path(name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(name, checkout / name)
    with session.chdir(checkout):
        session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("python", "-m", "twine", "check", "--strict", *map(str, dist.iterdir()))
    archive = next(dist.glob("*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(dist, filter="data")
    unpacked = dist / archive.name.removesuffix(".tar.gz")
    session.install("-c", "constraints.txt", f"{unpacked}[test]")
    session.chdir(unpacked)
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *ONCE, *session.posargs)
