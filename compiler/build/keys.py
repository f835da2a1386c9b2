"""Cache keys: what shapes an output, hashed. Equal keys mean equal bytes.

An output's key is a digest of what shapes it, with its format and path, and for a PDF the PDF
engine's version: for a track's documents, the environment (ladder's own code, templates and
schemas, the files the ladder names, options) and what shapes that track; for project-wide
documents, the environment and every source file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..render import Planned, RenderOptions
from ..render.fingerprint import track_digest
from ..render.templating import templates_digest
from ..source.paths import MAX_ASSET_BYTES, UnsafePath, inside, project_root, read_bounded

if TYPE_CHECKING:
    from ..model import Framework


def inputs_digest(source: Path, options: RenderOptions, extra: tuple[str, ...]) -> str:
    """Everything a build reads, from bytes alone: the environment (see environment_digest) and
    the source files."""
    from ..source.paths import find_source_files  # not .load: a no-op build imports no YAML parser

    digest = hashlib.sha256(environment_digest(source, options, extra).encode() + b"\0")
    # Names relative to the project: `ladder check ladders` and `ladder check /abs/ladders` agree.
    root = project_root(source) if source.exists() else source
    for path in find_source_files(source) if source.exists() else []:
        digest.update(_relative_name(root, path).encode() + b"\0" + _content_hash(root, path).encode() + b"\0")
    return digest.hexdigest()


def environment_digest(source: Path, options: RenderOptions, extra: tuple[str, ...]) -> str:
    """What a build reads besides the ladder's sources: ladder's own code, templates, extra inputs
    (the files the ladder names: its template directory and logo) and the options. The PDF
    engine's version is in the PDFs' keys alone (cache_key)."""
    digest = hashlib.sha256()
    for part in (code_digest(), repr(options.extra), templates_digest(options.templates)):
        digest.update(str(part).encode() + b"\0")
    root = project_root(source) if source.exists() else source
    for name in extra:
        extra_path = Path(name)
        content = (
            templates_digest(extra_path)  # every file below the directory: a template set or a release
            if extra_path.is_dir() and inside(root, extra_path)
            else _content_hash(root, extra_path)
        )
        digest.update(_relative_name(root, extra_path).encode() + b"\0" + content.encode() + b"\0")
    return digest.hexdigest()


def _relative_name(root: Path, path: Path) -> str:
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.name


def _content_hash(root: Path, path: Path) -> str:
    if not inside(root, path):
        return "outside the project"
    if not path.exists() and not path.is_symlink():
        return "absent"
    try:
        return hashlib.sha256(read_bounded(path, MAX_ASSET_BYTES)).hexdigest()
    except UnsafePath as error:
        return str(error)


# The parts of the package that shape what a build writes (the CLI, assess and the reporters do not;
# diff makes the change-log page and the HRIS records since a release; lint and the catalogue decide,
# through the publish gate, whether outputs are drafts): a change to any of these, or to a bundled
# template or schema, is a new key.
OUTPUT_CODE = (
    *("__init__.py", "build", "write.py", "pipeline.py", "catalogue.py"),
    *("model", "source", "render", "i18n", "diff", "hris", "lint", "release"),
)


@cache
def code_digest() -> str:
    """Hash of ladder's output-shaping code, bundled templates and schemas, so that changing one
    line of a renderer or template makes `ladder check` fail and `ladder build` rebuild (no
    version numbers bumped by hand)."""
    package = Path(__file__).parent.parent
    roots = [package / name for name in OUTPUT_CODE]
    roots += [
        Path(str(resources.files("ladder_compiler.templates"))),
        Path(str(resources.files("ladder_compiler.schemas"))),
    ]
    return tree_digest(roots)


def tree_digest(roots: list[Path]) -> str:
    """Hash of the names and bytes of every file under `roots` (files themselves count too)."""
    digest = hashlib.sha256()
    for root in roots:
        for path in _files_under(root):
            digest.update(
                f"{root.name}/{path.relative_to(root).as_posix()}".encode()
                + b"\0"
                + hashlib.sha256(path.read_bytes()).digest()
            )
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def extra_inputs(framework: Framework) -> tuple[str, ...]:
    """The files the ladder names, hashed with the environment (see environment_digest)."""
    presentation = framework.presentation
    translated = framework.languages or framework.draft_languages
    locales = framework.root / "locales" if translated else None  # translations (i18n)
    # The previous release feeds the change-log page, and its hidden directory is outside the source walk.
    # The lint settings decide, through the publish gate, whether the outputs are drafts.
    # Named even while absent, so that adding the file changes the digest.
    from ..lint.config import FILENAME

    lint_settings = framework.root / FILENAME
    named = (
        presentation.templates,
        presentation.logo,
        locales,
        presentation.previous_release,
        lint_settings,
    )
    return tuple(str(p) for p in named if p is not None)


@dataclass
class Digests:
    """What output keys are made from. A track's documents: the environment (code, templates,
    options, named files) and what shapes that track (render/fingerprint.py), so editing one track
    rebuilds its documents only. Project-wide documents, and every document when the ladder brings
    its own templates (which may read anything in the model): the whole project's digest."""

    framework: Framework
    project: str
    environment: str | None  # None: key everything on the project
    _tracks: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, framework: Framework, source: Path, options: RenderOptions, extra: tuple[str, ...]) -> Digests:
        own_templates = options.templates is None and framework.presentation.templates is None
        environment = environment_digest(source, options, extra) if own_templates else None
        return cls(framework, inputs_digest(source, options, extra), environment)

    def for_output(self, planned: Planned) -> str:
        if planned.track_id is None or self.environment is None:
            return self.project
        if planned.track_id not in self._tracks:
            shaping = track_digest(self.framework, planned.track_id)
            self._tracks[planned.track_id] = hashlib.sha256(f"{self.environment}\0{shaping}".encode()).hexdigest()
        return self._tracks[planned.track_id]

    def made(self) -> dict[str, str]:
        """The track digests this build used (recorded, so that a no-op build can check keys unparsed)."""
        return dict(sorted(self._tracks.items()))


def cache_key(digest: str, renderer_name: str, path: str) -> str:
    """Equal keys mean equal bytes: the digest covers everything that shapes the output (see
    Digests), and a PDF's key the version of the engine that prints it."""
    engine = _engine_version(renderer_name)
    return hashlib.sha256(f"{digest}\0{renderer_name}\0{path}\0{engine}".encode()).hexdigest()


@cache
def _engine_version(renderer_name: str) -> str:
    """WeasyPrint's version for PDFs, "" for the other formats (which then skip importlib.metadata)."""
    if renderer_name != "pdf":
        return ""
    from importlib import metadata

    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return "unknown"
