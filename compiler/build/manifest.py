"""The manifest a build records, and the files an earlier full build wrote that no longer belong."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from .plan import Job

if TYPE_CHECKING:
    from ..model import Framework

PARTIAL = "partial:"  # the key prefix of a shard's download pages (see manifest)


def manifest(
    framework: Framework,
    previous: dict[str, Any],
    jobs: list[Job],
    rendered: dict[str, str],
    removed: list[str],
    partial_downloads: bool = False,
) -> dict[str, Any]:
    """This build's entries merged over the previous ones: a --track or --format build keeps the rest.

    A shard's download pages list only the PDFs of that shard: their entries carry a key no build
    makes, so that after `ladder merge` the next build (or check) finds them stale and makes them
    again, listing every shard's PDFs."""
    files = {path: entry for path, entry in previous["files"].items() if path not in removed}
    for job in jobs:
        path = job.planned.path
        content_hash = rendered[path] if path in rendered else files.get(path, {}).get("sha256")
        partial = partial_downloads and job.planned.lists_downloads
        files[path] = {
            "sha256": content_hash,
            "cache_key": f"{PARTIAL}{job.key}" if partial else job.key,
            "format": job.renderer,
            "track": job.planned.track_id,
        } | ({"language": job.language} if job.language else {})
    return {
        "generator": f"ladder {__version__}",
        "framework": {"id": framework.id, "version": framework.version, "effective_date": framework.effective_date},
        "source_hash": framework.source_hash,
        "files": dict(sorted(files.items())),
    }


def clear_manifest_directory(path: Path) -> None:
    """A directory where the manifest belongs counts as no manifest; an empty one is removed, a
    non-empty one stops the build before anything is written (someone's files may be in it)."""
    if path.is_dir() and not path.is_symlink():
        try:
            path.rmdir()
        except OSError:
            raise IsADirectoryError(
                errno.EISDIR, "is a directory, not ladder's manifest; move it away", str(path)
            ) from None


def remove_orphans(out_dir: Path, formats: tuple[str, ...], previous: dict[str, Any], jobs: list[Job]) -> list[str]:
    """Delete files an earlier full build wrote that no longer belong to the project (call it for
    a full build only: a partial one plans a part of the outputs)."""
    planned = {job.planned.path for job in jobs}
    removed = []
    for path in sorted(set(previous["files"]) - planned):
        target = out_dir / path
        # Only formats built now: a light install (no PDF engine) keeps the PDFs a full one wrote.
        built_now = previous["files"][path].get("format") in formats
        if built_now and inside(out_dir, path) and (target.is_symlink() or target.is_file()):
            target.unlink(missing_ok=True)
            removed.append(path)
        elif not target.exists():
            removed.append(path)  # already gone: forget it
    return removed


def inside(out_dir: Path, relative: str) -> bool:
    target = (out_dir / relative).resolve()
    return target.is_relative_to(out_dir.resolve()) and target != out_dir.resolve()
