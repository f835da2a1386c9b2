"""The HTML index as HR's download page: every track's PDFs with their size, and the levelling guide."""

from __future__ import annotations

import itertools
import json
from typing import Any

from ..i18n.labels import TRACK_DOCUMENTS
from ..model import Framework, Grade, Level
from ..value import value_class
from . import RenderOptions
from .context import levelling_context


@value_class
class Download:
    href: str
    label: str
    size: str


def download_page_context(framework: Framework, options: RenderOptions) -> dict[str, Any]:
    from ..i18n.document import label as localised
    from ..i18n.translate import translation_of

    sizes = json.loads(dict(options.extra).get("download_sizes", "{}"))
    # A translated page (html/<lang>/index.html) lists that language's PDFs (pdf/<lang>/…).
    folder = f"pdf/{framework.language}" if translation_of(framework) is not None else "pdf"
    up = "../" * folder.count("/") + "../"
    tracks = []
    for track in framework.tracks:
        files = [
            Download(
                f"{up}{folder}/{track.id}{suffix}.pdf",
                localised(framework, label),
                human_size(sizes[f"{folder}/{track.id}{suffix}.pdf"]),
            )
            for suffix, label in TRACK_DOCUMENTS
            if f"{folder}/{track.id}{suffix}.pdf" in sizes
        ]
        tracks.append({"track": track, "files": files})
    return {"framework": framework, "tracks": tracks, "levelling": labelled_rows(framework)}


def labelled_rows(framework: Framework) -> list[tuple[Grade | int, list[Level | None]]]:
    """The rows of the index's levelling table: the levelling guide's grades when the framework has
    one, else bands of peer levels numbered from 1."""
    if framework.levelling:
        return [(grade, cells) for grade, cells in levelling_context(framework)["rows"]]
    return [(number, row) for number, row in enumerate(levelling_rows(framework), 1)]


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def levelling_rows(framework: Framework) -> list[list[Level | None]]:
    """One row per band of peer levels, one column per track: a level sits at least one band above
    the level below it in its track, and peers share a band."""
    band = {level.id: level.rank - 1 for track in framework.tracks for level in track.levels}
    groups = _peer_groups(framework)
    changed, rounds = True, 0
    while changed and rounds <= len(band):  # conflicting peers (a cycle) cannot settle: stop anyway
        changed, rounds = False, rounds + 1
        for group in groups:
            top = max(band[level_id] for level_id in group)
            for level_id in group:
                changed |= band[level_id] != top
                band[level_id] = top
        for track in framework.tracks:
            for lower, upper in itertools.pairwise(track.levels):
                if band[upper.id] <= band[lower.id]:
                    band[upper.id], changed = band[lower.id] + 1, True
    rows: list[list[Level | None]] = [[None] * len(framework.tracks) for _ in range(max(band.values(), default=-1) + 1)]
    for column, track in enumerate(framework.tracks):
        for level in track.levels:
            rows[band[level.id]][column] = level
    return [row for row in rows if any(row)]


def _peer_groups(framework: Framework) -> list[set[str]]:
    groups: list[set[str]] = []
    for track in framework.tracks:
        for level in track.levels:
            joined = {level.id, *level.peers}
            overlapping = [g for g in groups if g & joined]
            for group in overlapping:
                joined |= group
                groups.remove(group)
            groups.append(joined)
    return [g for g in groups if len(g) > 1]
