"""HTML rubrics: the document the PDF is printed from, also readable in a browser."""

from __future__ import annotations

import base64
import mimetypes

from ..model import Framework
from ..source.paths import read_confined
from . import Planned, RenderOptions, is_draft
from .changelog import change_log
from .context import KIND_NAMES, levelling_context, track_context
from .document import document_control, page_css, watermark_html
from .downloads import download_page_context
from .templating import read_asset, render_template

STYLESHEET = "ladder.css"
LEVELLING_GUIDE = "html/levelling-guide.html"


class HtmlRenderer:
    name = "html"

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        guide = [Planned(LEVELLING_GUIDE, None, document="levelling-guide")] if framework.levelling else []
        index = Planned("html/index.html", None, document="index", lists_downloads=True)
        return [Planned(f"html/{t}.html", t) for t in track_ids] + [index] + guide

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        if planned.document == "levelling-guide":  # by kind, not path: translations go under <lang>/
            return render_levelling_guide(framework, options).encode("utf-8")
        return render_html(framework, planned.track_id, options).encode("utf-8")


def render_html(framework: Framework, track_id: str | None, options: RenderOptions, document: str = "rubric") -> str:
    """Self-contained HTML: the stylesheet inlined and the logo as a data URL, so nothing is fetched."""
    templates = options.templates or framework.presentation.templates
    control = document_control(framework, options)
    common = {
        "stylesheet": read_asset(STYLESHEET, templates),
        "logo": logo_data_url(framework),
        "control": control,
        "page_css": page_css(control.page_size),
    }
    if track_id is None:
        html = render_template(
            "index.html.j2", templates, **download_page_context(framework, options), kind_names=KIND_NAMES, **common
        )
    elif document != "rubric":  # the PDF-only companions: level one-pagers and the assessment worksheet
        track_data = track_context(framework, framework.track(track_id))
        html = render_template(f"{document}.html.j2", templates, **track_data, **common)
    else:
        track_data = track_context(framework, framework.track(track_id))
        html = render_template(
            "track.html.j2", templates, **track_data, changelog=change_log(framework, track_id), **common
        )
    return watermark_html(html, framework) if control.draft else html


def render_levelling_guide(framework: Framework, options: RenderOptions) -> str:
    templates = options.templates or framework.presentation.templates
    html = render_template(
        "levelling-guide.html.j2",
        templates,
        stylesheet=read_asset(STYLESHEET, templates),
        **levelling_context(framework),
    )
    return watermark_html(html, framework) if is_draft(options) else html


def logo_data_url(framework: Framework) -> str | None:
    logo = framework.presentation.logo
    if logo is None:
        return None
    media_type = mimetypes.guess_type(logo.name)[0] or "application/octet-stream"
    content = read_confined(framework.root, logo)  # checked at validation; again here, at read time
    return f"data:{media_type};base64,{base64.b64encode(content).decode()}"
