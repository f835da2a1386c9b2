"""Lint settings: `.ladder-lint.yaml` in the ladder project (a dotfile, so it is never read as a
ladder source), or a file given with --config. Loaded by the strict loader and checked against
its JSON Schema, generated from the rules.

    rules:
      vague-wording:
        severity: error          # error, warning, info or off
        words: [good, strong]    # a rule's own options, same type as its default
      reading-level: {severity: off}
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from ..problems import ERROR, Problem, Rule
from ..problems import SEVERITIES as FINDING_SEVERITIES
from ..source.load import SourceDocument, load_file

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "lint-config",
        "validate",
        ERROR,
        "The lint settings file is not valid.",
        "rules: {vague-wordin: off}",
        "rules: {vague-wording: off}",
    ),
)

FILENAME = ".ladder-lint.yaml"
SEVERITIES = (*FINDING_SEVERITIES, "off")  # the one scale, plus "do not run"


def find_config(project: Path) -> Path | None:
    candidate = (project if project.is_dir() else project.parent) / FILENAME
    return candidate if candidate.is_file() else None


def load_config(path: Path, rule_modules: list[ModuleType]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """(rule id → settings, problems): checked against schemas/ladder-lint-config.v1.schema.json
    (generated from the rules; `ladder schema --lint-config` prints it) by the same path as ladder files."""
    from ..source.schema_store import LINT_CONFIG_SCHEMA
    from ..source.validate import schema_problems

    document, problems = load_file(path)
    if document is None:
        return {}, problems
    document = replace(document, data=_severities_as_written(document))
    problems = [
        Problem(p.file, p.line, p.column, "lint-config", p.message, hint=p.hint)
        for p in schema_problems(document, LINT_CONFIG_SCHEMA)
    ]
    if problems:
        return {}, sorted(problems)
    known = {rule.ID for rule in rule_modules}
    settings: dict[str, dict[str, Any]] = {}
    for rule_id, options in (document.data.get("rules") or {}).items():
        if rule_id in known:  # the schema lists every rule; a caller may run fewer
            settings[rule_id] = {"severity": options} if isinstance(options, str) else dict(options)
    return settings, []


def _severities_as_written(document: SourceDocument) -> Any:
    """`off` (or `no`) reads as false in YAML 1.1; a severity is always meant as the word written."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), dict):
        return data
    rules = {}
    for rule_id, options in data["rules"].items():
        if isinstance(options, bool):
            options = document.retyped.get(("rules", rule_id), options)
        elif isinstance(options, dict) and isinstance(options.get("severity"), bool):
            written = document.retyped.get(("rules", rule_id, "severity"), options["severity"])
            options = {**options, "severity": written}
        rules[rule_id] = options
    return {**data, "rules": rules}
