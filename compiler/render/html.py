"""HTML rubrics: the document the PDF is printed from, also readable in a browser."""

from __future__ import annotations

import base64
import mimetypes

from ..model import Framework
from ..source.paths import read_confined
from ..value import value_class
from . import Planned, RenderOptions, drafts_asked, is_draft
from .changelog import change_log
from .context import KIND_NAMES, levelling_context, track_context
from .document import document_control, draft_page, page_css, watermark_html
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
        "page_css": page_css(control.page_size) + draft_css(framework, options),
        "draft": bool(draft_css(framework, options)),
        "languages": language_links(framework, options, f"{track_id or 'index'}.html"),
    }
    if track_id is None:
        html = render_template(
            "index.html.j2", templates, **download_page_context(framework, options), kind_names=KIND_NAMES, **common
        )
    else:
        track_data = track_context(framework, framework.track(track_id))
        if document == "worksheet":  # each level's own checklist, with the form field names assess reads back
            from ..model.checklist import checklist

            checklists = [checklist(framework, level) for level in framework.track(track_id).levels]
            # a case may be for any level a route out of the track's levels leads to, in this track or another
            assessed = {lv.id: lv for lv in framework.track(track_id).levels}
            assessed |= {route.target.id: route.target for sheet in checklists for route in sheet.routes}
            html = render_template(
                "worksheet.html.j2",
                templates,
                **track_data,
                checklists=checklists,
                assessed_levels=list(assessed.values()),
                **common,
            )
        elif document != "rubric":  # the PDF-only companion: level one-pagers
            html = render_template(f"{document}.html.j2", templates, **track_data, **common)
        else:
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
        page_css=draft_css(framework, options),
        draft=bool(draft_css(framework, options)),
        languages=language_links(framework, options, "levelling-guide.html"),
        **levelling_context(framework),
    )
    return watermark_html(html, framework) if is_draft(options) else html


@value_class
class LanguageLink:
    code: str
    name: str  # the language's name in itself (CLDR), as a reader looks for it
    href: str  # relative to the page
    current: bool
    draft: bool


def language_links(framework: Framework, options: RenderOptions, page: str) -> list[LanguageLink]:
    """The same page in every language this build writes: html/<page> and html/<lang>/<page>."""
    from babel import Locale, UnknownLocaleError

    from ..i18n.translate import built_languages, source_model
    from ..i18n.translate import is_draft as is_draft_language

    source = source_model(framework)
    languages = (source.language, *built_languages(source, drafts_asked(options)))
    if len(languages) < 2:
        return []
    here_in_folder = framework.language != source.language
    links = []
    for code in languages:
        folder = "" if code == source.language else f"{code}/"
        href = ("../" if here_in_folder else "") + folder + page
        try:
            name = Locale.parse(code.replace("-", "_")).get_display_name() or code
        except (UnknownLocaleError, ValueError):
            name = code
        links.append(LanguageLink(code, name, href, code == framework.language, is_draft_language(source, code)))
    return links


def draft_css(framework: Framework, options: RenderOptions) -> str:
    """A draft translation is marked on every page: a watermark the browser and the PDF repeat."""
    from ..i18n.document import label

    if not draft_page(framework):
        return ""
    text = label(framework, "Draft translation")
    quoted = "".join(ch if ch.isalnum() or ch in " .,:;-–—·()" or ord(ch) > 127 else f"\\{ord(ch):x} " for ch in text)
    return (
        f'body::before {{ content: "{quoted}"; position: fixed; top: 42%; left: 0; right: 0; text-align: center;'
        " transform: rotate(-30deg); font-size: 54pt; font-weight: bold; color: rgba(160, 0, 0, 0.14);"
        " pointer-events: none; z-index: 1000; }\n"
    )


def logo_data_url(framework: Framework) -> str | None:
    logo = framework.presentation.logo
    if logo is None:
        return None
    media_type = mimetypes.guess_type(logo.name)[0] or "application/octet-stream"
    content = read_confined(framework.root, logo)  # checked at validation; again here, at read time
    return f"data:{media_type};base64,{base64.b64encode(content).decode()}"
