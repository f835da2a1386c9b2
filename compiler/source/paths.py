"""Confined, bounded file access: the one rule for every file ladder reads.

A ladder file is untrusted, so every path it names must resolve inside the ladder project and be a
regular file (or, for templates, a directory), never a symlink that leaves the project. Every read
is bounded by the bytes actually read (devices and /proc report a size of 0, so `stat` is not
trusted), opens non-blocking (a FIFO must not hang the build) and refuses anything but a regular file.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import ERROR, Rule

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "unsafe-path",
        "validate",
        ERROR,
        "A path the ladder names or implies (`presentation.logo`, `.templates`, `.previous_release`, the "
        "catalogues in `locales/`), or a ladder file, leads outside the ladder project (by `..` or a "
        "symbolic link), is not a regular file (a directory for `templates` and `previous_release`) or is "
        "larger than its limit.",
        "logo: ../../etc/passwd.png",
        "logo: assets/logo.svg",
    ),
)

if TYPE_CHECKING:
    from ..problems import Problem
    from .sources import Sources

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ASSET_BYTES = 8 * 1024 * 1024  # logos and templates


class UnsafePath(Exception):
    """A path or file that ladder refuses to read; the message says why, for the user."""


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refusing devices, FIFOs, sockets and files over `limit` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise UnsafePath(f"cannot read {path.name}: {_reason(error)}") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise UnsafePath(f"{path.name} is not a regular file")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise FileTooLarge(limit)
        return b"".join(chunks)
    except OSError as error:
        raise UnsafePath(f"cannot read {path.name}: {_reason(error)}") from None
    finally:
        os.close(descriptor)


class FileTooLarge(UnsafePath):
    def __init__(self, limit: int):
        super().__init__(f"file is larger than {_size(limit)}")
        self.limit = limit


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MiB" if limit >= 1024 * 1024 else f"{limit} bytes"


def _reason(error: OSError) -> str:
    if error.errno == errno.EISDIR:
        return "it is a directory"
    return error.strerror or str(error)


def project_root(source: Path) -> Path:
    """The directory a ladder project's paths are relative to (the file's directory for one file)."""
    return source if source.is_dir() else source.parent


def confine(root: Path, relative: str, *, directory: bool = False) -> Path:
    """`relative` resolved inside `root`, or UnsafePath saying why not."""
    if not relative or "\0" in relative:
        raise UnsafePath("the path is empty")
    if os.path.isabs(relative) or relative.startswith(("~", "\\")):
        raise UnsafePath(f"`{relative}` must be relative to the ladder project directory")
    root = root.resolve()
    candidate = root / relative
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        raise UnsafePath(f"`{relative}` does not exist in the ladder project") from None
    if not resolved.is_relative_to(root):
        via = " (through a symbolic link)" if ".." not in Path(relative).parts else ""
        raise UnsafePath(f"`{relative}` leads outside the ladder project{via}")
    mode = os.stat(resolved).st_mode
    if directory and not stat.S_ISDIR(mode):
        raise UnsafePath(f"`{relative}` is not a directory")
    if not directory and not stat.S_ISREG(mode):
        raise UnsafePath(f"`{relative}` is not a regular file")
    return resolved


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, symlinks resolved, stays inside `root`."""
    try:
        return path.resolve(strict=True).is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def confine_for_writing(root: Path, path: Path) -> Path:
    """`path`, about to be written, if its folder resolves inside `root` (no symlinked sub-folder
    leads out) and it is not itself a symlink or anything but a regular file; else UnsafePath."""
    confine_folder(root, path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UnsafePath(f"{_shown(root, path)} is a symbolic link or not a regular file; it is not written through")
    return path


def confine_folder(root: Path, path: Path) -> Path:
    """`path` if the folder it goes into resolves inside `root`: a sub-folder of an output tree that
    is a symlink leading elsewhere is not written through (renaming onto a link replaces the link)."""
    if not path.parent.resolve().is_relative_to(root.resolve()):
        raise UnsafePath(f"{_shown(root, path)} leads outside {root} (through a symbolic link)")
    return path


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_confined(root: Path, path: Path, limit: int = MAX_ASSET_BYTES) -> bytes:
    """Read a file that must stay inside `root` (checked again at read time, not only at validation)."""
    if not inside(root, path):
        raise UnsafePath(f"{path.name} leads outside {root}")
    return read_bounded(path.resolve(), limit)


def check_named_paths(sources: Sources, root: Path) -> list[Problem]:
    """Located problems for every path the ladder files name (`presentation.logo`, `.templates`,
    `.previous_release`)."""
    problems: list[Problem] = []
    for framework in sources.frameworks:
        presentation = framework.get("presentation")
        if not isinstance(presentation, dict):
            continue
        for key, directory in NAMED_PATHS:
            value = presentation.get(key)
            if not isinstance(value, str):
                continue
            try:
                resolved = confine(root, value, directory=directory)
                if not directory:
                    read_bounded(resolved, MAX_ASSET_BYTES)
            except UnsafePath as error:
                problems.append(framework.problem("unsafe-path", f"presentation.{key}: {error}", "presentation", key))
    return problems


# (key under `presentation:`, whether it names a directory); a new path-valued key is added here.
NAMED_PATHS = (("logo", False), ("templates", True), ("previous_release", True))


YAML_SUFFIXES = (".yaml", ".yml")
_DEVICE_NAME = re.compile(r"\A(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)\Z")


def reserved_device_name(file_name: str) -> bool:
    """Whether Windows reserves `file_name` for a device, whatever its suffix (`nul.csv` too)."""
    return bool(_DEVICE_NAME.match(file_name.split(".", 1)[0].casefold()))


def find_source_files(root: Path) -> list[Path]:
    """The YAML files of a project: `root` itself if it is a file, else every YAML file below it."""
    if root.is_file():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / f for f in sorted(filenames) if f.endswith(YAML_SUFFIXES) and not f.startswith(".")]
    return found
