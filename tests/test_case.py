"""The CASE export validates against 1EdTech's official CASE 1.1 JSON Schema (vendored under tests/vendor/case)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from golden import shipped_projects

from ladder_compiler.pipeline import read_framework
from ladder_compiler.render.case import CASE_VERSION, case_package

SCHEMA = Path(__file__).parent / "vendor" / "case" / "case-v1p1-cfpackage.json"
FIXTURES = Path(__file__).parent / "fixtures"
# with a scale per competency, and without any scale
PROJECTS = {**shipped_projects(), "fixture-scales": FIXTURES / "scales", "fixture-noscale": FIXTURES / "noscale"}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft201909Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft201909Validator.check_schema(schema)
    checker = jsonschema.Draft201909Validator.FORMAT_CHECKER
    # without rfc3339-validator jsonschema silently skips date-time: make the format check real
    assert {"uuid", "date", "date-time"} <= set(checker.checkers)
    return jsonschema.Draft201909Validator(schema, format_checker=checker)


def test_vendored_schema_keeps_its_licence() -> None:
    assert "Apache License" in (SCHEMA.parent / "LICENSE").read_text(encoding="utf-8")
    assert "1EdTech" in (SCHEMA.parent / "NOTICE").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_case_export_of_every_project_validates(name: str, validator) -> None:
    compiled = read_framework(PROJECTS[name])
    assert compiled.ok, compiled.problems
    package = case_package(compiled.framework)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)]
    assert errors == []
    assert package["CFDocument"]["caseVersion"] == CASE_VERSION == "1.1"


@pytest.mark.parametrize(
    "written",
    sorted((Path(__file__).parent / "golden").glob("*/case/*.json"))
    + sorted((Path(__file__).parent.parent / "output" / "case").glob("*.json")),
    ids=lambda path: "/".join(path.parts[-3:]),
)
def test_the_written_case_files_validate(written: Path, validator) -> None:
    """The bytes users get: the committed output and the golden files, parsed back."""
    package = json.loads(written.read_text(encoding="utf-8"))
    assert [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(package)] == []
    assert package["CFDocument"]["caseVersion"] == "1.1"


def test_format_checking_is_on(validator) -> None:
    compiled = read_framework(PROJECTS["fixture-mini"])
    package = case_package(compiled.framework)
    package["CFItems"][0]["lastChangeDateTime"] = "2026-13-01"
    package["CFItems"][1]["identifier"] = "not-a-uuid"
    messages = sorted(e.message for e in validator.iter_errors(package))
    assert messages == ["'2026-13-01' is not a 'date-time'", "'not-a-uuid' is not a 'uuid'"]


def test_what_case_has_no_field_for_goes_under_extensions() -> None:
    framework = read_framework(PROJECTS["fixture-mini"]).framework
    package = case_package(framework)
    assert [v["id"] for v in package["CFDocument"]["extensions"]["ratingScale"]["values"]] == [
        "developing",
        "proficient",
        "advanced",
    ]
    level = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "M2")
    assert level["extensions"] == {
        "levelId": "manager-2",
        "rank": 2,
        "jobCode": "M2",
        "grade": "G7",
        "managementLevel": "Senior Manager",
        "scope": {
            "summary": "A group of teams.",
            "breadth": "domain",
            "breadthName": "A domain",
            "horizonMonths": 12,
            "directReportsMin": 4,
            "directReportsMax": 6,
            "directReportsNote": None,
        },
    }
    competency = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "coaching")
    assert competency["extensions"] == {"category": "leadership", "scale": "proficiency"}
