"""SARIF 2.1.0 (OASIS): one run of the `ladder` tool, its rules described from the context's
declarations (the catalogue's), one result per finding. Deterministic: no timestamps, rules in first-seen order."""

from __future__ import annotations

from urllib.parse import quote

from .. import __version__
from ..problems import ERROR, INFO, WARNING, Problem, Rule
from . import Context
from .json import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {ERROR: "error", WARNING: "warning", INFO: "note"}


def render(problems: list[Problem], context: Context) -> str:
    rule_ids = list(dict.fromkeys(p.rule for p in problems))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ladder",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/ladder-compiler/",
                        "rules": [_rule(rule_id, context.command, context.rules) for rule_id in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(p, rule_ids.index(p.rule)) for p in problems],
            }
        ],
    }
    return dumps(log)


def _rule(rule_id: str, command: str, rules: tuple[Rule, ...]) -> dict[str, object]:
    """A reporting descriptor with what GitHub code scanning requires (full description, help)."""
    # the command's own rule first: validate and assess share some ids
    rule = next((r for r in rules if r.id == rule_id and r.command == command), None)
    rule = rule or next((r for r in rules if r.id == rule_id), None)
    if rule is None:
        text = f"ladder rule {rule_id}"
        return {
            "id": rule_id,
            "shortDescription": {"text": text},
            "fullDescription": {"text": text},
            "help": {"text": text},
        }
    examples = [
        f"{label}:\n{example}" for label, example in (("Fails", rule.fails), ("Passes", rule.passes)) if example
    ]
    return {
        "id": rule_id,
        "name": "".join(part.capitalize() for part in rule_id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": "\n\n".join([rule.summary, *examples])},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"command": rule.command},
    }


def _result(problem: Problem, rule_index: int) -> dict[str, object]:
    location: dict[str, object] = {"artifactLocation": {"uri": uri(problem.file)}}
    if problem.line:
        location["region"] = {"startLine": problem.line, "startColumn": max(problem.column, 1)}
    message = problem.message + (f" (hint: {problem.hint})" if problem.hint else "")
    return {
        "ruleId": problem.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS.get(problem.severity, "note"),
        "message": {"text": message},
        "locations": [{"physicalLocation": location}],
    }


def uri(path: str) -> str:
    """A path as a URI reference: forward slashes, percent-encoded; absolute paths as file: URIs."""
    path = path.replace("\\", "/")
    encoded = quote(path, safe="/")
    return "file://" + encoded if path.startswith("/") else encoded
