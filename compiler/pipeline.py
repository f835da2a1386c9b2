"""load → validate → model, as one call for every command that reads a ladder project.

`read_project` is the one reader of a project however it is named: a directory, `-` (one file on
standard input), a git revision or REV:PATH (source/gitsource.py). The others are its steps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Framework
from .model.assemble import build_framework
from .problems import Problem, has_errors
from .source.load import SourceDocument, load_project
from .source.paths import check_named_paths, project_root
from .source.project import Project
from .source.validate import validate


@dataclass
class Compiled:
    framework: Framework | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.framework is not None


def read_project(
    argument: str | Path,
    *,
    stdin: bytes | None = None,
    revisions_at: str | None = None,
    cwd: Path | None = None,
    with_release: bool = True,
) -> Compiled:
    """The project `argument` names, compiled. `-` is the one file `stdin` holds, when the caller read
    standard input. With `revisions_at` (the project's directory inside the repository, relative to
    `cwd`), a git revision REV (that directory at REV) and REV:PATH are read too; a directory
    argument is then checked not to be a revision's name as well. Raises SourceError on a revision
    or path that does not exist (a usage error)."""
    from .source.gitsource import Revision, load_revision, resolve

    if stdin is not None and str(argument) == STDIN:
        return compile_stdin(stdin)
    if revisions_at is None:
        return read_framework(Path(argument), with_release=with_release)
    cwd = cwd or Path.cwd()
    source = resolve(str(argument), cwd, revisions_at)
    if isinstance(source, Revision):
        loaded = load_revision(cwd, source)
        return compile_documents(loaded.documents, loaded.problems, Path(source.path or "."))
    return read_framework(source, with_release=with_release)


def read_framework(root: Path, *, with_release: bool = True) -> Compiled:
    """`with_release`: also check the previous release the project names (a release's own
    previous release is not followed: the change log compares two versions only)."""
    loaded = load_project(root)
    compiled = compile_documents(loaded.documents, loaded.problems, root, on_disk=True)
    if with_release and compiled.framework is not None and compiled.framework.presentation.previous_release:
        release = read_release(compiled.framework.presentation.previous_release)
        if not release.ok:  # located in the release's own files, so `validate` names them
            return Compiled(None, sorted(set(compiled.problems + release.problems)))
    return compiled


def read_release(previous: Path) -> Compiled:
    """The previous release a project names, parsed once per content (validation and the change log
    read it in one run; an edited release is read afresh). Its own previous release is not followed."""
    from .source.paths import UnsafePath, find_source_files, read_bounded

    digest = hashlib.sha256()
    for path in find_source_files(previous) if previous.is_dir() else []:
        try:
            content = read_bounded(path)
        except UnsafePath as error:  # reported when the release is parsed; here it only keys the cache
            content = str(error).encode()
        digest.update(path.relative_to(previous).as_posix().encode() + b"\0" + content + b"\0")
    return _parsed_release(previous, digest.hexdigest())


@lru_cache(maxsize=4)
def _parsed_release(previous: Path, content_digest: str) -> Compiled:
    return read_framework(previous, with_release=False)


def compile_documents(
    documents: list[SourceDocument], load_problems: list[Problem], root: Path, on_disk: bool = False
) -> Compiled:
    """validate → model for documents loaded from anywhere (the file system, a git revision).
    Paths the ladders name are checked against the project on disk only when it is on disk."""
    validation = validate(documents, check_across=not load_problems)
    problems = sorted(set(load_problems + validation.problems))
    if on_disk and validation.sources is not None:
        problems = sorted(set(problems + check_named_paths(validation.sources, project_root(root))))
    if has_errors(problems) or validation.sources is None:
        return Compiled(None, problems)
    return Compiled(build_framework(validation.sources, Project.of(documents, root)), problems)


STDIN, STDIN_DISPLAY = "-", "<stdin>"


def compile_stdin(data: bytes, root: Path | None = None) -> Compiled:
    """One ladder file read from standard input (`ladder validate -`), compiled like a project."""
    from .source.load import load_file

    document, problems = load_file(Path(STDIN_DISPLAY), data, display=STDIN_DISPLAY)
    return compile_documents([document] if document is not None else [], problems, root or Path.cwd())
