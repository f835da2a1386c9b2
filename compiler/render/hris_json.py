"""HRIS JSON: one file per track and one for the framework, valid against hris-export.v1."""

from __future__ import annotations

import json

from ..export import SCHEMA_FILE, framework_export
from ..model import Framework
from . import Planned, RenderOptions


class ExportInvalid(RuntimeError):
    """The export does not match its own schema: a bug in ladder, never the user's input."""


class JsonRenderer:
    name = "json"
    version = "1"

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        return [Planned(f"json/{t}.json", t) for t in track_ids] + [Planned("json/framework.json", None)]

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        data = framework_export(framework, (planned.track_id,) if planned.track_id else None)
        errors = validate_export(data)
        if errors:
            raise ExportInvalid(f"{planned.path} does not match {SCHEMA_FILE} (a bug in ladder): {errors[0]}")
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def validate_export(data: dict) -> list[str]:
    from ..schema_store import validator

    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator(SCHEMA_FILE).iter_errors(data)]
