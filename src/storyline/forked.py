"""Forked worker processes: the analysis pool's and the corpus stage's.

A forked child starts from this process's memory as it is (copy on write): the loaded model,
the analyses already read. `run_calls` uses that for pure work whose inputs are in memory: the
calls are left in a module list before the fork, a child is sent only an index into it, and
only results come back, pickled. Same results as running the calls here, in the same order.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1
# The calls of the `run_calls` under way, for its children to find by index.
_CALLS: list[Callable[[], Any]] = []


def pool(processes: int, initializer: Callable[..., None] | None = None,
         initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool of `processes` forked children, each set up by `_start_child`, then `initializer`."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_child, initargs=(initializer, initargs))


def _start_child(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    """Ctrl-C reaches the whole process group: the parent alone handles it and ends the
    children. A child dies with the parent. What the fork inherited lives as long as the
    child: frozen, the collector no longer scans it after each allocation burst, nor writes
    to (and so copies) the pages it shares with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    gc.freeze()
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent() -> None:
    """Ask Linux to kill this child when the parent dies, so a killed run leaves no orphans."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: children end when they find the pipe closed
        pass


def stop(executor: ProcessPoolExecutor) -> None:
    """End the children now (an interrupted run): no waiting for their work, no tracebacks."""
    executor.shutdown(wait=False, cancel_futures=True)
    # a pool that never started (or has shut down) holds None here: nothing to kill
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        process.kill()


def run_calls(calls: Sequence[Callable[[], Result]], processes: int,
              weights: Sequence[float] | None = None, chunksize: int = 1,
              meanwhile: Callable[[], object] | None = None) -> list[Result]:
    """Each call's result, in order, the calls spread over up to `processes` forked children
    (run here when `processes` is 1 or there is only one call). `weights` (how long each call
    is expected to take) send the heaviest first, so that no long call is left for the end
    while the other children wait; `chunksize` calls go to a child at a time. `meanwhile` runs
    here while the children work (first, when there are none): send them calls in chunks then,
    since this process hands them out only when `meanwhile` lets go of the interpreter. A child
    that dies (out of memory?) leaves the calls to run here."""
    once = [meanwhile] if meanwhile is not None else []  # emptied as it runs
    if processes <= 1 or len(calls) < 2:
        _run_once(once)
        return [call() for call in calls]
    _CALLS[:] = calls
    order = sorted(range(len(calls)), key=lambda i: -weights[i]) if weights is not None else range(len(calls))
    try:
        with pool(min(processes, len(calls))) as executor:
            try:
                # (the children are forked, and the calls sent, here)
                results = executor.map(_run, order, chunksize=chunksize)
                _run_once(once)
                done = dict(zip(order, results))
            except BaseException:
                stop(executor)
                raise
        return [done[i] for i in range(len(calls))]
    except BrokenProcessPool:
        _run_once(once)
        return [call() for call in calls]
    finally:
        _CALLS.clear()


def _run_once(once: list[Callable[[], object]]) -> None:
    while once:
        once.pop()()


def _run(index: int) -> Any:
    return _CALLS[index]()
