from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS = Path(__file__).parent
REPO = TESTS.parent
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


def invoke(runner: CliRunner, *args: str):
    from ladder_compiler.cli import main

    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
