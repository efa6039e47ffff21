"""Timing for the benchmarks: a call run many times, and the percentiles of its durations."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(call: Callable[[], Any], runs: int) -> list[float]:
    """Milliseconds of `runs` calls, after three that warm caches and connections."""
    for _ in range(3):
        call()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return times


def p(times: list[float], percent: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[percent - 1]
