"""`--format hris:PROFILE` as a renderer like the others: its files are planned, staged and written
all or nothing by the build, recorded in the manifest, seen by `ladder check`, dealt to shards and
cached.

    ladder build --format hris:workday                          a shipped profile
    ladder build --format hris:hris/my-workday.yaml             a profile file inside the project
    ladder build --format hris:hibob --since v1.0.0             removed levels written as inactive
    ladder build --format hris:hibob --since v1.0.0 --changes-only   only new, changed, inactivated

A profile writes hris/<profile id>/ (hris/<profile id>/changes/ with --changes-only). Every file of a
profile is one framework-wide output; its cache key covers the profile's bytes, --since (and the
previous release's sources) and --changes-only besides what keys every framework-wide output.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problem, ProblemsFound
from ..render import Planned, RenderOptions
from .output import render_profile, settle_changes
from .profile import Profile, find_profile, load_profile
from .profile import ProfileNotFound as ProfileNotFound
from .records import CHANGED, INACTIVATED, NEW, Baseline, records

if TYPE_CHECKING:
    from ..model import Framework

PREFIX = "hris:"


class ProfileInvalid(ProblemsFound):
    """A profile, or the previous release --since names, that is not valid: located problems."""


def hris_renderer(format_name: str, options: RenderOptions) -> HrisRenderer:
    """The renderer of `hris:NAME`; a profile file is read from the current directory's project.
    Raises ProfileNotFound (a usage error) or ProfileInvalid."""
    name = format_name[len(PREFIX) :].strip()
    if not name:
        raise ProfileNotFound("`hris:` needs a profile: a shipped one (see `ladder build --help`) or a profile file")
    content, path, display = find_profile(name, Path.cwd())
    profile, problems = _loaded(content, path, display)
    if profile is None:
        raise ProfileInvalid(f"the HRIS profile {display} is not valid (problems above)", problems)
    return HrisRenderer(format_name, profile, hashlib.sha256(content).hexdigest(), options.since, options.changes_only)


@lru_cache(maxsize=8)
def _loaded(content: bytes, path: Path, display: str) -> tuple[Profile | None, list[Problem]]:
    return load_profile(content, path, display)  # a build asks once per output: parse each profile once


_baselines: dict[tuple[str, Path, str], tuple[Baseline | None, list[Problem]]] = {}


def _baseline(since: str, framework: Framework) -> tuple[Baseline | None, list[Problem]]:
    """The previous release compared with `framework`, once per build rather than once per file."""
    from .since import since_release

    key = (since, Path.cwd(), framework.source_hash)
    if key not in _baselines:
        _baselines.clear()  # one build's baseline at a time
        _baselines[key] = since_release(since, framework.root, framework)
    return _baselines[key]


class HrisRenderer:
    def __init__(self, name: str, profile: Profile, profile_digest: str, since: str | None, changes_only: bool) -> None:
        self.name = name
        self.profile = profile
        self.profile_digest = profile_digest
        self.since, self.changes_only = since, changes_only

    @property
    def folder(self) -> str:
        return f"hris/{self.profile.id}/" + ("changes/" if self.changes_only else "")

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        # Every row of a profile's file comes from the whole framework: none belongs to one track.
        return [Planned(self.folder + spec.path, None, document="hris") for spec in self.profile.files]

    def key_inputs(self, framework: Framework) -> str:
        """What shapes this profile's files besides the project: the profile and the release compared with."""
        baseline = self.baseline(framework)
        previous = baseline.result.old.source_hash if baseline is not None else ""
        return f"{self.profile_digest}\0{self.since or ''}\0{previous}\0{self.changes_only}"

    def baseline(self, framework: Framework) -> Baseline | None:
        """The previous release --since names, compared with `framework`. Raises SourceError (usage)
        or ProfileInvalid."""
        if self.since is None:
            return None
        found, problems = _baseline(self.since, framework)
        if found is None:
            raise ProfileInvalid(f"`{self.since}` is not a valid ladder project (problems above)", problems)
        return found

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        files = render_profile(self.profile, self._settled(framework), self.changes_only)
        return files[planned.path.removeprefix(self.folder)]

    def change_counts(self, framework: Framework) -> str:
        """ "N new, N changed, N inactivated": the job profiles this profile shows as changed since --since."""
        changes = [context["record"]["change"] for context in self._settled(framework)["job_profiles"]]
        return ", ".join(f"{changes.count(kind)} {kind}" for kind in (NEW, CHANGED, INACTIVATED))

    def _settled(self, framework: Framework) -> dict[str, list[dict]]:
        baseline = self.baseline(framework)
        contexts = {rows: records(rows, framework, baseline) for rows in ("job_profiles", "job_families")}
        return settle_changes(self.profile, contexts)
