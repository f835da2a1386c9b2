"""Render stage: one module per output format, all behind one small interface.

A renderer plans the files it writes for a framework (one per track, plus framework-wide
files such as an index) and turns one planned file into bytes. Renderers only read the
model; they never touch the file system (the build writes, atomically).

Registry: FORMATS maps a --format name to "module:class"; modules are imported on demand so
that the PDF engine is loaded only when a PDF is asked for.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ..value import value_class

if TYPE_CHECKING:
    from ..model import Framework

# Order matters: html before pdf (the PDF is printed from the HTML renderer's output).
FORMATS: dict[str, str] = {
    "md": "ladder_compiler.render.markdown:MarkdownRenderer",
    "html": "ladder_compiler.render.html:HtmlRenderer",
    "pdf": "ladder_compiler.render.pdf:PdfRenderer",
    "json": "ladder_compiler.render.hris_json:JsonRenderer",
    "csv": "ladder_compiler.render.csv_export:CsvRenderer",
    "case": "ladder_compiler.render.case:CaseRenderer",
}


@value_class
class Planned:
    """One file a renderer will write: its path under the output directory and what it covers."""

    path: str  # POSIX path relative to the output directory, e.g. "pdf/group-product-manager.pdf"
    track_id: str | None  # None for framework-wide files (indexes, framework.json)
    heavy: bool = False  # rendered in the process pool (PDF)
    document: str = "rubric"  # which document of the format: rubric, levels, worksheet, index, levelling-guide
    lists_downloads: bool = False  # rendered after the heavy outputs, with their sizes (download pages)


@value_class
class RenderOptions:
    templates: Path | None = None  # user template directory, searched before the bundled one
    extra: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # format-specific settings, hashable
    # hris:PROFILE only, so they are in those outputs' keys alone (KeyedRenderer), not every output's:
    since: str | None = None  # the previous release, in `ladder diff`'s revision syntax
    changes_only: bool = False  # only the records new, changed or inactivated since then


def drafts_asked(options: RenderOptions) -> bool:
    """`ladder build --drafts`: draft languages are built too (and marked as drafts)."""
    return dict(options.extra).get("drafts") == "yes"


# The render option the build sets when the publish gate does not pass (release/gate.py): an
# option, not model data, since the gate reads lint and translations, which sit above the model.
RELEASE_OPTION = "release"
DRAFT = "draft"


def is_draft(options: RenderOptions) -> bool:
    return dict(options.extra).get(RELEASE_OPTION) == DRAFT


def as_draft(options: RenderOptions) -> RenderOptions:
    """`options` for a draft build: every renderer marks its output, and every cache key differs."""
    return RenderOptions(
        options.templates, (*options.extra, (RELEASE_OPTION, DRAFT)), options.since, options.changes_only
    )


class Renderer(Protocol):
    name: str  # the --format name

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]: ...

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes: ...


@runtime_checkable
class StreamingRenderer(Renderer, Protocol):
    """A renderer whose large outputs come in pieces, written as they are made: render_chunks()
    yields what render() returns, in order."""

    def render_chunks(self, framework: Framework, planned: Planned, options: RenderOptions) -> Iterator[bytes]: ...


@runtime_checkable
class KeyedRenderer(Renderer, Protocol):
    """A renderer whose outputs depend on more than the project and the options (an HRIS profile)."""

    def key_inputs(self, framework: Framework) -> str: ...


@runtime_checkable
class HeavyRenderer(Renderer, Protocol):
    """A renderer of heavy (pooled) outputs, with render() split in two: prepare() runs in the main
    process and returns something small and picklable; finish() turns it into bytes in a worker."""

    def prepare(self, framework: Framework, planned: Planned, options: RenderOptions) -> tuple[Any, ...]: ...

    def finish(self, prepared: tuple[Any, ...]) -> bytes: ...


def available_formats() -> list[str]:
    """Formats this installation can produce, in build order (PDF needs the `[pdf]` extra)."""
    missing = unavailable_formats()
    return [name for name in FORMATS if name not in missing]


def unavailable_formats() -> dict[str, str]:
    """Known formats this installation cannot produce → why, naming what to install."""
    missing = {}
    for name, target in FORMATS.items():
        module = target.split(":")[0]
        if importlib.util.find_spec(module) is None:
            missing[name] = f"the {name} renderer is not part of this installation"
    if "pdf" not in missing:
        from .pdf_engine import engine_missing  # light: render.pdf imports the HTML renderer

        if reason := engine_missing():
            missing["pdf"] = reason
    return missing


def get_renderer(name: str) -> Renderer:
    module_name, class_name = FORMATS[name].split(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), class_name)()
    return renderer


def get_heavy_renderer(name: str) -> HeavyRenderer:
    """The renderer of a format whose outputs are planned heavy (rendered in the process pool)."""
    renderer = get_renderer(name)
    if not isinstance(renderer, HeavyRenderer):
        raise TypeError(f"the {name} renderer has no prepare/finish split for the process pool")
    return renderer
