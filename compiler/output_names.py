"""Output names planned before anything is written: every file every format would write, for every
track and language, must have a name of its own on every file system a ladder is built on.

A track id is ladder text, and it names files: `framework` would be json/framework.json, `index`
html/index.html, `manager-levels` beside `manager` pdf/manager-levels.pdf twice. macOS and Windows
fold case (and macOS normalises Unicode), so names equal but for those are one file there; Windows
reserves device names (`con`, `nul`, `com1`...) whatever their suffix.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from .model import Framework
from .problems import ERROR, Problem, Rule
from .render import FORMATS, Planned, get_renderer
from .source.paths import reserved_device_name

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "output-name",
        "validate",
        ERROR,
        "A track id names an output that another output already names (a fixed name such as `framework` or "
        "`index`, another track's derived name such as `manager-levels`, the same name but for case or "
        "Unicode form) or a device name Windows reserves (`con`, `nul`, `com1`...).",
        "tracks `manager` and `manager-levels` (pdf/manager-levels.pdf twice)",
        "tracks `manager` and `manager-ic`",
    ),
)


def output_name_problems(framework: Framework) -> list[Problem]:
    """A located problem (at the track) for each output whose name another output already takes."""
    first: dict[str, Planned] = {}
    problems: dict[str, Problem] = {}
    for planned in _every_output(framework):
        if planned.track_id is not None and reserved_device_name(_folded(planned.path.rsplit("/", 1)[-1])):
            message = f"track id `{planned.track_id}` names {planned.path}, a device name Windows reserves"
            problems.setdefault(planned.track_id, _at_track(framework, planned.track_id, message))
        key = _folded(planned.path)
        other = first.setdefault(key, planned)
        if other is planned or other == planned:
            continue
        owner = planned if planned.track_id is not None else other
        if owner.track_id is None or owner.track_id in problems:
            continue
        what = "the same file as" if other.path == planned.path else "a name that a case-folding file system reads as"
        rival = other if owner is planned else planned
        by = f"track `{rival.track_id}`'s" if rival.track_id is not None else "the framework-wide"
        message = f"track id `{owner.track_id}` writes {owner.path}, {what} {by} {rival.path}"
        problems[owner.track_id] = _at_track(framework, owner.track_id, message)
    return sorted(problems.values())


def _every_output(framework: Framework) -> list[Planned]:
    track_ids = tuple(track.id for track in framework.tracks)
    planned = []
    for name in FORMATS:
        try:
            renderer = get_renderer(name)
        except ImportError:  # a format this installation lacks writes nothing
            continue
        outputs = renderer.plan(framework, track_ids)
        planned += outputs + _translated(framework, name, outputs)
    return planned


def _translated(framework: Framework, format_name: str, outputs: list[Planned]) -> list[Planned]:
    if not framework.translated_languages:
        return []  # spare a source-only project the i18n modules
    from .i18n.localised import LOCALISED_FORMATS, localised_path

    if format_name not in LOCALISED_FORMATS:
        return []
    return [replace(p, path=localised_path(p.path, lang)) for lang in framework.translated_languages for p in outputs]


def _folded(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


def _at_track(framework: Framework, track_id: str, message: str) -> Problem:
    track = framework.track(track_id)
    hint = "rename the track: its id names its files"
    return Problem(track.source.file, track.source.line, track.source.column, "output-name", message, hint=hint)
