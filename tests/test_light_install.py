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


def test_the_core_needs_no_native_schema_validator(runner, project, monkeypatch) -> None:
    """jsonschema-rs (15 MB) is the `[fast]` extra: without it the same problems are found."""
    import configparser

    from ladder_compiler.source import schema_store

    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg")
    core = [line.split(">")[0].strip() for line in setup["options"]["install_requires"].split("\n") if line.strip()]
    assert "jsonschema-rs" not in core
    assert setup["options.extras_require"]["fast"].split() == ["jsonschema-rs>=0.20"]

    broken = project / "ladders" / "framework.yaml"
    broken.write_text(broken.read_text().replace("  name: ", "  nmae: ", 1))
    with_native = invoke(runner, "validate", "--format", "json")
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)
    schema_store.fast_validator.cache_clear()
    try:
        without = invoke(runner, "validate", "--format", "json")
    finally:
        schema_store.fast_validator.cache_clear()
    assert without.exit_code == with_native.exit_code == 1
    assert without.output == with_native.output
    assert '"rule": "schema-unknown-key"' in without.output


def _light_closure() -> set[str]:
    """The distributions `pip install ladder-compiler` installs here: its requirements without
    extras, and theirs, as their markers select for this interpreter and platform."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    found: set[str] = set()
    todo = ["ladder-compiler"]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        found.add(name)
        for line in metadata.distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return found


def test_the_ci_page_costs_every_dependency_of_the_light_install() -> None:
    """docs/ci.md says what each dependency of the light install costs: none left out, none extra."""
    from packaging.utils import canonicalize_name

    page = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    table = page[page.index("| Dependency (light install) |") :].split("\n\n", 1)[0].splitlines()[2:]
    documented = {canonicalize_name(name) for row in table for name in row.split("|")[1].strip().split(", ")}
    only_before_313 = {"typing-extensions"} if sys.version_info >= (3, 13) else set()
    assert _light_closure() == documented - only_before_313
