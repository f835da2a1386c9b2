"""`ladder calibrate`: a committee pack per target level from a round of promotion cases."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import (
    Outcome,
    Stop,
    discovered_project,
    framework_or_stop,
    project_option,
    quiet_option,
    report_problems,
    spelling_of,
)

FORMATS = ("md", "json", "html", "csv", "pdf")
DEFAULT_FORMATS = "md,json,html,csv"
SUFFIXES = {"md": ".md", "json": ".json", "html": ".html", "csv": "-decisions.csv", "pdf": ".pdf"}


@click.command(
    epilog="""\b
Examples:
  ladder calibrate round/                     every case in round/, packs in calibration/
  ladder calibrate a.yaml b.yaml --format md,json --out packs/
  ladder calibrate round/ --decisions calibration/gpm-decisions.csv
                                              read the committee's filled-in sheet back"""
)
@click.argument("cases", metavar="CASES...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@project_option(discover=False)
@click.option(
    "--ladders",
    "ladders_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    hidden=True,  # the old spelling of --path, kept so existing scripts run
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("calibration"),
    show_default=True,
    help="Folder for the packs.",
)
@click.option(
    "--format",
    "formats",
    default=DEFAULT_FORMATS,
    show_default=True,
    help=f"Comma-separated pack formats: {', '.join(FORMATS)} (csv is the decisions sheet; pdf needs WeasyPrint).",
)
@click.option(
    "--decisions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A filled-in decisions sheet: check it against the cases and record it as decisions.json in --out.",
)
@quiet_option
def command(
    cases: tuple[Path, ...],
    path: Path | None,
    ladders_path: Path | None,
    out: Path,
    formats: str,
    decisions: Path | None,
    quiet: bool,
) -> Outcome:
    """Assess a round of promotion cases and write a committee pack per target level.

    Each pack holds the roster (verdict and coverage), the distribution of ratings per competency and
    the consistency findings the committee must discuss. CASES are assessment files or folders of them.
    Exits 0 when the packs are written (findings are for the committee), 1 when a case or the decisions
    sheet is invalid (located problems), 2 on usage errors.
    """
    from ..calibrate import calibrate, case_files, load_cases
    from ..calibrate.decisions import read_decisions, render_record
    from ..calibrate.pack import render_decisions, render_html, render_json, render_markdown, render_pdf
    from ..problems import ERROR
    from ..write import write_atomically
    from .assess import carried

    chosen = [spelling_of(f.strip(), FORMATS) for f in formats.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    project = discovered_project(click.get_current_context(), None, path or ladders_path)
    framework = framework_or_stop(project, outcome=Outcome.USAGE, stream=sys.stderr)
    files = case_files(cases)
    if not files:
        raise click.BadParameter("no case files (.yaml, .yml, .json) found", param_hint="CASES")
    loaded, problems = load_cases(framework, files, lambda path: carried(framework, path))
    if problems:  # -q keeps problems, as everywhere
        report_problems(problems, "text", command="calibrate", stream=sys.stderr)
    if any(p.severity == ERROR for p in problems):
        raise Stop(Outcome.PROBLEMS)  # a pack missing a case would mislead the committee
    if decisions is not None:
        record, sheet_problems = read_decisions(framework, loaded, decisions)
        if sheet_problems:
            report_problems(sheet_problems, "text", command="calibrate", stream=sys.stderr)
            raise Stop(Outcome.PROBLEMS)
        target = out / "decisions.json"
        write_atomically(target, render_record(record).encode())
        if not quiet:
            click.echo(f"wrote {target}", err=True)
        return Outcome.OK
    date = max(c.assessment.date for c in loaded)  # the round's last case, never the clock
    for pack in calibrate(framework, loaded):
        for name in chosen:
            target = out / f"{pack.level_id}{SUFFIXES[name]}"
            if name == "pdf":
                content = render_pdf(pack, date)
            elif name == "csv":
                content = render_decisions(pack)
            else:
                renderer = {"md": render_markdown, "json": render_json, "html": render_html}[name]
                content = (renderer(pack).rstrip("\n") + "\n").encode()
            write_atomically(target, content)
            if not quiet:
                click.echo(f"wrote {target}", err=True)
    return Outcome.OK
