"""HRIS JSON: one file per track and one for the framework, valid against hris-export.v2."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..model import Framework
from . import DRAFT, Planned, RenderOptions, is_draft
from .export import SCHEMA_FILE, export_in_parts
from .json_bytes import pretty_json

if TYPE_CHECKING:
    from jsonschema import ValidationError


class ExportInvalid(RuntimeError):
    """The export does not match its own schema: a bug in ladder, never the user's input."""


class JsonRenderer:
    name = "json"

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        return [Planned(f"json/{t}.json", t) for t in track_ids] + [Planned("json/framework.json", None)]

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        return b"".join(self.render_chunks(framework, planned, options))

    def render_chunks(self, framework: Framework, planned: Planned, options: RenderOptions) -> Iterator[bytes]:
        """The export's bytes in pieces, one job family at a time, each checked against the schema:
        the same bytes as the whole export written at once, without holding it all."""
        shell, families = export_in_parts(framework, (planned.track_id,) if planned.track_id else None)
        if is_draft(options):  # the publish gate did not pass: an HR system can refuse the import
            shell["framework"]["status"] = DRAFT
        _check(planned, validate_export(shell))
        head, tail = pretty_json(shell).split(_NO_FAMILIES)  # the one top-level key of that name
        yield head
        written = 0
        for written, family in enumerate(families, 1):
            _check(planned, validate_family(family, written - 1))
            yield (b'\n  "job_families": [\n' if written == 1 else b",\n") + _as_item(pretty_json(family))
        yield b"\n  ]" if written else _NO_FAMILIES
        yield tail


_NO_FAMILIES = b'\n  "job_families": []'


def _as_item(document: bytes) -> bytes:
    """A pretty-printed JSON document as an item of the top-level `job_families` list: indented
    four spaces (a JSON text's only raw newlines are between its tokens)."""
    return b"    " + document.rstrip(b"\n").replace(b"\n", b"\n    ")


def _check(planned: Planned, errors: list[str]) -> None:
    if errors:
        raise ExportInvalid(f"{planned.path} does not match {SCHEMA_FILE} (a bug in ladder): {errors[0]}")


def validate_export(data: dict[str, Any]) -> list[str]:
    """Schema errors of an export: none when the native validator says it is valid; else the
    shell first, then each job family with its own validator, to explain what is wrong."""
    from ..source.schema_store import fast_validator, validator

    fast = fast_validator(SCHEMA_FILE)
    if fast is not None and fast.is_valid(data):
        return []
    shell = {**data, "job_families": []}
    errors = [_describe(e) for e in validator(SCHEMA_FILE).iter_errors(shell)]
    for index, family in enumerate(data.get("job_families", [])):
        errors += validate_family(family, index)
    return errors


def validate_family(family: dict[str, Any], index: int) -> list[str]:
    """Schema errors of the job family at `index` of an export (no rule spans two families)."""
    from ..source.schema_store import fast_validator, validator

    fast = fast_validator(SCHEMA_FILE, "job_family")
    if fast is not None and fast.is_valid(family):
        return []
    return [_describe(e, ("job_families", index)) for e in validator(SCHEMA_FILE, "job_family").iter_errors(family)]


def _describe(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> str:
    return f"{'/'.join(map(str, prefix + tuple(error.absolute_path))) or '(root)'}: {error.message}"
