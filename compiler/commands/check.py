"""`ladder check`: are the committed outputs what `ladder build` would write now?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import note_skipped_formats, parse_formats, report_stopped
from .common import (
    Outcome,
    complete_formats,
    complete_track_ids,
    framework_or_stop,
    project_argument,
    quiet_option,
    verbose_option,
)


@click.command(
    epilog="""\b
Examples:
  ladder check                     fails if output/ is stale or incomplete
  ladder check --format md,pdf     only the formats you commit"""
)
@project_argument
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="output",
    show_default=True,
    help="The committed output directory.",
)
@click.option(
    "--format",
    "formats",
    default="all",
    show_default=True,
    shell_complete=complete_formats,
    help="Comma-separated formats to check.",
)
@click.option(
    "--track",
    "tracks",
    multiple=True,
    metavar="ID",
    shell_complete=complete_track_ids,
    help="Only this track (repeatable).",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Template directory the outputs were built with.",
)
@click.option("--drafts", is_flag=True, help="The outputs were built with `ladder build --drafts`.")
@quiet_option
@verbose_option
def command(
    path: Path,
    out_dir: Path,
    formats: str,
    tracks: tuple[str, ...],
    templates: Path | None,
    drafts: bool,
    quiet: bool,
    verbose: bool,
) -> Outcome:
    """Exit 1, listing files, when outputs are missing or stale; 0 when current. Writes nothing.

    Uses the build cache (output/manifest.json): an output is current when the hash of
    everything that shapes it matches the manifest and the file on disk is intact.
    """
    from ..build.cache import current_without_parsing, stale_outputs
    from ..build.plan import UnknownTrack, resolve_tracks
    from ..build.project import BuildStopped, build_options, hris_renderers
    from ..render import RenderOptions

    chosen = parse_formats(formats)
    note_skipped_formats(formats, quiet)
    options = RenderOptions(templates=templates, extra=(("drafts", "yes"),) if drafts else ())
    stale: list[str] = []
    if current_without_parsing(path, out_dir, chosen, tracks, options) is None:
        framework = framework_or_stop(path, stream=sys.stderr)
        try:
            hris_renderers(framework, chosen, options)  # a missing or invalid profile is said before the check
            track_ids = resolve_tracks(framework, tracks)
        except BuildStopped as stop:
            return report_stopped(stop)
        except UnknownTrack as error:
            raise click.BadParameter(str(error), param_hint="'--track'") from None
        options = build_options(framework, options)  # a draft's outputs are keyed as drafts
        stale = list(stale_outputs(framework, out_dir, chosen, track_ids, options, source=path))
    if stale:
        if not quiet:
            click.echo(
                f"{len(stale)} output{'s are' if len(stale) != 1 else ' is'} missing or stale; run `ladder build`:",
                err=True,
            )
            for relative in stale:
                click.echo(f"  {out_dir / relative}")
        return Outcome.PROBLEMS
    if not quiet:
        click.echo(f"{out_dir}: current", err=True)
    return Outcome.OK
