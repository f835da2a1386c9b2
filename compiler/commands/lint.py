"""`ladder lint`: rubric quality rules (vague wording, nothing new at a level, looser bars...)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import (
    Outcome,
    format_option,
    framework_or_stop,
    is_stdin,
    project_or_stdin_argument,
    quiet_option,
    read_stdin,
    report_problems,
    strict_option,
    verbose_option,
)


@click.command(
    epilog="""\b
Examples:
  ladder lint
  ladder lint --strict --format github      # warnings fail too
  ladder lint --format sarif > lint.sarif   # GitHub code scanning
  ladder lint --list-rules
Suppress one finding with a comment on the item's line or the line above:
  # ladder-lint: disable=vague-wording"""
)
@project_or_stdin_argument
@format_option("text", "json", "github", "markdown", "sarif", "gitlab")
@strict_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Lint settings file [default: the nearest .ladder-lint.yaml in PATH or above it].",
)
@click.option("--list-rules", is_flag=True, help="List the rules with their default severity and exit.")
@quiet_option
@verbose_option
def command(
    path: Path, output_format: str, strict: bool, config_path: Path | None, list_rules: bool, quiet: bool, verbose: bool
) -> Outcome:
    """Check the quality of the rubric text and criteria in PATH (default: ladders/; - reads one
    file from standard input).

    Exits 0 when there are no errors (1 with --strict and warnings), 1 on errors or invalid
    ladders, 2 on usage errors or an invalid settings file.
    """
    if list_rules:
        return _list_rules()
    return run(path, output_format, strict, config_path, quiet, verbose)


def _list_rules() -> Outcome:
    from ..catalogue import lint_rules

    for rule in lint_rules():
        click.echo(f"{rule.id:<24} {rule.severity:<8} {rule.summary}")
    return Outcome.OK


def run(path: Path, output_format: str, strict: bool, config_path: Path | None, quiet: bool, verbose: bool) -> Outcome:
    from ..lint import all_rules, lint
    from ..lint.config import FILENAME, load_config
    from ..pipeline import STDIN_DISPLAY
    from ..problems import is_blocking
    from .discover import find_upwards

    rule_settings: dict[str, dict[str, object]] = {}
    # --config wins; else the nearest .ladder-lint.yaml from the project upwards, as the project is found.
    config_path = config_path or (None if is_stdin(path) else find_upwards(FILENAME, path))
    if config_path:
        rule_settings, config_problems = load_config(config_path, all_rules())
        if config_problems:
            report_problems(config_problems, output_format, command="lint")
            return Outcome.USAGE
    stdin_data = read_stdin() if is_stdin(path) else None
    framework = framework_or_stop(path, output_format, command="lint", stdin_data=stdin_data)
    sources = {STDIN_DISPLAY: stdin_data.decode("utf-8-sig", "replace")} if stdin_data is not None else None
    from .validate import translation_findings

    # Stale translations too: `lint --strict` fails on all that `validate --strict` fails on.
    problems = translation_findings(framework) + lint(framework, rule_settings, sources)
    if problems or output_format != "text":
        report_problems(problems, output_format, command="lint")
    elif not quiet:
        click.echo(f"{path}: no lint findings ({len(all_rules())} rules)", err=True)
    if verbose and config_path and output_format == "text":
        click.echo(f"settings from {config_path}", err=True)
    return Outcome.PROBLEMS if is_blocking(problems, strict) else Outcome.OK
