"""`make bench`: run every benchmark module in this folder and print its report.

Each module `benchmarks/bench_*.py` exposes `main() -> None` and prints its own numbers.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> None:
    """Run the benchmarks named on the command line, or all of them."""
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    chosen = [n for n in names if not sys.argv[1:] or n in sys.argv[1:]]
    for name in chosen:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main()
