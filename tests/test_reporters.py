"""The shared reporters: CI formats checked against their published schemas, terminal safety,
and the formats every findings command offers."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from ladder_compiler.problems import Problem
from ladder_compiler.reporters import FORMATS, Context, render
from ladder_compiler.source.load import display_path

from conftest import FAIR, LADDERS, MINI, REPO, invoke

SCHEMAS = Path(__file__).parent / "schemas"
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def sarif_validator() -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def assert_valid_sarif(text: str) -> dict:
    log = json.loads(text)
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    return log


def assert_valid_gitlab(text: str) -> list[dict]:
    issues = json.loads(text)
    assert isinstance(issues, list)
    validator = jsonschema.Draft7Validator(json.loads((SCHEMAS / "gitlab-codeclimate.json").read_text()))
    for issue in issues:
        assert not list(validator.iter_errors(issue)), issue
        # What GitLab's documentation requires beyond its parser's schema:
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    return issues


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The mini project with one schema error and one vague behaviour (a lint warning)."""
    project = tmp_path / "broken"
    shutil.copytree(FAIR, project)
    tracks = project / "tracks.yaml"
    tracks.write_text(
        tracks.read_text().replace("- Runs weekly one-to-ones with each report.", "- Runs good one-to-ones as needed.")
    )
    return project


def test_validate_sarif_matches_the_published_schema(runner, broken: Path) -> None:
    framework = broken / "framework.yaml"
    framework.write_text(framework.read_text().replace("  name:", "  nmae:", 1))
    result = invoke(runner, "validate", broken, "--format", "sarif")
    assert result.exit_code == 1
    log = assert_valid_sarif(result.output)
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "ladder"
    [finding] = [r for r in run["results"] if r["ruleId"] == "schema-unknown-key"]
    assert finding["level"] == "error" and "unknown key `nmae`" in finding["message"]["text"]
    location = finding["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("broken/framework.yaml")
    assert location["region"]["startLine"] >= 1
    rule = run["tool"]["driver"]["rules"][finding["ruleIndex"]]
    assert rule["id"] == "schema-unknown-key" and rule["shortDescription"]["text"]
    # GitHub code scanning rejects rules without these (the SARIF Multitool's GH2012):
    assert rule["fullDescription"]["text"] and rule["help"]["text"].startswith(rule["shortDescription"]["text"])
    assert "Fails:\ntitel: Group PM" in rule["help"]["text"]


def test_lint_sarif_and_gitlab_match_the_published_schemas(runner, broken: Path) -> None:
    sarif = invoke(runner, "lint", broken, "--format", "sarif")
    assert sarif.exit_code == 0  # warnings only
    results = assert_valid_sarif(sarif.output)["runs"][0]["results"]
    assert {r["ruleId"]: r["level"] for r in results} == {
        "vague-wording": "warning",
        "unobservable-promotion": "warning",
    }
    gitlab = invoke(runner, "lint", broken, "--format", "gitlab")
    [issue] = [i for i in assert_valid_gitlab(gitlab.output) if i["check_name"] == "vague-wording"]
    assert issue["check_name"] == "vague-wording" and issue["severity"] == "minor"
    assert issue["location"]["path"].endswith("tracks.yaml") and issue["location"]["lines"]["begin"] > 1
    again = invoke(runner, "lint", broken, "--format", "gitlab")
    assert again.output == gitlab.output  # deterministic, fingerprints included


def test_empty_reports_are_valid_too(runner, tmp_path: Path) -> None:
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    assert invoke(runner, "ids", project).exit_code == 0  # no behaviour-id-missing warning either
    assert_valid_sarif(invoke(runner, "validate", project, "--format", "sarif").output)
    assert json.loads(invoke(runner, "validate", project, "--format", "gitlab").output) == []
    assert invoke(runner, "validate", project, "--format", "github").output == ""


def test_every_format_renders_awkward_findings_within_its_schema() -> None:
    problems = [
        Problem(
            "dir with space/é.yaml",
            3,
            5,
            "vague-wording",
            "a | pipe, a <b>tag</b>\nand a newline",
            "warning",
            "hint: 100%",
        ),
        Problem("/abs/path.yaml", 0, 0, "version-not-bumped", "project-wide", "error"),
        Problem("/abs/path.yaml", 0, 0, "version-not-bumped", "project-wide", "error"),
    ]
    for output_format in FORMATS:
        assert render(problems, output_format, Context(command="diff")) is not None
    log = assert_valid_sarif(render(problems, "sarif", Context(command="diff")))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert uris == ["file:///abs/path.yaml", "file:///abs/path.yaml", "dir%20with%20space/%C3%A9.yaml"]
    assert "region" not in log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert_valid_gitlab(render(problems, "gitlab", Context()))
    table = render(problems, "markdown", Context()).splitlines()
    message = "a \\| pipe, a &lt;b&gt;tag&lt;/b&gt;<br>and a newline (hint: hint: 100%)"
    assert table[-1] == f"| warning | dir with space/é.yaml:3:5 | vague-wording | {message} |"
    github = render(problems, "github", Context()).splitlines()
    assert github[0] == "::error file=/abs/path.yaml,title=version-not-bumped::project-wide"
    where = "file=dir with space/é.yaml,line=3,col=5,title=vague-wording"
    assert github[-1] == f"::warning {where}::a | pipe, a <b>tag</b>%0Aand a newline (hint: 100%25)"


def test_text_strips_terminal_control_from_ladder_text_but_keeps_our_colour() -> None:
    hostile = "Runs\x1b[2J\x1b]0;owned\x07 one\x9b31m-to-ones\x00\x08\x7f\ttabs\nstay"
    [line, *_] = render(
        [Problem("t.yaml", 1, 1, "vague-wording", hostile, "warning", "\x1b[31mred")], "text", Context()
    ).splitlines()
    assert line == "t.yaml:1:1: warning [vague-wording] Runs one-to-ones\ttabs"
    plain = render([Problem("t.yaml", 1, 1, "r", hostile, "warning", "\x1b[31mred")], "text", Context())
    assert "\x1b" not in plain and "\x9b" not in plain and "hint: red" in plain and "\nstay" in plain
    coloured = render([Problem("t.yaml", 1, 1, "r", hostile, "warning")], "text", Context(colour=True))
    assert coloured.splitlines()[0] == "t.yaml:1:1: \x1b[33m\x1b[1mwarning\x1b[0m [r] Runs one-to-ones\ttabs"


def test_diff_offers_the_ci_formats(runner, tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINI, old)
    shutil.copytree(MINI, new)
    tracks = new / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("job_code: M1,", "job_code: M1X,"))
    github = invoke(runner, "diff", old, new, "--format", "github")
    assert github.exit_code == 0
    lines = github.output.splitlines()
    assert any(
        line.startswith("::error file=") and "title=job-code-changed::HRIS job code changed" in line for line in lines
    ), lines
    assert any("title=version-not-bumped::" in line for line in lines)
    log = assert_valid_sarif(invoke(runner, "diff", old, new, "--format", "sarif").output)
    driver_rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert driver_rules["job-code-changed"]["defaultConfiguration"]["level"] == "error"  # diff's "breaking"
    issues = assert_valid_gitlab(invoke(runner, "diff", old, new, "--format", "gitlab", "--fail-on", "breaking").output)
    assert {i["check_name"] for i in issues} == {"job-code-changed", "version-not-bumped"}
    assert invoke(runner, "diff", old, new, "--format", "gitlab", "--fail-on", "breaking").exit_code == 1


def test_unterminated_terminal_strings_end_at_the_line() -> None:
    from ladder_compiler.reporters.text import inert

    assert inert("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ b") == "alink b"
    assert inert("title\x9d0;gone\nnext line") == "title\nnext line"
    assert inert("x\x1bcy\x1b(Bz") == "xyz"


def test_assess_offers_the_ci_formats(runner, tmp_path: Path) -> None:
    import yaml
    from test_assess import cover_every_behaviour

    data = yaml.safe_load((REPO / "examples" / "assessment-gpm.yaml").read_text())
    cover_every_behaviour(data)
    # the sponsor is missing; calibration is pending, which is no finding
    data["process"] = [step for step in data["process"] if step["step"] != "director-sponsor"]
    example = tmp_path / "case.yaml"
    example.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    github = invoke(runner, "assess", example, "--ladders", LADDERS, "--format", "github")
    assert github.exit_code == 1
    line = next(
        number for number, text in enumerate(example.read_text().splitlines(), 1) if text.startswith("process:")
    )
    assert github.output == (
        f"::error file={display_path(example)},line={line},col=1,title=process::"
        "A Director of Product sponsors the case and presents it to the committee: not met (not completed)\n"
    )
    log = assert_valid_sarif(invoke(runner, "assess", example, "--ladders", LADDERS, "--format", "sarif").output)
    [rule] = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "process" and rule["properties"] == {"command": "assess"}
    [issue] = assert_valid_gitlab(invoke(runner, "assess", example, "--ladders", LADDERS, "--format", "gitlab").output)
    assert (issue["check_name"], issue["severity"], issue["location"]["lines"]["begin"]) == ("process", "major", line)


# Ladder text with an OSC string (sets the terminal title), a 7-bit CSI, an 8-bit CSI (U+009B) and a
# right-to-left override, written as YAML double-quoted escapes so the loader accepts it.
HOSTILE_YAML = "\\e]0;owned\\a\\e[2J\\x9b31m\\u202e"
HOSTILE = "\x1b]0;owned\x07\x1b[2J\x9b31m\u202e"
HOSTILE_JSON = "\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202e"  # as the JSON reports escape it
# What a terminal acts on: C0 but tab and newline, DEL, C1, bidi embeddings, overrides and isolates.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BREADTH_MESSAGE = (
    " has the wrong format: use lowercase letters, digits and single hyphens, starting with a letter"
    " (like `group-product-manager`) at `tracks[0].levels[1].scope.breadth`"
)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The mini project with a breadth (quoted back in a schema error) and a title full of terminal control."""
    project = tmp_path / "hostile"
    shutil.copytree(MINI, project)
    tracks = project / "tracks.yaml"
    text = tracks.read_text().replace("breadth: domain", f'breadth: "dom{HOSTILE_YAML}ain"', 1)
    tracks.write_text(text.replace("title: Senior Manager", f'title: "Senior {HOSTILE_YAML}Manager"', 1))
    return project


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_reporter_prints_hostile_ladder_text_inert(runner, hostile: Path, output_format: str) -> None:
    result = invoke(runner, "validate", hostile, "--format", output_format)
    assert result.exit_code == 1
    out = result.output
    assert not TERMINAL_CONTROL.findall(out)
    where = display_path(hostile / "tracks.yaml")
    if output_format == "text":
        assert out.splitlines()[0] == f"{where}:37:20: error [schema-format] `domain`{BREADTH_MESSAGE}"
    elif output_format == "github":
        assert out == f"::error file={where},line=37,col=20,title=schema-format::`domain`{BREADTH_MESSAGE}\n"
    elif output_format == "markdown":
        message = f"`dom\\]0;owned\\[2J31main`{BREADTH_MESSAGE}".replace("[0]", "\\[0\\]").replace("[1]", "\\[1\\]")
        assert out.rstrip("\n").splitlines()[-1] == f"| error | {where}:37:20 | schema-format | {message} |"
    else:  # json, sarif, gitlab: escaped in the text, the ladder's exact string in the data
        assert f"`dom{HOSTILE_JSON}ain`" in out
        data = json.loads(out)
        message = {
            "json": lambda: data[0]["message"],
            "sarif": lambda: assert_valid_sarif(out)["runs"][0]["results"][0]["message"]["text"],
            "gitlab": lambda: assert_valid_gitlab(out)[0]["description"],
        }[output_format]()
        assert message == f"`dom{HOSTILE}ain`{BREADTH_MESSAGE}"


def test_diff_views_print_hostile_ladder_text_inert(runner, hostile: Path) -> None:
    tracks = hostile / "tracks.yaml"  # only the title: the breadth would make the project invalid
    tracks.write_text(tracks.read_text().replace(f'breadth: "dom{HOSTILE_YAML}ain"', "breadth: domain"))
    renamed = f"level renamed: “Senior Manager” → “Senior {HOSTILE}Manager”"
    for output_format in ("text", "markdown", "json", "html", "github", "sarif", "gitlab"):
        result = invoke(runner, "diff", MINI, hostile, "--format", output_format)
        assert result.exit_code == 0, result.output
        assert not TERMINAL_CONTROL.findall(result.output), output_format
    text = invoke(runner, "diff", MINI, hostile).output
    assert "level renamed: “Senior Manager” → “Senior Manager”" in text
    changes = json.loads(invoke(runner, "diff", MINI, hostile, "--format", "json").output)["changes"]
    assert [c["new"] for c in changes if c["rule"] == "level-renamed"] == [f"Senior {HOSTILE}Manager"]
    sarif = assert_valid_sarif(invoke(runner, "diff", MINI, hostile, "--format", "sarif").output)
    assert [r["message"]["text"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "level-renamed"] == [renamed]
    html = invoke(runner, "diff", MINI, hostile, "--format", "html").output
    assert "<h3>Senior ]0;owned[2J31mManager (manager-2)</h3>" in html


def test_json_reports_escape_what_json_may_carry_raw() -> None:
    from ladder_compiler.reporters.json import dumps

    value = {"del\x7f": "csi\x9b st\x9c rlo\u202e isolate\u2066 nel\x85 é → 😀"}
    text = dumps(value)
    assert text == '{\n  "del\\u007f": "csi\\u009b st\\u009c rlo\\u202e isolate\\u2066 nel\\u0085 é → 😀"\n}'
    assert json.loads(text) == value


@pytest.fixture
def changed_repository(tmp_path: Path, monkeypatch) -> Path:
    """The shipped ladders committed to a git repo, then changed: a role added (its translations
    missing), a behaviour reworded (its translation stale), a behaviour added (missing, located in its track file), a behaviour removed from a track
    file that was then renamed (its old file is gone); the working directory is the ladders folder."""
    import subprocess

    root = tmp_path / "repo"
    shutil.copytree(LADDERS, root / "ladders")
    git = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env={**git, "HOME": str(tmp_path)})
    paths = root / "ladders" / "career-paths.yaml"
    paths.write_text(
        paths.read_text().replace(
            "  roles:\n",
            "  roles:\n    - id: cpo-office\n      title: CPO office\n      description: Runs the office of the CPO.\n",
            1,
        )
    )
    gpm = root / "ladders" / "tracks" / "group-product-manager.yaml"
    reworded = gpm.read_text().replace("Writes a six-month strategy", "Writes a nine-month strategy", 1)
    assert reworded != gpm.read_text()  # its German translation goes stale
    gpm.write_text(reworded)
    # at the top level, so that no level carries it up unchanged (the inherited-duty lint error)
    *_, last = re.finditer(r"\n(\s+)- id: (\S+)\n\s+text: ", gpm.read_text())
    added = f"\n{last[1]}- id: brand-new\n{last[1]}  text: Runs a brand new ritual every week."
    gpm.write_text(gpm.read_text().replace(last[0], added + last[0], 1))
    ppm = root / "ladders" / "tracks" / "portfolio-product-manager.yaml"
    text = ppm.read_text()
    removed = re.search(r"\n(\s+)- id: dps-portfolio-strategy\n\s+text: .*(?:\n\1  \S.*)*(?=\n\1- id: )", text)
    assert removed
    (root / "ladders" / "tracks" / "ppm.yaml").write_text(text.replace(removed[0], "", 1))
    ppm.unlink()
    monkeypatch.chdir(root / "ladders")
    return root


def reported_locations(output_format: str, text: str) -> list[tuple[str, int]]:
    if output_format == "text":  # `file:line:col: severity …` (validate, lint), `… (file:line)` (diff)
        found = re.findall(r"^(\S+):(\d+):\d+: |\(([^()\s]+):(\d+)\)$", text, re.MULTILINE)
        return [(a or c, int(b or d)) for a, b, c, d in found]
    if output_format == "github":
        found = re.findall(r"^::\w+ file=([^,]+),line=(\d+),", text, re.MULTILINE)
        assert len(found) == len(text.splitlines())
        unescaped = [(f.replace("%3A", ":").replace("%2C", ",").replace("%25", "%"), int(n)) for f, n in found]
        return unescaped
    data = json.loads(text)
    if output_format == "sarif":
        return [
            (loc["physicalLocation"]["artifactLocation"]["uri"], loc["physicalLocation"]["region"]["startLine"])
            for result in data["runs"][0]["results"]
            for loc in result["locations"]
        ]
    if output_format == "gitlab":
        return [(issue["location"]["path"], issue["location"]["lines"]["begin"]) for issue in data]
    findings = data["changes"] if isinstance(data, dict) else data
    return [(finding["file"], finding["line"]) for finding in findings]


@pytest.mark.parametrize("output_format", ["github", "sarif", "gitlab", "json", "text"])
def test_every_reported_path_is_a_file_of_the_repository(runner, changed_repository: Path, output_format) -> None:
    """Annotations attach only to files that exist, named from the repository's root: translation
    findings, removals (from a file since renamed) and project-wide changes included. The text
    report names the same files as a person types them, from the working directory."""
    root = changed_repository if output_format != "text" else Path.cwd()
    prefix = "ladders/" if output_format != "text" else ""
    reports = {
        "validate": invoke(runner, "validate", "--format", output_format),
        "lint": invoke(runner, "lint", "--format", output_format),
        "diff": invoke(runner, "diff", "HEAD", "--format", output_format),
    }
    seen: dict[str, set[str]] = {}
    for command, result in reports.items():
        assert result.exit_code == 0, result.output  # warnings and notes only; diff without --fail-on
        locations = reported_locations(output_format, result.output)
        assert locations, command
        for file, line in locations:
            assert (root / file).is_file(), (command, file)
            assert 1 <= line <= len((root / file).read_bytes().splitlines()), (command, file, line)
        seen[command] = {file for file, _ in locations}
    assert f"{prefix}tracks/group-product-manager.yaml" in seen["validate"]  # a missing translation, at its text
    assert {f"{prefix}locales/de.po", f"{prefix}tracks/group-product-manager.yaml"} <= seen["lint"]  # stale, missing
    assert f"{prefix}tracks/ppm.yaml" in seen["diff"]  # the removal, in the file that holds its track now
    assert f"{prefix}framework.yaml" in seen["diff"]  # project-wide: version-not-bumped
