"""load → validate → model, as one call for every command that reads a ladder project."""

from __future__ import annotations

from dataclasses import dataclass
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


def read_framework(root: Path, *, with_release: bool = True) -> Compiled:
    """`with_release`: also check the previous release the project names (a release's own
    previous release is not followed: the change log compares two versions only)."""
    loaded = load_project(root)
    compiled = compile_documents(loaded.documents, loaded.problems, root, on_disk=True)
    if with_release and compiled.framework is not None and compiled.framework.presentation.previous_release:
        release = read_framework(compiled.framework.presentation.previous_release, with_release=False)
        if not release.ok:  # located in the release's own files, so `validate` names them
            return Compiled(None, sorted(set(compiled.problems + release.problems)))
    return compiled


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


STDIN_DISPLAY = "<stdin>"


def compile_stdin(data: bytes, root: Path | None = None) -> Compiled:
    """One ladder file read from standard input (`ladder validate -`), compiled like a project."""
    from .source.load import load_file

    document, problems = load_file(Path(STDIN_DISPLAY), data, display=STDIN_DISPLAY)
    return compile_documents([document] if document is not None else [], problems, root or Path.cwd())
