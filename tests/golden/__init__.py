"""Golden files: every text output of the shipped ladders and the example projects, byte for byte.

tests/golden/<project>/ holds what `ladder build` writes (Markdown, HTML, JSON, CSV, CASE; not the
manifest, whose cache keys change with the code) and, for each PDF, its text (`pdftotext`) and its
outline (`pdftohtml -xml`, the bookmarks). Regenerate after an intended output change with

    python -m tests.golden --update

and read the diff (`git diff tests/golden`) before committing it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
GOLDEN = Path(__file__).resolve().parent
UPDATE_COMMAND = "python -m tests.golden --update"
TEXT_FORMATS = "md,html,json,csv,case"
# Text formats and PDFs are built together, as `ladder build` writes them: the download page
# (html/index.html) lists each PDF with its size, so a text-only build would pin a page no user gets.
ALL_FORMATS = TEXT_FORMATS + ",pdf"
_FRAMEWORK_KEY = re.compile(r"^framework:", re.MULTILINE)
# A PDF's byte size depends on the host's font libraries (HarfBuzz subsetting or fontTools'), so the
# download page's sizes are masked on both sides: the pages are compared, not the hosts' subsetters.
_PDF_SIZE = re.compile(rb'(<span class="file-facts">PDF \xc2\xb7 )[0-9]+(?:\.[0-9])? [KM]B( \xc2\xb7 )')
PDF_SIZE_MASK = b"SIZE"


def mask_pdf_sizes(path: str, data: bytes) -> bytes:
    """The download page with every PDF's size replaced by SIZE; other files as they are."""
    return _PDF_SIZE.sub(rb"\g<1>" + PDF_SIZE_MASK + rb"\g<2>", data) if path.endswith(".html") else data


def _is_project(path: Path) -> bool:
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path] if path.suffix in (".yaml", ".yml") else []
    return any(_FRAMEWORK_KEY.search(f.read_text(encoding="utf-8")) for f in files)


def example_projects() -> dict[str, Path]:
    """name → project: `ladders/` and every file or directory under examples/ that declares a framework."""
    projects = {"ladders": REPO / "ladders"}
    examples = REPO / "examples"
    for entry in sorted(examples.iterdir()) if examples.is_dir() else []:
        if not entry.name.startswith(".") and _is_project(entry):
            projects[f"examples-{entry.stem}"] = entry
    return projects


def shipped_projects() -> dict[str, Path]:
    """The example projects and the test fixture."""
    return {**example_projects(), "fixture-mini": REPO / "tests" / "fixtures" / "mini"}


def build(project: Path, out: Path, formats: str) -> None:
    from click.testing import CliRunner

    from ladder_compiler.cli import main

    result = CliRunner().invoke(
        main, ["build", str(project), "--out", str(out), "--format", formats, "--quiet"], catch_exceptions=False
    )
    if result.exit_code != 0:
        raise RuntimeError(f"ladder build {project} failed:\n{result.output}")


def text_outputs(out: Path) -> dict[str, bytes]:
    """What a build wrote, but the manifest and the PDFs, with the PDFs' sizes masked."""
    return {
        path: mask_pdf_sizes(path, p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.json" and p.suffix != ".pdf"
        for path in [p.relative_to(out).as_posix()]
    }


def pdf_outputs(out: Path) -> dict[str, bytes]:
    """For each PDF: its text and its outline, as poppler reads them."""
    found = {}
    for pdf in sorted(out.rglob("*.pdf")):
        name = pdf.relative_to(out).with_suffix("").as_posix()
        found[f"{name}.txt"] = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
        ).stdout
        found[f"{name}.outline.xml"] = outline(pdf)
    return found


def outline(pdf: Path) -> bytes:
    xml = subprocess.run(
        ["pdftohtml", "-q", "-i", "-xml", "-stdout", "-enc", "UTF-8", str(pdf)], capture_output=True, check=True
    ).stdout
    start = xml.find(b"<outline>")
    return xml[start : xml.rindex(b"</outline>") + len(b"</outline>")] + b"\n" if start >= 0 else b""


def expected(project: str) -> dict[str, bytes]:
    """The golden files, PDF sizes masked (files written before the mask carry real sizes)."""
    root = GOLDEN / project
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()} if root.is_dir() else {}
    return {path: mask_pdf_sizes(path, p.read_bytes()) for path, p in files.items()}


def update() -> list[str]:
    """Rewrite every golden file from a fresh build; returns what changed."""
    changed = []
    for name, project in example_projects().items():
        with tempfile.TemporaryDirectory() as scratch:
            out = Path(scratch)
            build(project, out, ALL_FORMATS)
            actual = {**text_outputs(out), **pdf_outputs(out)}
        before = expected(name)
        target = GOLDEN / name
        if target.exists():
            shutil.rmtree(target)
        for path, data in actual.items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(data)
        changed += [
            f"{name}/{path}" for path in sorted(before.keys() | actual.keys()) if before.get(path) != actual.get(path)
        ]
    return changed
