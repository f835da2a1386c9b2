"""Untrusted ladder text made safe for each output: a small Markdown subset to HTML, and escaping
for Markdown documents and GFM table cells. Raw HTML is always shown as text, never passed through."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

_SAFE_HREF = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
_HREF = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_IMG = re.compile(r'<img [^>]*alt="([^"]*)"[^>]*/?>')
_HEADING = re.compile(r"<(/?)h[1-6][^>]*>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")


@lru_cache(maxsize=1)
def _markdown():
    import markdown

    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


_MARKDOWN_SYNTAX = re.compile(r"[*_\[\]`#<>&\\!]|^\s*([-+]|\d+[.)])\s|\n", re.MULTILINE)


@lru_cache(maxsize=65536)
def to_html(text: str, inline: bool = False) -> Markup:
    """Render the Markdown subset (emphasis, lists, links) of untrusted text to safe HTML.

    Cached: cumulative views repeat the same behaviour at every level above it."""
    if not _MARKDOWN_SYNTAX.search(text):  # plain prose: Markdown would only wrap it in <p>
        escaped = html.escape(text.strip(), quote=False)
        return Markup(escaped if inline else f"<p>{escaped}</p>")
    converter = _markdown()
    converter.reset()
    rendered = converter.convert(html.escape(text, quote=False))
    rendered = _IMG.sub(lambda m: m.group(1), rendered)  # images are not part of the subset
    rendered = _HEADING.sub(lambda m: "<" + m.group(1) + "p>", rendered)
    rendered = _HREF.sub(_safe_link, rendered)
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


def _safe_link(match: re.Match) -> str:
    href, text = html.unescape(match.group(1)), match.group(3)
    if not _SAFE_HREF.match(href):
        return text  # file:, javascript:, relative paths: keep the words, drop the link
    return f'<a href="{html.escape(href)}">{text}</a>'


def to_markdown(text: str) -> str:
    """Untrusted text for a Markdown document: raw HTML shown as text, unsafe links unlinked."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_LINK.sub(lambda m: m.group(0) if _SAFE_HREF.match(m.group(2)) else m.group(1), text)


def to_table_cell(text: str) -> str:
    """Text for one GFM table cell: pipes escaped, line breaks kept as <br>."""
    lines = [line.strip() for line in to_markdown(text).replace("|", "\\|").splitlines()]
    return "<br>".join(line for line in lines if line)
