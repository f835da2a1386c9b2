"""File paths in machine-read reports: relative to the repository's root (the folder holding `.git`),
or to the working directory outside a repository, as GitHub, code scanning and GitLab expect."""

from __future__ import annotations

import os
from pathlib import Path


def repository_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (default: the working directory) holding `.git`."""
    here = Path(os.path.abspath(start or Path.cwd()))
    return next((folder for folder in (here, *here.parents) if (folder / ".git").exists()), None)


def repository_relative(file: str, root: Path | None = None) -> str:
    """`file` (as the loader shows it: relative to the working directory, or absolute) relative to
    the repository root; unchanged when it is outside that root or names no path (`<stdin>`)."""
    if not file or file.startswith("<"):
        return file
    base = root or repository_root() or Path.cwd()
    relative = os.path.relpath(os.path.abspath(file), os.path.abspath(base))
    return file if relative.startswith("..") else Path(relative).as_posix()
