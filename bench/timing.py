"""Shared by the benchmarks: the median time of repeated calls."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(function: Callable[[], object], runs: int = 30) -> float:
    """Median seconds of `runs` calls (the first call warms caches and imports)."""
    function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def median_ms(function: Callable[[], object], runs: int = 7) -> float:
    """Median milliseconds of `runs` calls, the first one included (a cold query counts),
    rounded to hundredths."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)
