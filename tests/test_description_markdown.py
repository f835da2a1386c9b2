"""Descriptions in Markdown and HTML: headings sink below the document's own; the HR line has no stray separator."""

from __future__ import annotations

from dataclasses import replace

from ladder_compiler.model import ModelIndex, build_index
from ladder_compiler.pipeline import read_framework
from ladder_compiler.render import Planned, RenderOptions, text
from ladder_compiler.render.markdown import MarkdownRenderer

from conftest import MINI


def test_heading_in_a_description_sinks_three_levels_in_markdown_and_html() -> None:
    source = "Intro.\n### Scope <b>\nBody"
    assert text.to_markdown_block(source) == "Intro.\n\n###### Scope &lt;b&gt;\n\nBody"
    assert (
        str(text.to_html(source.replace("\n", "\n\n"), headings=True))
        == "<p>Intro.</p>\n<h6>Scope &lt;b&gt;</h6>\n<p>Body</p>"
    )
    assert text.to_markdown_block("Setext\n===") == "#### Setext"
    # outside a description block ladder text cannot add a heading in either format
    assert str(text.to_html("### Scope")) == "<p>Scope</p>"
    assert text.to_markdown_block("# Top") == "#### Top"
    assert text.to_markdown("### Scope") == "\\### Scope"


def test_grade_without_job_code_has_no_stray_separator() -> None:
    framework = read_framework(MINI).framework
    track = framework.track("manager")
    second = replace(
        track.levels[1], job_code=None, management_level=None, description="Runs the group.\n### Remit\nHiring."
    )
    track = replace(track, levels=(track.levels[0], second, *track.levels[2:]))
    framework = replace(framework, tracks=(track, *framework.tracks[1:]), index=ModelIndex())
    framework.index.update(build_index(framework))
    planned = Planned("markdown/manager.md", "manager")
    document = MarkdownRenderer().render(framework, planned, RenderOptions()).decode()
    assert "- **HR:** grade G7\n" in document
    assert "- **HR:** job code `M1` · Manager\n" in document
    assert "Runs the group.\n\n###### Remit\n\nHiring." in document
