"""`ladder schema`: print a bundled JSON Schema, for editors and other tools."""

from __future__ import annotations

import click

from .common import QUIET_HELP

SCHEMAS = {
    "source": "ladder-source.v2.schema.json",
    "source-v1": "ladder-source.v1.schema.json",
    "output": "hris-export.v2.schema.json",
    "output-v1": "hris-export.v1.schema.json",
    "assessment": "assessment.v1.schema.json",
    "hris-profile": "hris-profile.v1.schema.json",
    "lint-config": "ladder-lint-config.v1.schema.json",
    "diff-config": "diff-severity-config.v1.schema.json",
}


@click.command(
    epilog="""\b
Examples:
  ladder schema > .schema/ladder-source.json     for a yaml-language-server comment
  ladder schema --output                          the HRIS export contract
  ladder schema --lint-config                     for .ladder-lint.yaml"""
)
@click.option("--source", is_flag=True, help="The ladder source format, version 2 (default).")
@click.option("--source-v1", is_flag=True, help="The ladder source format, version 1 (a subset of 2).")
@click.option("--output", is_flag=True, help="The HRIS JSON export contract, version 2 (what builds write).")
@click.option("--output-v1", is_flag=True, help="The HRIS JSON export contract, version 1.")
@click.option("--assessment", is_flag=True, help="The `ladder assess` input format.")
@click.option("--hris-profile", is_flag=True, help="An HRIS import profile (`--format hris:FILE`).")
@click.option("--lint-config", is_flag=True, help="The lint settings file, `.ladder-lint.yaml`.")
@click.option("--diff-config", is_flag=True, help="The `ladder diff --severity-config` file.")
@click.option("-q", "--quiet", is_flag=True, hidden=True, help=QUIET_HELP)  # nothing to quiet: the schema is the output
@click.option("-v", "--verbose", is_flag=True, hidden=True)
def command(quiet: bool, verbose: bool, **flags: bool) -> None:
    """Print one of the JSON Schemas ladder uses, byte for byte as shipped."""
    from ..source.schema_store import schema_text

    chosen = [name.replace("_", "-") for name, given in flags.items() if given]
    if len(chosen) > 1:  # one schema per run: printing one of two silently hides the other
        raise click.UsageError(f"choose one schema, not {' and '.join('--' + name for name in chosen)}")
    which = chosen[0] if chosen else "source"

    try:
        text = schema_text(SCHEMAS[which])
    except FileNotFoundError:
        raise click.ClickException(f"this installation has no {SCHEMAS[which]}") from None
    click.echo(text, nl=False)
