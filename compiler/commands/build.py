"""`ladder build`: compile a ladder project into rubrics and exports."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ..value import value_class
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
    from ..hris.renderer import HrisRenderer
    from ..model import Framework
    from ..problems import Problem
    from ..render import RenderOptions
    from ..shard import Shard


@value_class
class Settings:
    path: Path
    out_dir: Path
    formats: tuple[str, ...]
    tracks: tuple[str, ...]
    jobs: int | None
    shard: Shard | None
    force: bool
    options: RenderOptions
    quiet: bool
    verbose: bool
    published: bool = False  # fail unless the publish gate passes, instead of building a draft


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
    from ..render import RenderOptions

    chosen = parse_formats(formats)
    note_skipped_formats(formats, quiet)
    if (since or changes_only) and not any(name.startswith(HRIS) for name in chosen):
        _usage("--since and --changes-only apply to hris profiles: add --format hris:<profile>")
    if changes_only and not since:
        _usage("--changes-only needs --since REV: changes since which release?")
    settings = Settings(
        path,
        out_dir,
        chosen,
        tracks,
        jobs,
        shard,
        force,
        RenderOptions(
            templates=templates,
            extra=_page_size_option(page_size) + _drafts_option(drafts),
            since=since,
            changes_only=changes_only,
        ),
        quiet,
        verbose,
        published,
    )
    return run(settings)


def _drafts_option(drafts: bool) -> tuple[tuple[str, str], ...]:
    """`--drafts` as a render option: it changes which documents a build plans, so it keys the cache."""
    return (("drafts", "yes"),) if drafts else ()


def _page_size_option(page_size: str | None) -> tuple[tuple[str, str], ...]:
    """`--page-size` as a render option (A4 or Letter, however it was typed)."""
    return (("page_size", {"a4": "A4", "letter": "Letter"}[page_size.lower()]),) if page_size else ()


def run(settings: Settings) -> Outcome:
    from ..build.run import BuildRequest, RenderFailed, build, confirm_current, default_jobs, recorded_draft
    from ..render import drafts_asked
    from ..source.paths import UnsafePath

    def waiting() -> None:
        click.echo(f"waiting for another ladder build on {settings.out_dir} to finish...", err=True)

    current = (
        None
        if settings.force or settings.published  # --published always asks the gate
        else confirm_current(
            settings.path,
            settings.out_dir,
            settings.formats,
            settings.tracks,
            settings.options,
            settings.shard,
            waiting,
        )
    )
    if current is not None:  # nothing changed since the last build: no need to even parse
        if recorded_draft(settings.out_dir):
            click.echo(
                f"draft: {settings.path} does not pass the publish gate, so every output is marked DRAFT "
                "(unchanged; `ladder build --published` lists why)",
                err=True,
            )
        if not settings.quiet:
            click.echo(f"{settings.out_dir}: 0 written, {len(current)} unchanged", err=True)
        return Outcome.OK
    framework = framework_or_stop(settings.path, stream=sys.stderr)
    from ..i18n.catalog import unsafe_catalogues
    from ..output_names import output_name_problems

    # planned before anything is written: output names, and the catalogues the documents will read
    if refused := output_name_problems(framework) + unsafe_catalogues(framework):
        report_problems(refused, "text", command="build", stream=sys.stderr)
        return Outcome.PROBLEMS
    track_ids = resolve_tracks(framework, settings.tracks)
    options = _gated_options(settings, framework)
    if "pdf" in settings.formats and not settings.quiet:
        from ..render.glyphs import missing_glyph_problems

        report_problems(missing_glyph_problems(framework), "text", command="build", stream=sys.stderr)
        from ..render.pdf import subsetter_missing

        if reason := subsetter_missing():
            click.echo(f"warning: {reason}", err=True)
    profiles = hris_renderers(framework, settings.formats, settings.options)
    request = BuildRequest(
        settings.path,
        settings.out_dir,
        settings.formats,
        track_ids,
        settings.jobs or default_jobs(),
        settings.force,
        options,
        settings.shard,
    )
    try:
        languages = _languages(framework, drafts_asked(settings.options))
        pdfs = sum(1 for f in settings.formats if f == "pdf") * len(track_ids) * languages
        with _progress(settings.quiet, pdfs) as advance:
            report = build(framework, request, advance, waiting)
    except UnsafePath as error:  # a sub-folder of the output leads elsewhere
        click.echo(f"error [unsafe-path]: {error}", err=True)
        click.echo("nothing was written; the previous output is intact", err=True)
        return Outcome.PROBLEMS
    except RenderFailed as error:
        report_problems(list(error.problems), "text", command="build", stream=sys.stderr)
        click.echo(f"error: {error}", err=True)
        click.echo("nothing was written; the previous output is intact", err=True)
        return Outcome.PROBLEMS
    except OSError as error:
        click.echo(f"error: cannot write {error.filename or settings.out_dir}: {error.strerror}", err=True)
        return Outcome.PROBLEMS
    if not settings.quiet:
        _summarise(report, settings.out_dir, settings.verbose)
        if settings.options.since:
            _summarise_changes(framework, profiles, settings.options)
    return Outcome.OK


def hris_renderers(framework: Framework, formats: tuple[str, ...], options: RenderOptions) -> list[HrisRenderer]:
    """Each hris:PROFILE's renderer with its profile and --since release read, before anything is
    written: a missing one is a usage error (2), an invalid one a problem (1)."""
    from ..hris.names import colliding_profiles
    from ..hris.renderer import ProfileInvalid, ProfileNotFound, hris_renderer
    from ..source.gitsource import SourceError

    renderers = []
    try:
        for name in formats:
            if name.startswith(HRIS):
                renderer = hris_renderer(name, options)
                renderer.baseline(framework)
                renderers.append(renderer)
    except (ProfileNotFound, SourceError) as error:
        _usage(str(error))
    except ProfileInvalid as error:
        report_problems(error.problems, "text", command="build", stream=sys.stderr)
        click.echo(f"error: {error}; nothing was written", err=True)
        raise Stop(Outcome.PROBLEMS) from None
    if collisions := colliding_profiles([renderer.profile for renderer in renderers]):
        report_problems(collisions, "text", command="build", stream=sys.stderr)
        click.echo(
            "error: two HRIS profiles would write into one folder (problems above); nothing was written", err=True
        )
        raise Stop(Outcome.PROBLEMS)
    return renderers


def _summarise_changes(framework: Framework, profiles: list[HrisRenderer], options: RenderOptions) -> None:
    """What changed since the release, per profile: what counts as changed depends on the columns a profile writes."""
    counts = {renderer.profile.id: renderer.change_counts(framework) for renderer in profiles}
    distinct = set(counts.values())
    said = distinct.pop() if len(distinct) == 1 else "; ".join(f"{name} {said}" for name, said in counts.items())
    only = " (only these written)" if options.changes_only else ""
    click.echo(f"job profiles since {options.since}: {said}{only}", err=True)


def _usage(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise Stop(Outcome.USAGE)


def _gated_options(settings: Settings, framework: Framework) -> RenderOptions:
    """The publish gate: with --published its problems stop the build; otherwise they make it a
    draft, and the build says why."""
    from ..release.gate import summary

    reasons = _publish_problems(framework)
    if reasons and settings.published:
        report_problems(reasons, "text", command="build", stream=sys.stderr)
        click.echo(
            f"error: {settings.path} cannot be published ({len(reasons)} reasons); nothing was written", err=True
        )
        raise Stop(Outcome.PROBLEMS)
    if reasons and any(not name.startswith(HRIS) for name in settings.formats):
        _explain_draft(settings.path, reasons, settings.quiet)
    elif reasons:  # HR-system import files only: their columns are the system's, so they carry no mark
        click.echo(
            f"warning: {settings.path} does not pass the publish gate ({summary(reasons)}); import files carry "
            "no DRAFT mark: build them with --published",
            err=True,
        )
    return build_options(framework, settings.options, reasons)


def _publish_problems(framework: Framework) -> list[Problem]:
    from ..release.gate import publish_problems

    return publish_problems(framework)


def build_options(framework: Framework, options: RenderOptions, reasons: list[Problem] | None = None) -> RenderOptions:
    """The render options a build of `framework` uses: marked as a draft unless the gate passes
    (`reasons`: the gate's problems, when the caller has them)."""
    from ..render import as_draft

    reasons = _publish_problems(framework) if reasons is None else reasons
    return as_draft(options) if reasons else options


DRAFT_REASONS_SHOWN = 10


def _explain_draft(path: Path, reasons: list[Problem], quiet: bool) -> None:
    """Why the outputs are drafts: the count by rule, then the first reasons, one line each."""
    from ..release.gate import summary

    click.echo(
        f"draft: {path} does not pass the publish gate, so every output is marked DRAFT "
        f"({len(reasons)} reason{'s' if len(reasons) != 1 else ''}: {summary(reasons)})",
        err=True,
    )
    if quiet:
        return
    for problem in reasons[:DRAFT_REASONS_SHOWN]:
        click.echo(f"  {problem.file}:{problem.line}:{problem.column}: [{problem.rule}] {problem.message}", err=True)
    if len(reasons) > DRAFT_REASONS_SHOWN:
        click.echo(
            f"  ... and {len(reasons) - DRAFT_REASONS_SHOWN} more; `ladder build --published` lists them all", err=True
        )


def _parse_shard(value: str | None) -> Shard | None:
    from ..shard import Shard

    if value is None:
        return None
    try:
        return Shard.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--shard'") from error


def _languages(framework: Framework, drafts: bool) -> int:
    from ..i18n.translate import built_languages

    return 1 + len(built_languages(framework, drafts))  # the source language and each translation built


def resolve_tracks(framework: Framework, asked: tuple[str, ...]) -> tuple[str, ...]:
    """The asked track ids in the project's order (all when none asked); an unknown id is a usage error."""
    import difflib

    known = [t.id for t in framework.tracks]
    for track_id in asked:
        if track_id not in known:
            close = difflib.get_close_matches(track_id, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; choose from {', '.join(known)}"
            raise click.BadParameter(f"unknown track {track_id!r}{hint}", param_hint="'--track'")
    return tuple(t for t in known if t in asked) if asked else tuple(known)


class _progress:
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


def _summarise(report: Any, out_dir: Path, verbose: bool) -> None:
    if verbose:
        for path in report.written:
            click.echo(f"wrote {out_dir / path}", err=True)
        for path in report.removed:
            click.echo(f"removed {out_dir / path}", err=True)
    parts = [f"{len(report.written)} written", f"{len(report.unchanged)} unchanged"]
    if report.removed:
        parts.append(f"{len(report.removed)} removed")
    click.echo(f"{out_dir}: {', '.join(parts)}", err=True)
