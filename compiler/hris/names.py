"""Each profile writes into hris/<profile id>/: two profiles whose ids are one folder on some file
system (equal, equal but for case, or equal once Unicode-normalised) would overwrite each other,
and Windows cannot make a folder named for a device (`con`, `nul`...)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ..problems import ERROR, Problem, Rule
from ..source.paths import reserved_device_name
from .profile import Profile

# The checks this module raises: catalogue.py collects them, docs/rules/ has a page for each.
DECLARED_RULES: tuple[Rule, ...] = (
    Rule(
        "hris-profile-id",
        "build",
        ERROR,
        "Two profiles of one build whose ids name the same folder under hris/ (the same id but for case or Unicode "
        "form), or a profile id that is a device name Windows reserves.",
        "--format hris:workday,hris:my-workday.yaml  # the second says `profile: Workday`",
        "--format hris:workday,hris:my-workday.yaml  # the second says `profile: workday-custom`",
    ),
)


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
