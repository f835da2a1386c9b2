"""load → validate → model, as one call for every command that reads a ladder project."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .load import load_project
from .model import Framework, build_framework
from .problems import Problem, has_errors
from .validate import validate


@dataclass
class Compiled:
    framework: Framework | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.framework is not None


def read_framework(root: Path) -> Compiled:
    loaded = load_project(root)
    validation = validate(loaded.documents, check_across=not loaded.problems)
    problems = sorted(set(loaded.problems + validation.problems))
    if has_errors(problems) or validation.sources is None:
        return Compiled(None, problems)
    return Compiled(build_framework(validation.sources, root), problems)
