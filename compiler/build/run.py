"""Build: plan the outputs, skip the ones whose inputs did not change, render the rest, write them.

    plan → decide what is stale → render light formats → render PDFs in a pool → write → manifest

Each output goes to a temporary file beside its target as soon as it is rendered, and all of them
are renamed into place only when every render has succeeded: a failed render leaves the previous
output untouched, and memory holds one output at a time. One build at a time holds the output
directory's lock.

Cache: an output's key is a digest of what shapes it, with its format and path, and for a PDF the
PDF engine's version (see Digests, cache_key): for a track's documents, the environment (ladder's
own code, templates and schemas, the files the ladder names, options) and what shapes that track;
for project-wide documents, the environment and every source file. The manifest records, besides
each file's hash and key, the plan of the last build (every output of every format and track) and
the track digests, so the no-op decision compares every output this build would write with the
disk without parsing the ladders.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .. import __version__
from ..problems import Problem, ProblemsFound
from ..render import (
    DRAFT,
    KeyedRenderer,
    Planned,
    Renderer,
    RenderOptions,
    StreamingRenderer,
    as_draft,
    drafts_asked,
    get_heavy_renderer,
    get_renderer,
    is_draft,
)
from ..render.fingerprint import track_digest
from ..render.templating import templates_digest
from ..shard import Shard
from ..source.paths import MAX_ASSET_BYTES, UnsafePath, inside, project_root, read_bounded
from ..value import value_class
from ..write import (
    MANIFEST,
    Staging,
    manifest_bytes,
    output_lock,
    read_manifest,
    remove_stale_temporaries,
    safe_output_path,
    sha256_file,
    write_atomically,
)

if TYPE_CHECKING:  # the no-op check imports none of these
    from concurrent.futures import Future

    from ..model import Framework

T = TypeVar("T")


class RenderFailed(Exception):
    """A renderer failed; the message names the output, its track and the reason (picklable), and
    `problems` locates the failure in the user's input when it is there (an HRIS profile's column)."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message, problems)
        self.message, self.problems = message, problems

    def __str__(self) -> str:
        return self.message


@value_class
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


@value_class
class Job:
    renderer: str
    planned: Planned
    key: str
    language: str | None = None  # a published translation (i18n); None for the source language


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
    _clear_manifest_directory(request.out_dir / MANIFEST)
    options = _effective_options(framework, request.options)
    extra = _extra_inputs(framework)
    digests = Digests.of(framework, request.source, request.options, extra)
    jobs = plan_jobs(framework, request.formats, request.track_ids, digests, request.options)
    # A slice's download pages cannot list the PDFs of the other slices (see _manifest).
    partial_downloads = request.shard is not None and any(job.planned.heavy for job in jobs)
    if request.shard:
        jobs = request.shard.select(jobs, lambda job: job.planned.path, lambda job: job.planned.heavy)
    previous = read_manifest(request.out_dir)
    if previous.get("shard") != (str(request.shard) if request.shard else None):
        previous = {"files": {}}  # another slice, or a whole build: nothing in it is ours
    stale = [job for job in jobs if request.force or _is_stale(job, request.out_dir, previous)]
    if any(job.planned.heavy for job in stale):  # download pages list the heavy files' sizes
        stale += [job for job in jobs if job.planned.lists_downloads and job not in stale]
    with Staging(request.out_dir) as staged:
        light = [j for j in stale if not j.planned.heavy and not j.planned.lists_downloads]
        _render_light(light, framework, options, staged)
        _render_heavy([j for j in stale if j.planned.heavy], framework, options, request.jobs, progress, staged)
        sizes = _download_sizes(jobs, previous, staged.size, request.out_dir)
        downloads = replace(options, extra=options.extra + (("download_sizes", sizes),))
        _render_light([j for j in stale if j.planned.lists_downloads], framework, downloads, staged)
        staged.commit()
    removed = _remove_orphans(framework, request, previous, jobs)
    manifest = _manifest(framework, previous, jobs, staged.sha256, removed, partial_downloads)
    manifest["inputs"] = {
        "digest": digests.project,
        "extra": list(extra),
        "plan": _full_plan(framework),
        "tracks": digests.made(),
    } | ({"release": DRAFT} if is_draft(request.options) else {})
    if request.shard:
        manifest["shard"] = str(request.shard)
    write_atomically(request.out_dir / MANIFEST, manifest_bytes(manifest))
    stale_paths = {job.planned.path for job in stale}
    return BuildReport(
        written=sorted(stale_paths),
        unchanged=sorted(job.planned.path for job in jobs if job.planned.path not in stale_paths),
        removed=removed,
    )


def _download_sizes(jobs: list[Job], previous: dict[str, Any], rendered: dict[str, int], out_dir: Path) -> str:
    """JSON of {path: bytes} for the heavy outputs (PDFs): rendered now, or written by an earlier build."""
    import json

    paths = {job.planned.path for job in jobs if job.planned.heavy}
    paths |= {
        path for path, entry in previous["files"].items() if isinstance(entry, dict) and entry.get("format") == "pdf"
    }
    sizes = {}
    for path in sorted(paths):
        if path in rendered:
            sizes[path] = rendered[path]
        elif _inside(out_dir, path) and (out_dir / path).is_file():
            sizes[path] = (out_dir / path).stat().st_size
    return json.dumps(sizes, sort_keys=True)


def confirm_current(
    source: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    track_ids: tuple[str, ...],
    options: RenderOptions,
    shard: Shard | None = None,
    waiting: Callable[[], None] = lambda: None,
) -> list[str] | None:
    """The no-op build: under the lock, clear a killed build's temporaries and confirm every
    output is current without parsing (None: build the slow way)."""
    if not out_dir.is_dir():
        return None
    with output_lock(out_dir, waiting):
        remove_stale_temporaries(out_dir)
        return current_without_parsing(source, out_dir, formats, track_ids, options, shard)


def _clear_manifest_directory(path: Path) -> None:
    """A directory where the manifest belongs counts as no manifest; an empty one is removed, a
    non-empty one stops the build before anything is written (someone's files may be in it)."""
    if path.is_dir() and not path.is_symlink():
        try:
            path.rmdir()
        except OSError:
            raise IsADirectoryError(
                errno.EISDIR, "is a directory, not ladder's manifest; move it away", str(path)
            ) from None


def current_without_parsing(
    source: Path,
    out_dir: Path,
    formats: tuple[str, ...],
    track_ids: tuple[str, ...],
    options: RenderOptions,
    shard: Shard | None = None,
) -> list[str] | None:
    """The outputs asked for, when the manifest proves them current without reading the ladders:
    the same inputs as the last build, and every output this build would write (from the plan the
    last build recorded, for the chosen formats and tracks) on disk, intact, under the current
    key. None when that cannot be shown (then build or check the slow way)."""
    previous = read_manifest(out_dir)
    if shard is not None or "shard" in previous:
        return None  # a slice cannot vouch for outputs it does not hold
    recorded = previous.get("inputs")
    if (
        not isinstance(recorded, dict)
        or not isinstance(recorded.get("extra"), list)
        or not isinstance(recorded.get("plan"), dict)
    ):
        return None
    # A draft stays a draft while its inputs (the lint code and settings among them) do not change.
    options = as_draft(options) if recorded.get("release") == DRAFT else options
    digest = inputs_digest(source, options, tuple(map(str, recorded["extra"])))
    if recorded.get("digest") != digest:
        return None
    # Same inputs, so the track digests the last build recorded are today's too; a track it did
    # not record (a --track build of others) cannot be vouched for.
    recorded_tracks = recorded.get("tracks")
    tracks: dict[str, Any] = recorded_tracks if isinstance(recorded_tracks, dict) else {}
    plan = recorded["plan"]
    known_tracks = {
        track for entries in plan.values() if isinstance(entries, list) for _, track in _plan_entries(entries) if track
    }
    if set(track_ids) - known_tracks or set(formats) - set(plan):
        return None
    wanted = [
        (name, path)
        for name in formats
        for path, track in _plan_entries(plan[name])
        if track is None or not track_ids or track in track_ids
    ]
    track_of = {path: track for name in formats for path, track in _plan_entries(plan[name])}
    # The documents in other languages too (keyed on the whole project): a no-op counts what a build writes.
    translated = [
        (entry["format"], path)
        for path, entry in previous["files"].items()
        if isinstance(entry, dict)
        and entry.get("language")
        and entry.get("format") in formats
        and safe_output_path(path)
        and (entry.get("track") is None or not track_ids or entry.get("track") in track_ids)
    ]
    track_of |= {path: None for _, path in translated}
    wanted += translated
    for name, path in wanted:
        entry = previous["files"].get(path)
        track = track_of[path]
        key_digest = digest if track is None else tracks.get(track)
        if (
            entry is None
            or not isinstance(key_digest, str)
            or entry["cache_key"] != cache_key(key_digest, name, path)
            or sha256_file(out_dir / path) != entry["sha256"]
        ):
            return None
    return sorted(path for _, path in wanted)


def recorded_draft(out_dir: Path) -> bool:
    """Whether the last build of `out_dir` marked its outputs as a draft."""
    inputs = read_manifest(out_dir).get("inputs")
    return isinstance(inputs, dict) and inputs.get("release") == DRAFT


def _plan_entries(entries: Iterable[Any]) -> list[tuple[str, str | None]]:
    valid = [
        e
        for e in entries
        if isinstance(e, list) and len(e) == 2 and safe_output_path(e[0]) and (e[1] is None or isinstance(e[1], str))
    ]
    return [(path, track) for path, track in valid]


def _full_plan(framework: Framework) -> dict[str, list[list[Any]]]:
    """Every output of every installed format for every track, as [path, track] pairs."""
    from ..render import available_formats

    all_tracks = tuple(t.id for t in framework.tracks)
    return {
        name: [[p.path, p.track_id] for p in get_renderer(name).plan(framework, all_tracks)]
        for name in available_formats()
    }


def inputs_digest(source: Path, options: RenderOptions, extra: tuple[str, ...]) -> str:
    """Everything a build reads, from bytes alone: the environment (see environment_digest) and
    the source files."""
    from ..source.paths import find_source_files  # not .load: a no-op build imports no YAML parser

    digest = hashlib.sha256(environment_digest(source, options, extra).encode() + b"\0")
    # Names relative to the project: `ladder check ladders` and `ladder check /abs/ladders` agree.
    root = project_root(source) if source.exists() else source
    for path in find_source_files(source) if source.exists() else []:
        digest.update(_relative_name(root, path).encode() + b"\0" + _content_hash(root, path).encode() + b"\0")
    return digest.hexdigest()


def environment_digest(source: Path, options: RenderOptions, extra: tuple[str, ...]) -> str:
    """What a build reads besides the ladder's sources: ladder's own code, templates, extra inputs
    (the files the ladder names: its template directory and logo) and the options. The PDF
    engine's version is in the PDFs' keys alone (cache_key)."""
    digest = hashlib.sha256()
    for part in (code_digest(), repr(options.extra), templates_digest(options.templates)):
        digest.update(str(part).encode() + b"\0")
    root = project_root(source) if source.exists() else source
    for name in extra:
        extra_path = Path(name)
        content = (
            templates_digest(extra_path)  # every file below the directory: a template set or a release
            if extra_path.is_dir() and inside(root, extra_path)
            else _content_hash(root, extra_path)
        )
        digest.update(_relative_name(root, extra_path).encode() + b"\0" + content.encode() + b"\0")
    return digest.hexdigest()


def _relative_name(root: Path, path: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.name


def _content_hash(root: Path, path: Path) -> str:
    if not inside(root, path):
        return "outside the project"
    if not path.exists() and not path.is_symlink():
        return "absent"
    try:
        return hashlib.sha256(read_bounded(path, MAX_ASSET_BYTES)).hexdigest()
    except UnsafePath as error:
        return str(error)


# The parts of the package that shape what a build writes (the CLI, assess and the reporters do not;
# diff makes the change-log page and the HRIS records since a release; lint and the catalogue decide,
# through the publish gate, whether outputs are drafts): a change to any of these, or to a bundled
# template or schema, is a new key.
OUTPUT_CODE = (
    *("__init__.py", "build", "write.py", "pipeline.py", "catalogue.py"),
    *("model", "source", "render", "i18n", "diff", "hris", "lint", "release"),
)


@cache
def code_digest() -> str:
    """Hash of ladder's output-shaping code, bundled templates and schemas, so that changing one
    line of a renderer or template makes `ladder check` fail and `ladder build` rebuild (no
    version numbers bumped by hand)."""
    package = Path(__file__).parent.parent
    roots = [package / name for name in OUTPUT_CODE]
    roots += [
        Path(str(resources.files("ladder_compiler.templates"))),
        Path(str(resources.files("ladder_compiler.schemas"))),
    ]
    return tree_digest(roots)


def tree_digest(roots: list[Path]) -> str:
    """Hash of the names and bytes of every file under `roots` (files themselves count too)."""
    digest = hashlib.sha256()
    for root in roots:
        files = (
            [root]
            if root.is_file()
            else sorted(
                p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
        )
        for path in files:
            digest.update(
                f"{root.name}/{path.relative_to(root).as_posix()}".encode()
                + b"\0"
                + hashlib.sha256(path.read_bytes()).digest()
            )
    return digest.hexdigest()


def _extra_inputs(framework: Framework) -> tuple[str, ...]:
    presentation = framework.presentation
    translated = framework.languages or framework.draft_languages
    locales = framework.root / "locales" if translated else None  # translations (i18n)
    # The previous release feeds the change-log page, and its hidden directory is outside the source walk.
    # The lint settings decide, through the publish gate, whether the outputs are drafts.
    # Named even while absent, so that adding the file changes the digest.
    from ..lint.config import FILENAME

    lint_settings = framework.root / FILENAME
    named = (
        presentation.templates,
        presentation.logo,
        locales,
        presentation.previous_release,
        lint_settings,
    )
    return tuple(str(p) for p in named if p is not None)


def stale_outputs(
    framework: Framework,
    out_dir: Path,
    formats: tuple[str, ...],
    track_ids: tuple[str, ...],
    options: RenderOptions | None = None,
    source: Path | None = None,
) -> list[str]:
    """Outputs a build would write now (missing, modified or out of date), without rendering anything."""
    options = options or RenderOptions()
    digests = Digests.of(framework, source if source is not None else framework.root, options, _extra_inputs(framework))
    previous = read_manifest(out_dir)
    return sorted(
        job.planned.path
        for job in plan_jobs(framework, formats, track_ids, digests, options)
        if _is_stale(job, out_dir, previous)
    )


@dataclass
class Digests:
    """What output keys are made from. A track's documents: the environment (code, templates,
    options, named files) and what shapes that track (render/fingerprint.py), so editing one track
    rebuilds its documents only. Project-wide documents, and every document when the ladder brings
    its own templates (which may read anything in the model): the whole project's digest."""

    framework: Framework
    project: str
    environment: str | None  # None: key everything on the project
    _tracks: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, framework: Framework, source: Path, options: RenderOptions, extra: tuple[str, ...]) -> Digests:
        own_templates = options.templates is None and framework.presentation.templates is None
        environment = environment_digest(source, options, extra) if own_templates else None
        return cls(framework, inputs_digest(source, options, extra), environment)

    def for_output(self, planned: Planned) -> str:
        if planned.track_id is None or self.environment is None:
            return self.project
        if planned.track_id not in self._tracks:
            shaping = track_digest(self.framework, planned.track_id)
            self._tracks[planned.track_id] = hashlib.sha256(f"{self.environment}\0{shaping}".encode()).hexdigest()
        return self._tracks[planned.track_id]

    def made(self) -> dict[str, str]:
        """The track digests this build used (recorded, so that a no-op build can check keys unparsed)."""
        return dict(sorted(self._tracks.items()))


def plan_jobs(
    framework: Framework,
    formats: tuple[str, ...],
    track_ids: tuple[str, ...],
    digests: Digests,
    options: RenderOptions | None = None,
) -> list[Job]:
    jobs = []
    for name in formats:
        renderer = renderer_for(name, options or RenderOptions())
        own = renderer.key_inputs(framework) if isinstance(renderer, KeyedRenderer) else None
        for planned in renderer.plan(framework, track_ids):
            digest = digests.for_output(planned)
            if own is not None:
                digest = hashlib.sha256(f"{digest}\0{own}".encode()).hexdigest()
            jobs.append(Job(name, planned, cache_key(digest, name, planned.path)))
    return jobs + translated_jobs(
        framework, formats, track_ids, digests.project, drafts_asked(options or RenderOptions())
    )


def renderer_for(name: str, options: RenderOptions) -> Renderer:
    """The renderer of a --format: a bundled one, or an HR system's import profile (hris:PROFILE)."""
    if name.startswith("hris:"):
        from ..hris.renderer import hris_renderer

        return hris_renderer(name, options)
    return get_renderer(name)


def translated_jobs(
    framework: Framework, formats: tuple[str, ...], track_ids: tuple[str, ...], digest: str, drafts: bool = False
) -> list[Job]:
    """The documents again in each published language, under <format>/<language>/. The PO files
    are among the inputs the digest covers (see _extra_inputs); a translated document is keyed on
    the whole project's digest (its strings come from every PO file)."""
    from ..i18n.localised import LOCALISED_FORMATS, localised_path
    from ..i18n.translate import built_languages, translated_framework

    jobs = []
    for language in built_languages(framework, drafts):  # draft languages only with --drafts
        translated = translated_framework(framework, language)
        for name in (f for f in formats if f in LOCALISED_FORMATS):
            for planned in get_renderer(name).plan(translated, track_ids):
                planned = replace(planned, path=localised_path(planned.path, language))
                jobs.append(Job(name, planned, cache_key(digest, name, planned.path), language))
    return jobs


def _model(framework: Framework, job: Job) -> Framework:
    from ..i18n.translate import translated_framework

    return translated_framework(framework, job.language) if job.language else framework


def _effective_options(framework: Framework, options: RenderOptions) -> RenderOptions:
    if options.templates is None and framework.presentation.templates is not None:
        return replace(options, templates=framework.presentation.templates)
    return options


def cache_key(digest: str, renderer_name: str, path: str) -> str:
    """Equal keys mean equal bytes: the digest covers everything that shapes the output (see
    Digests), and a PDF's key the version of the engine that prints it."""
    engine = _engine_version(renderer_name)
    return hashlib.sha256(f"{digest}\0{renderer_name}\0{path}\0{engine}".encode()).hexdigest()


@cache
def _engine_version(renderer_name: str) -> str:
    """WeasyPrint's version for PDFs, "" for the other formats (which then skip importlib.metadata)."""
    if renderer_name != "pdf":
        return ""
    from importlib import metadata

    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "unknown"


def _is_stale(job: Job, out_dir: Path, previous: dict[str, Any]) -> bool:
    recorded = previous["files"].get(job.planned.path)
    if recorded is None or recorded["cache_key"] != job.key:
        return True
    stale: bool = sha256_file(out_dir / job.planned.path) != recorded["sha256"]
    return stale


def _render_light(jobs: list[Job], framework: Framework, options: RenderOptions, staged: Staging) -> None:
    for job in jobs:
        renderer, model = renderer_for(job.renderer, options), _model(framework, job)
        content: bytes | Iterator[bytes]
        if isinstance(renderer, StreamingRenderer):  # written piece by piece: never held whole
            content = _streamed(job.planned, renderer.render_chunks(model, job.planned, options))
        else:
            content = _failing_as(job.planned, partial(renderer.render, model, job.planned, options))
        staged.add(job.planned.path, content)


def _render_heavy(
    jobs: list[Job],
    framework: Framework,
    options: RenderOptions,
    workers: int,
    progress: Callable[[str], None],
    staged: Staging,
) -> None:
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            staged.add(job.planned.path, _render_one(job.renderer, _model(framework, job), job.planned, options))
            progress(job.planned.path)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..render.pdf_engine import finish
    from ..workers import end_with_parent

    workers = min(workers, len(jobs))
    # Spawned, not forked: a forked worker would carry a copy of the whole model, so the PDF
    # stage's memory would grow with the project.
    pool = ProcessPoolExecutor(workers, multiprocessing.get_context("spawn"), initializer=end_with_parent)
    try:
        pending: deque[tuple[Planned, Future[bytes]]] = deque()
        for job in jobs:  # workers start on the first PDF while the next one is prepared
            if len(pending) >= 2 * workers:  # a few prepared documents in flight, not every one
                _collect(*pending.popleft(), staged, progress)
            prepared = _prepare_one(job.renderer, _model(framework, job), job.planned, options)
            # The workers import the PDF engine only (render/pdf_engine.py), not the compiler.
            pending.append((job.planned, pool.submit(finish, prepared)))
        while pending:
            _collect(*pending.popleft(), staged, progress)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # a failure or Ctrl-C: do not wait for the rest
        raise
    pool.shutdown(wait=True)


def _collect(planned: Planned, future: Future[bytes], staged: Staging, progress: Callable[[str], None]) -> None:
    staged.add(planned.path, _failing_as(planned, future.result))
    progress(planned.path)


def _prepare_one(renderer_name: str, framework: Framework, planned: Planned, options: RenderOptions) -> tuple[Any, ...]:
    return _failing_as(planned, lambda: get_heavy_renderer(renderer_name).prepare(framework, planned, options))


def _render_one(renderer_name: str, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
    return _failing_as(planned, lambda: get_renderer(renderer_name).render(framework, planned, options))


def _failing_as(planned: Planned, work: Callable[[], T]) -> T:
    try:
        return work()
    except Exception as error:  # a renderer bug or a broken user template: name the output and why
        raise _failure(planned, error) from error


def _streamed(planned: Planned, pieces: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from pieces
    except Exception as error:
        raise _failure(planned, error) from error


def _failure(planned: Planned, error: Exception) -> RenderFailed:
    track = f" (track `{planned.track_id}`)" if planned.track_id else ""
    if isinstance(error, ProblemsFound):  # the user's input, located: the problems say the rest
        return RenderFailed(f"cannot render {planned.path}{track} (problems above)", tuple(error.problems))
    return RenderFailed(f"cannot render {planned.path}{track}: {type(error).__name__}: {error}")


def _remove_orphans(
    framework: Framework, request: BuildRequest, previous: dict[str, Any], jobs: list[Job]
) -> list[str]:
    """Delete files an earlier full build wrote that no longer belong to the project."""
    if not _is_full_build(framework, request):
        return []
    planned = {job.planned.path for job in jobs}
    removed = []
    for path in sorted(previous["files"]):
        target = request.out_dir / path
        # Only formats built now: a light install (no PDF engine) keeps the PDFs a full one wrote.
        built_now = previous["files"][path].get("format") in request.formats
        removable = _inside(request.out_dir, path) and (target.is_symlink() or target.is_file())
        if path not in planned and built_now and removable:
            target.unlink(missing_ok=True)
            removed.append(path)
        elif path not in planned and not target.exists():
            removed.append(path)  # already gone: forget it
    return removed


def _is_full_build(framework: Framework, request: BuildRequest) -> bool:
    from ..render import available_formats

    bundled = {name for name in request.formats if not name.startswith("hris:")}  # profiles are extras
    whole = set(request.track_ids) == {t.id for t in framework.tracks} and bundled == set(available_formats())
    return whole and request.shard is None


def _inside(out_dir: Path, relative: str) -> bool:
    target = (out_dir / relative).resolve()
    return target.is_relative_to(out_dir.resolve()) and target != out_dir.resolve()


def _manifest(
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


PARTIAL = "partial:"  # the key prefix of a shard's download pages (see _manifest)


def default_jobs() -> int:
    return os.cpu_count() or 1
