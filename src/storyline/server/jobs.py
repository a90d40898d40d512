"""Adding articles while the server answers: one background job at a time, progress to poll.

A job runs in a child process (spawned, so the parent's threads are never forked), which opens
the store, adds the uploaded JSON Lines through `storyline.Store.add` — the same reading,
checks, analyses and corpus stage as `storyline ingest` — and reports each stage and article
on a queue. The store's own lock and per-article transactions keep it whole if anything else
writes to it; requests keep being answered from the catalogue built before the job, which is
replaced by the new brief when the job ends.
"""

from __future__ import annotations

import io
import multiprocessing
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from storyline.model import SkippedInput

POLL_SECONDS = 0.2


class Busy(Exception):
    """A job is running: one at a time."""


@dataclass
class Job:
    """What a client polls: the job's state, its stage and how far it is."""

    id: str
    state: str = "queued"  # queued, running, done, failed
    stage: str | None = None
    done: int = 0
    total: int | None = None
    new: int = 0
    already_stored: int = 0
    duplicates: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _QueueProgress:
    """`pipeline.Progress` in the child: every call becomes a message to the parent."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue

    def stage(self, name: str, total: int | None = None) -> None:
        self.queue.put(("stage", name, total))

    def advance(self, n: int = 1) -> None:
        self.queue.put(("advance", n))

    def skipped(self, item: SkippedInput) -> None:
        self.queue.put(("skipped", item.path, item.reason))

    def note(self, message: str) -> None:
        self.queue.put(("note", message))


def _run(db: str, settings: Any, payload: bytes, queue: Any) -> None:
    """The child process: add the JSON Lines `payload` to the store at `db`."""
    from storyline.api import Store
    from storyline.ingest.jsonl import read_jsonl_stream

    try:
        text = payload.decode("utf-8-sig", errors="replace")
        documents = read_jsonl_stream(io.StringIO(text), "upload")
        with Store(db, settings) as store:
            result = store.add(texts=documents, progress=_QueueProgress(queue))
        queue.put(("done", result.new, result.already_stored, result.duplicates))
    except Exception as error:  # noqa: BLE001 - reported to the client, the server goes on
        queue.put(("failed", f"{type(error).__name__}: {error}"))


class Jobs:
    """The server's jobs; `on_done` is called (in a watcher thread) when a job has stored its
    articles, before the job reads as done."""

    def __init__(self, db: Path, settings: Any, on_done: Callable[[], None]) -> None:
        self.db, self.settings, self.on_done = db, settings, on_done
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._running: Job | None = None

    def start(self, payload: bytes) -> Job:
        """Start adding `payload` (JSON Lines); `Busy` while another job runs."""
        with self._lock:
            if self._running is not None:
                raise Busy(f"job {self._running.id} is still running")
            job = Job(id=uuid.uuid4().hex[:12])
            self.jobs[job.id] = job
            self._running = job
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        # not a daemon: a daemonic process may not start the analysis's worker processes
        process = context.Process(target=_run, args=(str(self.db), self.settings, payload, queue))
        process.start()
        job.state = "running"
        threading.Thread(target=self._watch, args=(job, process, queue), daemon=True).start()
        return job

    def _watch(self, job: Job, process: Any, queue: Any) -> None:
        """Apply the child's messages to `job` until it ends."""
        try:
            while job.finished is None:
                try:
                    message = queue.get(timeout=POLL_SECONDS)
                except Exception:  # noqa: BLE001 - queue.Empty: check the child is alive
                    if not process.is_alive():
                        self._finish(job, "failed", "the analysing process ended unexpectedly")
                    continue
                self._apply(job, message)
        finally:
            process.join(timeout=5)
            with self._lock:
                self._running = None

    def _apply(self, job: Job, message: tuple) -> None:
        kind = message[0]
        if kind == "stage":
            job.stage, job.total, job.done = message[1], message[2], 0
        elif kind == "advance":
            job.done += message[1]
        elif kind == "skipped":
            job.skipped.append({"path": message[1], "reason": message[2]})
        elif kind == "done":
            job.new, job.already_stored, job.duplicates = message[1], message[2], message[3]
            job.stage = "Loading the new brief"
            try:
                self.on_done()  # before "done": a client that sees it reads the new brief
            except Exception as error:  # noqa: BLE001 - the store is fine; say what failed
                self._finish(job, "failed", f"the new brief could not be loaded: {error}")
                return
            self._finish(job, "done")
        elif kind == "failed":
            self._finish(job, "failed", message[1])

    @staticmethod
    def _finish(job: Job, state: str, error: str | None = None) -> None:
        job.state, job.error, job.finished = state, error, time.time()
