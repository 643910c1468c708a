"""`paused_gc` hands what it made to the collector's oldest generation, so the collector does not
walk millions of young objects at the first allocation after it (seconds after a big `check`)."""

from __future__ import annotations

import gc

from compiler.frontend.gcpause import paused_gc


def test_objects_made_while_paused_go_to_the_oldest_generation() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        made = [[i] for i in range(50_000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 700  # no pending young objects: no walk at the next allocation
    oldest = {id(x) for x in gc.get_objects(generation=2)}
    assert all(id(x) in oldest for x in made[::997])
    assert gc.get_freeze_count() == 0


def test_someone_elses_frozen_objects_stay_frozen() -> None:
    kept = [[1], [2]]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused_gc():
            [[i] for i in range(1_000)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert kept
