"""Generate docs/source-format.md from the source JSON Schema, so the docs cannot drift from it.

    python tools/docgen.py > docs/source-format.md

Every object of the schema, nested ones included, gets a section with a table of its fields and
an example; each field's example is its value in that object's example (the schema's `examples`).
"""

from __future__ import annotations

from typing import Any

import yaml

from ladder_compiler.source.schema_store import SOURCE_SCHEMA, SOURCE_SCHEMA_V1, load_schema

VERSIONS = f"""## Format versions

This page documents format 2 (`schemas/{SOURCE_SCHEMA}`, printed by `ladder schema`). Format 2 is a
strict superset of format 1 (`schemas/{SOURCE_SCHEMA_V1}`, printed by `ladder schema --source-v1`):
every project written for format 1 validates and builds unchanged, so there is nothing to migrate.
Format 2 adds shared trunks that fork (`starts_after`), expected proficiency per level and
competency (`expected`), examples and links on one behaviour, `progression` and `retires` for the
cumulative views, external ids and given UUIDs, open scope breadths (`breadths`), optional
categories and horizons, criteria on entry levels and on career moves, more process kinds, the
framework's `language`, and the `levelling_guide`. An editor that validates against the format 1
schema flags these new keys; point it at the format 2 schema instead."""


def generate(schema_name: str = SOURCE_SCHEMA) -> str:
    schema = load_schema(schema_name)
    definitions = schema["$defs"]
    lines = [
        "# The ladder source format",
        "",
        "<!-- Generated from schemas/" + schema_name + " by `python tools/docgen.py`; do not edit. -->",
        "",
        schema["description"],
        "",
        VERSIONS,
        "",
        "## Top level",
        "",
        *_table(schema, {}, definitions),
    ]
    for name, definition in definitions.items():
        if _is_object(definition):
            lines += [
                "",
                f"## `{name}`",
                "",
                definition.get("description", ""),
                "",
                *_table(definition, _example(definition), definitions),
            ]
            lines += _example_block(definition)
    lines += ["", "## Value types"]
    for name, definition in definitions.items():
        if not _is_object(definition):
            lines += ["", f"### `{name}`", "", f"{_type(definition)}. {definition.get('description', '')}".rstrip()]
            if definition.get("examples"):
                lines += ["", f"Example: {_inline(definition['examples'][0])}"]
    return "\n".join(lines).rstrip() + "\n"


def _is_object(definition: dict[str, Any]) -> bool:
    return definition.get("type") == "object" or "properties" in definition


def _example(definition: dict[str, Any]) -> dict[str, Any]:
    """Each field's value in the first of the object's examples that has it."""
    merged: dict[str, Any] = {}
    for example in definition.get("examples", []):
        if isinstance(example, dict):
            merged.update({key: value for key, value in example.items() if key not in merged})
    return merged


def _example_block(definition: dict[str, Any]) -> list[str]:
    if not definition.get("examples"):
        return []
    lines = []
    for index, example in enumerate(definition["examples"]):
        lines += ["", "Example:" if index == 0 else "Another example:", "", "```yaml"]
        lines += yaml.safe_dump(example, sort_keys=False, allow_unicode=True, width=100).rstrip().splitlines()
        lines += ["```"]
    return lines


def _table(definition: dict[str, Any], example: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    required = set(definition.get("required", []))
    rows = ["| Field | Type | Required | Description | Example |", "|---|---|---|---|---|"]
    for field, spec in definition.get("properties", {}).items():
        description = _escape(spec.get("description") or _ref_description(spec, definitions))
        shown = _escape(_inline(example[field])) if field in example else ""
        rows.append(
            f"| `{field}` | {_escape(_type(spec))} | {'yes' if field in required else ''} | {description} | {shown} |"
        )
    if isinstance(definition.get("additionalProperties"), dict):
        key, value = next(iter(example.items()), ("", None))
        shown = _escape(_inline({key: value})) if key else ""
        kind = _type(definition["additionalProperties"])
        rows.append(f"| *any competency id* | {kind} | | One entry per competency of the track. | {shown} |")
    return rows


def _inline(value: object) -> str:
    text = (
        "`"
        + yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
        .strip()
        .removesuffix("...")
        .strip()
        + "`"
    )
    return text if len(text) <= 80 else text[:76] + "…`"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _ref_description(spec: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "$ref" in spec:
        description: str = definitions[spec["$ref"].split("/")[-1]].get("description", "")
        return description
    return ""


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return f"[`{spec['$ref'].split('/')[-1]}`](#{spec['$ref'].split('/')[-1]})"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    kind: str | list[str] = spec.get("type", "any")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        return f"list of {_type(spec.get('items', {}))}"
    extras = []
    if "pattern" in spec:
        extras.append(f"pattern `{spec['pattern']}`")
    for key, label in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "length ≥"), ("maxLength", "length ≤")):
        if key in spec:
            extras.append(f"{label} {spec[key]}")
    return kind + (f" ({', '.join(extras)})" if extras else "")


if __name__ == "__main__":
    print(generate(), end="")
