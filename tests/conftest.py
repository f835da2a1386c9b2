from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

TESTS = Path(__file__).parent
REPO = TESTS.parent
MINI = TESTS / "fixtures" / "mini"
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


def invoke(runner: CliRunner, *args: str):
    from ladder_compiler.cli import main

    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
