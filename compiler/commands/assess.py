"""`ladder assess`: is this person's case ready for promotion into the target level?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import DEFAULT_LADDERS, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, framework_or_exit, report_problems


@click.command(epilog="""\b
Examples:
  ladder assess examples/assessment-gpm.yaml
  ladder assess examples/assessment-gpm.yaml --format markdown
  ladder assess examples/assessment-gpm.yaml --format pdf --out packet.pdf""")
@click.argument("assessment_file", metavar="ASSESSMENT.yaml", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ladders", "ladders_path", type=click.Path(exists=True, path_type=Path), default=DEFAULT_LADDERS, show_default=True, help="The ladder project.")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown", "json", "pdf"]), default="text", show_default=True, help="Report format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write the report here [default for pdf: next to the assessment].")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit code tells.")
@click.option("-v", "--verbose", is_flag=True, help="Say where a written report went.")
def command(assessment_file: Path, ladders_path: Path, output_format: str, out: Path | None, quiet: bool, verbose: bool) -> None:
    """Check a promotion case against the target level's promotion criteria.

    Reports each criterion as met, not met or missing evidence, and a verdict.
    Exits 0 when every criterion is met, 1 when not, 2 on invalid input.
    """
    from ..assess import assess, load_assessment
    from ..assess.report import render_json, render_markdown, render_pdf, render_text
    from ..write import write_atomically

    framework = framework_or_exit(ladders_path, exit_code=EXIT_USAGE, stream=sys.stderr)
    data, problems = load_assessment(assessment_file, framework)
    if problems:
        report_problems(problems, "text", stream=sys.stderr)
        sys.exit(EXIT_USAGE)
    result = assess(framework, data)
    if output_format == "pdf":
        target = out or assessment_file.with_suffix(".pdf")
        write_atomically(target, render_pdf(framework, result, framework.presentation.templates))
        if not quiet:
            click.echo(f"wrote {target}", err=True)
    else:
        renderer = {"text": render_text, "markdown": render_markdown, "json": render_json}[output_format]
        text = renderer(framework, result)
        if out:
            write_atomically(out, (text + "\n").encode())
            if verbose:
                click.echo(f"wrote {out}", err=True)
        elif not quiet:
            click.echo(text)
    sys.exit(EXIT_OK if result.ready else EXIT_PROBLEMS)
