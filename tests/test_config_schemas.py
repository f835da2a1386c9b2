"""The settings files' schemas (lint, diff severities) and where every schema's `$id` points.

The lint and diff settings schemas are generated from the rules, are what `ladder lint` and
`ladder diff` check the files against (located errors, by the same path as ladder files), agree
with the real check-jsonschema, and are printed by `ladder schema`. Every `$id` is the schema's
address on the docs site, which the MkDocs hook publishes from schemas/ unchanged.
"""

from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ladder_compiler.render.export import SCHEMA_ID

from config_schemas import DIFF_CONFIG_SCHEMA, LINT_CONFIG_SCHEMA, generated
from conftest import FAIR, MINI, REPO, invoke

SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))


def site_url() -> str:
    (line,) = [line for line in (REPO / "mkdocs.yml").read_text().splitlines() if line.startswith("site_url:")]
    return line.split(":", 1)[1].strip()


def test_committed_settings_schemas_are_generated_from_the_rules() -> None:
    for name, text in generated().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is out of date: python tools/config_schemas.py schemas"
        )


def test_every_lint_rule_and_option_is_in_the_lint_schema() -> None:
    from ladder_compiler.lint import all_rules

    rules = json.loads((REPO / "schemas" / LINT_CONFIG_SCHEMA).read_text())["properties"]["rules"]["properties"]
    assert sorted(rules) == sorted(m.ID for m in all_rules())
    for module in all_rules():
        assert set(rules[module.ID]["else"]["properties"]) == {"severity", *module.CONF}


# Each `$id` is the schema's address on the docs site --------------------------------------------


def test_every_id_is_the_address_the_docs_site_publishes_it_at() -> None:
    base = site_url() + "schemas/"
    assert base.startswith("https://")
    for path in SCHEMAS:
        assert json.loads(path.read_text())["$id"] == base + path.name, path.name


def test_setup_cfg_documentation_url_is_the_site() -> None:
    metadata = configparser.ConfigParser()
    metadata.read(REPO / "setup.cfg")
    urls = dict(
        line.split(" = ", 1) for line in metadata["metadata"]["project_urls"].strip().splitlines() if " = " in line
    )
    assert urls["Documentation"].strip() == site_url()


def test_the_export_names_its_schema_by_its_id() -> None:
    assert SCHEMA_ID == json.loads((REPO / "schemas" / "hris-export.v2.schema.json").read_text())["$id"]


def test_shipped_profiles_name_the_profile_schema_by_its_id() -> None:
    schema_id = json.loads((REPO / "schemas" / "hris-profile.v1.schema.json").read_text())["$id"]
    for profile in sorted((REPO / "compiler" / "hris" / "profiles").glob("*.yaml")):
        assert yaml.safe_load(profile.read_text())["$schema"] == schema_id, profile.name


def test_the_docs_build_publishes_every_schema_unchanged(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="the [docs] extra is not installed; .ci/run checks the built site too")
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path))
    files = config.plugins.on_files(Files([]), config=config)  # what `mkdocs build` runs: mkdocs.yml's hooks
    published = {file.dest_uri: Path(file.abs_src_path) for file in files}
    assert published == {f"schemas/{path.name}": path for path in SCHEMAS}


def test_validation_never_fetches_a_schema() -> None:
    """The source names no host ladder would fetch from: schemas come from the package."""
    code = "\n".join(p.read_text() for p in (REPO / "compiler").rglob("*.py"))
    assert not re.search(r"urlopen|requests\.|httpx|urllib\.request", code)


# The lint settings file ------------------------------------------------------------------------


def lint(runner, project: Path, settings: str):
    (project / ".ladder-lint.yaml").write_text(settings)
    return invoke(runner, "lint", project, "--format", "json")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    project = tmp_path / "mini"
    shutil.copytree(FAIR, project)  # the format 2 copy: lint errors on format 1 would hide the settings' effect
    return project


GOOD_LINT_SETTINGS = [
    "rules: {}\n",
    "rules:\n  reading-level: off\n  passive-voice: info\n",
    "rules:\n  vague-wording:\n    severity: error\n    words: [good, strong]\n  long-expectation: {max_words: 30}\n",
    "rules:\n  reading-level: {severity: off}\n",
    (REPO / "templates" / "scaffold" / "dot-ladder-lint.yaml").read_text(),
]


@pytest.mark.parametrize("settings", GOOD_LINT_SETTINGS)
def test_good_lint_settings_are_accepted(runner, mini: Path, settings: str) -> None:
    result = lint(runner, mini, settings)
    assert result.exit_code == 0, result.output
    assert "lint-config" not in result.output


BAD_LINT_SETTINGS = [
    (
        "rules:\n  vague-wordin: off\n",
        "2:3: error [lint-config] unknown key `vague-wordin` at `rules`",
        "did you mean `vague-wording`?",
    ),
    (
        "rules:\n  reading-level: {severity: urgent}\n",
        "2:29: error [lint-config] `urgent` is not allowed at `rules.reading-level.severity`; "
        "expected one of: error, warning, info, off",
        "",
    ),
    ("rules:\n  reading-level: sometimes\n", "2:18: error [lint-config] `sometimes` is not allowed", ""),
    (
        "rules:\n  long-expectation: {max_words: many}\n",
        "2:33: error [lint-config] expected an integer at `rules.long-expectation.max_words`, got text",
        "",
    ),
    (
        "rules:\n  vague-wording: {words: good}\n",
        "2:26: error [lint-config] expected a list at `rules.vague-wording.words`, got text",
        "",
    ),
    (
        "rules:\n  nothing-new: {severty: off}\n",
        "2:17: error [lint-config] unknown key `severty` at `rules.nothing-new`",
        "did you mean `severity`?",
    ),
    ("rule:\n  nothing-new: off\n", "1:1: error [lint-config] unknown key `rule`", "did you mean `rules`?"),
    ("rules: [nothing-new]\n", "1:8: error [lint-config] expected a mapping at `rules`, got a list", ""),
]


@pytest.mark.parametrize(("settings", "located", "hint"), BAD_LINT_SETTINGS)
def test_bad_lint_settings_are_located_errors(runner, mini: Path, settings: str, located: str, hint: str) -> None:
    (mini / ".ladder-lint.yaml").write_text(settings)
    result = invoke(runner, "lint", mini)
    assert result.exit_code == 2, result.output
    assert f".ladder-lint.yaml:{located}" in result.output, result.output
    assert hint in result.output


# The diff severity settings file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "located"),
    [
        ("level-renamd: ignore\n", "1:1: error [severity-config] unknown key `level-renamd`"),
        (
            "level-added: urgent\n",
            "1:14: error [severity-config] `urgent` is not allowed at `level-added`; "
            "expected one of: breaking, warning, info, ignore",
        ),
        ("- level-added\n", "1:1: error [severity-config] expected a mapping, got a list"),
    ],
)
def test_bad_severity_settings_are_located_errors(runner, tmp_path: Path, settings: str, located: str) -> None:
    config = tmp_path / "severity.yaml"
    config.write_text(settings)
    result = invoke(runner, "diff", MINI, MINI, "--severity-config", config)
    assert result.exit_code == 2 and f"severity.yaml:{located}" in result.output, result.output


def test_good_severity_settings_are_accepted(runner, tmp_path: Path) -> None:
    config = tmp_path / "severity.yaml"
    config.write_text("level-renamed: ignore\npromotion-tightened: breaking\ncareer-move-removed: info\n")
    result = invoke(runner, "diff", MINI, MINI, "--severity-config", config, "--format", "json")
    assert result.exit_code == 0, result.output


# The real tools agree, and `ladder schema` prints them -----------------------------------------


def check_jsonschema(schema: Path, instance: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), str(instance)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_jsonschema_agrees_on_good_and_bad_settings(tmp_path: Path) -> None:
    pytest.importorskip("check_jsonschema")
    lint_schema, diff_schema = REPO / "schemas" / LINT_CONFIG_SCHEMA, REPO / "schemas" / DIFF_CONFIG_SCHEMA
    cases = [(lint_schema, text, True) for text in GOOD_LINT_SETTINGS]
    cases += [(lint_schema, text, False) for text, _, _ in BAD_LINT_SETTINGS]
    cases += [(diff_schema, "level-renamed: ignore\n", True), (diff_schema, "level-added: urgent\n", False)]
    for index, (schema, text, valid) in enumerate(cases):
        instance = tmp_path / f"settings-{index}.yaml"
        instance.write_text(text)
        result = check_jsonschema(schema, instance)
        assert (result.returncode == 0) is valid, (text, result.stdout + result.stderr)


@pytest.mark.parametrize(
    ("option", "name"), [("--lint-config", LINT_CONFIG_SCHEMA), ("--diff-config", DIFF_CONFIG_SCHEMA)]
)
def test_ladder_schema_prints_the_settings_schemas(runner, option: str, name: str) -> None:
    result = invoke(runner, "schema", option)
    assert result.exit_code == 0 and result.output == (REPO / "schemas" / name).read_text(encoding="utf-8")
