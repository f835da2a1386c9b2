"""The PDF engine, on its own: self-contained HTML in, PDF bytes out, with WeasyPrint.

This module imports nothing else of ladder, so the PDF workers (spawned fresh, see build/rendering.py)
start with WeasyPrint alone and not with the whole compiler.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from collections.abc import Sequence
from typing import Any, TypeAlias

# From the repository: no release is on PyPI yet.
INSTALL_HINT = "pip install 'ladder-compiler[pdf] @ git+https://github.com/ladder-compiler/ladder-compiler'"


def engine_missing() -> str | None:
    """Why PDFs cannot be made in this installation, or None when they can.

    Looks for the package without importing it: importing WeasyPrint costs ~0.4 s."""
    import importlib.util

    if importlib.util.find_spec("weasyprint") is None:
        return f"PDF output needs WeasyPrint, which is not installed; install the [pdf] extra: {INSTALL_HINT}"
    return None


Attachment: TypeAlias = tuple[str, bytes, str]  # file name, content, description
# What a worker needs for one PDF: HTML, date, attachments, document identifier, form fields on.
PreparedPdf: TypeAlias = tuple[str, str, tuple[Attachment, ...], str, bool]


class PdfEngineMissing(RuntimeError):
    """WeasyPrint (the `[pdf]` extra) is not installed, or its system libraries are missing."""


def finish(prepared: PreparedPdf) -> bytes:
    """A worker's job: what PdfRenderer.prepare made, printed."""
    html, date, attachments, identifier, forms = prepared
    return html_to_pdf(html, date, attachments=list(attachments), identifier=identifier, forms=forms)


def html_to_pdf(
    html: str,
    date: str,
    attachments: Sequence[Attachment] = (),
    identifier: str = "",
    forms: bool = False,
) -> bytes:
    """Render self-contained HTML to tagged PDF bytes, deterministically and without fetching anything."""
    weasyprint = _import_engine()

    moment = datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.UTC)
    # The fontTools subsetting fallback stamps the clock into fonts unless this is set.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    # WeasyPrint's own warnings name fonts and CSS, once per PDF; the build reports what matters
    # (missing glyphs, a missing font subsetter) once, in ladder's words.
    import logging

    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    files = [
        weasyprint.Attachment(
            string=content,
            name=name,
            description=description,
            created=moment,
            modified=moment,
            relationship="Source",
            url_fetcher=_refuse_all(),
        )
        for name, content, description in attachments
    ]
    document = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=_refuse_all())
    pdf: bytes = document.write_pdf(
        attachments=files,
        pdf_tags=True,
        pdf_identifier=hashlib.sha256(identifier.encode()).hexdigest()[:32].encode(),
        custom_metadata=True,
        pdf_forms=forms,
        finisher=_one_field_per_radio_group if forms else None,
    )
    return pdf


def _one_field_per_radio_group(document: Any, pdf: Any) -> None:  # a weasyprint Document, a pydyf PDF
    """WeasyPrint lists each radio button both as a kid of its group and as a top-level field of the
    same name, so PDF readers (pypdf: "already parsed") see duplicate fields. Keep the group only."""
    form = pdf.catalog.get("AcroForm")
    if form is None:
        return
    kids = set()
    widgets: list[Any] = [obj for obj in pdf.objects if isinstance(obj, dict)]  # pydyf Dictionaries
    for obj in widgets:
        if obj.get("Subtype") == "/Widget" and "Parent" in obj:
            kids.add(obj.reference)
            obj.pop("T", None)  # a kid widget takes its name from the group
            obj.pop("TU", None)
    form["Fields"] = type(form["Fields"])(ref for ref in form["Fields"] if ref not in kids)


def _import_engine() -> Any:  # the weasyprint module (untyped)
    # Imported here: WeasyPrint costs ~0.4 s to import, only the PDF path needs it, and the light
    # install (without the [pdf] extra) has no WeasyPrint at all.
    try:
        import weasyprint
    except ImportError as error:
        raise PdfEngineMissing(
            f"PDF output needs WeasyPrint ({error}); install the [pdf] extra: {INSTALL_HINT}"
        ) from error
    except OSError as error:  # WeasyPrint is there but Pango is not
        raise PdfEngineMissing(
            f"WeasyPrint cannot load its system libraries ({error});"
            " install Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0)"
        ) from error
    return weasyprint


def _refuse_all() -> Any:  # a weasyprint.URLFetcher
    fetcher: Any = _import_engine().URLFetcher

    class DataOnlyFetcher(fetcher):  # type: ignore[misc]  # WeasyPrint is untyped
        """Only data: URLs (our inlined logo); never the network or the file system."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"ladder does not fetch external resources: {url[:80]}")
            return super().fetch(url, headers)

    return DataOnlyFetcher()
