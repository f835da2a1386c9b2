"""The commands of the README and the docs pages run, as written, in a scratch copy of this repository.

Every line of every ```sh block that runs `ladder`, `mkdir` or `cp` is executed in order (the
README, then each page in the site's order); a line is expected to exit 0 unless it says
`# exits N`. Installation lines are CI's own job.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

RUNNABLE = ("ladder ", "mkdir ", "cp ")
PAGES = ["README.md"] + [
    f"docs/{line.split(': ', 1)[1].strip()}"
    for line in (REPO / "mkdocs.yml").read_text().splitlines()
    if line.startswith("  - ") and line.rstrip().endswith(".md") and "rules/" not in line
]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def sh_commands(readme: str) -> list[tuple[str, int]]:
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", readme, re.DOTALL):
        for line in block.splitlines():
            expected = int(m.group(1)) if (m := re.search(r"#\s*exits (\d+)", line)) else 0
            command = re.sub(r"\s+#.*$", "", line).strip()
            parts = [part.strip() for part in command.split("&&")]
            runnable = [part for part in parts if part.startswith(RUNNABLE)]
            if runnable:
                commands.append((" && ".join(runnable), expected))
    return commands


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, shipped_output: Path) -> Path:
    """This repository's ladders, examples and templates, as a git repo with two tagged versions
    (v1.1.0 the ladders as they are, v1.0.0 the same a minor version earlier), and output/ as
    `ladder build` writes it: the session's build of the same ladders, so the README's first build
    finds every output current, as in a checkout with committed outputs."""
    root = tmp_path_factory.mktemp("readme")
    for name in ("ladders", "examples", "templates"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    env = {**os.environ, **GIT_ENV}
    git = lambda *args: subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)  # noqa: E731
    git("init", "-q", "-b", "main")
    framework = root / "ladders" / "framework.yaml"
    current = framework.read_text()
    version = re.search(r'version: "(\d+)\.(\d+)\.\d+"', current)
    assert version and (int(version[1]), int(version[2])) > (0, 0), "no earlier version than the shipped ladders'"
    major, minor = int(version[1]), int(version[2])
    earlier = f"{major}.{minor - 1}.0" if minor else f"{major - 1}.9.0"
    framework.write_text(current.replace(version[0], f'version: "{earlier}"', 1))
    git("add", "-A")
    git("commit", "-qm", "1.0.0")
    git("tag", "v1.0.0")
    framework.write_text(current)
    git("commit", "-qam", "1.1.0")
    git("tag", "v1.1.0")
    shutil.copytree(root / "ladders", root / "v1")
    shutil.copytree(root / "ladders", root / "v2")
    shutil.copytree(shipped_output, root / "output")
    return root


def page_commands() -> list:
    return [
        pytest.param(command, expected, id=f"{page}: {command}")
        for page in PAGES
        for command, expected in sh_commands((REPO / page).read_text(encoding="utf-8"))
    ]


@pytest.mark.slow  # the docs build the shipped ladders' PDFs again (--force, --shard, --templates)
@pytest.mark.xdist_group("shipped")  # in order, on the worker that has the session's build of the ladders
@pytest.mark.parametrize("command, expected", page_commands())
def test_readme_command(command: str, expected: int, scratch: Path) -> None:
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == expected, f"$ {command}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr


def test_readme_source_format_example_is_a_valid_project(tmp_path: Path) -> None:
    from ladder_compiler.pipeline import read_framework

    page = (REPO / "docs" / "writing-ladders.md").read_text(encoding="utf-8")
    example = re.search(r"# Writing ladders.*?```yaml\n(.*?)```", page, re.DOTALL).group(1)
    (tmp_path / "ladder.yaml").write_text(example)
    compiled = read_framework(tmp_path / "ladder.yaml")
    assert compiled.ok, compiled.problems
    assert (
        yaml.safe_load(example)["tracks"][0]["levels"][1]["expectations"]["delivery"]["behaviours"][0]["raises"]
        == "lead-rituals"
    )


def test_readme_starts_with_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert blocks[0].strip() == "pip install -e '.[pdf]' && ladder build"
    assert blocks[1].strip() == "pip install -c constraints.txt -e '.[test]' && python3 -m pytest -q"
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert blocks[1].strip() in ci  # CI runs the README's test command, pinned as written


def test_readme_lists_the_debian_packages_ci_installs() -> None:
    """A fresh Debian machine that follows the README has what the tests need (fonts included)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"^apt-get install ([^\n]+)$", readme, re.MULTILINE)
    ci = re.search(r"apt-get install -y -qq ([^>]+?) >/dev/null", (REPO / ".ci" / "run").read_text())
    assert listed and ci
    assert listed.group(1).split() == ci.group(1).split()
    assert "fonts-noto-core" in listed.group(1).split()


def install_lines() -> list[tuple[str, str]]:
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    return [
        (page.name, line)
        for page in pages
        for line in page.read_text(encoding="utf-8").splitlines()
        if re.search(r"pipx? install .*'ladder-compiler", line)
    ]


def test_every_install_line_installs_from_the_repository() -> None:
    """No release is on PyPI: `pip install ladder-compiler` fails with "no matching distribution"."""
    from ladder_compiler.render.pdf_engine import INSTALL_HINT

    lines = install_lines() + [("pdf_engine.py", INSTALL_HINT)]
    assert len(lines) >= 8
    pypi_only = [
        (page, line)
        for page, line in lines
        if not re.search(
            r"'ladder-compiler(\[[a-z,]+\])? @ git\+https://github\.com/ladder-compiler/ladder-compiler", line
        )
    ]
    assert pypi_only == []


def test_every_docs_page_is_in_the_site_and_has_its_commands_run() -> None:
    pages = {p.relative_to(REPO).as_posix() for p in (REPO / "docs").glob("*.md")}
    assert pages == set(PAGES[1:])


def test_readme_is_a_short_front_page_with_absolute_links() -> None:
    """PyPI renders the README without the repository around it: relative links would break."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 10 * 1024
    targets = re.findall(r"\]\(([^)]+)\)", readme)
    assert targets and [t for t in targets if not t.startswith("https://")] == []
