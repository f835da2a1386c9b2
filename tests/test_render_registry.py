"""The renderer registry: the formats a build plans heavy (rendered in the process pool) have the
prepare/finish split the pool calls, and asking a light format for it is an error, not a crash later."""

from __future__ import annotations

from pathlib import Path

import pytest

from ladder_compiler.pipeline import read_framework
from ladder_compiler.render import HeavyRenderer, RenderOptions, available_formats, get_heavy_renderer, get_renderer


def test_the_formats_planned_heavy_are_the_ones_with_the_pool_split(mini: Path) -> None:
    framework = read_framework(mini).framework
    track_ids = tuple(track.id for track in framework.tracks)
    heavy = {
        name for name in available_formats() if any(p.heavy for p in get_renderer(name).plan(framework, track_ids))
    }
    assert heavy == {"pdf"}
    renderer = get_heavy_renderer("pdf")
    assert isinstance(renderer, HeavyRenderer)
    planned = renderer.plan(framework, track_ids)[0]
    prepared = renderer.prepare(framework, planned, RenderOptions())
    assert renderer.finish(prepared).startswith(b"%PDF-")
    for name in sorted(set(available_formats()) - heavy):
        with pytest.raises(TypeError, match=f"the {name} renderer has no prepare/finish split"):
            get_heavy_renderer(name)
