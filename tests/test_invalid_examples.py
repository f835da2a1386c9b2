"""Every file in example-files/invalid/ is one bad input with its expected problems in its header.

Header lines:
  # replaces: <file>    which file of the mini fixture project this one replaces (or adds)
  # expect: [<file>:]<line>:<column> [<rule>] <message fragment>   (file defaults to the replaced one)
  # hint: <hint fragment>  (optional, applies to the expect line above)
Adding a case is adding a file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import MINI, invoke

CASES = sorted((Path(__file__).parent / "example-files" / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (?:([\w.-]+\.yaml):)?(\d+):(\d+) \[([a-z-]+)\] (.+)$")


def parse_header(case: Path) -> tuple[str, list[dict]]:
    replaces, expected = None, []
    for line in case.read_text(encoding="utf-8").splitlines():
        if line.startswith("# replaces: "):
            replaces = line.removeprefix("# replaces: ").strip()
        elif match := EXPECT.match(line):
            expected.append(
                {
                    "file": match[1],
                    "line": int(match[2]),
                    "column": int(match[3]),
                    "rule": match[4],
                    "message": match[5].strip(),
                }
            )
        elif line.startswith("# hint: "):
            expected[-1]["hint"] = line.removeprefix("# hint: ").strip()
    assert replaces and expected, f"{case.name} needs `# replaces:` and at least one `# expect:`"
    return replaces, expected


def project_with(case: Path, tmp_path: Path, monkeypatch) -> str:
    """The mini fixture with the case file in place, as `project/` under the working directory."""
    replaces, _ = parse_header(case)
    shutil.copytree(MINI, tmp_path / "project")
    shutil.copy(case, tmp_path / "project" / replaces)
    monkeypatch.chdir(tmp_path)
    return replaces


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_invalid_example(case: Path, tmp_path: Path, runner, monkeypatch) -> None:
    replaces, expected = parse_header(case)
    project_with(case, tmp_path, monkeypatch)

    result = invoke(runner, "validate", "project", "--format", "json")

    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)
    for want in expected:
        matches = [
            p
            for p in problems
            if (p["line"], p["column"], p["rule"]) == (want["line"], want["column"], want["rule"])
            and want["message"] in p["message"]
        ]
        assert matches, f"expected {want} in {json.dumps(problems, indent=1)}"
        assert matches[0]["file"] == f"project/{want['file'] or replaces}"
        if "hint" in want:
            assert want["hint"] in matches[0]["hint"]
    assert len(problems) == len(expected), json.dumps(problems, indent=1)


@pytest.mark.parametrize("case", CASES[:3], ids=[c.stem for c in CASES[:3]])
def test_text_report_names_file_line_and_column(case: Path, tmp_path: Path, runner, monkeypatch) -> None:
    replaces, expected = parse_header(case)
    project_with(case, tmp_path, monkeypatch)

    result = invoke(runner, "validate", "project")

    first = expected[0]
    assert result.exit_code == 1
    assert f"project/{replaces}:{first['line']}:{first['column']}: error [{first['rule']}]" in result.output
    assert "Traceback" not in result.output
