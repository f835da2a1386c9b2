"""Generate docs/source-format.md from the source JSON Schema, so the docs cannot drift from it.

    python -m ladder_compiler.docgen > docs/source-format.md
"""

from __future__ import annotations

from .source.schema_store import SOURCE_SCHEMA, load_schema


def generate(schema_name: str = SOURCE_SCHEMA) -> str:
    schema = load_schema(schema_name)
    lines = [
        "# The ladder source format",
        "",
        "<!-- Generated from schemas/" + schema_name + " by `python -m ladder_compiler.docgen`; do not edit. -->",
        "",
        schema["description"],
        "",
        "## Top level",
        "",
        *_table(schema),
    ]
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object" or "properties" in definition:
            lines += ["", f"## `{name}`", "", definition.get("description", ""), "", *_table(definition)]
    lines += ["", "## Value types"]
    for name, definition in schema["$defs"].items():
        if not (definition.get("type") == "object" or "properties" in definition):
            lines += ["", f"### `{name}`", "", f"{_type(definition)}. {definition.get('description', '')}".rstrip()]
    return "\n".join(lines).rstrip() + "\n"


def _table(definition: dict) -> list[str]:
    required = set(definition.get("required", []))
    rows = ["| Field | Type | Required | Description |", "|---|---|---|---|"]
    for field, spec in definition.get("properties", {}).items():
        description = (spec.get("description") or _ref_description(spec)).replace("|", "\\|")
        kind = _type(spec).replace("|", "\\|")
        rows.append(f"| `{field}` | {kind} | {'yes' if field in required else ''} | {description} |")
    if isinstance(definition.get("additionalProperties"), dict):
        rows.append(f"| *any competency id* | {_type(definition['additionalProperties'])} | | One entry per competency of the track. |")
    return rows


def _ref_description(spec: dict) -> str:
    if "$ref" in spec:
        return load_schema(SOURCE_SCHEMA)["$defs"][spec["$ref"].split("/")[-1]].get("description", "")
    return ""


def _type(spec: dict) -> str:
    if "$ref" in spec:
        return f"[`{spec['$ref'].split('/')[-1]}`](#{spec['$ref'].split('/')[-1]})"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type", "any")
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
