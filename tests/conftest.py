from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS = Path(__file__).parent
REPO = TESTS.parent
sys.path.insert(0, str(REPO / "tools"))  # the generators of docs and schemas, run as `python tools/NAME.py`
MINI = TESTS / "fixtures" / "mini"
# The mini project in format 2, stating what the fairness lint rules ask for (expected ratings,
# move criteria, a reviewed exception): format 1, which mini keeps, cannot.
FAIR = TESTS / "fixtures" / "fair"
LADDERS = REPO / "ladders"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small, valid fixture project."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def fair(tmp_path: Path) -> Path:
    """A writable copy of the format 2 fixture project, clean of every lint error."""
    target = tmp_path / "fair"
    shutil.copytree(FAIR, target)
    return target


@pytest.fixture(scope="session")
def shipped_output(tmp_path_factory) -> Path:
    """`ladder build` of the shipped ladders, every format this installation has, once per session.
    A full PDF build is the suite's costliest step: the golden files and the README's commands
    (which start from a copy of it) read this one. Treat it as read-only."""
    out = tmp_path_factory.mktemp("shipped") / "output"
    result = invoke(CliRunner(), "build", LADDERS, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    return out


def invoke(runner: CliRunner, *args: str):
    from ladder_compiler.cli import main

    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
