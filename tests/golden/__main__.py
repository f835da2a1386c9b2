"""`python -m tests.golden --update`: regenerate tests/golden from a fresh build of every example project."""

from __future__ import annotations

import sys

from . import UPDATE_COMMAND, update


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print(f"usage: {UPDATE_COMMAND}", file=sys.stderr)
        return 2
    changed = update()
    print("\n".join(f"updated tests/golden/{path}" for path in changed) or "golden files unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
