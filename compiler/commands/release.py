"""`ladder release`: check a release, then record its approval in the framework file."""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path

import click

from .common import Outcome, project_argument, quiet_option, report_problems

SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$")
MAX_NAME = 120  # as the source schema's owner and approver


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a calendar date (YYYY-MM-DD)") from None
    return value


def _version(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not SEMVER.match(value):
        raise click.BadParameter(f"{value!r} is not a semantic version (MAJOR.MINOR.PATCH)")
    return value


def _role(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..release.gate import find_placeholder

    if value is None:
        return None
    value = " ".join(value.split())
    if not value or len(value) > MAX_NAME:
        raise click.BadParameter(f"give a role of 1 to {MAX_NAME} characters")
    if placeholder := find_placeholder(value):
        raise click.BadParameter(f"{value!r} is a placeholder (“{placeholder}”); name the role")
    return value


@click.command(
    epilog="""\b
Examples:
  ladder release --approver "Chief Product Officer" --approved-on 2026-06-20
  ladder release ladders --approver "VP Product" --approved-on 2026-09-01 --version 1.2.0 --effective-date 2026-10-01"""
)
@project_argument
@click.option("--approver", required=True, callback=_role, metavar="ROLE", help="Who approved the release: a role.")
@click.option(
    "--approved-on", "approved_on", required=True, callback=_date, metavar="DATE", help="The approval date, YYYY-MM-DD."
)
@click.option("--owner", default=None, callback=_role, metavar="ROLE", help="Record the owner too (a team or role).")
@click.option("--version", "version", default=None, callback=_version, metavar="V", help="The release's version.")
@click.option(
    "--effective-date", default=None, callback=_date, metavar="DATE", help="The release's effective date, YYYY-MM-DD."
)
@quiet_option
def command(
    path: Path,
    approver: str,
    approved_on: str,
    owner: str | None,
    version: str | None,
    effective_date: str | None,
    quiet: bool,
) -> Outcome:
    """Record a release's approval in PATH's framework file (default: ladders/).

    Runs the publish gate's checks except the approval itself (document control, lint and
    validation errors, published languages) and, when they pass, writes presentation.approver
    and approved_on (and owner, version and effective date when given) into framework.yaml,
    keeping its comments and layout. Exits 0 when recorded and the release passes the gate, 1
    when refused (nothing written) or when, once recorded, something still keeps it a draft
    (such as the new approver's translation), 2 on usage errors.
    """
    from ..release.approve import Approval, approve

    released = approve(path, Approval(approver, approved_on, owner, version, effective_date))
    if released.recorded is None:
        report_problems(released.problems, "text", command="release", stream=sys.stderr)
        click.echo(f"error: {path}: the approval was not recorded; nothing was written", err=True)
        return Outcome.PROBLEMS
    if released.problems:
        report_problems(released.problems, "text", command="release", stream=sys.stderr)
        click.echo(
            f"{released.recorded}: approval recorded, but the release does not pass the publish gate yet; "
            "`ladder build` builds drafts until the problems above are fixed",
            err=True,
        )
        return Outcome.PROBLEMS
    if not quiet:
        click.echo(
            f"{released.recorded}: approved by {approver} on {approved_on}; "
            "the release passes the publish gate (`ladder build --published`)",
            err=True,
        )
    return Outcome.OK
