"""Read a ladder project as it was at a git revision, without checking anything out.

Only `git rev-parse`, `git ls-tree` and `git cat-file` run, with argument lists (never a shell).
What comes out of git is as untrusted as any file: the loader's limits apply, plus caps on the
number of files and bytes read.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath
from typing import Any

from ..problems import Problem
from ..value import value_class
from .load import MAX_FILE_BYTES, YAML_SUFFIXES, LoadResult, load_file

MAX_FILES = 2000
MAX_TOTAL_BYTES = 64 * 1024 * 1024


class SourceError(Exception):
    """A usage or input error naming what was wrong and how to fix it."""


@value_class
class Revision:
    rev: str
    path: str  # POSIX path of the ladder project inside the repository ("" for the root)

    @property
    def label(self) -> str:
        return f"{self.rev}:{self.path}"


def _git(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess[Any]:  # str, or bytes if binary
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary, check=False)
    except FileNotFoundError:
        raise SourceError("git is not installed, so revisions cannot be read; pass two directories instead") from None


def is_revision(cwd: Path, rev: str) -> bool:
    if not rev or rev.startswith("-"):
        return False
    return _git(cwd, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0


def repository_prefix(cwd: Path) -> str | None:
    """The current directory relative to the top of its repository, or None outside one."""
    result = _git(cwd, "rev-parse", "--show-prefix")
    return result.stdout.strip() if result.returncode == 0 else None


def resolve(argument: str, cwd: Path, default_path: str) -> Path | Revision:
    """Turn a diff argument into a directory or a revision: DIR, REV, or REV:PATH."""
    as_path = Path(argument)
    if ":" in argument and not as_path.exists():
        rev, _, path = argument.partition(":")
        if not is_revision(cwd, rev):
            raise SourceError(f"`{rev}` is not a git revision (from `{argument}`)")
        return Revision(rev, _in_repository(cwd, path or "."))
    if as_path.exists():
        if is_revision(cwd, argument):
            raise SourceError(
                f"`{argument}` is both a path and a git revision;"
                f" write `./{argument}` for the directory or `{argument}:` for the revision"
            )
        if not as_path.is_dir() and not as_path.is_file():
            raise SourceError(f"`{argument}` is neither a directory nor a file")
        return as_path
    if is_revision(cwd, argument):
        return Revision(argument, _in_repository(cwd, default_path))
    raise SourceError(f"`{argument}` is neither a directory nor a git revision")


def _in_repository(cwd: Path, path: str) -> str:
    prefix = repository_prefix(cwd)
    if prefix is None:
        raise SourceError("not inside a git repository, so revisions cannot be read")
    joined = PurePosixPath(prefix) / PurePosixPath(path)
    parts: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not parts:
                raise SourceError(f"`{path}` points outside the repository")
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def load_revision(cwd: Path, revision: Revision) -> LoadResult:
    listing = _git(cwd, "ls-tree", "-r", "-z", "-l", "--full-tree", revision.rev, "--", revision.path or ".")
    if listing.returncode != 0:
        raise SourceError(f"cannot list `{revision.label}`: {listing.stderr.strip()}")
    entries = _yaml_blobs(listing.stdout, revision.path)
    if not entries:
        return LoadResult(
            [], [Problem(revision.label, 1, 1, "no-files", "no ladder files (*.yaml, *.yml) at this revision")]
        )
    if len(entries) > MAX_FILES:
        raise SourceError(f"`{revision.label}` holds more than {MAX_FILES} YAML files")
    documents, problems, total = [], [], 0
    for size, sha, path in entries:
        display = f"{revision.rev}:{path}"
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(display, 1, 1, "file-too-large", f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
            )
            continue
        total += size
        if total > MAX_TOTAL_BYTES:
            raise SourceError(f"`{revision.label}` holds more than {MAX_TOTAL_BYTES // (1024 * 1024)} MiB of YAML")
        blob = _git(cwd, "cat-file", "blob", sha, binary=True)
        if blob.returncode != 0:
            raise SourceError(f"cannot read {display}")
        document, file_problems = load_file(Path(path), blob.stdout, display)
        problems += file_problems
        if document is not None:
            documents.append(document)
    return LoadResult(documents, sorted(problems))


def _yaml_blobs(listing: str, root: str) -> list[tuple[int, str, str]]:
    """(size, sha, path) of the YAML blobs in `git ls-tree -l` output, hidden paths skipped."""
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, _, path = entry.partition("\t")
        _mode, kind, sha, size = meta.split()[:4]
        relative = PurePosixPath(path).relative_to(root) if root else PurePosixPath(path)
        if kind == "blob" and path.endswith(YAML_SUFFIXES) and not any(part.startswith(".") for part in relative.parts):
            blobs.append((int(size), sha, path))
    return blobs
