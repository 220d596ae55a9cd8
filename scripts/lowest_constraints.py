"""Print a pip constraints file pinning every install requirement to its declared floor.

    python scripts/lowest_constraints.py > lowest.txt
    pip install -c lowest.txt .

CI installs the package that way in a separate virtual environment and runs a build,
so a floor in setup.cfg that is too low (an API we use that the floor version lacks)
fails there instead of on a user's machine. Requirements without a floor are left free.
"""
from __future__ import annotations

import configparser
import re
import sys
from pathlib import Path

SETUP_CFG = Path(__file__).resolve().parent.parent / "setup.cfg"
# Not ours, but needed to install our floors at all: packages whose newest releases
# dropped support for what an old floor was built against.
EXTRA = {
    # matplotlib before 3.8.x is built against NumPy 1 and fails to import with NumPy 2.
    "numpy": "<2",
}


def floors(setup_cfg: Path = SETUP_CFG) -> dict[str, str]:
    parser = configparser.ConfigParser()
    parser.read(setup_cfg, encoding="utf-8")
    found = {}
    for line in parser["options"]["install_requires"].strip().splitlines():
        m = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*(?:,.*)?", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def main() -> int:
    for name, version in floors().items():
        print(f"{name}=={version}")
    for name, spec in EXTRA.items():
        print(f"{name}{spec}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
