"""`ladder assess`: is this person's case ready for promotion into the target level?"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from ..reporters import CI_FORMATS
from .common import (
    QUIET_HELP,
    FormatChoice,
    Outcome,
    Stop,
    discovered_project,
    framework_or_stop,
    is_stdin,
    read_stdin,
    report_problems,
)

if TYPE_CHECKING:
    from ..calibrate.migrate import Migration
    from ..model import Framework

FORMATS = ("text", "markdown", "json", "pdf", *CI_FORMATS)  # assess.report renders each


@click.command(
    epilog="""\b
Examples:
  ladder assess examples/assessment-gpm.yaml
  ladder assess examples/assessment-gpm.yaml --format markdown
  ladder assess examples/assessment-gpm.yaml --format pdf --out packet.pdf
  ladder assess - < case.yaml           the case on standard input
  ladder assess filled.pdf --from-worksheet --case-out case.json
                                        a filled worksheet's checklist, kept as a case file"""
)
@click.argument(
    "assessment_file",
    metavar="ASSESSMENT.yaml",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
)
@click.argument("path", type=click.Path(exists=True, path_type=Path), default=None, required=False)
@click.option(
    "--ladders",
    "ladders_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    hidden=True,  # deprecated spelling of PATH, kept so existing scripts run
)
@click.option(
    "--format",
    "output_format",
    type=FormatChoice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report here [default for pdf: next to the assessment].",
)
@click.option(
    "--from-worksheet",
    is_flag=True,
    help="ASSESSMENT is a filled worksheet PDF: read the case from its form fields (needs pypdf, in the [pdf] extra).",
)
@click.option(
    "--case-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --from-worksheet: also write the case read from the form, as JSON that `ladder assess` reads.",
)
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Say where a written report went.")
def command(
    assessment_file: Path,
    path: Path | None,
    ladders_path: Path | None,
    output_format: str,
    out: Path | None,
    from_worksheet: bool,
    case_out: Path | None,
    quiet: bool,
    verbose: bool,
) -> Outcome:
    """Check a promotion case against the target level's criteria and expectations.

    Reports each criterion as met, not met, missing evidence or pending (the committee's own steps),
    the behaviours with no evidence, the evidence to question, and one verdict. ASSESSMENT.yaml may
    be - to read the case from standard input (a PDF then needs --out). PATH is the ladder project
    (default: ladders/).
    Exits 0 when every criterion is met, 1 when not (ready for calibration included), 2 on invalid input.
    """
    if case_out is not None and not from_worksheet:
        raise click.BadParameter("--case-out needs --from-worksheet", param_hint="'--case-out'")
    if from_worksheet:
        if is_stdin(assessment_file):
            raise click.BadParameter(
                "a worksheet is read from a file, not standard input", param_hint="'--from-worksheet'"
            )
        try:
            import pypdf  # noqa: F401  # checked before any work, like the PDF engine
        except ImportError:
            raise click.BadParameter(
                "reading a filled worksheet needs pypdf; install the [pdf] extra", param_hint="'--from-worksheet'"
            ) from None
    if output_format == "pdf" and out is None and is_stdin(assessment_file):
        raise click.BadParameter("a PDF of a case read from standard input needs --out", param_hint="'--out'")
    if output_format == "pdf":
        from ..render.pdf_engine import engine_missing

        if reason := engine_missing():  # before any work: the light install has no PDF engine
            raise click.BadParameter(reason, param_hint="'--format'")
    project = discovered_project(click.get_current_context(), None, path or ladders_path)
    return run(assessment_file, project, output_format, out, quiet, verbose, from_worksheet, case_out)


def run(
    assessment_file: Path,
    ladders_path: Path,
    output_format: str,
    out: Path | None,
    quiet: bool,
    verbose: bool,
    from_worksheet: bool = False,
    case_out: Path | None = None,
) -> Outcome:
    from ..assess import assess, load_assessment
    from ..assess.report import render, render_pdf
    from ..pipeline import STDIN_DISPLAY
    from ..source.load import load_file
    from ..write import write_atomically

    framework = framework_or_stop(ladders_path, outcome=Outcome.USAGE, stream=sys.stderr)
    stdin_data = read_stdin() if is_stdin(assessment_file) else None
    path = Path(STDIN_DISPLAY) if stdin_data is not None else assessment_file
    display = STDIN_DISPLAY if stdin_data is not None else None
    if from_worksheet:
        stdin_data, display = _case_from_worksheet(framework, assessment_file, case_out, verbose)
        path = Path(display)
    migration = carried(framework, path, stdin_data)
    if migration is not None:  # judged on the current ladder, its ids carried across the renames
        stdin_data = yaml.safe_dump(migration.data, sort_keys=False, allow_unicode=True).encode()
    data, problems = load_assessment(path, framework, stdin_data)
    if (problems and not quiet) or data is None:  # warnings (weak evidence) are shown, then assessed
        report_problems(problems, "text", command="assess", stream=sys.stderr)
    if data is None:
        raise Stop(Outcome.USAGE)
    result = assess(framework, data)
    if migration is not None:
        result = replace(
            result,
            written_against=migration.written_against,
            judged_against=migration.judged_against,
            changes_since=migration.notes,
        )
    if output_format == "pdf":
        beside = assessment_file.with_name(assessment_file.stem + "-packet.pdf")
        target = out or (beside if from_worksheet else assessment_file.with_suffix(".pdf"))
        write_atomically(target, render_pdf(framework, result, framework.presentation.templates, data))
        if not quiet:
            click.echo(f"wrote {target}", err=True)
    else:
        case = load_file(path, stdin_data, display=display)[0]
        text = render(framework, result, output_format, case)
        if out:
            write_atomically(out, (text + "\n").encode())
            if verbose:
                click.echo(f"wrote {out}", err=True)
        elif not quiet or not result.ready:  # -q: the report only when the case is not ready
            click.echo(text)
    return Outcome.OK if result.ready else Outcome.PROBLEMS


def _case_from_worksheet(
    framework: Framework, assessment_file: Path, case_out: Path | None, verbose: bool
) -> tuple[bytes, str]:
    """The case a filled worksheet holds, as JSON bytes, and the name its problems are reported under."""
    from ..assess.worksheet import case_from_fields, read_fields
    from ..write import write_atomically

    display = f"{assessment_file} (worksheet fields)"
    try:
        fields = read_fields(assessment_file)
    except Exception as error:  # pypdf raises many kinds on a damaged or foreign file
        click.echo(f"{assessment_file}: error [worksheet] cannot read the form fields: {error}", err=True)
        raise Stop(Outcome.USAGE) from None
    case, problems = case_from_fields(framework, fields, display)
    if case is None:
        report_problems(problems, "text", command="assess", stream=sys.stderr)
        raise Stop(Outcome.USAGE)
    if case_out is not None:
        write_atomically(case_out, case)
        if verbose:
            click.echo(f"wrote {case_out}", err=True)
    return case, display


def old_release(framework: Framework, version: str) -> Framework | None:
    """The `version` release the project can read: presentation.previous_release, or .releases/VERSION/."""
    from ..pipeline import read_project

    for path in (framework.presentation.previous_release, framework.root / ".releases" / version):
        if path is not None and path.is_dir():
            compiled = read_project(path, with_release=False)
            if compiled.framework is not None and compiled.framework.version == version:
                return compiled.framework
    return None


def carried(framework: Framework, path: Path, text_bytes: bytes | None = None) -> Migration | None:
    """The case carried to `framework` when it names an older ladder version; None otherwise (or when the
    file is not a schema-valid case: loading it again reports why)."""
    from ..assess import SCHEMA
    from ..calibrate.migrate import migrate, older_stamp
    from ..source.load import load_file
    from ..source.validate import schema_problems

    document = load_file(path, text_bytes)[0]
    if document is None or schema_problems(document, SCHEMA):
        return None
    version = older_stamp(framework, document.data)
    if version is None:
        return None
    return migrate(framework, old_release(framework, version), document.data, version)
