"""`ladder ids`: write the derived id of every behaviour without one into the source, so that
rewording or moving it no longer changes its id or UUID in HRIS JSON and CASE."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..problems import has_errors
from ..source.ids import Missing, missing_ids
from .common import Outcome, project_argument, quiet_option, read_project, report_problems

if TYPE_CHECKING:
    pass


@click.command(
    epilog="""\b
Examples:
  ladder ids                    write ids into ladders/
  ladder ids --check            CI: exit 1 listing behaviours without ids"""
)
@project_argument
@click.option("--check", is_flag=True, help="Write nothing; exit 1 listing every behaviour without an id.")
@quiet_option
def command(path: Path, check: bool, quiet: bool) -> Outcome:
    """Write a stable id into every behaviour of PATH (default: ladders/) that has none.

    Each gets the id the model derives today, so no output changes; from then on a rewording or a
    move keeps the behaviour's id and UUID. `- Some text.` becomes `- id: <id>` with `text: Some
    text.` under it; comments, quoting and the rest of the file stay byte for byte. Each file is
    replaced whole or not at all. Exits 0 when done (or, with --check, when every behaviour has an
    id), 1 when --check finds behaviours without ids, 2 on usage errors or an invalid project.
    """
    compiled = read_project(path)
    if compiled.framework is None or has_errors(compiled.problems):
        report_problems(compiled.problems, "text", command="ids")
        return Outcome.USAGE
    missing = missing_ids(compiled.framework)
    if check:
        for item in missing:
            click.echo(f"{item.file}:{item.line}:{item.column}: behaviour without an id (derived: {item.derived})")
        return Outcome.PROBLEMS if missing else Outcome.OK
    return write_ids(path, missing, quiet)


def write_ids(path: Path, missing: list[Missing], quiet: bool) -> Outcome:
    from ..source.ids import IdEditError, check_edit, insert_ids
    from ..source.load import load_project
    from ..write import write_atomically

    files = {document.display: document.path for document in load_project(path).documents}
    by_file: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    for item in missing:
        by_file[item.file][(item.line, item.column)] = item.derived
    edited: dict[Path, bytes] = {}
    for display, ids in by_file.items():
        raw = files[display].read_bytes().decode("utf-8")
        crlf = "\r\n" in raw
        text = raw.replace("\r\n", "\n") if crlf else raw
        try:
            new_text = insert_ids(text, ids)
            check_edit(text, new_text, set(ids.values()))
        except IdEditError as error:
            click.echo(f"{display}: {error}; no file was written", err=True)
            return Outcome.USAGE
        edited[files[display]] = (new_text.replace("\n", "\r\n") if crlf else new_text).encode("utf-8")
    for file, content in edited.items():  # every file checked before the first is replaced
        write_atomically(file, content)
    if not quiet:
        click.echo(f"wrote {len(missing)} behaviour id(s) in {len(edited)} file(s)", err=True)
    return Outcome.OK
