"""`ladder validate`: load and check a ladder project, report every problem."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..problems import Problem, is_blocking
from ..source.ids import missing_id_problems
from .common import (
    Outcome,
    format_option,
    project_or_stdin_argument,
    quiet_option,
    read_project,
    report_problems,
    strict_option,
    verbose_option,
)

if TYPE_CHECKING:
    from ..model import Framework


@click.command(
    epilog="""\b
Examples:
  ladder validate
  ladder validate path/to/ladders --format json
  ladder validate --format github     # annotations in GitHub Actions
  ladder validate --format sarif > ladder.sarif
  cat tracks.yaml | ladder validate -   # one file from standard input
  ladder validate --strict            # warnings fail too: published translations must be current"""
)
@project_or_stdin_argument
@format_option("text", "json", "github", "markdown", "sarif", "gitlab")
@strict_option
@quiet_option
@verbose_option
def command(path: Path, output_format: str, strict: bool, quiet: bool, verbose: bool) -> Outcome:
    """Check ladder files against the schema and each other.

    PATH is a ladder project directory (default: ladders/), a single YAML file, or - for one file
    on standard input. Missing or stale translations (see `ladder translations`) of the published
    `languages` are warnings, which --strict makes fail (`draft_languages` get notes only).
    Exits 0 when valid, 1 when there are problems, 2 on usage errors.
    """
    return run(path, output_format, quiet, verbose, strict)


def run(path: Path, output_format: str, quiet: bool, verbose: bool, strict: bool = False) -> Outcome:
    compiled = read_project(path)
    framework = compiled.framework
    problems = compiled.problems + (
        _output_name_problems(framework) + translation_findings(framework) + missing_id_problems(framework)
        if framework is not None
        else []
    )
    if problems or output_format != "text":
        report_problems(problems, output_format)
    if framework is None or is_blocking(problems, strict):
        return Outcome.PROBLEMS
    if output_format == "text" and not quiet:
        levels = sum(len(t.levels) for t in framework.tracks)
        tracks, competencies = len(framework.tracks), len(framework.competencies)
        counts = f"{_count(tracks, 'track')}, {_count(levels, 'level')}, {_count(competencies, 'competency')}"
        click.echo(f"{path}: valid ({counts})", err=True)
        if verbose:
            from ..reporters.text import inert

            for track in framework.tracks:
                titles = " → ".join(level.title for level in track.levels)
                click.echo(inert(f"  {track.id}: {titles}"), err=True)  # titles are ladder text
    return Outcome.OK


def _output_name_problems(framework: Framework) -> list[Problem]:
    from ..output_names import output_name_problems

    return output_name_problems(framework)


def translation_findings(framework: Framework) -> list[Problem]:
    """Missing and stale translations; `validate` and `lint` both report them (one gate)."""
    if not framework.translated_languages:
        return []  # nothing to translate: spare the start-up the i18n modules
    from ..i18n import translation_problems

    return translation_problems(framework)


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"
