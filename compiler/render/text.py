"""Untrusted ladder text made safe for each output.

HTML: the Markdown subset (emphasis, lists, links, code) is parsed by Python-Markdown, whose tree is
pruned to that subset (headings become paragraphs, images their alt text, links with any scheme but
http, https and mailto their words), and the result passes nh3's allow-list sanitiser.
Markdown: ladder text keeps its Markdown subset, but raw HTML, block syntax that would steer the
document (headings, tables, quotes, fences, reference definitions) and unsafe links are escaped.
Description blocks (framework, track, level, competency, levelling guide) may also hold headings:
both formats keep them as headings sunk three levels (`#` is an h4, deeper ones h6), below the
document's own title, level and section headings, so they cannot steer its outline.
Terminal: control characters are removed.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..value import strip_control

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

SAFE_SCHEMES = ("http", "https", "mailto")
_SAFE_HREF = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "br", "h4", "h5", "h6"}
HEADING_SHIFT = 3  # a description's `#` is an h4: below the document's title, level and section headings


def safe_url(url: str) -> bool:
    """Whether a link target may stay a link: an absolute http(s) or mailto URL, nothing else."""
    return bool(_SAFE_HREF.match(url.strip())) and not any(ord(c) < 0x20 or c in "<>\"' " for c in url.strip())


@lru_cache(maxsize=2)
def _markdown(headings: bool = False) -> Any:  # a markdown.Markdown (untyped)
    import markdown

    return markdown.Markdown(extensions=["sane_lists", _SafeSubset(headings)], output_format="html")


def _SafeSubset(headings: bool) -> Any:  # a markdown Extension (untyped)
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class Prune(Treeprocessor):
        def run(self, root: Element) -> None:
            _prune(root, headings)

    class SafeSubset(Extension):
        def extendMarkdown(self, md: Any) -> None:
            md.treeprocessors.register(Prune(md), "ladder-safe-subset", 0)

    return SafeSubset()


def _prune(parent: Element, headings: bool) -> None:
    """Headings sink three levels (or become paragraphs); images their alt text; unsafe links their words."""
    for index, child in reversed(list(enumerate(parent))):
        _prune(child, headings)
        if child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            child.tag = f"h{min(6, int(child.tag[1]) + HEADING_SHIFT)}" if headings else "p"
        elif child.tag == "img":
            _replace_with_text(parent, index, child, child.get("alt", ""))
        elif child.tag == "a" and not safe_url(child.get("href", "")):
            _unwrap(parent, index, child)


def _replace_with_text(parent: Element, index: int, child: Element, text: str) -> None:
    import xml.etree.ElementTree as etree

    placeholder = etree.Element("span")
    placeholder.text, placeholder.tail = text, child.tail
    parent[index] = placeholder
    _unwrap(parent, index, placeholder)


def _unwrap(parent: Element, index: int, child: Element) -> None:
    """Replace `child` by its content in `parent` (ElementTree keeps text in .text/.tail)."""
    before = child.text or ""
    parent.remove(child)
    children = list(child)
    if index == 0:
        parent.text = (parent.text or "") + before
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + before
    for offset, grandchild in enumerate(children):
        parent.insert(index + offset, grandchild)
    tail = child.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index == 0:
        parent.text = (parent.text or "") + tail
    else:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail


_MARKDOWN_SYNTAX = re.compile(r"[*_\[\]`#<>&\\!]|^\s*([-+]|\d+[.)])\s|\n", re.MULTILINE)


@lru_cache(maxsize=65536)
def to_html(text: str, inline: bool = False, headings: bool = False) -> Markup:
    """Render the Markdown subset (emphasis, lists, links) of untrusted text to safe HTML; with
    `headings` (a description block), headings too, sunk three levels.

    Cached: cumulative views repeat the same behaviour at every level above it."""
    text = strip_control(text)
    if not _MARKDOWN_SYNTAX.search(text):  # plain prose: Markdown would only wrap it in <p>
        escaped = html.escape(text.strip(), quote=False)
        return Markup(escaped if inline else f"<p>{escaped}</p>")
    import nh3

    converter = _markdown(headings)
    converter.reset()
    rendered = converter.convert(html.escape(text, quote=False))
    rendered = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        url_relative="deny",
        strip_comments=True,
    )
    if inline and rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return Markup(rendered)


# ---- Markdown outputs -------------------------------------------------------------------------

# A link as CommonMark reads it, loosely: [text](destination "title"), destination maybe in <>.
_MD_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*<?([^\s()<>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_BLOCK_START = re.compile(r"^(\s*)(#|```|~~~)")
_RULE_OR_UNDERLINE = re.compile(r"^\s*([-=*_])(\s*\1){2,}\s*$|^\s*(=+|-+)\s*$")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_LIST_START = re.compile(r"^(\d*)([-+.)])")


def to_markdown(text: str) -> str:
    """Untrusted text for a Markdown document, keeping its Markdown subset (emphasis, lists, safe
    links): raw HTML shown as text, block syntax that would add headings, tables, quotes or code
    fences escaped, and every link that is not http, https or mailto reduced to its words."""
    text = strip_control(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(_markdown_line(line) for line in text.split("\n"))


_SETEXT = re.compile(r"^ {0,3}([=-])\1*[ \t]*$")
_LIST_ITEM = re.compile(r"^\s*([-+*]|\d+[.)])(\s|$)")
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")


def to_markdown_block(text: str) -> str:
    """A description written as its own block: as to_markdown, but an ATX heading (`### Title`)
    stays a heading, sunk three levels and its words escaped inline, as HTML renders it."""
    source, lines = strip_control(text).split("\n"), []
    index = 0
    while index < len(source):
        line, underline = source[index], source[index + 1] if index + 1 < len(source) else ""
        heading = _ATX_HEADING.match(line)
        setext = _SETEXT.match(underline) if line.strip() and not _LIST_ITEM.match(line) else None
        if heading and heading.group(2):
            lines.append(_heading(len(heading.group(1)), heading.group(2)))
        elif setext:
            lines.append(_heading(1 if setext.group(1) == "=" else 2, line))
            index += 1
        else:
            lines.append(to_markdown(line))
        index += 1
    return "\n".join(lines).strip("\n")


def _heading(level: int, words: str) -> str:
    return f"\n{'#' * min(6, level + HEADING_SHIFT)} {to_markdown_inline(words)}\n"


def _markdown_line(line: str) -> str:
    if _RULE_OR_UNDERLINE.match(line):  # a thematic break, or a setext underline making a heading
        indent = len(line) - len(line.lstrip())
        return line[:indent] + "\\" + line[indent:]
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        bang, words, target = match.groups()
        words = _escape_text(words)
        if bang or not safe_url(target):
            links.append(words)  # images and unsafe links: their words only
        else:
            links.append(f"[{words}]({target.replace(chr(92), '%5C')})")
        return f"\0{len(links) - 1}\0"

    line = _escape_text(_MD_LINK.sub(keep, line))
    line = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
    return re.sub("\0(\\d+)\0", lambda m: links[int(m.group(1))], line)


def _escape_text(text: str) -> str:
    """Backslashes, brackets and pipes escaped: no link, reference or table cell can start here."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")


def to_markdown_inline(text: str) -> str:
    """Untrusted text inside one line of Markdown (a heading, a link's text, a bold name): one line,
    every character with inline Markdown meaning escaped, so it can only ever read as text."""
    text = " ".join(strip_control(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LIST_START.sub(r"\1\\\2", _INLINE_SPECIAL.sub(r"\\\1", text))


def to_table_cell(text: str) -> str:
    """Text for one GFM table cell: pipes escaped, line breaks kept as <br>."""
    lines = [line.strip() for line in to_markdown(text).splitlines()]
    return "<br>".join(line for line in lines if line)
