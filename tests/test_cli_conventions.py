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

import click

from conftest import FAIR, LADDERS, MINI, REPO, invoke

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def one_file(project: Path) -> bytes:
    """The mini project as one YAML file: each of its files holds different top-level keys."""
    return b"".join((project / name).read_bytes() for name in ("framework.yaml", "competencies.yaml", "tracks.yaml"))


def test_validate_reads_one_file_from_stdin(runner) -> None:
    from ladder_compiler.cli import main

    good = runner.invoke(main, ["validate", "-"], input=one_file(MINI))
    assert good.exit_code == 0, good.output
    assert good.output.splitlines() == ["-: valid (2 tracks, 4 levels, 3 competencies)"]  # mini's behaviours have ids
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
    assert result.exit_code == 0
    assert "\n  ladder build new   # every output marked DRAFT until the release is approved:\n" in result.output
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


def test_markdown_and_md_are_one_format_in_every_command(runner, tmp_path: Path) -> None:
    """One spelling set: `md` and `markdown` are accepted wherever either is."""
    out = tmp_path / "out"
    built = invoke(runner, "build", MINI, "--out", out, "--format", "markdown")
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "markdown"]
    for command in ("validate", "lint"):  # on a project that passes the fairness rules
        long, short = (invoke(runner, command, FAIR, "--format", name) for name in ("markdown", "md"))
        assert (short.exit_code, short.output) == (long.exit_code, long.output)
        assert long.exit_code == 0
    diff = invoke(runner, "diff", MINI, MINI, "--format", "md")
    assert diff.exit_code == 0 and diff.output == invoke(runner, "diff", MINI, MINI, "--format", "markdown").output


def test_quiet_means_only_problems_in_diff_too(runner, tmp_path: Path) -> None:
    changed = tmp_path / "changed"
    shutil.copytree(MINI, changed)
    tracks = changed / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("title:", "title: Renamed", 1).replace("Renamed ", "Renamed-", 1))
    clean = invoke(runner, "diff", MINI, changed, "-q")
    assert (clean.exit_code, clean.output) == (0, "")
    failing = invoke(runner, "diff", MINI, changed, "-q", "--fail-on", "any")
    assert failing.exit_code == 1
    assert failing.output == invoke(runner, "diff", MINI, changed).output


def test_schema_refuses_two_schemas_at_once(runner) -> None:
    result = invoke(runner, "schema", "--source", "--output")
    assert result.exit_code == 2
    assert "Error: choose one schema, not --source and --output" in result.stderr
    assert invoke(runner, "schema", "--output").output.startswith("{")


def test_a_mistyped_command_gets_a_suggestion(runner) -> None:
    result = invoke(runner, "buidl")
    assert result.exit_code == 2
    assert "Error: No such command 'buidl'. Did you mean 'build'?" in result.stderr
    unknown = invoke(runner, "zzz")
    assert unknown.exit_code == 2 and "Did you mean" not in unknown.stderr


def test_init_into_an_existing_project_is_a_usage_error(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke(runner, "init", "p", "-q").exit_code == 0
    again = invoke(runner, "init", "p")
    assert again.exit_code == 2
    assert "nothing was written" in again.stderr


def test_assess_takes_the_project_as_path_and_still_reads_ladders(runner) -> None:
    example = REPO / "examples" / "assessment-gpm.yaml"
    positional = invoke(runner, "assess", example, LADDERS, "--format", "json")
    old = invoke(runner, "assess", example, "--ladders", LADDERS, "--format", "json")
    assert (positional.exit_code, positional.output) == (old.exit_code, old.output) == (1, old.output)
    assert "--ladders" not in invoke(runner, "assess", "--help").output


def test_no_deprecation_warnings_from_the_cli(tmp_path: Path) -> None:
    """Help, a mistyped command and standard input, with deprecations as errors (click 8.4 and 8.5)."""
    script = (
        "import sys, warnings\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "from click.testing import CliRunner\n"
        "from ladder_compiler.cli import main\n"
        "runner = CliRunner()\n"
        "for args, stdin in ((['--help'], None), (['buidl'], None), (['validate', '--help'], None),\n"
        "                    (['validate', '-'], sys.argv[1]), (['lint', '-'], sys.argv[1])):\n"
        "    result = runner.invoke(main, args, input=stdin)\n"
        "    if result.exception and not isinstance(result.exception, SystemExit):\n"
        "        raise result.exception\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, one_file(MINI).decode()], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_project_is_found_from_the_working_directory_upwards(runner, tmp_path: Path, monkeypatch) -> None:
    """As ruff and yamllint find their settings: `cd ladders && ladder validate` works."""
    shutil.copytree(MINI, tmp_path / "repo" / "ladders")
    (tmp_path / "repo" / ".git").mkdir()  # the search stops at a repository's root
    (tmp_path / "repo" / "ladders" / "sub").mkdir()
    for where, shown in (("repo", "ladders"), ("repo/ladders", "."), ("repo/ladders/sub", "..")):
        monkeypatch.chdir(tmp_path / where)
        result = invoke(runner, "validate")
        assert (result.exit_code, result.output) == (0, f"{shown}: valid (2 tracks, 4 levels, 3 competencies)\n")
    monkeypatch.chdir(tmp_path)
    outside = invoke(runner, "validate")
    assert outside.exit_code == 2
    assert f"no ladder project in {tmp_path} or above it" in outside.stderr


def test_ladder_yaml_and_pyproject_name_the_project(runner, tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(MINI, tmp_path / "career" / "src")
    (tmp_path / "career" / "docs").mkdir()
    (tmp_path / "career" / ".ladder.yaml").write_text("path: src\n")
    monkeypatch.chdir(tmp_path / "career" / "docs")
    result = invoke(runner, "validate")
    assert (result.exit_code, result.output) == (0, "../src: valid (2 tracks, 4 levels, 3 competencies)\n")
    (tmp_path / "career" / ".ladder.yaml").unlink()
    (tmp_path / "career" / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.ladder]\npath = "src"\n')
    assert invoke(runner, "validate").output == "../src: valid (2 tracks, 4 levels, 3 competencies)\n"
    assert invoke(runner, "validate", "../src").exit_code == 0  # PATH given: no search


def test_lint_settings_are_found_upwards_and_config_overrides(runner, tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(FAIR, tmp_path / "ladders")  # lint-clean but for one unobservable-promotion warning
    (tmp_path / ".git").mkdir()
    (tmp_path / ".ladder-lint.yaml").write_text("rules:\n  unobservable-promotion: off\n")
    monkeypatch.chdir(tmp_path / "ladders")
    assert invoke(runner, "lint", "--format", "json").output.strip() == "[]"
    (tmp_path / "other.yaml").write_text("rules:\n  unobservable-promotion: error\n")
    overridden = invoke(runner, "lint", "--config", "../other.yaml", "--format", "json")
    assert overridden.exit_code == 1
    assert {p["rule"] for p in json.loads(overridden.output)} == {"unobservable-promotion"}


def test_quiet_assess_prints_the_report_only_when_the_case_is_not_ready(runner) -> None:
    example = REPO / "examples" / "assessment-gpm.yaml"
    quiet = invoke(runner, "assess", example, LADDERS, "-q")
    assert quiet.exit_code == 1  # the example's calibration session is still missing
    assert quiet.output == invoke(runner, "assess", example, LADDERS).output


def every_command() -> list[tuple[str, click.Command]]:
    """Each command a user can run, subcommands of groups (`translations status`) included."""
    from ladder_compiler.cli import main

    ctx = click.Context(main)
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, name: str) -> None:
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                subcommand = command.get_command(ctx, sub)
                assert subcommand is not None
                walk(subcommand, f"{name} {sub}".strip())
        else:
            found.append((name, command))

    walk(main, "")
    return found


# The commands that read no ladder project: merge combines build outputs, init creates a project,
# schema prints a bundled file.
WITHOUT_PROJECT = {"merge", "init", "schema"}


def test_every_command_speaks_the_shared_vocabulary() -> None:
    """docs/cli.md's table, checked on every click command: one -q, one --strict, one --format help
    and spelling set, and the project named PATH (an argument, or `--path PATH` where the arguments
    are something else)."""
    from ladder_compiler.commands.common import FORMAT_HELP, PROJECT_HELP, QUIET_HELP, STRICT_HELP, FormatChoice

    commands = every_command()
    assert len(commands) == 15  # 12 commands and the three of `translations`
    for name, command in commands:
        params = {param.name: param for param in command.params}
        quiet = params.get("quiet")
        assert isinstance(quiet, click.Option), name
        assert (quiet.opts, quiet.help, quiet.hidden) == (["-q", "--quiet"], QUIET_HELP, name == "schema"), name
        if "strict" in params:
            assert params["strict"].help == STRICT_HELP, name  # type: ignore[attr-defined]
        output_format = params.get("output_format")
        if isinstance(output_format, click.Option) and isinstance(output_format.type, click.Choice):
            assert isinstance(output_format.type, FormatChoice), name
            assert output_format.help == FORMAT_HELP, name
            assert "markdown" in output_format.type.choices, name
        project = params.get("path")
        if name in WITHOUT_PROJECT:
            assert project is None, name
        elif isinstance(project, click.Argument):
            assert project.human_readable_name == "PATH", name
        else:
            assert isinstance(project, click.Option), name
            assert (project.opts, project.metavar, project.help) == (["--path"], "PATH", PROJECT_HELP), name
        ladders = params.get("ladders_path")  # the old spelling, accepted but not shown
        assert ladders is None or ladders.hidden, name  # type: ignore[attr-defined]
    strict = {name for name, command in commands if any(param.name == "strict" for param in command.params)}
    assert strict == {"validate", "lint"}
    cli_page = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert QUIET_HELP in cli_page


def test_quiet_keeps_only_problems_in_merge_translations_and_calibrate(runner, tmp_path: Path) -> None:
    project = tmp_path / "ladders"
    shutil.copytree(LADDERS, project)
    for args in (["extract"], ["update"], ["status"]):
        quiet = invoke(runner, "translations", *args, project, "-q")
        assert quiet.exit_code == 0, quiet.output
        assert quiet.stderr == ""
    status = invoke(runner, "translations", "status", project, "-q")
    assert [line.split(":")[0] for line in status.stdout.splitlines()] == ["ar (draft)"]  # de is complete
    assert [line.split(":")[0] for line in invoke(runner, "translations", "status", project).stdout.splitlines()] == [
        "de",
        "ar (draft)",
    ]
    shard = tmp_path / "shard"
    assert invoke(runner, "build", MINI, "--out", shard, "--format", "json", "--shard", "1/1", "-q").exit_code == 0
    merged = invoke(runner, "merge", shard, "--out", tmp_path / "merged", "-q")
    assert (merged.exit_code, merged.output) == (0, "")
    bad_case = tmp_path / "round" / "case.yaml"
    bad_case.parent.mkdir()
    bad_case.write_text("candidate: x\n")
    calibrated = invoke(runner, "calibrate", bad_case.parent, "--path", LADDERS, "-q", "--out", tmp_path / "packs")
    assert calibrated.exit_code == 1
    assert "case.yaml:1:1: error [" in calibrated.stderr  # -q keeps problems


def test_calibrate_finds_the_project_and_reads_markdown_as_md(runner, tmp_path: Path, monkeypatch) -> None:
    case = REPO / "examples" / "assessment-gpm.yaml"
    monkeypatch.chdir(REPO / "ladders" / "tracks")  # found upwards, as every command finds it
    result = invoke(runner, "calibrate", case, "--format", "markdown", "--out", tmp_path / "packs", "-q")
    assert (result.exit_code, result.output) == (0, "")
    assert [p.name for p in (tmp_path / "packs").iterdir()] == ["gpm.md"]


def test_diff_from_a_subdirectory_of_the_project_sees_no_change(runner, tmp_path: Path, monkeypatch) -> None:
    """The project found from below it is the same project: paths it names (its previous release)
    compare relative to the project, not to where the command runs."""
    root = tmp_path / "repo"
    shutil.copytree(LADDERS, root / "ladders")
    git = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env={**git, "HOME": str(tmp_path)})
    for where in ("", "ladders", "ladders/tracks"):
        monkeypatch.chdir(root / where)
        result = invoke(runner, "diff", "HEAD", "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["changes"] == [], where
