"""PDF rubrics, printed from the HTML renderer's document by WeasyPrint.

Nothing is fetched: the HTML is self-contained and the URL fetcher refuses every URL except the
data: URLs we embed ourselves. Dates come from the framework's effective date, so two builds give
identical bytes.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Framework
from . import Planned, RenderOptions, available_formats, get_renderer
from .fingerprint import track_digest
from .html import render_html
from .pdf_engine import INSTALL_HINT, Attachment, PdfEngineMissing, PreparedPdf, engine_missing, finish, html_to_pdf

__all__ = ["INSTALL_HINT", "PdfEngineMissing", "PdfRenderer", "engine_missing", "html_to_pdf", "subsetter_missing"]

# Each track's PDFs: (file suffix, document). The worksheet carries fillable form fields.
DOCUMENTS = (("", "rubric"), ("-levels", "levels"), ("-worksheet", "worksheet"))


# HarfBuzz's font subsetter, as WeasyPrint looks for it. Without it (or older than 4.1.0)
# WeasyPrint subsets with fontTools: about a second more CPU per PDF.
SUBSETTER_NAMES = (
    "harfbuzz-subset",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
SUBSETTER_HINT = (
    "Debian/Ubuntu: apt-get install libharfbuzz-subset0; Fedora: dnf install harfbuzz; macOS: brew install harfbuzz"
)


def subsetter_missing() -> str | None:
    """Why WeasyPrint would fall back to its slow font subsetter here, or None when HarfBuzz's is usable.

    Asks the dynamic loader, without importing WeasyPrint."""
    import ctypes
    import ctypes.util

    for name in SUBSETTER_NAMES:
        found = ctypes.util.find_library(name) if "." not in name else name
        try:
            library = ctypes.CDLL(found) if found else None
        except OSError:
            library = None
        if library is not None:
            break
    else:
        return (
            "HarfBuzz's font subsetter (libharfbuzz-subset) is not installed, so each PDF is slower to make;"
            f" {SUBSETTER_HINT}"
        )
    if not _harfbuzz_at_least(library, (4, 1, 0)):
        return f"HarfBuzz is older than 4.1.0, too old for WeasyPrint's fast font subsetting; {SUBSETTER_HINT}"
    return None


def _harfbuzz_at_least(library: Any, version: tuple[int, int, int]) -> bool:  # a ctypes.CDLL
    try:
        at_least = library.hb_version_atleast  # the subset library links HarfBuzz itself
    except AttributeError:
        return True  # cannot tell; WeasyPrint will decide
    return bool(at_least(*version))


class PdfRenderer:
    name = "pdf"

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        return [
            Planned(f"pdf/{t}{suffix}.pdf", t, heavy=True, document=document)
            for t in track_ids
            for suffix, document in DOCUMENTS
        ]

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        return self.finish(self.prepare(framework, planned, options))

    def prepare(self, framework: Framework, planned: Planned, options: RenderOptions) -> PreparedPdf:
        """Everything the PDF engine needs, made in the main process: workers get these few
        strings and bytes instead of the whole model."""
        assert planned.track_id is not None  # PDFs are planned one set per track
        html = render_html(framework, planned.track_id, options, planned.document)
        attachments: tuple[Attachment, ...] = ()
        if planned.document == "rubric":
            attachments = (
                (
                    f"{planned.track_id}.json",
                    track_source_data(framework, planned.track_id, options),
                    "The track's data, as exported by ladder",
                ),
            )
        identifier = f"{track_digest(framework, planned.track_id)}/{planned.track_id}/{planned.document}"
        return html, framework.timestamp_date, attachments, identifier, planned.document == "worksheet"

    @staticmethod
    def finish(prepared: PreparedPdf) -> bytes:
        return finish(prepared)


def track_source_data(framework: Framework, track_id: str, options: RenderOptions) -> bytes:
    """The track's JSON export when that format is installed, else a minimal JSON of its ids."""
    if "json" in available_formats():
        return get_renderer("json").render(framework, Planned(f"json/{track_id}.json", track_id), options)
    track = framework.track(track_id)
    data = {
        "framework": framework.id,
        "version": framework.version,
        "track": track.id,
        "levels": [level.id for level in track.levels],
    }
    return json.dumps(data, indent=2).encode()
