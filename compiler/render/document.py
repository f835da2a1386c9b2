"""What every HR document shares: page size and the document-control block printed on each page."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Framework
from . import RenderOptions

PAGE_SIZES = ("A4", "Letter")


@dataclass(frozen=True)
class DocumentControl:
    version: str
    effective_date: str
    classification: str | None
    owner: str | None
    approver: str | None
    page_size: str

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
        page_size=page_size(framework, options),
    )


def draft_page(framework: Framework) -> bool:
    """Whether this model is a draft translation (built only with `--drafts`, and marked so)."""
    from ..i18n.translate import is_draft, source_model

    source = source_model(framework)
    return framework.language != source.language and is_draft(source, framework.language)


def page_css(size: str) -> str:
    """Appended after the stylesheet: @page cannot read CSS variables, so the size is written out."""
    return f"@page {{ size: {size}; }}\n@page matrix {{ size: {size} landscape; }}\n"
