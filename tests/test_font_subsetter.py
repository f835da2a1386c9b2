"""HarfBuzz's font subsetter is a system dependency of fast PDFs: its absence is reported, not hidden."""

from __future__ import annotations

import ctypes.util
from pathlib import Path

import pytest

from ladder_compiler.render import pdf

from conftest import invoke

ABSENT = ("ladder-test-no-such-library", "libladder-test-no-such-library.so.0")


@pytest.mark.skipif(not ctypes.util.find_library("harfbuzz-subset"), reason="libharfbuzz-subset0 not installed")
def test_an_installed_subsetter_is_found() -> None:
    assert pdf.subsetter_missing() is None


def test_a_missing_subsetter_is_named_with_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setattr(pdf, "SUBSETTER_NAMES", ABSENT)
    assert pdf.subsetter_missing() == (
        "HarfBuzz's font subsetter (libharfbuzz-subset) is not installed, so each PDF is slower to make; "
        "Debian/Ubuntu: apt-get install libharfbuzz-subset0; Fedora: dnf install harfbuzz; macOS: brew install harfbuzz"
    )


def test_a_pdf_build_warns_once_when_the_subsetter_is_missing(runner, mini: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf, "SUBSETTER_NAMES", ABSENT)
    result = invoke(runner, "build", mini, "--out", tmp_path / "out", "--format", "pdf", "--track", "manager")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "libharfbuzz-subset" in line]
    assert warnings == [f"warning: {pdf.subsetter_missing()}"]
    without_pdf = invoke(runner, "build", mini, "--out", tmp_path / "light", "--format", "md")
    assert "libharfbuzz-subset" not in without_pdf.output
