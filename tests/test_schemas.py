"""The bundled schemas, checked once here rather than on every run, and the native fast path
agreeing with the pure-Python validator that explains problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import validators
from test_invalid_examples import CASES, project_with

from ladder_compiler.source import schema_store, validate

from conftest import MINI, REPO, invoke

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_bundled_schema_is_valid_against_its_meta_schema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    validators.validator_for(schema).check_schema(schema)


def test_the_native_validator_is_installed() -> None:
    assert schema_store.fast_validator(schema_store.SOURCE_SCHEMA) is not None


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_examples_give_identical_problems_with_and_without_the_fast_path(
    case: Path, tmp_path: Path, runner, monkeypatch
) -> None:
    project_with(case, tmp_path, monkeypatch)
    with_fast_path = invoke(runner, "validate", "project", "--format", "json")
    monkeypatch.setattr(validate, "fast_validator", lambda name: None)
    without = invoke(runner, "validate", "project", "--format", "json")

    assert (with_fast_path.exit_code, with_fast_path.output) == (without.exit_code, without.output)


@pytest.mark.parametrize(
    "project", [MINI, REPO / "ladders", REPO / "examples" / "engineering"], ids=["mini", "shipped", "engineering"]
)
def test_valid_documents_pass_both_validators(project: Path) -> None:
    from ladder_compiler.source.load import load_project

    loaded = load_project(project)
    assert not loaded.problems
    fast = schema_store.fast_validator(schema_store.SOURCE_SCHEMA)
    for document in loaded.documents:
        assert fast.is_valid(document.data), document.path
        assert not list(schema_store.validator(schema_store.SOURCE_SCHEMA).iter_errors(document.data)), document.path
