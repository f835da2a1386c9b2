"""`ladder diff`: what changed between two ladder versions, and whether it breaks anything."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..reporters import CI_FORMATS
from .common import (
    FORMAT_HELP,
    FormatChoice,
    Outcome,
    Stop,
    colour_for,
    complete_track_ids,
    project_option,
    quiet_option,
    report_problems,
)

FORMATS = ("text", "markdown", "json", "html", *CI_FORMATS)  # diff.report renders each

if TYPE_CHECKING:
    from ..model import Framework


@click.command(
    epilog="""\b
Examples:
  ladder diff v1.0.0                         the tag v1.0.0 against the working tree
  ladder diff v1.0.0 v1.1.0 --format markdown
  ladder diff main:ladders ./ladders --fail-on breaking --format github
  ladder diff old-copy/ ladders/ --format json"""
)
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--format", "output_format", type=FormatChoice(FORMATS), default="text", show_default=True, help=FORMAT_HELP
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "warning", "any"]),
    default=None,
    help="Exit 1 when a change of this severity (or higher) exists.",
)
@click.option(
    "--track",
    "tracks",
    multiple=True,
    metavar="ID",
    shell_complete=complete_track_ids,
    help="Only changes in this track (repeatable).",
)
@click.option(
    "--severity-config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML mapping rule-id: breaking|warning|info|ignore.",
)
@project_option(must_exist=False)  # it names the project's directory in each git revision too
@quiet_option
@click.option("-v", "--verbose", is_flag=True, help="Also list the rules and their severities in text output.")
def command(
    old: str,
    new: str | None,
    output_format: str,
    fail_on: str | None,
    tracks: tuple[str, ...],
    severity_config: Path | None,
    path: Path,
    quiet: bool,
    verbose: bool,
) -> Outcome:
    """Compare two versions of a ladder project.

    OLD and NEW are each a directory, a git revision (the ladder directory at that revision) or
    REV:PATH. NEW defaults to the ladder directory in the working tree. Items are matched by id.
    --path names the project's directory, in the working tree and in each revision. With -q the
    report is printed only when a change meets --fail-on.
    Exits 0 when it ran, 1 when --fail-on is met, 2 on usage or input errors.
    """
    return run(old, new, output_format, fail_on, tracks, severity_config, str(path), quiet, verbose)


def run(
    old: str,
    new: str | None,
    output_format: str,
    fail_on: str | None,
    tracks: tuple[str, ...],
    severity_config: Path | None,
    ladder_path: str,
    quiet: bool,
    verbose: bool,
) -> Outcome:
    from ..diff import RULES, diff
    from ..diff.report import render

    overrides = _overrides(severity_config) if severity_config else {}
    before = _framework(old, ladder_path)
    after = _framework(new or ladder_path, ladder_path)
    known = {track.id for framework in (before, after) for track in framework.tracks}
    unknown = [t for t in tracks if t not in known]
    if unknown:
        raise click.BadParameter(
            f"unknown track {unknown[0]!r}; choose from {', '.join(sorted(known))}", param_hint="'--track'"
        )
    result = diff(before, after, overrides, tracks)
    fails = result.fails(fail_on)
    if not quiet or fails:
        colour = output_format == "text" and colour_for(sys.stdout)
        report = render(result, output_format, colour)
        click.echo(_with_stale_translations(report, before, after, output_format), color=colour)
        if verbose and output_format == "text":
            for rule, (severity, description) in RULES.items():
                click.echo(f"  {overrides.get(rule, severity):<8} {rule}: {description}")
    return Outcome.PROBLEMS if fails else Outcome.OK


def _with_stale_translations(report: str, before: Framework, after: Framework, output_format: str) -> str:
    """The report plus the translations the change made stale (i18n), in its own section."""
    from ..i18n import diff as translations

    if output_format not in ("text", "markdown", "html", "json"):
        return report  # the CI formats are findings about the ladder files; stale translations are not among them
    stale = translations.stale_by_change(before, after)
    if output_format == "json":
        return translations.add_to_json(report, stale)
    section = translations.render(stale, output_format)
    if output_format == "html" and section:
        return report.replace("</body>", section + "\n</body>", 1)
    return f"{report}\n\n{section}" if section else report


def _framework(argument: str, ladder_path: str) -> Framework:
    from ..pipeline import read_project
    from ..source.gitsource import SourceError

    try:
        compiled = read_project(argument, revisions_at=ladder_path)
    except SourceError as error:
        click.echo(f"Error: {error}", err=True)
        raise Stop(Outcome.USAGE) from None
    if compiled.framework is None:
        report_problems(compiled.problems, "text", stream=sys.stderr)
        click.echo(f"Error: `{argument}` is not a valid ladder project (problems above)", err=True)
        raise Stop(Outcome.USAGE)
    return compiled.framework


def _overrides(path: Path) -> dict[str, str]:
    from ..diff.config import load_overrides

    overrides, problems = load_overrides(path)
    if problems:
        report_problems(problems, "text", stream=sys.stderr)
        click.echo(f"Error: invalid severity config {path}", err=True)
        raise Stop(Outcome.USAGE)
    return overrides
