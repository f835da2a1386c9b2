"""The light install (no `[pdf]` extra): everything but PDF works, and PDF requests say what to install.

In the full test environment WeasyPrint is hidden from the import system; the nox session `light`
runs this file in a virtualenv where it was never installed.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from conftest import LADDERS, REPO, invoke

EXTRA_HINT = "install the [pdf] extra: pip install 'ladder-compiler[pdf] @ git+https://github.com/ladder-compiler/ladder-compiler'"


@pytest.fixture(autouse=True)
def no_weasyprint(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails, find_spec finds nothing


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(LADDERS, tmp_path / "ladders")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_build_without_format_builds_the_rest_and_says_pdf_was_skipped(runner, project) -> None:
    result = invoke(runner, "build")
    assert result.exit_code == 0, result.output
    assert f"note: skipped pdf: PDF output needs WeasyPrint, which is not installed; {EXTRA_HINT}" in result.stderr
    assert sorted(p.name for p in (project / "output").iterdir()) == [
        "case",
        "csv",
        "html",
        "json",
        "manifest.json",
        "markdown",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--format", "pdf"),
        ("build", "--format", "md,pdf"),
        ("check", "--format", "pdf"),
        ("assess", "examples/assessment-gpm.yaml", "--format", "pdf"),
    ],
)
def test_asking_for_a_pdf_is_a_usage_error_naming_the_extra(runner, project, args) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == 2
    assert (
        f"Invalid value for '--format': PDF output needs WeasyPrint, which is not installed; {EXTRA_HINT}"
        in result.stderr
    )
    assert not (project / "output").exists() and not (project / "examples" / "assessment-gpm.pdf").exists()


@pytest.mark.parametrize(
    "args, code",
    [
        (("validate",), 0),
        (("lint", "--strict"), 0),
        (("diff", "ladders", "ladders"), 0),
        (("assess", "examples/assessment-gpm.yaml"), 1),
        (("assess", "examples/assessment-gpm.yaml", "--format", "markdown"), 1),
    ],
)
def test_checking_commands_need_no_pdf_engine(runner, project, args, code) -> None:
    result = invoke(runner, *args)
    assert result.exit_code == code, result.output
    assert "WeasyPrint" not in result.output


def test_a_light_build_keeps_the_pdfs_a_full_install_wrote(runner, project) -> None:
    pdf = project / "output" / "pdf" / "group-product-manager.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF- written by a full install")
    manifest = '{"files": {"pdf/group-product-manager.pdf": {"format": "pdf", "track": "group-product-manager", "sha256": "x", "cache_key": "y"}}}'
    (project / "output" / "manifest.json").write_text(manifest)
    assert invoke(runner, "build").exit_code == 0
    assert pdf.read_bytes() == b"%PDF- written by a full install"
