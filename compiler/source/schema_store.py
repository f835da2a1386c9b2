"""Access to the bundled JSON Schemas, each validator built once per process."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema import ValidationError
    from jsonschema.protocols import Validator

SOURCE_SCHEMA = "ladder-source.v2.schema.json"
SOURCE_SCHEMA_V1 = "ladder-source.v1.schema.json"


@cache
def schema_text(name: str) -> str:
    return resources.files("ladder_compiler.schemas").joinpath(name).read_text(encoding="utf-8")


@cache
def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(name))  # our own bundled files, each an object
    return schema


@cache
def validator(name: str, definition: str | None = None) -> Validator:
    """A validator for a schema, or for one of its $defs, with local $refs inlined: resolving
    references dominated validation time on large exports. (None of our schemas recurse.)"""
    # The bundled schemas are checked once, by tests/test_schemas.py, not on every run.
    return ecma_validator_class()(_target(name, definition))


def _target(name: str, definition: str | None) -> dict[str, Any]:
    """A schema, or one of its $defs as a schema of its own, with local $refs inlined."""
    schema = load_schema(name)
    definitions = schema.get("$defs", {})
    inlined = _inline_refs(definitions[definition] if definition else schema, definitions)
    return {"$schema": schema["$schema"], **{k: v for k, v in inlined.items() if k != "$defs"}}


@cache
def ecma_validator_class() -> type[Validator]:
    """Draft 2020-12 with `pattern` read as ECMA-262 says: `$` is the end of the text. Python's `$`
    also matches before a final newline, which let an id with a trailing line break through as a second id."""
    from jsonschema import Draft202012Validator, ValidationError, validators

    def pattern(
        validator: Validator, expected: str, instance: object, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        if isinstance(instance, str) and not ecma_regex(expected).search(instance):  # a JSON string
            yield ValidationError(f"{instance!r} does not match {expected!r}")

    extended: type[Validator] = validators.extend(  # untyped in types-jsonschema
        Draft202012Validator, {"pattern": pattern}
    )
    return extended


@cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema pattern compiled with `$` (outside character classes) meaning end of text."""
    translated: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            translated.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        translated.append(char)
        index += 1
    return re.compile("".join(translated))


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline_refs(item, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and node["$ref"].startswith("#/$defs/"):
        target = _inline_refs(definitions[node["$ref"].split("/")[-1]], definitions)
        return {**target, **{k: _inline_refs(v, definitions) for k, v in node.items() if k != "$ref"}}
    return {key: _inline_refs(value, definitions) for key, value in node.items()}


@cache
def fast_validator(name: str, definition: str | None = None) -> jsonschema_rs.Validator | None:
    """A native validator answering only "valid or not", or None without jsonschema-rs.

    Most documents are valid: checking them natively is several times faster, and the
    pure-Python validator runs only to explain the documents that are not."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(_target(name, definition), validate_formats=False)
