"""Languages: a switcher on every HTML page, draft languages built only with `--drafts` and then
marked on every page; and the level summaries in every language keep the whole way in and out of a
level (process steps, time in level, every move) with the level, which starts a page and runs on to
at most one more, set no smaller than 8.5pt."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import LADDERS, invoke

# the two module builds of the shipped ladders run once, on one worker
pytestmark = pytest.mark.xdist_group("languages")

HAS_POPPLER = shutil.which("pdftotext") is not None
DRAFT_BANNER = '<p class="draft-banner" role="note">'


def _build(out: Path, *args: str) -> Path:
    result = invoke(CliRunner(), "build", LADDERS, "--out", out, "--format", "md,html", *args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("published") / "out")


@pytest.fixture(scope="module")
def with_drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("drafts") / "out", "--drafts")


def _switcher(page: Path) -> str:
    match = re.search(r'<nav class="languages".*?</nav>', page.read_text())
    assert match, page
    return match.group(0)


def test_draft_languages_are_not_built_by_default(published: Path) -> None:
    assert sorted(p.name for p in (published / "html").iterdir() if p.is_dir()) == ["de"]
    assert sorted(p.name for p in (published / "markdown").iterdir() if p.is_dir()) == ["de"]


def test_every_html_page_has_a_language_switcher(published: Path) -> None:
    pages = sorted((published / "html").rglob("*.html"))
    assert len(pages) == 10  # index, levelling guide and three tracks (the Senior PM trunk too), in English and German
    for page in pages:
        name = page.name
        if page.parent.name == "de":
            assert _switcher(page) == (
                '<nav class="languages" aria-label="Sprachen"><ul>'
                f'<li><a href="../{name}" hreflang="en" lang="en">English</a></li>'
                '<li><span aria-current="page" lang="de">Deutsch</span></li></ul></nav>'
            )
        else:
            assert _switcher(page) == (
                '<nav class="languages" aria-label="Languages"><ul>'
                '<li><span aria-current="page" lang="en">English</span></li>'
                f'<li><a href="de/{name}" hreflang="de" lang="de">Deutsch</a></li></ul></nav>'
            )
        assert DRAFT_BANNER not in page.read_text()


def test_drafts_are_built_on_request_and_marked_on_every_page(with_drafts: Path) -> None:
    index = with_drafts / "html" / "index.html"
    assert '<a href="ar/index.html" hreflang="ar" lang="ar">العربية</a> <span class="draft-tag">(draft)</span>' in (
        _switcher(index)
    )
    arabic = sorted((with_drafts / "html" / "ar").glob("*.html"))
    assert [p.name for p in arabic] == [
        "group-product-manager.html",
        "index.html",
        "levelling-guide.html",
        "portfolio-product-manager.html",
        "product-manager.html",
    ]
    for page in arabic:
        text = page.read_text()
        assert DRAFT_BANNER in text, page
        assert 'body::before { content: "ترجمة مسودة"; position: fixed;' in text, page  # the watermark
    for page in sorted((with_drafts / "markdown" / "ar").glob("*.md")):
        assert "> **ترجمة مسودة: لم تُراجع بعد، ولا يُعتمد عليها في القرارات." in page.read_text(), page
    for page in sorted((with_drafts / "html" / "de").glob("*.html")):
        assert DRAFT_BANNER not in page.read_text(), page


def _levels_pdf_pages(tmp_path: Path, track_id: str, language: str) -> list[str]:
    from ladder_compiler.i18n.translate import translated_framework
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html
    from ladder_compiler.render.pdf_engine import html_to_pdf

    framework = read_framework(LADDERS).framework
    assert framework is not None
    model = framework if language == "en" else translated_framework(framework, language)
    pdf = tmp_path / f"{language}-{track_id}.pdf"
    pdf.write_bytes(html_to_pdf(render_html(model, track_id, RenderOptions(), "levels"), model.effective_date))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def _pages_per_level(pages: list[str], track_id: str) -> dict[str, str]:
    """Each level's pages, joined: a page belongs to the level its running header names."""
    from ladder_compiler.pipeline import read_framework

    levels = read_framework(LADDERS).framework.track(track_id).levels
    headers = {level.id: f"{level.title} · {level.grade} · {level.job_code}" for level in levels}
    owners = [[level_id for level_id, header in headers.items() if header in page] for page in pages]
    assert all(len(owner) == 1 for owner in owners), owners  # every page names exactly one level
    ids = [owner[0] for owner in owners]
    assert list(dict.fromkeys(ids)) == [level.id for level in levels]  # in order, each level's pages together
    assert all(ids.count(level.id) in (1, 2) for level in levels), ids  # a level runs on to one more page at most
    return {
        level.id: " ".join(page for page, owner in zip(pages, ids, strict=True) if owner == level.id)
        for level in levels
    }


@pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils not installed")
@pytest.mark.parametrize("track_id", ["group-product-manager", "portfolio-product-manager"])
def test_level_summaries_keep_every_step_in_and_out_with_their_level(tmp_path: Path, track_id: str) -> None:
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render.context import MOVE_NAMES, moves_into

    framework = read_framework(LADDERS).framework
    assert framework is not None
    levels = framework.track(track_id).levels
    by_level = _pages_per_level(_levels_pdf_pages(tmp_path, track_id, "en"), track_id)
    for level in levels:
        page = by_level[level.id]
        bars = [level.promotion] if level.promotion else []
        bars += [move.criteria for move in level.moves if move.criteria]
        for bar in bars:
            for step in bar.process:
                label = step.kind.replace("-", " ").capitalize()
                assert f"{label}: {' '.join(step.description.split()[:4])}" in page, (level.id, step.id)
            if bar.min_months_in_role is not None:
                assert f"At least {bar.min_months_in_role} months" in page, level.id
        for move in level.moves:
            target = framework.level(move.to) if move.to_kind == "level" else framework.role(move.to)
            name = target.title
            assert f"{MOVE_NAMES[move.kind]}: {name}" in page, (level.id, move.to)
        for source, move in moves_into(framework, level.id):
            assert f"{MOVE_NAMES[move.kind]} from {source.title}" in page, (level.id, source.id)
        assert ("Ways into this level" in page) == bool(moves_into(framework, level.id))


@pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils not installed")
@pytest.mark.parametrize("language", ["de", "ar"])
def test_translated_level_summaries_take_one_or_two_pages_per_level(tmp_path: Path, language: str) -> None:
    for track_id in ("group-product-manager", "portfolio-product-manager"):
        pages = _levels_pdf_pages(tmp_path, track_id, language)
        assert 4 <= len(pages) <= 8, (language, track_id)


def test_level_summaries_are_set_no_smaller_than_8_5_points() -> None:
    weasyprint = pytest.importorskip("weasyprint")
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html

    framework = read_framework(LADDERS).framework
    document = weasyprint.HTML(
        string=render_html(framework, "group-product-manager", RenderOptions(), "levels")
    ).render()
    sizes = {
        round(box.style["font_size"] * 72 / 96, 2)  # CSS px to points
        for page in document.pages
        for root in page._page_box.children
        if not isinstance(root, weasyprint.formatting_structure.boxes.MarginBox)  # the page's header and footer
        for box in root.descendants()
        if isinstance(box, weasyprint.formatting_structure.boxes.TextBox)
        and box.text.strip()
        and not box.style["position"] == "fixed"  # the draft watermark
    }
    assert min(sizes) == 8.5, sorted(sizes)


def _field_rows(language: str) -> list[tuple[str, float, float, float, float]]:
    """Each worksheet field on page 1 as laid out by WeasyPrint: (id, label text's left and right
    edges, field's left and right edges), in CSS pixels."""
    weasyprint = pytest.importorskip("weasyprint")
    from ladder_compiler.i18n.translate import translated_framework
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html

    framework = read_framework(LADDERS).framework
    assert framework is not None
    model = translated_framework(framework, language)
    page = weasyprint.HTML(string=render_html(model, "group-product-manager", RenderOptions(), "worksheet")).render()
    boxes = list(page.pages[0]._page_box.descendants())
    fields = {
        box.element.get("id"): box
        for box in boxes
        if type(box).__name__ == "BlockBox"
        and getattr(box, "element", None) is not None
        and box.element.tag in ("input", "select")
        and box.element.get("id")
    }
    rows = []
    for box in boxes:
        element = getattr(box, "element", None)
        if type(box).__name__ != "BlockBox" or element is None or element.tag != "label":
            continue
        if element.get("for") not in fields:
            continue
        texts = [t for t in box.descendants() if type(t).__name__ == "TextBox"]
        field = fields[element.get("for")]
        rows.append(
            (
                element.get("for"),
                min(t.position_x for t in texts),
                max(t.position_x + t.width for t in texts),
                field.position_x,
                field.position_x + field.margin_width(),
            )
        )
    return rows


@pytest.mark.parametrize("language", ["de", "ar"])
def test_worksheet_labels_neither_overlap_nor_clip_their_fields(language: str) -> None:
    rows = _field_rows(language)
    assert [row[0] for row in rows] == [
        "person",
        "manager",
        "date",
        "current-level",
        "joining-from",
        "months-in-level",
        "assessed-level",
        "period",
    ]
    for field_id, text_left, text_right, field_left, field_right in rows:
        # the label's text ends before its field starts (WeasyPrint lays the grid out left to right in Arabic too)
        assert text_right <= field_left, (field_id, text_left, text_right, field_left, field_right)


@pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils not installed")
@pytest.mark.parametrize("language", ["en", "de"])
def test_the_rubric_has_no_near_empty_page(tmp_path: Path, language: str) -> None:
    """A page that only carries a line or two spilled from the page before (the change log used to
    leave one before the landscape matrix): every page but the last holds at least 300 characters."""
    from ladder_compiler.i18n.translate import translated_framework
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.html import render_html
    from ladder_compiler.render.pdf_engine import html_to_pdf

    framework = read_framework(LADDERS).framework
    assert framework is not None
    model = framework if language == "en" else translated_framework(framework, language)
    pdf = tmp_path / "rubric.pdf"
    pdf.write_bytes(html_to_pdf(render_html(model, "group-product-manager", RenderOptions()), model.effective_date))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sizes = [len("".join(page.split())) for page in text.split("\f")[:-1]]
    assert [number for number, size in enumerate(sizes[:-1], 1) if size < 300] == []


def test_the_draft_mark_is_in_the_documents_language(tmp_path: Path) -> None:
    """A release the publish gate has not passed is marked DRAFT in English, ENTWURF in German and
    مسودة in Arabic: the mark and the banner come from the language's catalogue."""
    from ladder_compiler.i18n.document import localised_date
    from ladder_compiler.i18n.translate import translated_framework
    from ladder_compiler.pipeline import read_framework

    ladders = tmp_path / "ladders"
    shutil.copytree(LADDERS, ladders)
    framework_file = ladders / "framework.yaml"
    text = framework_file.read_text(encoding="utf-8")
    unapproved = re.sub(r"(?m)^\s+approved_on:.*\n", "", text)
    assert unapproved != text
    framework_file.write_text(unapproved, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(CliRunner(), "build", ladders, "--out", out, "--format", "md,html", "--drafts")
    assert result.exit_code == 0 and "every output is marked DRAFT" in result.output  # not approved
    framework = read_framework(ladders).framework
    assert framework is not None
    version = framework.version
    german = localised_date(translated_framework(framework, "de"), framework.effective_date)
    arabic = localised_date(translated_framework(framework, "ar"), framework.effective_date)
    banners = {
        "": f"> **DRAFT** Version {version}, effective {framework.effective_date}, is not approved for publication.",
        "de/": f"> **ENTWURF** Version {version}, gültig ab {german}, ist nicht zur Veröffentlichung freigegeben.",
        "ar/": f"> **مسودة** الإصدار {version}، الساري من {arabic}، غير معتمد للنشر.",
    }
    for folder, banner in banners.items():
        markdown = (out / "markdown" / f"{folder}group-product-manager.md").read_text(encoding="utf-8")
        assert markdown.startswith(banner + "\n\n"), folder
        html = (out / "html" / f"{folder}group-product-manager.html").read_text(encoding="utf-8")
        word = banner.split("**")[1]
        assert f'<div class="draft-watermark" aria-hidden="true">{word}</div>' in html, folder
        assert f'@page {{ @top-center {{ content: "{word}";' in html, folder


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_CORE = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf")


@pytest.mark.one_python
@pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils not installed")
@pytest.mark.skipif(
    not all((DEJAVU / name).is_file() for name in DEJAVU_CORE), reason="fonts-dejavu-core not installed"
)
def test_arabic_one_pagers_need_no_font_beyond_dejavu(tmp_path: Path) -> None:
    """The README's test command passes on a Debian machine without Noto: with fontconfig shown only
    the fonts of fonts-dejavu-core, the Arabic one-pagers are drawn in DejaVu Sans and keep one page
    per level. (fontconfig reads its settings once per process, hence the subprocess.)"""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in DEJAVU_CORE:
        (fonts / name).symlink_to(DEJAVU / name)
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n'
    )
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ladder_compiler.i18n.translate import translated_framework\n"
        "from ladder_compiler.pipeline import read_framework\n"
        "from ladder_compiler.render import RenderOptions\n"
        "from ladder_compiler.render.html import render_html\n"
        "from ladder_compiler.render.pdf_engine import html_to_pdf\n"
        "model = translated_framework(read_framework(Path(sys.argv[1])).framework, 'ar')\n"
        "for track in ('group-product-manager', 'portfolio-product-manager'):\n"
        "    pdf = html_to_pdf(render_html(model, track, RenderOptions(), 'levels'), model.effective_date)\n"
        "    Path(sys.argv[2], track + '.pdf').write_bytes(pdf)\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    subprocess.run([sys.executable, "-c", script, str(LADDERS), str(tmp_path)], env=env, check=True, timeout=600)
    for track in ("group-product-manager", "portfolio-product-manager"):
        pdf = str(tmp_path / f"{track}.pdf")
        fonts_used = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
        assert {line.split()[0].split("+")[-1] for line in fonts_used.splitlines()[2:]} == {
            "DejaVu-Sans",
            "DejaVu-Sans-Bold",
        }
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        assert 4 <= len(text.split("\f")[:-1]) <= 8, track  # each level starts a page and takes one or two
