"""`paused_gc()`: run a block with Python's cyclic garbage collector paused.

The front end builds large graphs (parse trees, the IR) and importing it builds hundreds of
classes (pydantic models, lark); all of them hold no reference cycles and live until exit, so the
collector's full passes over them free nothing and cost about a third of the front end's time
(and about 5% of a whole `guardc check` during its imports). Standard library only, so that
`guardc check` can pause the collector before it imports the pipeline; `pipeline.load` uses it
for the front end.

When the collector runs again, everything made while it was paused is still in its youngest
generation, and the first allocation after would walk all of it to promote it (about 2.5 s after
`check` of a 15 MB file, which then exits). `gc.freeze()` and `gc.unfreeze()` move it straight to
the oldest generation instead (two list splices): a later full collection still sees it, as it
would have after the walk.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run a block with the cyclic garbage collector paused (restored as it was after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():  # (someone else's frozen objects stay frozen)
                gc.freeze()  # promote what was made to the oldest generation without a walk
                gc.unfreeze()
            gc.enable()
