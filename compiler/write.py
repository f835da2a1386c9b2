"""Write stage: files replaced atomically, so a failed or interrupted build never leaves half a file.

One build at a time per output directory (a lock; a second build waits for the first), temporary
files a killed build left behind are removed by the next one, and a manifest that cannot be read
or trusted counts as absent.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from .source.paths import UnsafePath, confine_folder, read_bounded

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_OUTPUT_BYTES = 1024 * 1024 * 1024
WINDOWS_LOCK_FILE = ".ladder-build.lock"
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # what write_atomically's mkstemp names look like


def write_atomically(path: Path, content: bytes) -> None:
    temporary = write_temporary(path, content)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_temporary(path: Path, content: bytes | Iterable[bytes], digest: Any = None) -> Path:
    """`content` (bytes, or pieces of them written as they come) in a new temporary file beside
    `path` (named so that remove_stale_temporaries finds it if the build is killed), flushed to
    disk; renaming it onto `path` is atomic. `digest`, a hashlib object, is fed the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in (content,) if isinstance(content, bytes) else content:
                stream.write(piece)
                if digest is not None:
                    digest.update(piece)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


class Staging:
    """A build's outputs, each written to a temporary file beside its target as soon as it is
    rendered (so memory holds one output at a time, not all of them), then renamed into place
    together by commit(). Leaving the `with` block without commit() (a failed render, Ctrl-C)
    removes the temporaries: the previous outputs stay exactly as they were."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.sha256: dict[str, str] = {}  # relative path → hash of the staged bytes
        self.size: dict[str, int] = {}
        self._temporaries: dict[str, Path] = {}

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exception: object) -> None:
        for temporary in self._temporaries.values():
            temporary.unlink(missing_ok=True)
        self._temporaries.clear()

    def add(self, relative: str, content: bytes | Iterable[bytes]) -> None:
        """Stage one output: its bytes, or its pieces as a renderer makes them (never all held)."""
        digest = hashlib.sha256()
        temporary = write_temporary(confine_folder(self.out_dir, self.out_dir / relative), content, digest)
        self._temporaries[relative] = temporary
        self.sha256[relative] = digest.hexdigest()
        self.size[relative] = temporary.stat().st_size

    def commit(self) -> None:
        while self._temporaries:
            relative, temporary = next(iter(self._temporaries.items()))
            os.replace(temporary, self.out_dir / relative)
            del self._temporaries[relative]


def sha256_file(path: Path) -> str | None:
    """Hash of a regular file's bytes; None when it is missing, not a regular file or unreadable."""
    try:
        return hashlib.sha256(read_bounded(path, MAX_OUTPUT_BYTES)).hexdigest()
    except UnsafePath:
        return None


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The previous build's manifest, or an empty one if it is missing, unreadable or malformed.
    Entries that do not name a plain relative path under the output directory are dropped."""
    try:
        data = json.loads(read_bounded(out_dir / MANIFEST, MAX_MANIFEST_BYTES).decode("utf-8"))
    except (UnsafePath, ValueError, RecursionError):
        return {"files": {}}
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return {"files": {}}
    data["files"] = {
        path: entry for path, entry in data["files"].items() if safe_output_path(path) and _entry_ok(entry)
    }
    return data


def _entry_ok(entry: object) -> bool:
    return isinstance(entry, dict) and all(isinstance(entry.get(key), str) for key in ("sha256", "cache_key", "format"))


def safe_output_path(relative: object) -> bool:
    """A relative POSIX path with no `..`, no absolute root and no backslashes."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
        return False
    path = PurePosixPath(relative)
    return not path.is_absolute() and ".." not in path.parts and path.as_posix() == relative


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


@contextlib.contextmanager
def output_lock(out_dir: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the output directory's build lock; if another build holds it, call `waiting` and wait.
    An advisory lock the OS releases when its holder dies, however it dies: on POSIX, flock on the
    directory itself (no file is left behind); on Windows, a byte lock on a lock file inside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        descriptor = os.open(out_dir / WINDOWS_LOCK_FILE, os.O_RDWR | os.O_CREAT)
    else:
        descriptor = os.open(out_dir, os.O_RDONLY)
    try:
        if not _lock(descriptor, blocking=False):
            waiting()
            _lock(descriptor, blocking=True)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _lock(descriptor: int, blocking: bool) -> bool:
    if sys.platform == "win32":
        import msvcrt

        while True:
            try:
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not blocking:
                    return False
                time.sleep(0.2)
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Delete the temporary files of builds that were killed mid-write (call while holding the lock)."""
    removed = []
    for directory, dirnames, filenames in os.walk(out_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(directory) / name
            if _TEMPORARY.match(name) and path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed
