"""`ladder validate`: load and check a ladder project, report every problem."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import EXIT_OK, EXIT_PROBLEMS, format_option, project_argument, quiet_option, report_problems, verbose_option


@click.command(epilog="""\b
Examples:
  ladder validate
  ladder validate path/to/ladders --format json
  ladder validate --format github     # annotations in GitHub Actions""")
@project_argument
@format_option("text", "json", "github")
@quiet_option
@verbose_option
def command(path: Path, output_format: str, quiet: bool, verbose: bool) -> None:
    """Check ladder files against the schema and each other.

    PATH is a ladder project directory (default: ladders/) or a single YAML file.
    Exits 0 when valid, 1 when there are problems, 2 on usage errors.
    """
    from ..pipeline import read_framework

    compiled = read_framework(path)
    if compiled.problems or output_format == "json":
        report_problems(compiled.problems, output_format)
    if not compiled.ok:
        sys.exit(EXIT_PROBLEMS)
    if output_format == "text" and not quiet:
        framework = compiled.framework
        levels = sum(len(t.levels) for t in framework.tracks)
        click.echo(f"{path}: valid ({_count(len(framework.tracks), 'track')}, {_count(levels, 'level')}, {_count(len(framework.competencies), 'competency')})", err=True)
        if verbose:
            for track in framework.tracks:
                click.echo(f"  {track.id}: {' → '.join(level.title for level in track.levels)}", err=True)
    sys.exit(EXIT_OK)


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"
