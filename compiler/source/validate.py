"""Validate stage: JSON Schema per file, then the semantic checks across the whole project."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from ..problems import ERROR, Problem, Rule, did_you_mean
from . import semantic, shared
from .load import Path_, SourceDocument
from .schema_store import SOURCE_SCHEMA, fast_validator, validator
from .sources import Sources

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "schema-required",
        "validate",
        ERROR,
        "A required key is missing.",
        "levels:\n  - id: gpm",
        "levels:\n  - id: gpm\n    title: GPM\n    ...",
    ),
    Rule(
        "schema-unknown-key",
        "validate",
        ERROR,
        "A key the format does not know (often a typo).",
        "titel: Group PM",
        "title: Group PM",
    ),
    Rule(
        "schema-type",
        "validate",
        ERROR,
        "A value of the wrong type.",
        "rank: one",
        "rank: 1",
    ),
    Rule(
        "schema-enum",
        "validate",
        ERROR,
        "A value outside the allowed choices.",
        "breadth: galaxy",
        "breadth: domain",
    ),
    Rule(
        "schema-format",
        "validate",
        ERROR,
        "An id or value that does not match its pattern.",
        "id: Group PM",
        "id: group-pm",
    ),
    Rule(
        "schema-value",
        "validate",
        ERROR,
        "A value outside its allowed range or length.",
        "horizon_months: -3",
        "horizon_months: 12",
    ),
)

if TYPE_CHECKING:
    from jsonschema import ValidationError

_JSON_TYPES = {
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "text",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing (null)",
}
_TYPE_NAMES = {
    "string": "text",
    "integer": "an integer",
    "number": "a number",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
}


@dataclass
class Validation:
    problems: list[Problem]
    sources: Sources | None  # None when the files are not valid enough to check across


def validate_documents(documents: list[SourceDocument], schema_name: str = SOURCE_SCHEMA) -> list[Problem]:
    problems = []
    for document in documents:
        problems += schema_problems(document, schema_name)
    return problems


def validate(documents: list[SourceDocument], check_across: bool = True) -> Validation:
    """Schema-check every document; check across them only when all of them loaded and are valid."""
    problems = validate_documents(documents)
    if problems or not check_across or not documents:
        return Validation(sorted(set(problems)), None)
    sources = Sources.merge(documents)
    unresolved = shared.check(sources)
    if unresolved:  # the tracks' behaviours are not known until their shared sets resolve
        return Validation(sorted(set(unresolved)), None)
    sources = shared.resolve(sources)
    return Validation(sorted(set(semantic.check(sources))), sources)


def schema_problems(document: SourceDocument, schema_name: str = SOURCE_SCHEMA) -> list[Problem]:
    fast = fast_validator(schema_name)
    if fast is not None and fast.is_valid(document.data):
        return []
    problems = []
    for error in validator(schema_name).iter_errors(document.data):
        problems += _describe(document, error, schema_name)
    return problems


def _describe(document: SourceDocument, error: ValidationError, schema_name: str = SOURCE_SCHEMA) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind = _keyword(error)
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        known = sorted(_subschema(error).get("properties", {}))
        extra = [key for key in error.instance if key not in known]
        owners = _key_owners(schema_name)
        return [_unknown_key(document, path + (key,), key, known, owners.get(key, ())) for key in extra]
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        return [document.problem(path, "schema-required", f"missing required key `{missing}`{_where(path)}", key=True)]
    if kind == "type":
        return [_wrong_type(document, path, error)]
    if kind == "enum":
        choices = [str(choice) for choice in cast(list[object], error.validator_value)]  # enum's list
        hint = did_you_mean(str(error.instance), choices)
        return [
            document.problem(
                path,
                "schema-enum",
                f"`{error.instance}` is not allowed{_where(path)}; expected one of: {', '.join(choices)}",
                hint=hint,
            )
        ]
    if kind == "propertyNames":
        return [
            document.problem(
                path,
                "schema-format",
                f"`{error.instance}` is not a valid id{_where(path)}:"
                f" {_describe_schema(_subschema(error).get('propertyNames', {}))}",
            )
        ]
    return [document.problem(path, _rule(kind), f"{_value_message(error)}{_where(path)}")]


def _keyword(error: ValidationError) -> str:
    """The schema keyword that failed (always set on the errors `iter_errors` yields)."""
    return error.validator if isinstance(error.validator, str) else ""


def _subschema(error: ValidationError) -> Mapping[str, Any]:
    """The schema object holding the keyword that failed ({} for a boolean schema)."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _rule(kind: str) -> str:
    return "schema-format" if kind == "pattern" else "schema-value"


def _where(path: Path_) -> str:
    return f" at `{_dotted(path)}`" if path else ""


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe_schema(schema: Mapping[str, Any]) -> str:
    if "$ref" in schema and schema["$ref"].endswith("/id"):
        return "use lowercase letters, digits and single hyphens, starting with a letter (like `group-product-manager`)"
    description: str = schema.get("description", "see the schema")  # schema descriptions are text
    return description


def _value_message(error: ValidationError) -> str:
    kind, value = _keyword(error), error.instance
    limit: Any = error.validator_value
    shown = _show(value)
    if kind == "pattern":
        description = _subschema(error).get("description", "")
        if _subschema(error).get("pattern", "").startswith("^[a-z][a-z0-9]*"):
            description = _describe_schema({"$ref": "#/$defs/id"})
        return f"{shown} has the wrong format: {description}"
    messages = {
        "minLength": "must not be empty" if limit == 1 else f"must be at least {limit} characters",
        "maxLength": f"is too long ({len(value) if isinstance(value, str) else '?'} characters; at most {limit})",
        "minItems": f"needs at least {limit} item{'s' if limit != 1 else ''}",
        "maxItems": f"has too many items (at most {limit})",
        "minimum": f"{shown} is below the minimum of {limit}",
        "maximum": f"{shown} is above the maximum of {limit}",
        "uniqueItems": "lists the same item more than once",
        "minProperties": "needs at least one key"
        if limit == 1
        else "give exactly one of `competency` or `category`, and a `rating`",
        "maxProperties": "give exactly one of `competency` or `category`, and a `rating`",
    }
    return messages.get(kind, error.message)


def _show(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


@cache
def _key_owners(schema_name: str) -> dict[str, tuple[str, ...]]:
    """Each key of the schema's definitions → the definitions that hold it (`promotion` → level)."""
    from .schema_store import load_schema

    owners: dict[str, list[str]] = {}
    for name, definition in load_schema(schema_name).get("$defs", {}).items():
        for key in definition.get("properties", {}) if isinstance(definition, dict) else ():
            owners.setdefault(key, []).append(name.replace("_", " "))
    return {key: tuple(names) for key, names in owners.items()}


def _unknown_key(
    document: SourceDocument, path: Path_, key: str, known: list[str], owners: tuple[str, ...] = ()
) -> Problem:
    if owners:  # a real key, written at the wrong depth: the indentation is the mistake, not the spelling
        where = " or ".join(f"{'an' if owner[0] in 'aeiou' else 'a'} {owner}" for owner in owners[:2])
        hint = f"`{key}` is a key of {where}, not here: check its indentation"
    else:
        hint = did_you_mean(key, known) or (f"expected one of: {', '.join(known)}" if known else "")
    return document.problem(path, "schema-unknown-key", f"unknown key `{key}`{_where(path[:-1])}", key=True, hint=hint)


def _yaml_reading(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return "null (no value)" if value is None else f"the number {value!r}"


def _wrong_type(document: SourceDocument, path: Path_, error: ValidationError) -> Problem:
    types: Any = error.validator_value  # a type name, or a list of them
    expected: list[str] = types if isinstance(types, list) else [types]
    wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in expected)
    got = _JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
    message = f"expected {wanted}{_where(path)}, got {got}"
    hint = ""
    original = document.retyped.get(path)
    if original is not None and "string" in expected:
        message = f"`{original}` was read as {_yaml_reading(error.instance)}{_where(path)}, but text is expected"
        hint = f'YAML 1.1 reads unquoted `{original}` that way; quote it to keep it as text: "{original}"'
    elif error.instance is None:
        message = f"`{_dotted(path)}` has no value; expected {wanted}"
    return document.problem(path, "schema-type", message, hint=hint)
