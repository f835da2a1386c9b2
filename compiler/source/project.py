"""The project value: where a ladder project lives, which files it is made of and one digest of
them, made once from the loaded documents and carried by the model from then on."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..value import value_class
from .load import SourceDocument


@value_class
class Project:
    root: Path  # the project directory (the file's directory for a one-file project)
    files: tuple[str, ...]  # source files relative to root, POSIX, sorted
    digest: str  # sha256 over every file's relative path and text, in path order

    @classmethod
    def of(cls, documents: Iterable[SourceDocument], root: Path) -> Project:
        base = root if root.is_dir() else root.parent
        named = sorted((_relative(document.path, base), document.text) for document in documents)
        digest = hashlib.sha256()
        for name, text in named:
            digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        return cls(base, tuple(name for name, _ in named), digest.hexdigest())


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.name
