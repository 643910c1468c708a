"""Write stdlib/README.md from the standard library's modules (what each exports).

    python scripts/stdlib_readme.py           # rewrite stdlib/README.md
    python scripts/stdlib_readme.py --check   # exit 1 when it is stale (what the test checks)

The text comes from `compiler.commands.explain_module.readme`, the same reading of the modules
that `guardc explain stdlib.NAME` prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compiler.commands.explain_module import readme

README = Path(__file__).resolve().parent.parent / "stdlib" / "README.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is stale")
    args = parser.parse_args()
    text = readme()
    current = README.read_text(encoding="utf-8") if README.exists() else ""
    if args.check:
        if current != text:
            print(f"{README} is stale: run python scripts/stdlib_readme.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        README.write_text(text, encoding="utf-8")
        print(f"wrote {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
