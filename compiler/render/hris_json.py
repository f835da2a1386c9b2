"""HRIS JSON: one file per track and one for the framework, valid against hris-export.v2."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model import Framework
from . import Planned, RenderOptions
from .export import SCHEMA_FILE, framework_export
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
        data = framework_export(framework, (planned.track_id,) if planned.track_id else None)
        errors = validate_export(data)
        if errors:
            raise ExportInvalid(f"{planned.path} does not match {SCHEMA_FILE} (a bug in ladder): {errors[0]}")
        return pretty_json(data)


def validate_export(data: dict[str, Any]) -> list[str]:
    """Schema errors of an export: none when the native validator says it is valid; else the
    shell first, then each job family with its own validator, to explain what is wrong."""
    from ..source.schema_store import fast_validator, validator

    fast = fast_validator(SCHEMA_FILE)
    if fast is not None and fast.is_valid(data):
        return []
    shell = {**data, "job_families": []}
    errors = [_describe(e) for e in validator(SCHEMA_FILE).iter_errors(shell)]
    family_validator = validator(SCHEMA_FILE, "job_family")
    for index, family in enumerate(data.get("job_families", [])):
        errors += [_describe(e, ("job_families", index)) for e in family_validator.iter_errors(family)]
    return errors


def _describe(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> str:
    return f"{'/'.join(map(str, prefix + tuple(error.absolute_path))) or '(root)'}: {error.message}"
