"""Build: plan the outputs, skip the ones whose inputs did not change, render the rest, write them.

    plan → decide what is stale → render light formats → render PDFs in a pool → write → manifest

Every output is rendered into memory before anything is written, so a failed render leaves the
previous output untouched.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import __version__
from .model import Framework
from .render import Planned, RenderOptions, get_renderer
from .render.templating import templates_digest
from .shard import Shard
from .write import MANIFEST, manifest_bytes, read_manifest, sha256_file, write_atomically


class RenderFailed(Exception):
    """A renderer failed; the message names the output, its track and the reason (picklable)."""


@dataclass(frozen=True)
class BuildRequest:
    source: Path  # the ladder project as given on the command line
    out_dir: Path
    formats: tuple[str, ...]
    track_ids: tuple[str, ...]
    jobs: int = 1
    force: bool = False
    options: RenderOptions = field(default_factory=RenderOptions)
    shard: Shard | None = None  # build only this slice (see shard.py)


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    renderer: str
    planned: Planned
    key: str


def build(framework: Framework, request: BuildRequest, progress: Callable[[str], None] = lambda path: None) -> BuildReport:
    options = _effective_options(framework, request.options)
    jobs = plan_jobs(framework, request.formats, request.track_ids, options)
    if request.shard:
        jobs = request.shard.select(jobs, lambda job: job.planned.path, lambda job: job.planned.heavy)
    previous = read_manifest(request.out_dir)
    if previous.get("shard") != (str(request.shard) if request.shard else None):
        previous = {"files": {}}  # another slice, or a whole build: nothing in it is ours
    stale = [job for job in jobs if request.force or _is_stale(job, request.out_dir, previous)]
    rendered = _render_light([j for j in stale if not j.planned.heavy], framework, options)
    rendered |= _render_heavy([j for j in stale if j.planned.heavy], framework, options, request.jobs, progress)
    for job in stale:
        write_atomically(request.out_dir / job.planned.path, rendered[job.planned.path])
    removed = _remove_orphans(framework, request, previous, jobs)
    manifest = _manifest(framework, request, previous, jobs, rendered, removed)
    extra = _extra_inputs(framework)
    manifest["inputs"] = {"digest": inputs_digest(request.source, options, extra), "extra": list(extra)}
    if request.shard:
        manifest["shard"] = str(request.shard)
    write_atomically(request.out_dir / MANIFEST, manifest_bytes(manifest))
    stale_paths = {job.planned.path for job in stale}
    return BuildReport(
        written=sorted(stale_paths),
        unchanged=sorted(job.planned.path for job in jobs if job.planned.path not in stale_paths),
        removed=removed,
    )


def current_without_parsing(source: Path, out_dir: Path, formats: tuple[str, ...], track_ids: tuple[str, ...], options: RenderOptions, shard: Shard | None = None) -> list[str] | None:
    """The outputs asked for, when the manifest proves them current without reading the ladders:
    same source bytes, templates, logo, options and versions as the last build, every file
    intact. None when that cannot be shown (then build or check the slow way)."""
    previous = read_manifest(out_dir)
    if shard is not None or "shard" in previous:
        return None  # a slice cannot vouch for outputs it does not hold
    recorded = previous.get("inputs")
    if not isinstance(recorded, dict) or not isinstance(recorded.get("extra"), list):
        return None
    if recorded.get("digest") != inputs_digest(source, options, tuple(map(str, recorded["extra"]))):
        return None
    wanted = [(path, entry) for path, entry in previous["files"].items() if isinstance(entry, dict) and entry.get("format") in formats and (not track_ids or entry.get("track") in track_ids or entry.get("track") is None)]
    built_formats = {entry.get("format") for _, entry in wanted}
    built_tracks = {entry.get("track") for _, entry in wanted}
    if set(formats) - built_formats or set(track_ids) - built_tracks:
        return None
    if any(sha256_file(out_dir / path) != entry.get("sha256") for path, entry in wanted):
        return None
    return sorted(path for path, _ in wanted)


def inputs_digest(source: Path, options: RenderOptions, extra: tuple[str, ...]) -> str:
    """Everything a build reads, from bytes alone: source files, templates, extra inputs
    (the framework's own template directory and logo), options, ladder and engine versions."""
    from .source.load import find_source_files

    digest = hashlib.sha256()
    for part in (__version__, _engine_version("pdf"), repr(options), templates_digest(options.templates)):
        digest.update(str(part).encode() + b"\0")
    for path in find_source_files(source) if source.exists() else []:
        digest.update(str(path).encode() + b"\0" + (sha256_file(path) or "").encode() + b"\0")
    for name in extra:
        extra_path = Path(name)
        content = templates_digest(extra_path) if extra_path.is_dir() else sha256_file(extra_path)
        digest.update(name.encode() + b"\0" + str(content).encode() + b"\0")
    return digest.hexdigest()


def _extra_inputs(framework: Framework) -> tuple[str, ...]:
    presentation = framework.presentation
    return tuple(str(p) for p in (presentation.templates, presentation.logo) if p is not None)


def stale_outputs(framework: Framework, out_dir: Path, formats: tuple[str, ...], track_ids: tuple[str, ...], options: RenderOptions | None = None) -> list[str]:
    """Outputs a build would write now (missing, modified or out of date), without rendering anything."""
    options = _effective_options(framework, options or RenderOptions())
    previous = read_manifest(out_dir)
    return sorted(job.planned.path for job in plan_jobs(framework, formats, track_ids, options) if _is_stale(job, out_dir, previous))


def plan_jobs(framework: Framework, formats: tuple[str, ...], track_ids: tuple[str, ...], options: RenderOptions) -> list[Job]:
    jobs = []
    templates = templates_digest(options.templates)
    for name in formats:
        renderer = get_renderer(name)
        for planned in renderer.plan(framework, track_ids):
            jobs.append(Job(name, planned, _cache_key(framework, renderer, planned, options, templates)))
    return jobs


def _effective_options(framework: Framework, options: RenderOptions) -> RenderOptions:
    if options.templates is None and framework.presentation.templates is not None:
        return replace(options, templates=framework.presentation.templates)
    return options


def _cache_key(framework: Framework, renderer, planned: Planned, options: RenderOptions, templates: str) -> str:
    """A hash of everything that shapes one output; equal keys mean equal bytes."""
    digest = hashlib.sha256()
    for part in (__version__, renderer.name, renderer.version, _engine_version(renderer.name), planned.path, repr(options), templates, model_fingerprint(framework, planned.track_id)):
        digest.update(str(part).encode() + b"\0")
    return digest.hexdigest()


def model_fingerprint(framework: Framework, track_id: str | None) -> str:
    """What a document can show, hashed once per model and track.

    Every document records the source hash (title blocks, the JSON export), so any source edit
    changes every output and the source hash must be part of every key. Beyond it, a track's
    documents show the framework's shared data, the track and the titles of every level."""
    memo = framework.__dict__.setdefault("_fingerprint_memo", {})  # a cache beside the frozen model
    if track_id not in memo:
        memo[track_id] = _fingerprint(framework, track_id)
    return memo[track_id]


def _fingerprint(framework: Framework, track_id: str | None) -> str:
    logo = framework.presentation.logo
    logo_hash = sha256_file(logo) if logo else None
    if track_id is None:
        return hashlib.sha256(repr((framework.source_hash, framework.presentation, logo_hash)).encode()).hexdigest()
    shared = (framework.source_hash, framework.id, framework.name, framework.organisation, framework.version, framework.effective_date,
              framework.description, framework.uuid_namespace, framework.scale, framework.categories,
              framework.competencies, framework.roles, framework.presentation)
    levels = tuple((t.id, t.name, lv.id, lv.title) for t in framework.tracks for lv in t.levels)
    return hashlib.sha256(repr((shared, levels, framework.track(track_id), logo_hash)).encode()).hexdigest()


def _engine_version(renderer_name: str) -> str:
    if renderer_name != "pdf":
        return ""
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "unknown"


def _is_stale(job: Job, out_dir: Path, previous: dict) -> bool:
    recorded = previous["files"].get(job.planned.path)
    if not isinstance(recorded, dict) or recorded.get("cache_key") != job.key:
        return True
    return sha256_file(out_dir / job.planned.path) != recorded.get("sha256")


def _render_light(jobs: list[Job], framework: Framework, options: RenderOptions) -> dict[str, bytes]:
    return {job.planned.path: _render_one(job.renderer, framework, job.planned, options) for job in jobs}


def _render_heavy(jobs: list[Job], framework: Framework, options: RenderOptions, workers: int, progress: Callable[[str], None]) -> dict[str, bytes]:
    rendered: dict[str, bytes] = {}
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            rendered[job.planned.path] = _render_one(job.renderer, framework, job.planned, options)
            progress(job.planned.path)
        return rendered
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {}
        for job in jobs:  # workers start on the first PDF while the next one is prepared
            prepared = _prepare_one(job.renderer, framework, job.planned, options)
            futures[job.planned.path] = pool.submit(_finish_one, job.renderer, job.planned, prepared)
        for path, future in futures.items():
            rendered[path] = future.result()
            progress(path)
    return rendered


def _prepare_one(renderer_name: str, framework: Framework, planned: Planned, options: RenderOptions) -> tuple:
    return _failing_as(planned, lambda: get_renderer(renderer_name).prepare(framework, planned, options))


def _finish_one(renderer_name: str, planned: Planned, prepared: tuple) -> bytes:
    return _failing_as(planned, lambda: get_renderer(renderer_name).finish(prepared))


def _render_one(renderer_name: str, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
    return _failing_as(planned, lambda: get_renderer(renderer_name).render(framework, planned, options))


def _failing_as(planned: Planned, work):
    try:
        return work()
    except Exception as error:  # a renderer bug or a broken user template: name the output and why
        track = f" (track `{planned.track_id}`)" if planned.track_id else ""
        raise RenderFailed(f"cannot render {planned.path}{track}: {type(error).__name__}: {error}") from error


def _remove_orphans(framework: Framework, request: BuildRequest, previous: dict, jobs: list[Job]) -> list[str]:
    """Delete files an earlier full build wrote that no longer belong to the project."""
    if not _is_full_build(framework, request):
        return []
    planned = {job.planned.path for job in jobs}
    removed = []
    for path in sorted(previous["files"]):
        if path not in planned and _inside(request.out_dir, path):
            (request.out_dir / path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def _is_full_build(framework: Framework, request: BuildRequest) -> bool:
    from .render import available_formats

    whole = set(request.track_ids) == {t.id for t in framework.tracks} and set(request.formats) == set(available_formats())
    return whole and request.shard is None


def _inside(out_dir: Path, relative: str) -> bool:
    target = (out_dir / relative).resolve()
    return target.is_relative_to(out_dir.resolve()) and target != out_dir.resolve()


def _manifest(framework: Framework, request: BuildRequest, previous: dict, jobs: list[Job], rendered: dict[str, bytes], removed: list[str]) -> dict:
    files = {path: entry for path, entry in previous["files"].items() if path not in removed and isinstance(entry, dict)}
    for job in jobs:
        path = job.planned.path
        content_hash = hashlib.sha256(rendered[path]).hexdigest() if path in rendered else files.get(path, {}).get("sha256")
        files[path] = {"sha256": content_hash, "cache_key": job.key, "format": job.renderer, "track": job.planned.track_id}
    return {
        "generator": f"ladder {__version__}",
        "framework": {"id": framework.id, "version": framework.version, "effective_date": framework.effective_date},
        "source_hash": framework.source_hash,
        "files": dict(sorted(files.items())),
    }


def default_jobs() -> int:
    return os.cpu_count() or 1
