"""What is stale: an output is current when its recorded key is this build's and its bytes are intact.

The manifest records, besides each file's hash and key, the plan of the last build (every output
of every format and track) and the track digests, so the no-op decision compares every output this
build would write with the disk without parsing the ladders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..render import DRAFT, RenderOptions, as_draft
from ..shard import Shard
from ..write import output_lock, read_manifest, remove_stale_temporaries, safe_output_path, sha256_file
from .keys import Digests, cache_key, extra_inputs, inputs_digest
from .plan import Job, plan_jobs

if TYPE_CHECKING:  # the no-op check imports none of these
    from ..model import Framework

Wanted = tuple[str, str, str | None]  # format, path, track (None: keyed on the whole project)


def is_stale(job: Job, out_dir: Path, previous: dict[str, Any]) -> bool:
    return not _intact(out_dir, job.planned.path, previous["files"].get(job.planned.path), job.key)


def _intact(out_dir: Path, path: str, recorded: dict[str, Any] | None, key: str | None) -> bool:
    """The manifest's entry has this key and the file on disk the bytes it recorded."""
    if recorded is None or key is None or recorded["cache_key"] != key:
        return False
    intact: bool = sha256_file(out_dir / path) == recorded["sha256"]
    return intact


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
    digests = Digests.of(framework, source if source is not None else framework.root, options, extra_inputs(framework))
    previous = read_manifest(out_dir)
    return sorted(
        job.planned.path
        for job in plan_jobs(framework, formats, track_ids, digests, options)
        if is_stale(job, out_dir, previous)
    )


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
    recorded = _recorded_inputs(previous, shard)
    if recorded is None:
        return None
    # A draft stays a draft while its inputs (the lint code and settings among them) do not change.
    options = as_draft(options) if recorded.get("release") == DRAFT else options
    digest = inputs_digest(source, options, tuple(map(str, recorded["extra"])))
    wanted = _wanted(recorded["plan"], previous["files"], formats, track_ids)
    if recorded.get("digest") != digest or wanted is None:
        return None
    # Same inputs, so the track digests the last build recorded are today's too; a track it did
    # not record (a --track build of others) cannot be vouched for.
    tracks = recorded["tracks"] if isinstance(recorded.get("tracks"), dict) else {}
    for name, path, track in wanted:
        key_digest = digest if track is None else tracks.get(track)
        key = cache_key(key_digest, name, path) if isinstance(key_digest, str) else None
        if not _intact(out_dir, path, previous["files"].get(path), key):
            return None
    return sorted(path for _, path, _ in wanted)


def _recorded_inputs(previous: dict[str, Any], shard: Shard | None) -> dict[str, Any] | None:
    """The inputs the last whole build recorded, when they are well formed."""
    if shard is not None or "shard" in previous:
        return None  # a slice cannot vouch for outputs it does not hold
    recorded = previous.get("inputs")
    if (
        isinstance(recorded, dict)
        and isinstance(recorded.get("extra"), list)
        and isinstance(recorded.get("plan"), dict)
    ):
        return recorded
    return None


def _wanted(
    plan: dict[str, Any], files: dict[str, Any], formats: tuple[str, ...], track_ids: tuple[str, ...]
) -> list[Wanted] | None:
    """Every output a build of `formats` and `track_ids` writes, from the recorded plan and the
    translations the manifest holds; None when the plan does not know a format or track asked for."""
    entries = {name: _plan_entries(value) if isinstance(value, list) else [] for name, value in plan.items()}
    if not _plans(entries, formats, track_ids):
        return None
    planned = [(name, path, track) for name in formats for path, track in entries[name]]
    # The documents in other languages too (keyed on the whole project): a no-op counts what a build writes.
    translated = [(entry["format"], path, entry.get("track")) for path, entry in _translations(files, formats)]
    chosen_planned = [wanted for wanted in planned if _chosen(wanted[2], track_ids)]
    return chosen_planned + [(name, path, None) for name, path, track in translated if _chosen(track, track_ids)]


def _plans(
    entries: dict[str, list[tuple[str, str | None]]], formats: tuple[str, ...], track_ids: tuple[str, ...]
) -> bool:
    """The recorded plan knows every format and track asked for."""
    known_tracks = {track for pairs in entries.values() for _, track in pairs if track}
    return not (set(track_ids) - known_tracks or set(formats) - set(entries))


def _chosen(track: object, track_ids: tuple[str, ...]) -> bool:
    return track is None or not track_ids or track in track_ids


def _translations(files: dict[str, Any], formats: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    """The manifest's entries of translated documents in `formats`."""
    return [
        (path, entry)
        for path, entry in files.items()
        if isinstance(entry, dict) and entry.get("language") and entry.get("format") in formats
        if safe_output_path(path)
    ]


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
