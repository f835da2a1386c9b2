"""No invented text: a format-2 project that states no direct reports, no `rated_against` and no
classification gets documents that say nothing about them, in Markdown, HTML and the PDF's text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, invoke

# the module build of the example runs once, on one worker
pytestmark = pytest.mark.xdist_group("invented_text")

ENGINEERING = REPO / "examples" / "engineering"
HAS_POPPLER = shutil.which("pdftotext") is not None

# Sentences that earlier versions printed although no source gave them.
INVENTED = (
    "Direct reports: None",
    "None",
    "A rating describes",
    "never with colleagues",
    "Internal",
    "Classification",
)


@pytest.fixture(scope="module")
def silent_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/engineering without direct reports, rated_against or a classification."""
    target = tmp_path_factory.mktemp("silent") / "engineering"
    shutil.copytree(ENGINEERING, target)
    framework = target / "framework.yaml"
    data = yaml.safe_load(framework.read_text())
    data["framework"]["scale"].pop("rated_against")
    data["framework"].get("presentation", {}).pop("classification", None)
    framework.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    for track_file in (target / "tracks").glob("*.yaml"):
        tracks = yaml.safe_load(track_file.read_text())
        for track in tracks["tracks"]:
            for level in track["levels"]:
                level["scope"].pop("direct_reports", None)
        track_file.write_text(yaml.safe_dump(tracks, sort_keys=False, allow_unicode=True))
    return target


@pytest.fixture(scope="module")
def built(silent_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("silent-out")
    formats = "md,html,pdf" if HAS_POPPLER else "md,html"
    result = invoke(
        CliRunner(), "build", silent_project, "--out", out, "--format", formats, "--track", "engineering-management"
    )
    assert result.exit_code == 0, result.output
    return out


def _visible_html(path: Path) -> str:
    import re

    text = re.sub(r"<style>.*?</style>", "", path.read_text(), flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def test_markdown_invents_nothing(built: Path) -> None:
    markdown = (built / "markdown" / "engineering-management.md").read_text()
    for sentence in INVENTED:
        assert sentence not in markdown, sentence
    assert "**Direct reports:**" not in markdown  # the label goes with the value the source does not give
    assert "| [Engineering Manager](#engineering-manager) | E4 · ENG-M4 | One team | 12 months | — |" in markdown


def test_html_invents_nothing(built: Path) -> None:
    html = _visible_html(built / "html" / "engineering-management.html")
    for sentence in INVENTED:
        assert sentence not in html, sentence
    assert 'data-classification=""' in (built / "html" / "engineering-management.html").read_text()
    index = _visible_html(built / "html" / "index.html")
    assert "Internal" not in index


@pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils not installed")
@pytest.mark.parametrize("document", ["engineering-management", "engineering-management-levels"])
def test_pdf_text_invents_nothing(built: Path, document: str) -> None:
    pdf = built / "pdf" / f"{document}.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for sentence in INVENTED:
        assert sentence not in flat, sentence
    assert "Direct reports:" not in flat
