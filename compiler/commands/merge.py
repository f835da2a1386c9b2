"""`ladder merge`: combine the outputs of `ladder build --shard I/N` runs into one directory."""

from __future__ import annotations

from pathlib import Path

import click

from .common import Outcome, quiet_option


@click.command(
    epilog="""\b
Examples:
  ladder build --shard 1/2 --out shard-1     (CI job 1)
  ladder build --shard 2/2 --out shard-2     (CI job 2)
  ladder merge shard-1 shard-2 --out output"""
)
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="output",
    show_default=True,
    help="Output directory.",
)
@quiet_option
def command(shards: tuple[Path, ...], out_dir: Path, quiet: bool) -> Outcome:
    """Merge shard directories into OUT: every slice exactly once, built from the same inputs.

    The result is byte-identical to a single `ladder build` with the same options. Exits 0 on
    success, 1 when the shards do not fit together (nothing is written then), 2 on usage errors.
    """
    from ..shard import ShardError, merge

    try:
        written = merge(list(shards), out_dir)
    except ShardError as error:
        click.echo(f"error: {error}", err=True)
        click.echo("nothing was written", err=True)
        return Outcome.PROBLEMS
    if not quiet:
        click.echo(f"{out_dir}: {len(written)} files merged from {len(shards)} shards", err=True)
    return Outcome.OK
