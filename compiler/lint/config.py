"""Lint settings: `.ladder-lint.yaml` in the ladder project (a dotfile, so it is never read as a
ladder source), or a file given with --config. Loaded by the strict loader and checked here.

    rules:
      vague-wording:
        severity: error          # error, warning, info or off
        words: [good, strong]    # a rule's own options, same type as its default
      reading-level: {severity: off}
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

from ..problems import SEVERITIES as FINDING_SEVERITIES
from ..problems import Problem
from ..source.load import SourceDocument, load_file

FILENAME = ".ladder-lint.yaml"
SEVERITIES = (*FINDING_SEVERITIES, "off")  # the one scale, plus "do not run"


def find_config(project: Path) -> Path | None:
    candidate = (project if project.is_dir() else project.parent) / FILENAME
    return candidate if candidate.is_file() else None


def load_config(path: Path, rule_modules: list[ModuleType]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    document, problems = load_file(path)
    if document is None:
        return {}, problems
    data = document.data
    if not isinstance(data, dict) or set(data) - {"rules"} or not isinstance(data.get("rules", {}), dict):
        return {}, [
            document.problem(
                (), "lint-config", "expected a mapping with one key, `rules`, mapping rule ids to settings"
            )
        ]
    known = {rule.ID: rule for rule in rule_modules}
    settings: dict[str, dict[str, Any]] = {}
    for rule_id, options in (data.get("rules") or {}).items():
        key_path: tuple[str, ...] = ("rules", rule_id)
        if rule_id not in known:
            problems.append(
                document.problem(
                    key_path,
                    "lint-config",
                    f"unknown lint rule `{rule_id}`",
                    key=True,
                    hint=f"rules: {', '.join(sorted(known))}",
                )
            )
            continue
        options = _as_written(document, key_path, options)
        if isinstance(options, str):
            options = {"severity": options}
        elif isinstance(options, dict):
            options = {
                name: _as_written(document, key_path + (name,), value) if name == "severity" else value
                for name, value in options.items()
            }
        if not isinstance(options, dict):
            problems.append(document.problem(key_path, "lint-config", "expected a severity or a mapping of options"))
            continue
        problems += _check_options(document, key_path, options, known[rule_id].CONF)
        settings[rule_id] = options
    return settings, problems


def _as_written(document: SourceDocument, path: tuple[Any, ...], value: Any) -> Any:
    """`off` reads as false in YAML 1.1; a severity is always meant as the word written."""
    return document.retyped.get(path, value) if isinstance(value, bool) else value


def _check_options(
    document: SourceDocument, path: tuple[Any, ...], options: dict[str, Any], defaults: dict[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    for name, value in options.items():
        if name == "severity":
            if value not in SEVERITIES:
                problems.append(
                    document.problem(
                        path + (name,), "lint-config", f"`{value}` is not a severity; use {', '.join(SEVERITIES)}"
                    )
                )
        elif name not in defaults:
            problems.append(
                document.problem(
                    path + (name,),
                    "lint-config",
                    f"unknown option `{name}`",
                    key=True,
                    hint=f"options: severity{''.join(', ' + o for o in defaults)}",
                )
            )
        elif not _same_type(value, defaults[name]):
            problems.append(
                document.problem(
                    path + (name,),
                    "lint-config",
                    f"`{name}` must be {type(defaults[name]).__name__}, like its default {defaults[name]!r}",
                )
            )
    return problems


def _same_type(value: Any, default: Any) -> bool:
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default)) and not (isinstance(value, bool) and not isinstance(default, bool))
