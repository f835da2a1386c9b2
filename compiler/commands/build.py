"""`ladder build`: compile a ladder project into rubrics and exports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .common import (
    Outcome,
    Stop,
    complete_formats,
    complete_track_ids,
    framework_or_stop,
    project_argument,
    quiet_option,
    report_problems,
    spelling_of,
    verbose_option,
)

if TYPE_CHECKING:
    from ..build.project import BuildStopped, Built
    from ..build.run import BuildReport, BuildRequest
    from ..model import Framework
    from ..problems import Problem
    from ..render import RenderOptions
    from ..shard import Shard


HRIS = "hris:"  # hris:PROFILE: an HR system's import files (hris/renderer.py)


def parse_formats(value: str | None) -> tuple[str, ...]:
    """The formats in build order, then the hris:PROFILE formats in the order given."""
    from ..render import FORMATS, available_formats, unavailable_formats

    known = available_formats()
    if value in (None, "", "all"):
        return tuple(known)
    asked = [part.strip() for part in value.split(",") if part.strip()]
    profiles = [name for name in asked if name.startswith(HRIS)]
    if any(not name[len(HRIS) :].strip() for name in profiles):
        raise click.BadParameter(
            "`hris:` needs a profile: a shipped one (see `ladder build --help`) or a profile file",
            param_hint="'--format'",
        )
    profiles = list(dict.fromkeys(HRIS + name[len(HRIS) :].strip() for name in profiles))
    asked = [spelling_of(name, list(FORMATS)) for name in asked if not name.startswith(HRIS)]
    unknown = [name for name in asked if name not in FORMATS]
    if unknown:
        raise click.BadParameter(
            f"unknown format {', '.join(map(repr, unknown))}; choose from {', '.join(FORMATS)}", param_hint="'--format'"
        )
    missing = unavailable_formats()
    for name in asked:
        if name in missing:  # known, but not in this installation (PDF without the [pdf] extra)
            raise click.BadParameter(missing[name], param_hint="'--format'")
    return tuple(name for name in known if name in asked) + tuple(profiles)  # build order, not typing order


def note_skipped_formats(value: str | None, quiet: bool) -> None:
    """With every format asked for (no --format), say which ones this installation skips and why."""
    from ..render import unavailable_formats

    if value in (None, "", "all") and not quiet:
        for name, reason in unavailable_formats().items():
            click.echo(f"note: skipped {name}: {reason}", err=True)


@click.command(
    epilog="""\b
Examples:
  ladder build                              everything, into output/
  ladder build --format md,pdf --jobs 2
  ladder build --track group-product-manager --out /tmp/out
  ladder build --templates my-templates/    restyle with your own template copies
  ladder build --format hris:workday --since v1.0.0   Workday import sheets; removed levels inactive
  ladder build --published                  CI: fail, listing why, unless the release may be published"""
)
@project_argument
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="output",
    show_default=True,
    help="Output directory.",
)
@click.option(
    "--format",
    "formats",
    default="all",
    show_default=True,
    shell_complete=complete_formats,
    help="Comma-separated formats: md, html, pdf, json, csv, case (pdf needs the [pdf] extra), and hris:PROFILE for an "
    "HR system's import files (workday, hibob, personio, bamboohr, or a profile .yaml in the project).",
)
@click.option(
    "--track",
    "tracks",
    multiple=True,
    metavar="ID",
    shell_complete=complete_track_ids,
    help="Build only this track (repeatable).",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=None, help="Processes for the PDF stage [default: number of cores]."
)
@click.option(
    "--shard",
    metavar="I/N",
    default=None,
    callback=lambda ctx, param, value: _parse_shard(value),
    help="Build only slice I of N (CI matrix jobs); combine the slices with `ladder merge`.",
)
@click.option("--force", is_flag=True, help="Rebuild every output, even those the cache says are current.")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Directory of template copies that override the bundled ones.",
)
@click.option(
    "--page-size",
    type=click.Choice(["A4", "Letter"], case_sensitive=False),
    default=None,
    help="Paper size of the PDFs [default: the ladder's presentation.page_size, else A4].",
)
@click.option(
    "--since",
    metavar="REV",
    default=None,
    help="hris profiles: the previous release, as `ladder diff` takes it (DIR, REV or REV:PATH); "
    "levels and tracks removed since are written as inactive.",
)
@click.option(
    "--changes-only",
    is_flag=True,
    help="With --since: hris profiles write only new, changed and inactivated records (into hris/<profile>/changes/).",
)
@click.option(
    "--drafts",
    is_flag=True,
    help="Also build the framework's draft_languages, every page marked as a draft translation.",
)
@click.option(
    "--published",
    is_flag=True,
    help="Fail (exit 1, listing every reason, writing nothing) unless the release passes the publish gate, "
    "instead of building outputs marked DRAFT.",
)
@quiet_option
@verbose_option
def command(
    path: Path,
    out_dir: Path,
    formats: str,
    tracks: tuple[str, ...],
    jobs: int | None,
    shard: Shard | None,
    force: bool,
    templates: Path | None,
    page_size: str | None,
    drafts: bool,
    published: bool,
    since: str | None,
    changes_only: bool,
    quiet: bool,
    verbose: bool,
) -> Outcome:
    """Validate PATH (default: ladders/) and compile it into OUT.

    Writes markdown/, html/, pdf/, json/ (one file per track plus indexes) and manifest.json;
    hris:PROFILE writes hris/PROFILE/ (see docs/hris-profiles.md).
    Outputs whose inputs did not change are skipped. A release that does not pass the publish
    gate (document control, lint and validation errors, published languages; see
    docs/hr-documents.md) is built as a draft: every output marked DRAFT, and the reasons printed.
    Exits 0 on success, 1 when the ladders are invalid, a render fails or, with --published, the
    gate does not pass (nothing is written then), 2 on usage errors.
    """
    from ..build.run import BuildRequest
    from ..render import RenderOptions

    chosen = parse_formats(formats)
    note_skipped_formats(formats, quiet)
    if (since or changes_only) and not any(name.startswith(HRIS) for name in chosen):
        _usage("--since and --changes-only apply to hris profiles: add --format hris:<profile>")
    if changes_only and not since:
        _usage("--changes-only needs --since REV: changes since which release?")
    options = RenderOptions(
        templates=templates,
        extra=_page_size_option(page_size) + _drafts_option(drafts),
        since=since,
        changes_only=changes_only,
    )
    request = BuildRequest(path, out_dir, chosen, tracks, jobs, force, options, shard)
    return run(request, published=published, quiet=quiet, verbose=verbose)


def _drafts_option(drafts: bool) -> tuple[tuple[str, str], ...]:
    """`--drafts` as a render option: it changes which documents a build plans, so it keys the cache."""
    return (("drafts", "yes"),) if drafts else ()


def _page_size_option(page_size: str | None) -> tuple[tuple[str, str], ...]:
    """`--page-size` as a render option (A4 or Letter, however it was typed)."""
    return (("page_size", {"a4": "A4", "letter": "Letter"}[page_size.lower()]),) if page_size else ()


def run(request: BuildRequest, *, published: bool = False, quiet: bool = False, verbose: bool = False) -> Outcome:
    from ..build.plan import UnknownTrack
    from ..build.project import BuildStopped, build_project

    try:
        built = build_project(
            request, _read, _Terminal(request.source, request.out_dir, quiet), published=published, warnings=not quiet
        )
    except BuildStopped as stop:
        return report_stopped(stop)
    except UnknownTrack as error:
        raise click.BadParameter(str(error), param_hint="'--track'") from None
    if built.unchanged_drafts:
        click.echo(
            f"draft: {request.source} does not pass the publish gate, so every output is marked DRAFT "
            "(unchanged; `ladder build --published` lists why)",
            err=True,
        )
    if not quiet:
        _summarise(built.report, request.out_dir, verbose)
        if built.changes:
            _summarise_changes(built, request.options)
    return Outcome.OK


def _read(path: Path) -> Framework:
    return framework_or_stop(path, stream=sys.stderr)


def _usage(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise Stop(Outcome.USAGE)


def report_stopped(stop: BuildStopped) -> Outcome:
    """Why the build (or check) stopped before writing anything, and its exit code."""
    if stop.problems:
        report_problems(stop.problems, "text", command="build", stream=sys.stderr)
    if stop.usage:
        click.echo(f"Error: {stop.message}", err=True)
        return Outcome.USAGE
    if stop.message:
        click.echo(f"error{f' [{stop.rule}]' if stop.rule else ''}: {stop.message}", err=True)
    return Outcome.PROBLEMS


def _summarise_changes(built: Built, options: RenderOptions) -> None:
    """What changed since the release, per profile: what counts as changed depends on the columns a profile writes."""
    distinct = set(built.changes.values())
    said = distinct.pop() if len(distinct) == 1 else "; ".join(f"{name} {said}" for name, said in built.changes.items())
    only = " (only these written)" if options.changes_only else ""
    click.echo(f"job profiles since {options.since}: {said}{only}", err=True)


DRAFT_REASONS_SHOWN = 10


class _Terminal:
    """The build's notices on standard error: a progress bar for the PDF stage on a terminal, plain
    lines otherwise, nothing but warnings and the draft line when quiet."""

    def __init__(self, source: Path, out_dir: Path, quiet: bool) -> None:
        self.source, self.out_dir, self.quiet = source, out_dir, quiet

    def waiting(self) -> None:
        click.echo(f"waiting for another ladder build on {self.out_dir} to finish...", err=True)

    def problems(self, problems: list[Problem]) -> None:
        report_problems(problems, "text", command="build", stream=sys.stderr)

    def warning(self, message: str) -> None:
        click.echo(f"warning: {message}", err=True)

    def draft(self, reasons: list[Problem]) -> None:
        """Why the outputs are drafts: the count by rule, then the first reasons, one line each."""
        from ..release.gate import summary

        click.echo(
            f"draft: {self.source} does not pass the publish gate, so every output is marked DRAFT "
            f"({len(reasons)} reason{'s' if len(reasons) != 1 else ''}: {summary(reasons)})",
            err=True,
        )
        if self.quiet:
            return
        for problem in reasons[:DRAFT_REASONS_SHOWN]:
            click.echo(
                f"  {problem.file}:{problem.line}:{problem.column}: [{problem.rule}] {problem.message}", err=True
            )
        if len(reasons) > DRAFT_REASONS_SHOWN:
            click.echo(
                f"  ... and {len(reasons) - DRAFT_REASONS_SHOWN} more; `ladder build --published` lists them all",
                err=True,
            )

    def rendering(self, pdfs: int) -> _Progress:
        return _Progress(self.quiet, pdfs)


def _parse_shard(value: str | None) -> Shard | None:
    from ..shard import Shard

    if value is None:
        return None
    try:
        return Shard.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--shard'") from error


class _Progress:
    """A progress bar for the PDF stage on a terminal, plain lines otherwise, nothing when quiet."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.quiet, self.total = quiet, total
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not self.quiet and self.total and sys.stderr.isatty():
            self.bar = click.progressbar(length=self.total, label="Rendering PDFs", file=sys.stderr).__enter__()
        return self.advance

    def advance(self, path: str) -> None:
        if self.bar is not None:
            self.bar.update(1)
        elif not self.quiet:
            click.echo(f"rendered {path}", err=True)

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _summarise(report: BuildReport, out_dir: Path, verbose: bool) -> None:
    if verbose:
        for path in report.written:
            click.echo(f"wrote {out_dir / path}", err=True)
        for path in report.removed:
            click.echo(f"removed {out_dir / path}", err=True)
    parts = [f"{len(report.written)} written", f"{len(report.unchanged)} unchanged"]
    if report.removed:
        parts.append(f"{len(report.removed)} removed")
    click.echo(f"{out_dir}: {', '.join(parts)}", err=True)
