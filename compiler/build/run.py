"""One build: plan → decide what is stale → render light formats → render PDFs in a pool → write → manifest.

Each output goes to a temporary file beside its target as soon as it is rendered, and all of them
are renamed into place only when every render has succeeded: a failed render leaves the previous
output untouched, and memory holds one output at a time. One build at a time holds the output
directory's lock.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..render import DRAFT, RenderOptions, is_draft
from ..shard import Shard
from ..value import value_class
from ..write import (
    MANIFEST,
    Staging,
    manifest_bytes,
    output_lock,
    read_manifest,
    remove_stale_temporaries,
    write_atomically,
)
from .cache import is_stale
from .keys import Digests, extra_inputs
from .manifest import clear_manifest_directory, inside, manifest, remove_orphans
from .plan import Job, effective_options, full_plan, plan_jobs
from .rendering import render_heavy, render_light

if TYPE_CHECKING:
    from ..model import Framework


@value_class
class BuildRequest:
    source: Path  # the ladder project as given on the command line
    out_dir: Path
    formats: tuple[str, ...]
    track_ids: tuple[str, ...]  # none: every track
    jobs: int | None = None  # processes for the PDF stage; None: one per core
    force: bool = False
    options: RenderOptions = field(default_factory=RenderOptions)
    shard: Shard | None = None  # build only this slice (see shard.py)


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def build(
    framework: Framework,
    request: BuildRequest,
    progress: Callable[[str], None] = lambda path: None,
    waiting: Callable[[], None] = lambda: None,
) -> BuildReport:
    with output_lock(request.out_dir, waiting):
        remove_stale_temporaries(request.out_dir)
        return _build_locked(framework, request, progress)


def _build_locked(framework: Framework, request: BuildRequest, progress: Callable[[str], None]) -> BuildReport:
    clear_manifest_directory(request.out_dir / MANIFEST)
    extra = extra_inputs(framework)
    digests = Digests.of(framework, request.source, request.options, extra)
    jobs = plan_jobs(framework, request.formats, request.track_ids, digests, request.options)
    # A slice's download pages cannot list the PDFs of the other slices (see manifest.manifest).
    partial_downloads = request.shard is not None and any(job.planned.heavy for job in jobs)
    if request.shard:
        jobs = request.shard.select(jobs, lambda job: job.planned.path, lambda job: job.planned.heavy)
    previous = _previous(request)
    stale = _stale(jobs, request, previous)
    rendered = _render(framework, request, jobs, stale, previous, progress)
    removed = remove_orphans(request.out_dir, request.formats, previous, jobs) if _is_full(framework, request) else []
    recorded = manifest(framework, previous, jobs, rendered, removed, partial_downloads)
    recorded["inputs"] = _inputs(framework, digests, extra, request.options)
    if request.shard:
        recorded["shard"] = str(request.shard)
    write_atomically(request.out_dir / MANIFEST, manifest_bytes(recorded))
    stale_paths = {job.planned.path for job in stale}
    return BuildReport(
        written=sorted(stale_paths),
        unchanged=sorted(job.planned.path for job in jobs if job.planned.path not in stale_paths),
        removed=removed,
    )


def _previous(request: BuildRequest) -> dict[str, Any]:
    """The manifest of the last build into the directory, when it built the same slice (or the whole)."""
    previous = read_manifest(request.out_dir)
    if previous.get("shard") != (str(request.shard) if request.shard else None):
        return {"files": {}}  # another slice, or a whole build: nothing in it is ours
    return previous


def _inputs(framework: Framework, digests: Digests, extra: tuple[str, ...], options: RenderOptions) -> dict[str, Any]:
    """What the no-op check compares unparsed (cache.current_without_parsing)."""
    inputs = {"digest": digests.project, "extra": list(extra), "plan": full_plan(framework), "tracks": digests.made()}
    return inputs | ({"release": DRAFT} if is_draft(options) else {})


def _stale(jobs: list[Job], request: BuildRequest, previous: dict[str, Any]) -> list[Job]:
    stale = [job for job in jobs if request.force or is_stale(job, request.out_dir, previous)]
    if any(job.planned.heavy for job in stale):  # download pages list the heavy files' sizes
        stale += [job for job in jobs if job.planned.lists_downloads and job not in stale]
    return stale


def _render(
    framework: Framework,
    request: BuildRequest,
    jobs: list[Job],
    stale: list[Job],
    previous: dict[str, Any],
    progress: Callable[[str], None],
) -> dict[str, str]:
    """Render the stale jobs into the staging and rename them into place: their SHA-256 by path."""
    options = effective_options(framework, request.options)
    heavy = [j for j in stale if j.planned.heavy]
    downloads = [j for j in stale if j.planned.lists_downloads]
    light = [j for j in stale if not j.planned.heavy and not j.planned.lists_downloads]
    with Staging(request.out_dir) as staged:
        render_light(light, framework, options, staged)
        render_heavy(heavy, framework, options, request.jobs or default_jobs(), progress, staged)
        sizes = _download_sizes(jobs, previous, staged.size, request.out_dir)
        render_light(downloads, framework, replace(options, extra=options.extra + (("download_sizes", sizes),)), staged)
        staged.commit()
    return staged.sha256


def _download_sizes(jobs: list[Job], previous: dict[str, Any], rendered: dict[str, int], out_dir: Path) -> str:
    """JSON of {path: bytes} for the heavy outputs (PDFs): rendered now, or written by an earlier build."""
    paths = {job.planned.path for job in jobs if job.planned.heavy}
    paths |= {
        path for path, entry in previous["files"].items() if isinstance(entry, dict) and entry.get("format") == "pdf"
    }
    sizes = {}
    for path in sorted(paths):
        if path in rendered:
            sizes[path] = rendered[path]
        elif inside(out_dir, path) and (out_dir / path).is_file():
            sizes[path] = (out_dir / path).stat().st_size
    return json.dumps(sizes, sort_keys=True)


def _is_full(framework: Framework, request: BuildRequest) -> bool:
    """Every track in every bundled format, unsliced: only such a build may remove orphans."""
    from ..render import available_formats

    bundled = {name for name in request.formats if not name.startswith("hris:")}  # profiles are extras
    whole = set(request.track_ids) == {t.id for t in framework.tracks} and bundled == set(available_formats())
    return whole and request.shard is None


def default_jobs() -> int:
    return os.cpu_count() or 1
