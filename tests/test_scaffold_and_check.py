"""`ladder init`, `ladder check` and `ladder schema`, end to end."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import LADDERS, REPO, invoke


def test_init_then_validate_build_lint_and_assess(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "init", "new")
    assert result.exit_code == 0, result.output
    project = tmp_path / "new"
    for name in (
        "framework.yaml",
        "competencies.yaml",
        "career-paths.yaml",
        "tracks/product-manager.yaml",
        ".ladder-lint.yaml",
        ".ladder/assessment.example.yaml",
        ".ladder/schemas/ladder-source.v2.schema.json",
    ):
        assert (project / name).is_file(), name
    assert (tmp_path / ".gitignore").read_text().splitlines()[-1] == "/output/"  # where the build below writes
    assert invoke(runner, "validate", "new").exit_code == 0
    build = invoke(runner, "build", "new", "--jobs", "1")
    assert build.exit_code == 0, build.output
    assert (tmp_path / "output" / "pdf" / "product-manager.pdf").is_file()
    assert invoke(runner, "lint", "new", "--strict").exit_code == 0
    assert invoke(runner, "assess", "new/.ladder/assessment.example.yaml", "--ladders", "new").exit_code == 0
    from ladder_compiler.pipeline import read_framework

    framework = read_framework(project).framework
    assert (
        len(framework.tracks) == 2
        and {len(t.levels) for t in framework.tracks} == {3}
        and len(framework.competencies) == 4
    )


def test_scaffold_files_point_editors_at_local_schemas(runner, tmp_path: Path) -> None:
    invoke(runner, "init", tmp_path / "p")
    for path in (tmp_path / "p").rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            schema = (path.parent / first.split("=", 1)[1]).resolve()
            assert schema.is_file(), (path, schema)
    assert (tmp_path / "p" / ".ladder" / "schemas" / "ladder-source.v2.schema.json").read_text() == (
        REPO / "schemas" / "ladder-source.v2.schema.json"
    ).read_text()


def test_init_refuses_to_overwrite_anything(runner, tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "framework.yaml").write_text("mine\n")
    result = invoke(runner, "init", project)
    assert result.exit_code == 2 and "framework.yaml" in result.output and "nothing was written" in result.output
    assert sorted(p.name for p in project.iterdir()) == ["framework.yaml"]
    assert (project / "framework.yaml").read_text() == "mine\n"


def test_check_reports_missing_stale_and_current(runner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    missing = invoke(runner, "check", mini, "--out", out, "--format", "md,json")
    assert missing.exit_code == 1 and str(out / "markdown" / "manager.md") in missing.output
    invoke(runner, "build", mini, "--out", out, "--format", "md,json")
    before = sorted(p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file())
    assert invoke(runner, "check", mini, "--out", out, "--format", "md,json").exit_code == 0
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("Leads a small team.", "Leads a small product team."))
    stale = invoke(runner, "check", mini, "--out", out, "--format", "md,json")
    assert stale.exit_code == 1 and "manager.md" in stale.output
    # Per-track digests: the other track's page shows nothing of the edited text, so it stays current.
    assert "strategist.md" not in stale.output
    assert sorted(p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()) == before  # wrote nothing


def test_committed_outputs_of_this_repository_are_current(runner, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    result = invoke(runner, "check", LADDERS.relative_to(REPO))
    assert result.exit_code == 0, f"run `ladder build` and commit output/:\n{result.output}"


def test_schema_prints_the_shipped_files(runner) -> None:
    shipped = (
        ("--source", "ladder-source.v2.schema.json"),
        ("--source-v1", "ladder-source.v1.schema.json"),
        ("--output", "hris-export.v2.schema.json"),
        ("--output-v1", "hris-export.v1.schema.json"),
        ("--assessment", "assessment.v1.schema.json"),
    )
    for option, name in shipped:
        result = invoke(runner, "schema", option)
        assert result.exit_code == 0 and result.output == (REPO / "schemas" / name).read_text()
        assert json.loads(result.output)["$id"].endswith(name)
