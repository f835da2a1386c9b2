"""The second example project (examples/engineering): a trunk that forks, a proficiency matrix and
a levelling guide. It validates, builds in every light format, lints clean and assesses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ladder_compiler.render.hris_json import validate_export

from conftest import REPO, invoke

# the module build of the example runs once, on one worker
pytestmark = pytest.mark.xdist_group("engineering_example")

ENGINEERING = REPO / "examples" / "engineering"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("engineering") / "out"
    result = invoke(CliRunner(), "build", ENGINEERING, "--out", out, "--format", "md,html,json,csv,case")
    assert result.exit_code == 0, result.output
    return out


def test_validates_and_lints_clean_in_strict_mode(runner) -> None:
    validated = invoke(runner, "validate", ENGINEERING)
    assert validated.exit_code == 0 and "3 tracks, 8 levels, 6 competencies" in validated.output
    linted = invoke(runner, "lint", ENGINEERING, "--strict")
    assert linted.exit_code == 0, linted.output


def test_builds_every_light_format(built: Path) -> None:
    files = sorted(
        p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file() and p.name != "manifest.json"
    )
    assert files == sorted(
        [
            "case/engineering.json",
            "csv/competencies.csv",
            "csv/expectations.csv",
            "csv/job-profiles.csv",
            "csv/levelling-guide.csv",
            "csv/rating-scale.csv",
            "html/engineering-management.html",
            "html/foundation.html",
            "html/index.html",
            "html/levelling-guide.html",
            "html/staff.html",
            "json/engineering-management.json",
            "json/foundation.json",
            "json/framework.json",
            "json/staff.json",
            "markdown/README.md",
            "markdown/engineering-management.md",
            "markdown/foundation.md",
            "markdown/levelling-guide.md",
            "markdown/staff.md",
        ]
    )
    for path in (built / "json").glob("*.json"):
        assert validate_export(json.loads(path.read_text())) == [], path


def test_assessment_of_a_lateral_move_is_ready(runner) -> None:
    result = invoke(
        runner,
        "assess",
        REPO / "examples" / "assessment-staff-to-manager.yaml",
        "--ladders",
        ENGINEERING,
        "--format",
        "json",
    )
    data = json.loads(result.stdout)  # stderr carries the weak-evidence warnings (its evidence names no behaviours)
    assert result.exit_code == 0 and data["ready"] is True
    assert data["criteria_of"] == "move"
    assert data["rated_against"].startswith("The expectations of the level the person is assessed for")
    people = next(r for r in data["results"] if r["id"] == "rating-people-management")
    assert people["requirement"] == "At least Practitioner in Managing people, as Engineering Manager expects"


def test_builds_are_byte_identical(built: Path, tmp_path: Path, runner) -> None:
    again = tmp_path / "again"
    assert invoke(runner, "build", ENGINEERING, "--out", again, "--format", "md,html,json,csv,case").exit_code == 0
    for path in built.rglob("*"):
        if path.is_file() and path.name != "manifest.json":
            assert path.read_bytes() == (again / path.relative_to(built)).read_bytes(), path
