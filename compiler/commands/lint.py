"""`ladder lint`: rubric quality rules (vague wording, nothing new at a level, looser bars...)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, format_option, framework_or_exit, project_argument, quiet_option, report_problems, verbose_option


@click.command(epilog="""\b
Examples:
  ladder lint
  ladder lint --strict --format github      # warnings fail too
  ladder lint --list-rules
Suppress one finding with a comment on the item's line or the line above:
  # ladder-lint: disable=vague-wording""")
@project_argument
@format_option("text", "json", "github")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only errors.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None, help="Lint settings file [default: PATH/.ladder-lint.yaml].")
@click.option("--list-rules", is_flag=True, help="List the rules with their default severity and exit.")
@quiet_option
@verbose_option
def command(path: Path, output_format: str, strict: bool, config_path: Path | None, list_rules: bool, quiet: bool, verbose: bool) -> None:
    """Check the quality of the rubric text and criteria in PATH (default: ladders/).

    Exits 0 when there are no errors (1 with --strict and warnings), 1 on errors or invalid
    ladders, 2 on usage errors or an invalid settings file.
    """
    from ..lint import all_rules, lint
    from ..lint.config import find_config, load_config
    from ..reporters import has_blocking

    if list_rules:
        for rule in all_rules():
            click.echo(f"{rule.ID:<24} {rule.SEVERITY:<8} {rule.__doc__.strip().splitlines()[0]}")
        sys.exit(EXIT_OK)
    settings = {}
    config_path = config_path or find_config(path)
    if config_path:
        settings, config_problems = load_config(config_path, all_rules())
        if config_problems:
            report_problems(config_problems, output_format)
            sys.exit(EXIT_USAGE)
    problems = lint(framework_or_exit(path, output_format), settings)
    if problems or output_format == "json":
        report_problems(problems, output_format)
    elif not quiet and output_format == "text":
        click.echo(f"{path}: no lint findings ({len(all_rules())} rules)", err=True)
    if verbose and config_path and output_format == "text":
        click.echo(f"settings from {config_path}", err=True)
    sys.exit(EXIT_PROBLEMS if has_blocking(problems, strict) else EXIT_OK)
