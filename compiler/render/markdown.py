"""Markdown rubrics: one document per track and an index, for people and code review (GFM)."""

from __future__ import annotations

from ..model import Framework
from . import Planned, RenderOptions, is_draft
from .changelog import change_log
from .context import KIND_NAMES, levelling_context, track_context
from .document import draft_page, watermark_markdown
from .templating import render_template

LEVELLING_GUIDE = "markdown/levelling-guide.md"


class MarkdownRenderer:
    name = "md"

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        guide = [Planned(LEVELLING_GUIDE, None, document="levelling-guide")] if framework.levelling else []
        return [Planned(f"markdown/{t}.md", t) for t in track_ids] + [Planned("markdown/README.md", None)] + guide

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        if planned.document == "levelling-guide":  # by kind, not path: translations go under <lang>/
            text = render_template(
                "levelling-guide.md.j2", options.templates, **levelling_context(framework), draft=draft_page(framework)
            )
        elif planned.track_id is None:
            draft = draft_page(framework)
            text = render_template(
                "index.md.j2", options.templates, framework=framework, kind_names=KIND_NAMES, draft=draft
            )
        else:
            context = track_context(framework, framework.track(planned.track_id))
            changelog = change_log(framework, planned.track_id)
            text = render_template(
                "track.md.j2", options.templates, **context, changelog=changelog, draft=draft_page(framework)
            )
        text = _tidy(text)
        return (watermark_markdown(text, framework) if is_draft(options) else text).encode("utf-8")


def _tidy(text: str) -> str:
    """Collapse the blank lines template control blocks leave behind; end with one newline."""
    lines, blank = [], False
    for line in text.splitlines():
        if not line.strip():
            if not blank:
                lines.append("")
            blank = True
            continue
        lines.append(line.rstrip())
        blank = False
    return "\n".join(lines).strip() + "\n"
