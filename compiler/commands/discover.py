"""Where the project is when PATH is not given: found from the working directory upwards, as ruff
and yamllint find their settings.

In each directory, from the working one up to the filesystem root, the first of these decides:
  .ladder.yaml                   `path:` names the project directory (default: ladders)
  pyproject.toml [tool.ladder]   the same `path` key
  framework.yaml                 this directory is the project
  ladders/                       the project is that folder
The search stops at a repository's root (a `.git` entry) so a checkout never picks up a parent's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SETTINGS_FILE = ".ladder.yaml"
DEFAULT_DIRECTORY = "ladders"
LOOKED_FOR = f"{SETTINGS_FILE}, [tool.ladder] in pyproject.toml, framework.yaml or a {DEFAULT_DIRECTORY}/ folder"


class DiscoveryError(Exception):
    """A settings file that cannot be read, or no project anywhere upwards."""


def ancestors(start: Path) -> list[Path]:
    """`start` and its parents, up to and including the repository root (or the filesystem root)."""
    found = []
    for directory in [start, *start.parents]:
        found.append(directory)
        if (directory / ".git").exists():
            break
    return found


def find_project(start: Path | None = None) -> Path:
    """The project directory, relative to the working directory when it is below it."""
    here = Path.cwd()
    for directory in ancestors((start or here).resolve()):
        project = _project_in(directory)
        if project is not None:
            return _shown(project, here)
    raise DiscoveryError(f"no ladder project in {here} or above it (looked for {LOOKED_FOR})")


def find_upwards(name: str, start: Path) -> Path | None:
    """The nearest file called `name` in `start` (a directory or a file's folder) or above it."""
    here = Path.cwd()
    folder = start if start.is_dir() else start.parent
    for directory in ancestors(folder.resolve()):
        if (directory / name).is_file():
            return _shown(directory / name, here)
    return None


def _project_in(directory: Path) -> Path | None:
    settings = _settings(directory)
    if settings is not None:
        path = settings.get("path", DEFAULT_DIRECTORY)
        if not isinstance(path, str) or not path:
            raise DiscoveryError(f"{settings['__file__']}: `path` must be a directory name, got {path!r}")
        return directory / path
    if (directory / "framework.yaml").is_file():
        return directory
    if (directory / DEFAULT_DIRECTORY).is_dir():
        return directory / DEFAULT_DIRECTORY
    return None


def _settings(directory: Path) -> dict[str, Any] | None:
    """The project settings in `directory`: .ladder.yaml, else [tool.ladder] of pyproject.toml."""
    dotfile = directory / SETTINGS_FILE
    if dotfile.is_file():
        import yaml

        try:
            data = yaml.safe_load(dotfile.read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise DiscoveryError(f"{dotfile}: cannot read it: {error}") from None
        if not isinstance(data, dict):
            raise DiscoveryError(f"{dotfile}: expected a mapping such as `path: ladders`")
        return {**data, "__file__": dotfile}
    pyproject = directory / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("ladder")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise DiscoveryError(f"{pyproject}: cannot read it: {error}") from None
        if isinstance(table, dict):
            return {**table, "__file__": pyproject}
    return None


def _shown(path: Path, here: Path) -> Path:
    """`path` as a person would type it from `here`: relative when it is below or beside it."""
    relative = Path(os.path.relpath(path, here))
    return relative if not relative.is_absolute() and len(relative.parts) <= len(path.parts) else path
