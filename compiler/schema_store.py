"""Access to the bundled JSON Schemas, each validator built once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

SOURCE_SCHEMA = "ladder-source.v1.schema.json"


@cache
def schema_text(name: str) -> str:
    return resources.files("ladder.schemas").joinpath(name).read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict:
    return json.loads(schema_text(name))


@cache
def validator(name: str):
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)
