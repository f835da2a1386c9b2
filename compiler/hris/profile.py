"""Import profiles: find one (shipped, or a file in the project), load it strictly, check it.

A profile is untrusted data. It is read by the same strict YAML loader as ladder files, checked
against hris-profile.v1.schema.json, and every expression is parsed and resolved against the
export contract (hris-export.v2) before anything renders, so a wrong path or an unknown map is a
problem with the profile's file, line and column.
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import ERROR, Problem, Rule
from ..value import value_class
from .expressions import Expression, ExpressionError, Template, ValueMap, parse_expression, parse_template

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "hris-profile-schema",
        "build",
        ERROR,
        "An HRIS import profile does not match the profile schema (hris-profile.v1): an unknown key, a missing or "
        "mistyped value, two files with one path, or a `distinct_by` that names no column.",
        "files:\n  - path: jobs.csv\n    rows: job_profiles\n    colums: []",
        "files:\n  - path: jobs.csv\n    rows: job_profiles\n    columns: [{header: Code, value: profile.job_code}]",
    ),
    Rule(
        "hris-profile-column",
        "build",
        ERROR,
        "A profile column without exactly one of `value`, `template` or `const`.",
        "columns: [{header: Code, value: profile.job_code, const: X}]",
        "columns: [{header: Code, value: profile.job_code}]",
    ),
    Rule(
        "hris-profile-expression",
        "build",
        ERROR,
        "A column's `value` or `template` that does not parse, or names a field the export contract (hris-export.v2) "
        "does not have for its rows, or a map the profile does not define.",
        "columns: [{header: Code, value: profile.job_kode}]",
        "columns: [{header: Code, value: profile.job_code}]",
    ),
)

if TYPE_CHECKING:
    from ..source.load import SourceDocument

PROFILE_SCHEMA = "hris-profile.v1.schema.json"
EXPORT_SCHEMA = "hris-export.v2.schema.json"  # the export the records are made from

# What each row offers to expressions, and the fields of `record` (computed here, not exported).
ROOTS = {
    "job_profiles": ("framework", "family", "profile", "record"),
    "job_families": ("framework", "family", "record"),
}
RECORD_FIELDS = {
    "status": {"type": "string", "description": "active or inactive"},
    "inactive": {"type": "boolean"},
    "change": {
        "type": ["string", "null"],
        "description": "new, changed, inactivated or unchanged; null without --since",
    },
    "effective_date": {"type": "string", "description": "the framework's effective date (YYYY-MM-DD)"},
    "since": {"type": ["string", "null"], "description": "the revision compared with, or null"},
}


@value_class
class Column:
    header: str
    value: Expression | Template | str  # an expression, a template, or constant text
    type: str = "text"
    required: bool = False
    omit_empty: bool = False
    unique: bool = False
    location: tuple = ()  # path of the column in the profile document, for located errors


@value_class
class ProfileFile:
    path: str
    rows: str
    format: str
    columns: tuple[Column, ...]
    json_root: str | None = None
    distinct_by: str | None = None


@value_class
class Profile:
    id: str
    system: str
    display: str  # where it was read from, for messages
    files: tuple[ProfileFile, ...]
    maps: dict[str, ValueMap]
    document: SourceDocument  # to locate render-time errors at the profile's lines

    def problem(self, location: tuple, rule: str, message: str, hint: str = "") -> Problem:
        return self.document.problem(location, rule, message, hint=hint)


class ProfileNotFound(Exception):
    """A usage error: no such shipped profile, or a file outside the project."""


def shipped_profiles() -> list[str]:
    folder = resources.files("ladder_compiler.hris").joinpath("profiles")
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def find_profile(name: str, project_root: Path) -> tuple[bytes, Path, str]:
    """The bytes of a profile: a shipped one by name, or a .yaml/.yml file inside the project."""
    if not name.endswith((".yaml", ".yml")) and "/" not in name and "\\" not in name:
        if name not in shipped_profiles():
            close = difflib.get_close_matches(name, shipped_profiles(), n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise ProfileNotFound(
                f"no shipped HRIS profile `{name}`{hint} (shipped: {', '.join(shipped_profiles())}; "
                "or give a profile file such as hris/my-workday.yaml)"
            )
        entry = resources.files("ladder_compiler.hris").joinpath("profiles", f"{name}.yaml")
        return entry.read_bytes(), Path(f"{name}.yaml"), f"<shipped profile {name}>"
    path = Path(name)
    root = project_root.resolve()
    resolved = (project_root / path).resolve()
    if not resolved.is_relative_to(root):
        raise ProfileNotFound(f"profile file `{name}` is outside the project ({root}); copy it into the project")
    if not resolved.exists():
        raise ProfileNotFound(f"profile file `{name}` does not exist")
    if not name.endswith((".yaml", ".yml")):
        raise ProfileNotFound(f"profile file `{name}` must be YAML (.yaml or .yml)")
    from ..source.paths import MAX_FILE_BYTES, UnsafePath, confine, read_bounded

    try:  # the one confinement rule: inside the project, a regular file, bounded as it is read
        return read_bounded(confine(root, resolved.relative_to(root).as_posix()), MAX_FILE_BYTES), path, name
    except UnsafePath as error:
        raise ProfileNotFound(f"profile file `{name}`: {error}") from None


def load_profile(content: bytes, path: Path, display: str) -> tuple[Profile | None, list[Problem]]:
    from ..source.load import load_file

    document, problems = load_file(path, content, display)
    if document is None or problems:
        return None, problems
    problems = _schema_problems(document)
    if problems:
        return None, problems
    data = document.data
    maps = {
        name: ValueMap(dict(spec["values"]), spec.get("missing", "error"))
        for name, spec in data.get("maps", {}).items()
    }
    files, problems = [], []
    for index, spec in enumerate(data["files"]):
        columns = []
        for position, column in enumerate(spec["columns"]):
            parsed, column_problems = _column(
                document, ("files", index, "columns", position), column, spec["rows"], maps
            )
            problems += column_problems
            if parsed is not None:
                columns.append(parsed)
        files.append(
            ProfileFile(
                spec["path"],
                spec["rows"],
                spec["format"],
                tuple(columns),
                spec.get("json_root"),
                spec.get("distinct_by"),
            )
        )
    problems += _duplicate_paths(document, data["files"]) + _unknown_distinct_by(document, data["files"])
    if problems:
        return None, sorted(problems)
    return Profile(data["profile"], data["system"], display, tuple(files), maps, document), []


def _schema_problems(document) -> list[Problem]:
    from ..source.schema_store import validator

    problems = []
    for error in sorted(
        validator(PROFILE_SCHEMA).iter_errors(document.data), key=lambda e: list(map(str, e.absolute_path))
    ):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}) if isinstance(error.schema, dict) else ())
            for key in sorted(set(error.instance) - allowed):
                close = difflib.get_close_matches(key, sorted(allowed), n=1)
                problems.append(
                    document.problem(
                        path + (key,),
                        "hris-profile-schema",
                        f"unknown key `{key}`",
                        key=True,
                        hint=f"did you mean `{close[0]}`?" if close else f"keys: {', '.join(sorted(allowed))}",
                    )
                )
            continue
        problems.append(
            document.problem(
                path, "hris-profile-schema", _schema_message(error), key=error.validator == "propertyNames"
            )
        )
    return problems


def _schema_message(error) -> str:
    where = "/".join(map(str, error.absolute_path)) or "(top level)"
    return f"{where}: {error.message}"


def _column(
    document, location: tuple, spec: dict, rows: str, maps: dict[str, ValueMap]
) -> tuple[Column | None, list[Problem]]:
    kinds = [k for k in ("value", "template", "const") if k in spec]
    if len(kinds) != 1:
        message = (
            "a column needs one of `value`, `template` or `const`"
            if not kinds
            else f"a column has one of `value`, `template` or `const`, not {' and '.join(f'`{k}`' for k in kinds)}"
        )
        return None, [document.problem(location, "hris-profile-column", message)]
    kind = kinds[0]
    where = location + (kind,)
    if kind == "const":
        return _column_of(spec, spec["const"], location), []
    try:
        parsed = parse_expression(spec[kind]) if kind == "value" else parse_template(spec[kind])
    except ExpressionError as error:
        return None, [document.problem(where, "hris-profile-expression", f"{kind} `{spec[kind]}`: {error}")]
    expressions = (parsed,) if isinstance(parsed, Expression) else parsed.expressions
    problems = [
        document.problem(where, "hris-profile-expression", message, hint=hint)
        for e in expressions
        for message, hint in check_expression(e, rows, maps)
    ]
    return (None if problems else _column_of(spec, parsed, location)), problems


def _column_of(spec: dict, value: Expression | Template | str, location: tuple) -> Column:
    flags = {name: spec.get(name, False) for name in ("required", "omit_empty", "unique")}
    return Column(spec["header"], value, spec.get("type", "text"), location=location, **flags)


def check_expression(expression: Expression, rows: str, maps: dict[str, ValueMap]) -> list[tuple[str, str]]:
    """(message, hint) for each way an expression cannot work on these rows."""
    roots = ROOTS[rows]
    root, rest = expression.path[0], expression.path[1:]
    if root not in roots:
        close = difflib.get_close_matches(root, roots, n=1)
        return [
            (
                f"`{root}` is not available in {rows} rows; start the path with {', '.join(f'`{r}`' for r in roots)}",
                f"did you mean `{close[0]}`?" if close else "",
            )
        ]
    node, is_list, problems = _root_schema(root), False, []
    for depth, key in enumerate(rest):
        node, through_list = _unwrap(node)
        is_list = is_list or through_list
        properties = _properties(node)
        if key not in properties:
            shown = ".".join(expression.path[: depth + 1])
            close = difflib.get_close_matches(key, list(properties), n=1)
            return [
                (
                    f"`{shown}` has no field `{key}` in the HRIS export contract"
                    if properties
                    else f"`{shown}` is a value, not an object: it has no field `{key}`",
                    f"did you mean `{close[0]}`?"
                    if close
                    else (f"fields: {', '.join(properties)}" if properties else ""),
                )
            ]
        node = properties[key]
    node, through_list = _unwrap(node)
    is_list = is_list or through_list
    joined = False
    for step in expression.filters:
        if step.name == "map" and step.argument not in maps:
            close = difflib.get_close_matches(step.argument or "", list(maps), n=1)
            problems.append(
                (
                    f"no value map `{step.argument}` in this profile's `maps`",
                    f"did you mean `{close[0]}`?" if close else "",
                )
            )
        if step.name == "join":
            joined = True
        elif is_list and not joined and step.name != "map":
            problems.append(
                (f'`{".".join(expression.path)}` is a list: join it (`| join:", "`) before `{step.name}`', "")
            )
    if is_list and not joined:
        problems.append((f'`{".".join(expression.path)}` is a list: add `| join:", "` (or another separator)', ""))
    elif not is_list and _properties(node):
        problems.append(
            (f"`{'.'.join(expression.path)}` is an object; pick one of its fields: {', '.join(_properties(node))}", "")
        )
    return problems


def _root_schema(root: str) -> dict:
    from ..source.schema_store import load_schema

    schema = load_schema(EXPORT_SCHEMA)
    if root == "record":
        return {"type": "object", "properties": RECORD_FIELDS}
    if root == "framework":
        return schema["properties"]["framework"]
    return schema["$defs"]["job_family" if root == "family" else "job_profile"]


def _unwrap(node: dict) -> tuple[dict, bool]:
    """Follow $ref and nullable oneOf; step into array items (and say so)."""
    from ..source.schema_store import load_schema

    definitions = load_schema(EXPORT_SCHEMA)["$defs"]
    through_list = False
    for _ in range(10):  # the export schema nests shallowly; a bound keeps a bad schema from looping
        if "$ref" in node:
            node = definitions[node["$ref"].split("/")[-1]]
        elif "oneOf" in node or "anyOf" in node:
            options = [o for o in node.get("oneOf") or node.get("anyOf") or [] if o.get("type") != "null"]
            node = options[0] if options else {}
        elif node.get("type") == "array" or (isinstance(node.get("type"), list) and "array" in node["type"]):
            node, through_list = node.get("items", {}), True
        else:
            break
    return node, through_list


def _properties(node: dict) -> dict:
    return node.get("properties", {}) if isinstance(node, dict) else {}


def _duplicate_paths(document, files: list[dict]) -> list[Problem]:
    seen, problems = set(), []
    for index, spec in enumerate(files):
        if spec["path"] in seen:
            problems.append(
                document.problem(
                    ("files", index, "path"), "hris-profile-schema", f"two files are both called `{spec['path']}`"
                )
            )
        seen.add(spec["path"])
    return problems


def _unknown_distinct_by(document, files: list[dict]) -> list[Problem]:
    problems = []
    for index, spec in enumerate(files):
        headers = [column["header"] for column in spec["columns"]]
        if "distinct_by" in spec and spec["distinct_by"] not in headers:
            message = f"`distinct_by: {spec['distinct_by']}` names no column; headers are {', '.join(headers)}"
            problems.append(document.problem(("files", index, "distinct_by"), "hris-profile-schema", message))
    return problems
