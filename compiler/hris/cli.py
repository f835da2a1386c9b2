"""`ladder build --format hris:<profile>`: option parsing and the run, kept apart from commands/build.py.

ladder build --format hris:workday                          a shipped profile
ladder build --format hris:hris/my-workday.yaml             a profile file inside the project
ladder build --format hris:hibob --since v1.0.0             removed levels written as inactive
ladder build --format hris:hibob --since v1.0.0 --changes-only   only new, changed, inactivated
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ..commands.common import Outcome, Stop
from ..value import value_class

if TYPE_CHECKING:
    from ..model import Framework
    from .records import Baseline

PREFIX = "hris:"
F = TypeVar("F", bound=Callable[..., Any])


@value_class
class HrisRequest:
    profiles: tuple[str, ...]  # shipped profile names or profile files inside the project
    since: str | None = None  # the previous release, in `ladder diff`'s revision syntax
    changes_only: bool = False


def hris_request(
    formats: str | None, since: str | None, changes_only: bool, sharded: bool = False
) -> tuple[str, HrisRequest | None]:
    """The ordinary formats, and what to write for `hris:` formats (None when there are none)."""
    formats, profiles = split_formats(formats)
    check_options(profiles, since, changes_only, sharded)
    return formats, HrisRequest(profiles, since, changes_only) if profiles else None


def split_formats(value: str | None) -> tuple[str, tuple[str, ...]]:
    """The ordinary formats (comma-separated, as given) and the profile names after `hris:`."""
    parts = [part.strip() for part in (value or "").split(",") if part.strip()]
    profiles = tuple(part[len(PREFIX) :].strip() for part in parts if part.startswith(PREFIX))
    if any(not name for name in profiles):
        raise click.BadParameter(
            "`hris:` needs a profile: a shipped one (see `ladder build --help`) or a profile file",
            param_hint="'--format'",
        )
    return ",".join(part for part in parts if not part.startswith(PREFIX)), profiles


def hris_options(function: F) -> F:
    function = click.option(
        "--changes-only",
        is_flag=True,
        help="With --since: hris profiles write only new, changed and inactivated records "
        "(into hris/<profile>/changes/).",
    )(function)
    return click.option(
        "--since",
        metavar="REV",
        default=None,
        help="hris profiles: the previous release, as `ladder diff` takes it (DIR, REV or REV:PATH); "
        "levels and tracks removed since are written as inactive.",
    )(function)


def check_options(profiles: tuple[str, ...], since: str | None, changes_only: bool, sharded: bool = False) -> None:
    if profiles and sharded:
        _usage("hris profiles are not sharded: build them in one job, without --shard")
    if (since or changes_only) and not profiles:
        _usage("--since and --changes-only apply to hris profiles: add --format hris:<profile>")
    if changes_only and not since:
        _usage("--changes-only needs --since REV: changes since which release?")


def build_profiles(
    framework: Framework, ladder_path: Path, out_dir: Path, request: HrisRequest, quiet: bool, verbose: bool
) -> None:
    """Render every profile in memory, then write; on any problem, write nothing and stop (1, or 2 on usage)."""
    from ..commands.common import report_problems
    from ..source.gitsource import SourceError
    from ..write import output_lock, write_atomically
    from .output import ProfileFailed, render_profile, settle_changes
    from .profile import ProfileNotFound, find_profile, load_profile
    from .records import records
    from .since import since_release

    since, changes_only = request.since, request.changes_only
    loaded = []
    for name in request.profiles:
        try:
            content, path, display = find_profile(name, Path.cwd())
        except ProfileNotFound as error:
            _usage(str(error))
        profile, problems = load_profile(content, path, display)
        if profile is None:
            report_problems(problems, "text", command="build", stream=sys.stderr)
            _fail(f"the HRIS profile {display} is not valid (problems above); nothing was written")
        loaded.append(profile)
    from .names import colliding_profiles

    if collisions := colliding_profiles(loaded):
        report_problems(collisions, "text", command="build", stream=sys.stderr)
        _fail("two HRIS profiles would write into one folder (problems above); nothing was written")
    baseline = None
    if since:
        try:
            baseline, problems = since_release(since, ladder_path, framework)
        except SourceError as error:
            _usage(str(error))
        if baseline is None:
            report_problems(problems, "text", command="build", stream=sys.stderr)
            _fail(f"`{since}` is not a valid ladder project (problems above); nothing was written")
    contexts = {rows: records(rows, framework, baseline) for rows in ("job_profiles", "job_families")}
    outputs: dict[Path, bytes] = {}
    counts: dict[str, str] = {}
    for profile in loaded:
        folder = out_dir / "hris" / profile.id / ("changes" if changes_only else "")
        settled = settle_changes(profile, contexts)
        counts[profile.id] = _counts(settled["job_profiles"])
        try:
            for file_name, content in render_profile(profile, settled, changes_only).items():
                outputs[folder / file_name] = content
        except ProfileFailed as error:
            report_problems(error.problems, "text", command="build", stream=sys.stderr)
            _fail(f"cannot write the {profile.system} files of {profile.display} (problems above); nothing was written")
    with output_lock(out_dir):  # one build at a time writes into an output directory
        for path, content in outputs.items():
            write_atomically(path, content)
    if not quiet:
        _summarise(out_dir / "hris", outputs, counts, baseline, changes_only, verbose)


def _counts(contexts: list[dict]) -> str:
    changes = [c["record"]["change"] for c in contexts]
    return ", ".join(f"{changes.count(kind)} {kind}" for kind in ("new", "changed", "inactivated"))


def _summarise(
    folder: Path,
    outputs: dict[Path, bytes],
    counts: dict[str, str],
    baseline: Baseline | None,
    changes_only: bool,
    verbose: bool,
) -> None:
    if verbose:
        for path in outputs:
            click.echo(f"wrote {path}", err=True)
    line = f"{folder}: {len(outputs)} written"
    if baseline is not None:
        # what counts as changed depends on the columns a profile writes, so counts that differ are given per profile
        distinct = set(counts.values())
        said = distinct.pop() if len(distinct) == 1 else "; ".join(f"{name} {said}" for name, said in counts.items())
        line += f"; job profiles since {baseline.label}: {said}" + (" (only these written)" if changes_only else "")
    click.echo(line, err=True)


def _usage(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise Stop(Outcome.USAGE)


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    raise Stop(Outcome.PROBLEMS)
