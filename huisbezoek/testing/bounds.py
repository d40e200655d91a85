"""Test support: a ceiling on the time and memory one piece of work may take.

The ceilings are generous (a slow, shared test machine must pass them easily); they catch work
that grows without bound with what a request sends, not a few percent of slowness."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Cost:
    seconds: float = 0.0
    peak_mb: float = 0.0


@contextmanager
def bounded(*, seconds: float, megabytes: float | None) -> Iterator[Cost]:
    """Run the block and fail when it took more than ``seconds`` or its Python allocations peaked
    above ``megabytes``. The measured cost is yielded for messages.

    ``megabytes=None`` measures time only: tracing every allocation slows a PDF render several
    times over, so renders are bounded by time, and their input by the text limits."""
    cost = Cost()
    tracing = megabytes is not None
    already_tracing = tracemalloc.is_tracing()
    if tracing and not already_tracing:
        tracemalloc.start()
    if tracing:
        tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        yield cost
    finally:
        cost.seconds = time.perf_counter() - start
        if tracing:
            cost.peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            if not already_tracing:
                tracemalloc.stop()
    assert cost.seconds < seconds, f"took {cost.seconds:.1f} s, the bound is {seconds} s"
    if megabytes is not None:
        assert cost.peak_mb < megabytes, f"peaked at {cost.peak_mb:.1f} MB, the bound is {megabytes} MB"
