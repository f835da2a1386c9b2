"""CLI conventions: `-` for standard input, NO_COLOR/FORCE_COLOR, shell completion through the
real completion protocol, `ladder init`'s .gitignore where the build writes, one exit path."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FAIR, LADDERS, MINI, REPO, invoke

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def one_file(project: Path) -> bytes:
    """The mini project as one YAML file: each of its files holds different top-level keys."""
    return b"".join((project / name).read_bytes() for name in ("framework.yaml", "competencies.yaml", "tracks.yaml"))


def test_validate_reads_one_file_from_stdin(runner) -> None:
    from ladder_compiler.cli import main

    good = runner.invoke(main, ["validate", "-"], input=one_file(MINI))
    assert good.exit_code == 0, good.output
    assert good.output == "-: valid (2 tracks, 4 levels, 3 competencies)\n"
    bad = runner.invoke(
        main,
        ["validate", "-", "--format", "json"],
        input=one_file(MINI).replace(b"  name: Mini Framework", b"  nmae: Mini Framework"),
    )
    assert bad.exit_code == 1
    assert '"file": "<stdin>"' in bad.output and "schema-unknown-key" in bad.output


def test_lint_reads_one_file_from_stdin(runner) -> None:
    from ladder_compiler.cli import main

    vague = one_file(FAIR).replace(
        b"- Runs weekly one-to-ones with each report.", b"- Runs good one-to-ones as needed."
    )
    result = runner.invoke(main, ["lint", "-", "--format", "github"], input=vague)
    assert result.exit_code == 0
    assert "::warning file=<stdin>,line=" in result.output and "title=vague-wording::" in result.output


def test_assess_reads_the_case_from_stdin(runner) -> None:
    from ladder_compiler.cli import main

    example = REPO / "examples" / "assessment-gpm.yaml"
    from_file = invoke(runner, "assess", example, "--ladders", LADDERS, "--format", "json")
    from_stdin = runner.invoke(
        main, ["assess", "-", "--ladders", str(LADDERS), "--format", "json"], input=example.read_bytes()
    )
    assert (from_stdin.exit_code, from_stdin.output) == (from_file.exit_code, from_file.output)
    assert from_file.exit_code == 1  # the example's calibration session is still missing
    pdf = runner.invoke(main, ["assess", "-", "--ladders", str(LADDERS), "--format", "pdf"], input=example.read_bytes())
    assert pdf.exit_code == 2 and "needs --out" in pdf.output


def test_empty_no_color_keeps_colour_and_force_color_forces_it(runner, monkeypatch) -> None:
    from ladder_compiler.commands.common import use_colour

    for env, expected in ((("", ""), None), (("1", ""), False), (("", "1"), True), (("1", "1"), False)):
        monkeypatch.setenv("NO_COLOR", env[0])
        monkeypatch.setenv("FORCE_COLOR", env[1])
        assert use_colour() is expected, env
    monkeypatch.setenv("NO_COLOR", "")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = _lint_with_findings(runner)
    assert ANSI.search(result), result  # forced on though the test runner is no terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(_lint_with_findings(runner))


def _lint_with_findings(runner) -> str:
    from ladder_compiler.cli import main

    vague = one_file(FAIR).replace(
        b"- Runs weekly one-to-ones with each report.", b"- Runs good one-to-ones as needed."
    )
    return runner.invoke(main, ["lint", "-"], input=vague, color=True).output


def complete(cwd: Path, words: str) -> list[str]:
    """What bash completion offers for `words` (the last word is the one being completed)."""
    env = {
        **os.environ,
        "_LADDER_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    ladder = shutil.which("ladder", path=str(Path(sys.executable).parent))
    assert ladder
    result = subprocess.run([ladder], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=True)
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_track_completion_honours_an_explicit_path(tmp_path: Path) -> None:
    shutil.copytree(LADDERS, tmp_path / "here" / "ladders")
    shutil.copytree(MINI, tmp_path / "proj" / "ladders")
    here = tmp_path / "here"
    assert complete(here, "ladder build ../proj/ladders --track ") == ["manager", "strategist"]
    assert complete(here, "ladder check ../proj/ladders --track s") == ["strategist"]
    from ladder_compiler.pipeline import read_framework

    shipped = [t.id for t in read_framework(LADDERS).framework.tracks]
    assert complete(here, "ladder build --track ") == shipped  # no PATH typed: ./ladders


def test_build_format_completes(tmp_path: Path) -> None:
    assert complete(tmp_path, "ladder build --format ")[:3] == ["all", "md", "html"]
    assert complete(tmp_path, "ladder build --format md,p") == ["md,pdf"]
    assert complete(tmp_path, "ladder check --format md,c") == ["md,csv", "md,case"]


def test_init_ignores_output_where_the_build_writes_it(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    result = invoke(runner, "init", "new")
    assert result.exit_code == 0 and "ladder build new\n" in result.output
    assert invoke(runner, "build", "new", "--format", "md").exit_code == 0
    assert (tmp_path / "output" / "markdown").is_dir()
    ignored = subprocess.run(["git", "check-ignore", "-q", "output/markdown/product-manager.md"], check=False)
    assert ignored.returncode == 0  # git itself agrees the build's output is ignored
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], capture_output=True, text=True, check=True
    )
    assert not [line for line in status.stdout.splitlines() if "output/" in line]


def test_init_in_a_subdirectory_names_the_output_it_ignores(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / ".gitignore").write_text("*.pyc\n")
    result = invoke(runner, "init", "repo/ladders")
    assert result.exit_code == 0
    assert (tmp_path / "repo" / ".gitignore").read_text() == "*.pyc\n"  # an existing file is never edited
    assert "note: add /output/ to repo/.gitignore" in result.output
    assert "ladder build repo/ladders --out repo/output" in result.output
    elsewhere = invoke(runner, "init", tmp_path / "other" / "ladders")
    assert elsewhere.exit_code == 0
    assert not (tmp_path / "other" / ".gitignore").exists()  # only the current directory gets one
    assert f"note: add /output/ to {tmp_path / 'other' / '.gitignore'}" in elsewhere.output


def test_commands_exit_in_one_place() -> None:
    """No command or helper calls sys.exit: they return or raise an Outcome, cli maps it."""
    sources = [*(REPO / "compiler" / "commands").glob("*.py"), REPO / "compiler" / "cli.py"]
    offenders = [str(p.relative_to(REPO)) for p in sources if "sys.exit" in p.read_text()]
    assert offenders == []


def test_track_errors_use_clicks_own_wording(runner, tmp_path: Path) -> None:
    build = invoke(runner, "build", MINI, "--track", "managr", "--out", tmp_path / "out")
    assert build.exit_code == 2
    assert "Error: Invalid value for '--track': unknown track 'managr'; did you mean 'manager'?" in build.output
    diff = invoke(runner, "diff", MINI, MINI, "--track", "nope")
    assert diff.exit_code == 2
    assert "Error: Invalid value for '--track': unknown track 'nope'; choose from manager, strategist" in diff.output
    fmt = invoke(runner, "diff", MINI, MINI, "--format", "pdf")
    assert fmt.exit_code == 2 and "Error: Invalid value for '--format': 'pdf' is not one of" in fmt.output


def test_lint_suppressions_work_on_stdin(runner) -> None:
    from ladder_compiler.cli import main

    vague = one_file(FAIR).replace(
        b"- Runs weekly one-to-ones with each report.", b"- Runs good one-to-ones as needed."
    )
    suppressed = vague.replace(
        b"- Runs good one-to-ones as needed.",
        b"- Runs good one-to-ones as needed.  # ladder-lint: disable=vague-wording",
    )

    def rules(data: bytes) -> set[str]:
        output = runner.invoke(main, ["lint", "-", "--format", "json"], input=data).output
        return {finding["rule"] for finding in json.loads(output)}

    assert "vague-wording" in rules(vague)
    assert "vague-wording" not in rules(suppressed)


def test_validate_verbose_keeps_terminal_control_out_of_titles(runner) -> None:
    from ladder_compiler.cli import main

    hostile = one_file(MINI).replace(b"title: Senior Manager", b'title: "Senior\\e]0;pwned\\aManager"')
    result = runner.invoke(main, ["validate", "-", "-v"], input=hostile)
    assert result.exit_code == 0, result.output
    assert "  manager: Manager → SeniorManager\n" in result.output
