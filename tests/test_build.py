"""`ladder build` as users see it: layout, determinism, safety, atomicity and the cache."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import LADDERS, invoke

HAS_POPPLER = shutil.which("pdftotext") is not None
needs_poppler = pytest.mark.skipif(not HAS_POPPLER, reason="poppler-utils not installed")


def build(runner, project: Path, out: Path, *args: str):
    return invoke(runner, "build", project, "--out", out, "--jobs", "1", *args)


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_layout_and_manifest(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(runner, mini, out)
    assert result.exit_code == 0, result.output
    files = tree(out)
    for track in ("manager", "strategist"):
        for path in (f"markdown/{track}.md", f"html/{track}.html", f"pdf/{track}.pdf", f"json/{track}.json"):
            assert path in files
    assert {"markdown/README.md", "html/index.html", "json/framework.json", "manifest.json"} <= set(files)
    manifest = json.loads(files["manifest.json"])
    assert manifest["framework"] == {"id": "mini", "version": "1.2.0", "effective_date": "2026-03-01"}
    assert len(manifest["source_hash"]) == 64
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    for path, entry in manifest["files"].items():
        assert entry["sha256"] == hashlib.sha256(files[path]).hexdigest()


def test_two_builds_are_byte_identical(runner, mini: Path, tmp_path: Path) -> None:
    assert build(runner, mini, tmp_path / "a").exit_code == 0
    assert invoke(runner, "build", mini, "--out", tmp_path / "b", "--jobs", "2").exit_code == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_markdown_matrix_sections_and_checklist(runner, mini: Path, tmp_path: Path) -> None:
    build(runner, mini, tmp_path / "out", "--format", "md")
    text = (tmp_path / "out" / "markdown" / "manager.md").read_text()
    matrix = text.split("## Competency × level matrix")[1].split("\n## ")[0]
    rows = [line for line in matrix.splitlines() if line.startswith("|")]
    assert rows[0] == "| Competency | Manager | Senior Manager |"
    assert len(rows) == 2 + 2  # header, separator, one row per competency
    assert all(_cells(row) == 3 for row in rows)
    # a level with a job code is named by it, not by its rank: one number to cite
    assert "## Manager\n\n*M1*\n" in text and "## Senior Manager\n\n*G7 · M2*\n" in text
    assert "## 1. " not in text
    senior = text.split("\n## Senior Manager\n")[1]
    assert "- Runs weekly one-to-ones with each report." in senior  # inherited, unmarked
    assert "- **New at this level:** Coaches managers on hiring decisions." in senior
    assert "- [ ] Rated at least **Advanced** in every Leadership competency" in senior
    assert "- [ ] At least 12 months in the level below" in senior
    assert "- **Lateral move:** Senior Strategist — Moves to strategy." in senior  # the title names its track
    index = (tmp_path / "out" / "markdown" / "README.md").read_text()
    assert "[Manager](manager.md)" in index and "[Strategist](strategist.md)" in index


def _cells(row: str) -> int:
    unescaped = row.replace("\\|", "")
    return unescaped.count("|") - 1


HOSTILE = """Runs <script>alert('x')</script> reviews | with pipes
and a newline, [the passwd file](file:///etc/passwd), ![x](file:///etc/hostname), [ok](https://example.com) <img src="file:///etc/passwd">"""


@pytest.fixture
def hostile(mini: Path) -> Path:
    tracks = mini / "tracks.yaml"
    before = tracks.read_text()  # mini's behaviours carry ids: the hostile text replaces one's `text:`
    text = before.replace("text: Runs weekly one-to-ones with each report.", "text: " + json.dumps(HOSTILE))
    assert text != before
    tracks.write_text(text)
    return mini


def test_markdown_escapes_raw_html_pipes_and_newlines(runner, hostile: Path, tmp_path: Path) -> None:
    assert build(runner, hostile, tmp_path / "out", "--format", "md").exit_code == 0
    text = (tmp_path / "out" / "markdown" / "manager.md").read_text()
    assert "<script>" not in text and "<img" not in text and "](file:" not in text
    assert "&lt;script&gt;" in text and "&lt;img src=" in text and "[ok](https://example.com)" in text
    matrix_rows = [
        line
        for line in text.split("## Competency × level matrix")[1].split("\n## ")[0].splitlines()
        if line.startswith("|")
    ]
    assert all(_cells(row) == 3 for row in matrix_rows)


def test_html_never_passes_raw_html_or_local_links(runner, hostile: Path, tmp_path: Path) -> None:
    build(runner, hostile, tmp_path / "out", "--format", "html")
    html = (tmp_path / "out" / "html" / "manager.html").read_text()
    tags = _tags(html)
    assert not {"script", "img", "iframe", "object"} & {tag for tag, _ in tags}
    assert [
        value
        for _, attrs in tags
        for name, value in attrs
        if name in ("href", "src") and not value.startswith(("https:", "#", "data:"))
    ] == []
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert '<a href="https://example.com">ok</a>' in html and "the passwd file" in html


@needs_poppler
def test_pdf_fetches_nothing_and_attaches_only_the_track_data(runner, hostile: Path, tmp_path: Path) -> None:
    assert build(runner, hostile, tmp_path / "out", "--format", "pdf,json", "--track", "manager").exit_code == 0
    pdf = tmp_path / "out" / "pdf" / "manager.pdf"
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "root:x:0:0" not in text  # /etc/passwd was not fetched or attached
    assert "<script>alert('x')</script>" in text  # shown as text, never run
    attachments = subprocess.run(["pdfdetach", "-list", pdf], capture_output=True, text=True, check=True).stdout
    assert attachments.strip().splitlines()[1:] == ["1: manager.json"]
    detached = tmp_path / "detached.json"
    subprocess.run(["pdfdetach", "-save", "1", "-o", detached, pdf], check=True)
    assert detached.read_bytes() == (tmp_path / "out" / "json" / "manager.json").read_bytes()


@needs_poppler
def test_pdf_document_features(runner, mini: Path, tmp_path: Path) -> None:
    build(runner, mini, tmp_path / "out", "--format", "pdf", "--track", "manager")
    pdf = tmp_path / "out" / "pdf" / "manager.pdf"
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "Title:           Manager — Mini Framework 1.2.0" in info
    assert "Tagged:          yes" in info
    assert "CreationDate:    Sun Mar  1 00:00:00 2026 UTC" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert f"Page 2 of {pages}" in text and "Contents" in text and "Competency × level matrix" in text
    assert "Manager · Mini Framework" in text  # running header
    assert "Version 1.2.0 · Effective 2026-03-01" in text  # document control on every page
    assert "Internal" not in text  # the fixture gives no classification: none is invented
    assert "☐ Rated at least Advanced in every Leadership competency" in text
    landscape = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", str(pages), pdf], capture_output=True, text=True, check=True
    ).stdout
    assert "841.89 x 595.276 pts (A4)" in landscape  # the matrix page


@needs_poppler
def test_pdf_has_a_bookmark_per_level(runner, mini: Path, tmp_path: Path) -> None:
    from ladder_compiler.render.pdf import html_to_pdf  # noqa: F401  (the engine is installed)

    build(runner, mini, tmp_path / "out", "--format", "pdf", "--track", "manager")
    data = (tmp_path / "out" / "pdf" / "manager.pdf").read_bytes()
    assert any(b"/Outlines" in chunk for chunk in _inflated_streams(data))
    import weasyprint

    document = weasyprint.HTML(string=_html_for(runner, mini, tmp_path)).render()
    labels = [bookmark[0] for bookmark in document.make_bookmark_tree()]
    assert labels == [
        "Levels at a glance",
        "How ratings work: Proficiency",
        "Competency × level matrix",
        "Manager · M1",  # named by job code (and grade), as the running header, not by rank
        "Senior Manager · G7 · M2",
    ]
    promotions = [child[0] for bookmark in document.make_bookmark_tree() for child in bookmark[2]]
    assert promotions == ["Promotion into Senior Manager"]


def _tags(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, [(name, value or "") for name, value in attrs]))

    Collector().feed(html)
    return found


def _inflated_streams(data: bytes) -> list[bytes]:
    import re
    import zlib

    chunks = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            pass
    return chunks


def _html_for(runner, mini: Path, tmp_path: Path) -> str:
    build(runner, mini, tmp_path / "html-out", "--format", "html", "--track", "manager")
    return (tmp_path / "html-out" / "html" / "manager.html").read_text()


def test_invalid_ladders_write_nothing(runner, mini: Path, tmp_path: Path) -> None:
    (mini / "broken.yaml").write_text("competencies:\n  - id: x\n")
    result = build(runner, mini, tmp_path / "out")
    assert result.exit_code == 1 and "broken.yaml:2:5: error [schema-required]" in result.output
    assert not (tmp_path / "out").exists()


def test_failed_render_keeps_previous_output(runner, mini: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md,html,json")
    before = tree(out)
    (mini / "tracks.yaml").write_text(
        (mini / "tracks.yaml").read_text().replace("Leads a small team.", "Leads a small, new team.")
    )
    from ladder_compiler.render.html import HtmlRenderer

    def explode(self, framework, planned, options):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(HtmlRenderer, "render", explode)
    result = build(runner, mini, out, "--format", "md,html,json")
    assert result.exit_code == 1
    assert "cannot render html/manager.html (track `manager`): RuntimeError: template exploded" in result.output
    assert tree(out) == before
    assert not list(out.rglob("*.tmp"))


def test_usage_errors(runner, mini: Path, tmp_path: Path) -> None:
    wrong_format = build(runner, mini, tmp_path / "o", "--format", "md,docx")
    assert wrong_format.exit_code == 2 and "unknown format 'docx'" in wrong_format.output
    wrong_track = build(runner, mini, tmp_path / "o", "--track", "managr")
    assert wrong_track.exit_code == 2 and "did you mean 'manager'?" in wrong_track.output
    assert invoke(runner, "build", mini, "--jobs", "0").exit_code == 2
    assert not (tmp_path / "o").exists()


def test_cache_skips_unchanged_and_rebuilds_what_changed(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(runner, mini, out, "--format", "md,html,json")
    assert "0 unchanged" in first.output
    again = build(runner, mini, out, "--format", "md,html,json")
    assert "0 written" in again.output
    (out / "markdown" / "manager.md").write_text("tampered")
    repaired = build(runner, mini, out, "--format", "md,html,json", "-v")
    assert "1 written" in repaired.output and "manager.md" in repaired.output
    forced = build(runner, mini, out, "--format", "md,html,json", "--force")
    assert "0 unchanged" in forced.output
    tracks = mini / "tracks.yaml"
    tracks.write_text(
        tracks.read_text().replace("Sets strategy without reports.", "Sets portfolio strategy without reports.")
    )
    before = tree(out)
    changed = build(runner, mini, out, "--format", "md,html,json", "-v")
    # Only the edited track's documents and the project-wide ones are rewritten.
    project_wide = ["html/index.html", "json/framework.json", "markdown/README.md"]
    strategist = ["html/strategist.html", "json/strategist.json", "markdown/strategist.md"]
    assert written_paths(changed.output, out) == sorted(project_wide + strategist)
    changed_bytes = {path for path, content in tree(out).items() if before.get(path) != content}
    assert changed_bytes == set(strategist) | {"html/index.html", "json/framework.json", "manifest.json"}
    from ladder_compiler.pipeline import read_framework
    from ladder_compiler.render.fingerprint import track_digest

    framework = read_framework(mini).framework
    for track in ("manager", "strategist"):
        shaping = track_digest(framework, track)
        for path in (f"markdown/{track}.md", f"html/{track}.html"):
            assert shaping[:12] in (out / path).read_text(), path
        assert json.loads((out / "json" / f"{track}.json").read_text())["framework"]["source_hash"] == shaping
    assert json.loads((out / "json" / "framework.json").read_text())["framework"]["source_hash"] == (
        framework.source_hash
    )


def written_paths(output: str, out: Path) -> list[str]:
    """The paths a `build -v` reports as written, relative to the output directory."""
    prefix = f"wrote {out}/"
    return sorted(line[len(prefix) :] for line in output.splitlines() if line.startswith(prefix))


def test_custom_templates_restyle_and_invalidate_the_cache(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "html")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "ladder.css").write_text("body { font-family: serif; } /* house style */")
    result = build(runner, mini, out, "--format", "html", "--templates", mine)
    assert "0 unchanged" in result.output
    assert "/* house style */" in (out / "html" / "manager.html").read_text()


def test_removed_track_files_are_deleted_on_a_full_build(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md")
    assert build(runner, mini, out).exit_code == 0
    tracks = mini / "tracks.yaml"
    text = tracks.read_text()
    tracks.write_text(
        text[: text.index("  - id: strategist")]
        + text[text.index("career_paths:") :]
        .replace(
            "    - {from: manager-2, to: strategist-2, kind: lateral, description: Moves to strategy.}\n    - {from: strategist-2, to: vp, kind: exit, description: Leaves for an executive role.}\n",
            "    - {from: manager-2, to: vp, kind: exit, description: Leaves.}\n",
        )
        .replace(
            "  peers:\n    - levels: [manager-1, strategist-1]\n    - levels: [manager-2, strategist-2]\n      note: Same seniority.\n",
            "",
        )
    )
    result = invoke(runner, "build", mini, "--out", out, "--jobs", "1", "-v")
    assert result.exit_code == 0, result.output
    assert not (out / "pdf" / "strategist.pdf").exists() and "removed" in result.output
    assert "pdf/strategist.pdf" not in json.loads((out / "manifest.json").read_text())["files"]


def test_shipped_ladders_build(runner, tmp_path: Path) -> None:
    result = invoke(runner, "build", LADDERS, "--out", tmp_path / "out", "--format", "md,json,html")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "markdown" / "group-product-manager.md").read_text()
    assert "## Group Product Manager\n\n*Band 3 · PM-M3*\n" in text and "- [ ] Sponsorship:" in text


def test_unchanged_project_is_confirmed_without_parsing(runner, mini: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    build(runner, mini, out, "--format", "md,json")
    import ladder_compiler.pipeline

    def no_parsing(*args, **kwargs):
        raise AssertionError("the ladders were parsed")

    with monkeypatch.context() as patch:
        patch.setattr(ladder_compiler.pipeline, "read_framework", no_parsing)
        assert "0 written, 6 unchanged" in build(runner, mini, out, "--format", "md,json").output
        assert invoke(runner, "check", mini, "--out", out, "--format", "md,json").exit_code == 0
    # each kind of change takes the slow path again
    (out / "json" / "manager.json").write_text("{}")
    assert "1 written" in build(runner, mini, out, "--format", "md,json").output
    assert (
        "written" in build(runner, mini, out, "--format", "md,json,html").output
        and (out / "html" / "manager.html").exists()
    )
    # A comment changes no document of a track; the project-wide ones record the source hash.
    (mini / "competencies.yaml").write_text((mini / "competencies.yaml").read_text() + "# edited\n")
    edited = build(runner, mini, out, "--format", "md,json", "-v")
    assert written_paths(edited.output, out) == ["json/framework.json", "markdown/README.md"]
