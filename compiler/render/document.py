"""What every HR document shares: page size, the document-control block printed on each page, and
the DRAFT mark of a release the publish gate has not passed."""

from __future__ import annotations

from ..model import Framework
from ..value import value_class
from . import RenderOptions, is_draft

PAGE_SIZES = ("A4", "Letter")


@value_class
class DocumentControl:
    version: str | None  # None (and the date too) in an unversioned draft
    effective_date: str | None
    classification: str | None
    owner: str | None
    approver: str | None
    approved_on: str | None
    page_size: str
    draft: bool = False

    @property
    def footer(self) -> str:
        """The line at the foot of every page."""
        parts = (f"Version {self.version}" if self.version else "Unversioned draft",)
        return " · ".join(parts + ((f"Effective {self.effective_date}",) if self.effective_date else ()))


def page_size(framework: Framework, options: RenderOptions) -> str:
    """`--page-size` when given, else the framework's presentation setting."""
    asked = dict(options.extra).get("page_size")
    return asked or framework.presentation.page_size


def document_control(
    framework: Framework, options: RenderOptions, classification: str | None = None
) -> DocumentControl:
    presentation = framework.presentation
    return DocumentControl(
        version=framework.version,
        effective_date=framework.effective_date,
        classification=classification or presentation.classification,
        owner=presentation.owner,
        approver=presentation.approver,
        approved_on=presentation.approved_on,
        page_size=page_size(framework, options),
        draft=is_draft(options),
    )


def draft_page(framework: Framework) -> bool:
    """Whether this model is a draft translation (built only with `--drafts`, and marked so)."""
    from ..i18n.translate import is_draft, source_model

    source = source_model(framework)
    return framework.language != source.language and is_draft(source, framework.language)


def page_css(size: str) -> str:
    """Appended after the stylesheet: @page cannot read CSS variables, so the size is written out."""
    return f"@page {{ size: {size}; }}\n@page matrix {{ size: {size} landscape; }}\n"


def draft_mark(framework: Framework) -> str:
    """The word every page of a draft carries, in the document's language."""
    from ..i18n.document import label
    from ..i18n.labels import DRAFT_MARK

    return label(framework, DRAFT_MARK)


def draft_notice(framework: Framework) -> str:
    """The banner's words, the same in every document of one language."""
    from ..i18n.document import label, localised_date
    from ..i18n.labels import DRAFT_NOTICE, UNVERSIONED_NOTICE

    if framework.version is None or framework.effective_date is None:
        return label(framework, UNVERSIONED_NOTICE)
    date = localised_date(framework, framework.effective_date)
    return label(framework, DRAFT_NOTICE, version=framework.version, date=date)


def watermark_html(html: str, framework: Framework) -> str:
    """A banner at the top of the page and a diagonal mark that print repeats on every page
    (ladder.css: a fixed element is laid out on each page of a paged medium). Inserted after the
    <body> tag, not written in the templates, so restyled templates cannot drop it."""
    from html import escape

    start = html.find("<body")
    end = html.find(">", start) + 1 if start >= 0 else 0
    word = escape(draft_mark(framework))
    mark = (
        f"<style>{draft_page_style(framework)}</style>"
        f'<div class="draft-banner" role="note"><strong>{word}</strong> {escape(draft_notice(framework))}</div>'
        f'<div class="draft-watermark" aria-hidden="true">{word}</div>'
    )
    return html[:end] + mark + html[end:]


def draft_page_style(framework: Framework) -> str:
    """The mark in the page head of a draft PDF. Only drafts carry the rule: a generated @top-center
    box, even an empty one, halves the width of the running title (@top-left), which then wraps."""
    quoted = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in draft_mark(framework))
    return (
        f'@page {{ @top-center {{ content: "{quoted}"; font-size: 9pt; font-weight: bold; letter-spacing: 1pt;'
        " color: #b71c1c; } }"
    )


def watermark_markdown(text: str, framework: Framework) -> str:
    from .text import to_markdown_inline  # a catalogue's words are untrusted: they can only read as text

    mark, notice = to_markdown_inline(draft_mark(framework)), to_markdown_inline(draft_notice(framework))
    return f"> **{mark}** {notice}\n\n{text}"
