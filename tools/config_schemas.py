"""JSON Schemas of ladder's two settings files, generated from the rules they configure.

    schemas/ladder-lint-config.v1.schema.json     `.ladder-lint.yaml`, or `ladder lint --config FILE`
    schemas/diff-severity-config.v1.schema.json   `ladder diff --severity-config FILE`

Each rule and option comes from the rule registry (lint rule modules, `diff.RULES`), so a new rule
or option is in the schema once it is regenerated; tests/test_config_schemas.py fails while a
committed schema is out of date. Regenerate with:

    python tools/config_schemas.py schemas
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# The file names live with the other schemas', below the configs that validate against them.
from ladder_compiler.source.schema_store import DIFF_CONFIG_SCHEMA as DIFF_CONFIG_SCHEMA
from ladder_compiler.source.schema_store import LINT_CONFIG_SCHEMA as LINT_CONFIG_SCHEMA

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_base() -> str:
    """Where the project publishes its schemas: the directory of the source schema's `$id`."""
    from ladder_compiler.source.schema_store import SOURCE_SCHEMA, load_schema

    return str(load_schema(SOURCE_SCHEMA)["$id"]).rsplit("/", 1)[0] + "/"


def lint_config_schema() -> dict[str, Any]:
    from ladder_compiler.catalogue import lint_rules
    from ladder_compiler.lint import all_rules
    from ladder_compiler.lint.config import SEVERITIES

    summaries = {rule.id: rule.summary for rule in lint_rules()}
    rules = {
        module.ID: _lint_rule(module.ID, module.SEVERITY, module.CONF, summaries.get(module.ID, ""))
        for module in sorted(all_rules(), key=lambda m: m.ID)
    }
    return {
        "$schema": DRAFT,
        "$id": schema_base() + LINT_CONFIG_SCHEMA,
        "title": "ladder lint settings (.ladder-lint.yaml)",
        "description": "Severity and options per lint rule; a rule not named keeps its defaults. "
        "`ladder lint --list-rules` lists the rules.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "rules": {
                "description": "Lint rule id → a severity, or a mapping of `severity` and the rule's own options.",
                "type": "object",
                "additionalProperties": False,
                "properties": rules,
            }
        },
        "$defs": {
            "severity": {
                "description": "How a finding of the rule is reported; `off` does not run it.",
                "enum": list(SEVERITIES),
            }
        },
    }


def _lint_rule(rule_id: str, severity: str, conf: dict[str, Any], summary: str) -> dict[str, Any]:
    options = {name: _option(name, default) for name, default in conf.items()}
    return {
        "description": f"{summary} Default severity: {severity}.".strip(),
        "type": ["string", "object"],
        # if/then/else rather than oneOf, so a wrong value is reported against the one form it took
        "if": {"type": "string"},
        "then": {"$ref": "#/$defs/severity"},
        "else": {  # the type above already says what else it may be
            "additionalProperties": False,
            "properties": {"severity": {"$ref": "#/$defs/severity"}, **options},
        },
    }


def _option(name: str, default: Any) -> dict[str, Any]:
    if isinstance(default, bool):
        kind: dict[str, Any] = {"type": "boolean"}
    elif isinstance(default, int):
        kind = {"type": "integer"}
    elif isinstance(default, float):
        kind = {"type": "number"}
    elif isinstance(default, str):
        kind = {"type": "string"}
    elif isinstance(default, list):
        kind = {"type": "array", "items": {"type": "string"}}
    else:
        raise TypeError(f"lint option `{name}` has a default of an unsupported type: {default!r}")
    return {**kind, "default": default}


def diff_config_schema() -> dict[str, Any]:
    from ladder_compiler.diff import RULES
    from ladder_compiler.diff.config import SEVERITIES

    return {
        "$schema": DRAFT,
        "$id": schema_base() + DIFF_CONFIG_SCHEMA,
        "title": "ladder diff severity settings (--severity-config)",
        "description": "Diff rule id → the severity to report its changes with; `ignore` drops them.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            rule_id: {
                "description": f"{summary[:1].upper()}{summary[1:]}. Default: {severity}.",
                "$ref": "#/$defs/severity",
            }
            for rule_id, (severity, summary) in sorted(RULES.items())
        },
        "$defs": {"severity": {"description": "`ignore` drops the rule's changes.", "enum": list(SEVERITIES)}},
    }


def generated() -> dict[str, str]:
    """File name → the text the committed schema must have."""
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in _schemas().items()}


def _schemas() -> dict[str, dict[str, Any]]:
    return {LINT_CONFIG_SCHEMA: lint_config_schema(), DIFF_CONFIG_SCHEMA: diff_config_schema()}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tools/config_schemas.py SCHEMAS_DIRECTORY", file=sys.stderr)
        return 2
    for name, text in generated().items():
        (Path(argv[0]) / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
