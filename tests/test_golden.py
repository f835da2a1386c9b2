"""Every text output of the shipped ladders and the examples matches its golden file, byte for byte.

On an intended change: `python -m tests.golden --update`, then review `git diff tests/golden`.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from golden import (
    ALL_FORMATS,
    PDF_SIZE_MASK,
    UPDATE_COMMAND,
    build,
    example_projects,
    expected,
    mask_pdf_sizes,
    pdf_outputs,
    text_outputs,
)

PROJECTS = example_projects()
# One xdist worker per project builds it; the shipped ladders' build is the session's "shipped" one.
BY_PROJECT = [
    pytest.param(name, marks=pytest.mark.xdist_group("shipped" if name == "ladders" else f"golden-{name}"))
    for name in sorted(PROJECTS)
]
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftohtml")), reason="poppler-utils not installed"
)


@pytest.fixture(scope="session")
def built(tmp_path_factory, request):
    """One full build per project per session, shared by the tests below: text formats and PDFs
    together, as users get them (the download page lists the PDFs; their sizes, which depend on the
    host's font libraries, are masked). The shipped ladders' build is the session's (conftest)."""
    builds: dict[str, Path] = {}

    def outputs(name: str, kind: str) -> dict[str, bytes]:
        if name == "ladders" and name not in builds:
            builds[name] = request.getfixturevalue("shipped_output")  # every format: ALL_FORMATS
        if name not in builds:
            builds[name] = tmp_path_factory.mktemp(f"golden-{name}")
            build(PROJECTS[name], builds[name], ALL_FORMATS)
        return text_outputs(builds[name]) if kind == "text" else pdf_outputs(builds[name])

    return outputs


def assert_matches_golden(name: str, actual: dict[str, bytes], wanted: dict[str, bytes]) -> None:
    problems = []
    for path in sorted(actual.keys() | wanted.keys()):
        if path not in wanted:
            problems.append(f"new output {path} has no golden file")
        elif path not in actual:
            problems.append(f"golden file {path} is no longer written")
        elif actual[path] != wanted[path]:
            diff = difflib.unified_diff(
                wanted[path].decode("utf-8", "replace").splitlines(),
                actual[path].decode("utf-8", "replace").splitlines(),
                f"golden/{name}/{path}",
                f"built/{path}",
                lineterm="",
                n=1,
            )
            problems.append("\n".join(list(diff)[:40]))
    assert not problems, (
        f"outputs differ from tests/golden/{name}; if the change is intended, "
        f"run `{UPDATE_COMMAND}` and review the diff\n\n" + "\n\n".join(problems)
    )


def _golden(name: str, pdf: bool) -> dict[str, bytes]:
    return {path: data for path, data in expected(name).items() if path.startswith("pdf/") == pdf}


@pytest.mark.parametrize("name", BY_PROJECT)
def test_text_outputs_match_golden_files(name: str, built) -> None:
    assert_matches_golden(name, built(name, "text"), _golden(name, pdf=False))


@needs_poppler
@pytest.mark.parametrize("name", BY_PROJECT)
def test_pdf_text_and_outline_match_golden_files(name: str, built) -> None:
    assert_matches_golden(name, built(name, "pdf"), _golden(name, pdf=True))


def test_every_format_has_golden_files() -> None:
    for name in PROJECTS:
        folders = {path.split("/")[0] for path in expected(name)}
        assert folders == {"markdown", "html", "json", "csv", "case", "pdf"}, name
        assert any(
            path.endswith(".outline.xml") and data.startswith(b"<outline>") for path, data in expected(name).items()
        ), name


def test_the_update_command_is_documented() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert UPDATE_COMMAND in readme


def test_pdf_sizes_are_masked_in_download_pages_only() -> None:
    """Golden files do not pin a PDF's byte size, which another HarfBuzz or fontTools changes."""
    line = '<li><a href="../pdf/x.pdf" download>Levels</a> <span class="file-facts">PDF · 463 KB · version 1.1.0</span></li>'
    big = line.replace("463 KB", "1.2 MB")
    masked = line.replace("463 KB", "SIZE").encode()
    assert PDF_SIZE_MASK == b"SIZE"
    assert mask_pdf_sizes("html/index.html", line.encode()) == masked
    assert mask_pdf_sizes("html/de/index.html", big.encode()) == masked
    assert mask_pdf_sizes("markdown/x.md", line.encode()) == line.encode()
    assert mask_pdf_sizes("html/x.html", b"It weighs 463 KB.") == b"It weighs 463 KB."
