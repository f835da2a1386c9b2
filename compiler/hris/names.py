"""Each profile writes into hris/<profile id>/: two profiles whose ids are one folder on some file
system (equal, equal but for case, or equal once Unicode-normalised) would overwrite each other,
and Windows cannot make a folder named for a device (`con`, `nul`...)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..problems import Problem
from ..source.paths import reserved_device_name
from .profile import Profile


def colliding_profiles(profiles: Sequence[Profile]) -> list[Problem]:
    first: dict[str, Profile] = {}
    problems = []
    for profile in profiles:
        if reserved_device_name(profile.id):
            message = f"profile id `{profile.id}` names the folder hris/{profile.id}/, a device name Windows reserves"
            problems.append(profile.problem(("profile",), "hris-profile-id", message, "give the profile another id"))
        key = unicodedata.normalize("NFKC", profile.id).casefold()
        if key in first:
            other = first[key]
            message = (
                f"profile id `{profile.id}` names the same folder hris/{other.id}/ as {other.display}:"
                " one would overwrite the other"
            )
            problems.append(profile.problem(("profile",), "hris-profile-id", message, "give each profile its own id"))
        first.setdefault(key, profile)
    return problems
