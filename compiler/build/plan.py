"""The plan: every output a build of the chosen formats and tracks writes, each with its cache key."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..render import KeyedRenderer, Planned, Renderer, RenderOptions, drafts_asked, get_renderer
from ..value import value_class
from .keys import Digests, cache_key

if TYPE_CHECKING:
    from ..model import Framework


@value_class
class Job:
    renderer: str
    planned: Planned
    key: str
    language: str | None = None  # a published translation (i18n); None for the source language


class UnknownTrack(ValueError):
    """A --track id the project does not have (a usage error)."""


def resolve_tracks(framework: Framework, asked: tuple[str, ...]) -> tuple[str, ...]:
    """The asked track ids in the project's order (all when none asked)."""
    import difflib

    known = [t.id for t in framework.tracks]
    for track_id in asked:
        if track_id not in known:
            close = difflib.get_close_matches(track_id, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; choose from {', '.join(known)}"
            raise UnknownTrack(f"unknown track {track_id!r}{hint}")
    return tuple(t for t in known if t in asked) if asked else tuple(known)


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
    are among the inputs the digest covers (see keys.extra_inputs); a translated document is keyed
    on the whole project's digest (its strings come from every PO file)."""
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


def full_plan(framework: Framework) -> dict[str, list[list[Any]]]:
    """Every output of every installed format for every track, as [path, track] pairs."""
    from ..render import available_formats

    all_tracks = tuple(t.id for t in framework.tracks)
    return {
        name: [[p.path, p.track_id] for p in get_renderer(name).plan(framework, all_tracks)]
        for name in available_formats()
    }


def model_of(framework: Framework, job: Job) -> Framework:
    """The model a job renders: the framework, or its translation."""
    from ..i18n.translate import translated_framework

    return translated_framework(framework, job.language) if job.language else framework


def effective_options(framework: Framework, options: RenderOptions) -> RenderOptions:
    """The options with the ladder's own template directory when the command line names none."""
    if options.templates is None and framework.presentation.templates is not None:
        return replace(options, templates=framework.presentation.templates)
    return options
