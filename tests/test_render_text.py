"""Safe text rendering: the plain-prose fast path must match the Markdown library exactly."""

from __future__ import annotations

import html

from ladder_compiler.pipeline import read_framework
from ladder_compiler.render import text

from conftest import LADDERS


def markdown_only(value: str, inline: bool) -> str:
    converter = text._markdown()
    converter.reset()
    rendered = converter.convert(html.escape(value, quote=False))
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>"):
        rendered = rendered[3:-4]
    return rendered


def test_fast_path_matches_markdown_on_every_shipped_text() -> None:
    framework = read_framework(LADDERS).framework
    texts = {e.text for t in framework.tracks for lv in t.levels for b in lv.expectations for e in b.new}
    texts |= {lv.summary for t in framework.tracks for lv in t.levels} | {c.description for c in framework.competencies}
    plain = [t for t in texts if not text._MARKDOWN_SYNTAX.search(t)]
    assert len(plain) > 50
    for value in plain:
        for inline in (True, False):
            assert str(text.to_html(value, inline)) == markdown_only(value, inline), value


def test_markdown_subset_and_escaping() -> None:
    assert str(text.to_html("Ships **weekly**", inline=True)) == "Ships <strong>weekly</strong>"
    assert str(text.to_html("<b>x</b> & y", inline=True)) == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    assert (
        str(text.to_html("[a](javascript:alert(1)) [b](https://x.org)", inline=True))
        == 'a <a href="https://x.org">b</a>'
    )
    assert "<ul>" in str(text.to_html("- one\n- two"))
    assert text.to_table_cell("a | b\nc") == "a \\| b<br>c"
