"""`ladder build` without the command line: the no-op check, the checks before anything is written
(output names, catalogues, the publish gate, HRIS profiles), warnings about the PDFs, then the build.

What it has to say while it works goes to `Notices`; what stops it is `BuildStopped`. The command
decides how both look.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..render import RenderOptions, as_draft, drafts_asked
from .cache import confirm_current, recorded_draft
from .plan import resolve_tracks
from .rendering import RenderFailed
from .run import BuildReport, BuildRequest, build

if TYPE_CHECKING:
    from ..hris.renderer import HrisRenderer
    from ..model import Framework
    from ..problems import Problem

HRIS = "hris:"  # hris:PROFILE: an HR system's import files (hris/renderer.py)


class Notices(Protocol):
    """What a build says while it works."""

    def waiting(self) -> None:
        """Another build holds the output directory's lock."""

    def problems(self, problems: list[Problem]) -> None:
        """Located warnings found before rendering (glyphs the PDFs' fonts lack)."""

    def warning(self, message: str) -> None: ...

    def draft(self, reasons: list[Problem]) -> None:
        """The release does not pass the publish gate: every output is marked DRAFT, for `reasons`."""

    def rendering(self, pdfs: int) -> AbstractContextManager[Callable[[str], None]]:
        """Around the build: called with each PDF's path as it is rendered."""


class BuildStopped(Exception):
    """Nothing was written: `problems` and `message` say why; `usage`: the options or files named are wrong."""

    def __init__(self, message: str = "", problems: Sequence[Problem] = (), usage: bool = False, rule: str = ""):
        super().__init__(message)
        self.message, self.problems, self.usage, self.rule = message, list(problems), usage, rule


@dataclass(frozen=True)
class Built:
    report: BuildReport
    unchanged_drafts: bool = False  # a no-op build of outputs an earlier build marked as drafts
    changes: dict[str, str] = field(default_factory=dict)  # per HRIS profile: what changed since --since


INTACT = "nothing was written; the previous output is intact"


def build_project(
    request: BuildRequest,
    read: Callable[[Path], Framework],
    notices: Notices,
    *,
    published: bool = False,
    warnings: bool = True,
) -> Built:
    """Build `request` (its track ids as asked: none for all). `read` gives the project's model or
    stops; `published`: fail unless the publish gate passes, instead of building a draft;
    `warnings`: check the PDFs' glyphs and font subsetter."""
    if not (request.force or published):  # --published always asks the gate
        current = confirm_current(
            request.source,
            request.out_dir,
            request.formats,
            request.track_ids,
            request.options,
            request.shard,
            notices.waiting,
        )
        if current is not None:  # nothing changed since the last build: no need to even parse
            return Built(BuildReport(unchanged=current), unchanged_drafts=recorded_draft(request.out_dir))
    framework = read(request.source)
    _refuse_unsafe_names(framework)
    track_ids = resolve_tracks(framework, request.track_ids)
    options = _gated_options(framework, request, published, notices)
    if "pdf" in request.formats and warnings:
        _warn_about_pdfs(framework, notices)
    profiles = hris_renderers(framework, request.formats, request.options)
    pdfs = request.formats.count("pdf") * len(track_ids) * _languages(framework, drafts_asked(request.options))
    with notices.rendering(pdfs) as advance:
        report = _build(framework, replace(request, track_ids=track_ids, options=options), advance, notices)
    since = request.options.since
    return Built(report, changes={p.profile.id: p.change_counts(framework) for p in profiles} if since else {})


def _build(
    framework: Framework, request: BuildRequest, advance: Callable[[str], None], notices: Notices
) -> BuildReport:
    from ..source.paths import UnsafePath

    try:
        return build(framework, request, advance, notices.waiting)
    except UnsafePath as error:  # a sub-folder of the output leads elsewhere
        raise BuildStopped(f"{error}\n{INTACT}", rule="unsafe-path") from None
    except RenderFailed as error:
        raise BuildStopped(f"{error}\n{INTACT}", error.problems) from None
    except OSError as error:
        raise BuildStopped(f"cannot write {error.filename or request.out_dir}: {error.strerror}") from None


def _refuse_unsafe_names(framework: Framework) -> None:
    """Planned before anything is written: output names, and the catalogues the documents will read."""
    from ..i18n.catalog import unsafe_catalogues
    from ..output_names import output_name_problems

    if refused := output_name_problems(framework) + unsafe_catalogues(framework):
        raise BuildStopped(problems=refused)


def _warn_about_pdfs(framework: Framework, notices: Notices) -> None:
    from ..render.glyphs import missing_glyph_problems
    from ..render.pdf import subsetter_missing

    notices.problems(missing_glyph_problems(framework))
    if reason := subsetter_missing():
        notices.warning(reason)


def _gated_options(framework: Framework, request: BuildRequest, published: bool, notices: Notices) -> RenderOptions:
    """The publish gate: with `published` its problems stop the build; otherwise they make it a draft."""
    from ..release.gate import publish_problems, summary

    reasons = publish_problems(framework)
    if reasons and published:
        raise BuildStopped(
            f"{request.source} cannot be published ({len(reasons)} reasons); nothing was written", reasons
        )
    if reasons and any(not name.startswith(HRIS) for name in request.formats):
        notices.draft(reasons)
    elif reasons:  # HR-system import files only: their columns are the system's, so they carry no mark
        notices.warning(
            f"{request.source} does not pass the publish gate ({summary(reasons)}); import files carry "
            "no DRAFT mark: build them with --published"
        )
    return build_options(framework, request.options, reasons)


def build_options(framework: Framework, options: RenderOptions, reasons: list[Problem] | None = None) -> RenderOptions:
    """The render options a build of `framework` uses: marked as a draft unless the gate passes
    (`reasons`: the gate's problems, when the caller has them)."""
    from ..release.gate import publish_problems

    reasons = publish_problems(framework) if reasons is None else reasons
    return as_draft(options) if reasons else options


def hris_renderers(framework: Framework, formats: tuple[str, ...], options: RenderOptions) -> list[HrisRenderer]:
    """Each hris:PROFILE's renderer with its profile and --since release read, before anything is
    written: a missing one is a usage error, an invalid one a problem."""
    from ..hris.names import colliding_profiles
    from ..hris.renderer import ProfileInvalid, ProfileNotFound, hris_renderer
    from ..source.gitsource import SourceError

    renderers = []
    try:
        for name in (name for name in formats if name.startswith(HRIS)):
            renderer = hris_renderer(name, options)
            renderer.baseline(framework)
            renderers.append(renderer)
    except (ProfileNotFound, SourceError) as error:
        raise BuildStopped(str(error), usage=True) from None
    except ProfileInvalid as error:
        raise BuildStopped(f"{error}; nothing was written", error.problems) from None
    if collisions := colliding_profiles([renderer.profile for renderer in renderers]):
        raise BuildStopped(
            "two HRIS profiles would write into one folder (problems above); nothing was written", collisions
        )
    return renderers


def _languages(framework: Framework, drafts: bool) -> int:
    from ..i18n.translate import built_languages

    return 1 + len(built_languages(framework, drafts))  # the source language and each translation built
