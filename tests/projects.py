"""The ladder projects this repository ships: `ladders/`, every example project, and the test fixture."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_FRAMEWORK_KEY = re.compile(r"^framework:", re.MULTILINE)


def _is_project(path: Path) -> bool:
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path] if path.suffix in (".yaml", ".yml") else []
    return any(_FRAMEWORK_KEY.search(f.read_text(encoding="utf-8")) for f in files)


def shipped_projects() -> dict[str, Path]:
    """name → project path; an example is any file or directory under examples/ that declares a framework."""
    projects = {"ladders": REPO / "ladders"}
    examples = REPO / "examples"
    for entry in sorted(examples.iterdir()) if examples.is_dir() else []:
        if not entry.name.startswith(".") and _is_project(entry):
            projects[f"examples-{entry.stem}"] = entry
    projects["fixture-mini"] = REPO / "tests" / "fixtures" / "mini"
    return projects
