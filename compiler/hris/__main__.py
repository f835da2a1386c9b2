"""Print a shipped import profile, to copy into a project and adapt:

python -m ladder_compiler.hris                  the shipped profiles
python -m ladder_compiler.hris workday > hris/my-workday.yaml
"""

from __future__ import annotations

import sys
from importlib import resources

from .profile import shipped_profiles


def main(argv: list[str]) -> int:
    if not argv:
        print("\n".join(shipped_profiles()))
        return 0
    if len(argv) != 1 or argv[0] not in shipped_profiles():
        print(f"usage: python -m ladder_compiler.hris [{'|'.join(shipped_profiles())}]", file=sys.stderr)
        return 2
    sys.stdout.write(resources.files("ladder_compiler.hris").joinpath("profiles", f"{argv[0]}.yaml").read_text("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
