"""Run a function in a fresh process and report its wall time and peak memory."""

from __future__ import annotations

import multiprocessing as mp
import resource
import time


def _child(fn, args, queue):
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        fn(*args)
    except BaseException as exc:  # report it to the parent instead of leaving it waiting
        queue.put(exc)
        return
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((seconds, peak / 1024, (peak - base) / 1024))


def measure(fn, *args) -> tuple[float, float, float]:
    """Return (seconds, peak resident MB of the process, MB added by the call) of ``fn(*args)``."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, args, queue))
    proc.start()
    result = queue.get()
    proc.join()
    if isinstance(result, BaseException):
        raise result
    return result
