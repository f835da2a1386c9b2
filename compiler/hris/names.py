"""Each profile writes into hris/<profile id>/: two profiles whose ids are one folder on some file
system (equal, equal but for case, or equal once Unicode-normalised) would overwrite each other."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..problems import Problem
from .profile import Profile


def colliding_profiles(profiles: Sequence[Profile]) -> list[Problem]:
    first: dict[str, Profile] = {}
    problems = []
    for profile in profiles:
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
