"""Sharding: split one build across CI runners, then merge their outputs into one `output/`.

`ladder build --shard I/N` renders a deterministic slice of the planned outputs: PDFs (the
expensive part) and light files are each dealt round-robin in path order, so every shard gets
an even share of each. Each shard writes its own directory with a manifest that says which
slice it holds. `ladder merge` checks that the shards come from the same inputs, that every
slice is present exactly once and that every file matches its manifest, then writes the files
and one manifest: the same bytes a single full build writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .source.paths import UnsafePath, confine_folder
from .value import value_class
from .write import MANIFEST, manifest_bytes, output_lock, read_manifest, sha256_file, write_atomically

_SHARD = re.compile(r"\A([1-9][0-9]*)/([1-9][0-9]*)\Z")
MAX_SHARDS = 1000  # far beyond any CI matrix; a larger count is a mistake or a manifest made up
# What a build writes: FOLDER/[LANGUAGE/]NAME.EXT, each format in its own folder with its own suffix.
_BUILDABLE = re.compile(
    r"\A(markdown|html|pdf|json|csv|case)/(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*/)?[A-Za-z0-9][A-Za-z0-9_-]*\.([a-z]+)\Z"
)
# What `--format hris:PROFILE` writes: hris/<profile id>/[changes/]FILE, names as the profile schema allows.
_HRIS_BUILDABLE = re.compile(r"\Ahris/[a-z][a-z0-9-]*/(?:changes/)?[a-z0-9][a-z0-9._-]*\.(?:csv|json)\Z")
_HRIS_PREFIX = "hris:"
_FOLDER_AND_SUFFIX = {
    "md": ("markdown", "md"),
    "html": ("html", "html"),
    "pdf": ("pdf", "pdf"),
    "json": ("json", "json"),
    "csv": ("csv", "csv"),
    "case": ("case", "json"),
}
T = TypeVar("T")


class ShardError(Exception):
    """Shards that cannot be merged into one consistent output: the message says why."""


@value_class
class Shard:
    index: int  # 1-based, as CI matrices number their jobs
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SHARD.match(text)
        if not match or len(match[2]) > 4 or not 1 <= int(match[1]) <= int(match[2]) <= MAX_SHARDS:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise ValueError(f"expected I/N with 1 ≤ I ≤ N ≤ {MAX_SHARDS}, for example 1/4; got {shown!r}")
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def select(self, items: Sequence[T], path_of: Callable[[T], str], heavy_of: Callable[[T], bool]) -> list[T]:
        """This shard's share: heavy and light items each dealt round-robin in path order."""
        chosen = []
        for heavy in (True, False):
            group = sorted((item for item in items if heavy_of(item) == heavy), key=path_of)
            chosen += group[self.index - 1 :: self.count]
        return sorted(chosen, key=path_of)


def merge(shard_dirs: Sequence[Path], out_dir: Path) -> list[str]:
    """Combine shard outputs into out_dir; returns the paths written. Nothing is written unless
    every check passes."""
    manifests = [_shard_manifest(directory) for directory in shard_dirs]
    _check_same_build(shard_dirs, manifests)
    files: dict[str, dict[str, Any]] = {}
    owner: dict[str, Path] = {}
    for directory, manifest in zip(shard_dirs, manifests, strict=True):
        for path, entry in manifest["files"].items():
            if path in files:
                raise ShardError(f"{path} is in both {owner[path]} and {directory}")
            if not buildable(path, entry.get("format")):
                raise ShardError(
                    f"{directory / MANIFEST} lists {path!r}, which no `ladder build` writes; refusing to merge it"
                )
            if not _inside(directory, path) or sha256_file(directory / path) != entry.get("sha256"):
                raise ShardError(f"{directory / path} is missing or does not match its shard's manifest")
            files[path], owner[path] = entry, directory
    for path in files:
        try:
            confine_folder(out_dir, out_dir / path)
        except UnsafePath as error:
            raise ShardError(str(error)) from None
    with output_lock(out_dir):  # never interleaved with a build on the same directory
        for path in sorted(files):
            write_atomically(out_dir / path, (owner[path] / path).read_bytes())
        merged = {key: value for key, value in manifests[0].items() if key != "shard"}
        merged["files"] = dict(sorted(files.items()))
        write_atomically(out_dir / MANIFEST, manifest_bytes(merged))
    return sorted(files)


def _shard_manifest(directory: Path) -> dict[str, Any]:
    if not (directory / MANIFEST).is_file():
        raise ShardError(f"{directory} holds no {MANIFEST}: not the output of `ladder build --shard`")
    manifest = read_manifest(directory)
    if not isinstance(manifest.get("shard"), str):
        raise ShardError(f"{directory / MANIFEST} is not a shard's manifest (built without --shard)")
    return manifest


def buildable(path: str, output_format: object) -> bool:
    """Whether a build of `output_format` can write `path`: its folder, one language sub-folder at
    most, a plain name and the format's suffix (never `.github/…`, dot-files or another folder);
    for an HRIS profile, a file of one profile's folder."""
    if isinstance(output_format, str) and output_format.startswith(_HRIS_PREFIX):
        return _HRIS_BUILDABLE.match(path) is not None
    match = _BUILDABLE.match(path)
    return match is not None and _FOLDER_AND_SUFFIX.get(str(output_format)) == (match[1], match[2])


def _check_same_build(shard_dirs: Sequence[Path], manifests: list[dict[str, Any]]) -> None:
    shards = []
    for directory, manifest in zip(shard_dirs, manifests, strict=True):
        try:
            shards.append(Shard.parse(manifest["shard"]))
        except ValueError as error:
            raise ShardError(f"{directory / MANIFEST}: `shard` is not a slice: {error}") from None
    counts = {shard.count for shard in shards}
    if len(counts) != 1:
        raise ShardError(f"shards of different splits: {', '.join(map(str, shards))}")
    count = counts.pop()
    missing = sorted(set(range(1, count + 1)) - {shard.index for shard in shards})
    if missing or len(shards) != count:
        raise ShardError(
            f"expected each of the {count} shards exactly once; missing {missing or 'none'},"
            f" given {', '.join(map(str, shards))}"
        )
    first = {k: v for k, v in manifests[0].items() if k not in ("files", "shard")}
    for directory, manifest in zip(shard_dirs, manifests, strict=True):
        if {k: v for k, v in manifest.items() if k not in ("files", "shard")} != first:
            raise ShardError(
                f"{directory} was built from other inputs than {shard_dirs[0]}"
                " (sources, options or ladder version differ)"
            )


def _inside(directory: Path, relative: str) -> bool:
    target = (directory / relative).resolve()
    return target.is_relative_to(directory.resolve()) and target != directory.resolve()
