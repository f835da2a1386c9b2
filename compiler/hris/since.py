"""The previous release, read with `ladder diff`'s revision syntax (DIR, REV or REV:PATH)."""

from __future__ import annotations

import os
from pathlib import Path

from ..diff import diff
from ..model import Framework
from ..problems import Problem
from ..source.gitsource import SourceError
from .records import Baseline, baseline


def since_release(argument: str, ladder_path: Path, framework: Framework) -> tuple[Baseline | None, list[Problem]]:
    """`ladder diff ARGUMENT` against the current model: (baseline, problems). Raises SourceError
    on a revision or path that does not exist (a usage error)."""
    from ..pipeline import read_project

    cwd = Path.cwd()
    compiled = read_project(argument, revisions_at=_relative(ladder_path, cwd), cwd=cwd)
    if compiled.framework is None:
        return None, compiled.problems
    return baseline(argument, diff(compiled.framework, framework)), []


def _relative(path: Path, cwd: Path) -> str:
    """A bare revision reads the ladder directory at the same place inside the repository."""
    try:
        return Path(os.path.relpath(path.resolve(), cwd.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        raise SourceError(
            f"{path} is not under the current directory, so a bare revision cannot find it; write REV:PATH"
        ) from None
