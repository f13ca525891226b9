"""The timing the page benchmarks share (imported by the scripts beside it)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(get: Callable[[], int], runs: int) -> tuple[float, float, int]:
    """Median and 90th percentile in milliseconds, and the status of the last response."""
    get()  # warm caches and the connection once, as a server that has been up would be
    samples = []
    status = 0
    for _ in range(runs):
        start = time.perf_counter()
        status = get()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1], status
