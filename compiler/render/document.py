"""What every HR document shares: page size, the document-control block printed on each page, and
the DRAFT mark of a release the publish gate has not passed."""

from __future__ import annotations

from ..model import Framework
from ..value import value_class
from . import RenderOptions, is_draft

PAGE_SIZES = ("A4", "Letter")


@value_class
class DocumentControl:
    version: str
    effective_date: str
    classification: str | None
    owner: str | None
    approver: str | None
    approved_on: str | None
    page_size: str
    draft: bool = False

    @property
    def footer(self) -> str:
        """The line at the foot of every page."""
        return f"Version {self.version} · Effective {self.effective_date}"


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


DRAFT_MARK = "DRAFT"
DRAFT_NOTICE = "not approved for publication"


def draft_notice(framework: Framework) -> str:
    """The banner's words, the same in every document and language."""
    return f"Version {framework.version}, effective {framework.effective_date}, is {DRAFT_NOTICE}."


def watermark_html(html: str, framework: Framework) -> str:
    """A banner at the top of the page and a diagonal mark that print repeats on every page
    (ladder.css: a fixed element is laid out on each page of a paged medium). Inserted after the
    <body> tag, not written in the templates, so restyled templates cannot drop it."""
    from html import escape

    start = html.find("<body")
    end = html.find(">", start) + 1 if start >= 0 else 0
    mark = (
        f"<style>{DRAFT_PAGE_STYLE}</style>"
        f'<div class="draft-banner" role="note"><strong>{DRAFT_MARK}</strong> {escape(draft_notice(framework))}</div>'
        f'<div class="draft-watermark" aria-hidden="true">{DRAFT_MARK}</div>'
    )
    return html[:end] + mark + html[end:]


# The mark in the page head of a draft PDF. Only drafts carry the rule: a generated @top-center box,
# even an empty one, halves the width of the running title (@top-left), which then wraps.
DRAFT_PAGE_STYLE = (
    f'@page {{ @top-center {{ content: "{DRAFT_MARK}"; font-size: 9pt; font-weight: bold; letter-spacing: 1pt;'
    " color: #b71c1c; } }"
)


def watermark_markdown(text: str, framework: Framework) -> str:
    return f"> **{DRAFT_MARK}** {draft_notice(framework)}\n\n{text}"  # version and date match schema patterns
