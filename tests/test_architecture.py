"""The layers of docs/architecture.md, as import-linter checks them (pyproject.toml): the package
keeps them, a planted upward import or cycle breaks them, and no module imports itself round a
cycle, imports inside functions included."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
grimp = pytest.importorskip("grimp", reason="import-linter is in the [test] extra")


def lint_imports(cwd: Path, package_parent: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the project's contracts, reading `ladder_compiler` from `package_parent`."""
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run(
        [sys.executable, "-c", script, "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package as `ladder_compiler`, with the project's contracts beside it."""
    shutil.copytree(REPO / "compiler", tmp_path / "ladder_compiler", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def plant(module: Path, line: str) -> None:
    """An import inside a function, as the lazy imports of the code are written."""
    with module.open("a", encoding="utf-8") as file:
        file.write(f"\n\ndef _planted() -> None:\n    {line}  # noqa\n")


def test_the_package_keeps_its_contracts(copy: Path) -> None:
    result = lint_imports(copy, copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_upward_import_inside_a_function_breaks_the_layers(copy: Path) -> None:
    plant(copy / "ladder_compiler" / "hris" / "output.py", "from ..commands import common")

    result = lint_imports(copy, copy)

    assert result.returncode == 1
    assert "Layers only point down BROKEN" in result.stdout
    assert "ladder_compiler.hris is not allowed to import ladder_compiler.commands" in result.stdout
    assert "ladder_compiler.hris.output -> ladder_compiler.commands.common" in result.stdout


def test_a_cycle_between_two_modules_of_one_layer_breaks_the_acyclic_contract(copy: Path) -> None:
    plant(copy / "ladder_compiler" / "source" / "structure.py", "from .semantic import check")

    result = lint_imports(copy, copy)

    assert result.returncode == 1
    assert "No cycles between sibling modules or packages BROKEN" in result.stdout
    assert "Layers only point down KEPT" in result.stdout


def test_no_module_is_on_an_import_cycle() -> None:
    """Stricter than the sibling contract: a package and its own modules count too (model/__init__
    re-exporting model.assemble, which imports model, was one)."""
    graph = grimp.build_graph("ladder_compiler", cache_dir=None, exclude_type_checking_imports=True)
    on_cycles = sorted(
        module
        for module in graph.modules
        if any(
            graph.find_shortest_chain(importer=imported, imported=module)
            for imported in graph.find_modules_directly_imported_by(module)
        )
    )
    assert on_cycles == []
