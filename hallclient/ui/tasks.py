"""The one background task runner of the UI.

Two lanes:

* ``"db"``: exactly one worker thread. SQLite likes one writer, and one lane keeps writes in
  the order the clerk made them.
* ``"net"``: a few workers for HTTP; the event feed's long-poll keeps one of them busy.

``submit(lane, fn, *args, on_done=..., on_error=...)`` runs ``fn`` on the lane and calls
``on_done(result)`` or ``on_error(exc)`` on the GUI thread (delivered through a queued Qt
signal). Only frozen values should cross: ORM objects and widgets stay on their own side.

The workers are plain daemon threads rather than a ``ThreadPoolExecutor``: its workers are
joined at interpreter exit, so an in-flight long-poll would hold the closing program for up to
its full timeout. ``shutdown()`` drains the db lane (nothing the clerk saved may be lost) and
gives the net lane a short grace period.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("hallclient.ui.tasks")

Lane = Literal["db", "net"]
DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


@dataclass(frozen=True)
class _Job:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    on_done: DoneCallback | None
    on_error: ErrorCallback | None
    handle: TaskHandle


class TaskHandle:
    """Lets the caller drop a result it no longer wants (a closed dialog, a stale poll)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cancelled = False
        self.finished = threading.Event()

    def cancel(self) -> None:
        self.cancelled = True


class _Lane:
    def __init__(self, name: str, workers: int, deliver: Callable[[_Job, bool, Any], None]) -> None:
        self.name = name
        self.jobs: queue.Queue[_Job | None] = queue.Queue()
        self.busy = 0
        self._lock = threading.Lock()
        self._deliver = deliver
        self.threads = [
            threading.Thread(target=self._work, name=f"hall-{name}-{i}", daemon=True) for i in range(workers)
        ]
        for thread in self.threads:
            thread.start()

    def _work(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            with self._lock:
                self.busy += 1
            try:
                if job.handle.cancelled:
                    continue
                try:
                    result = job.fn(*job.args, **job.kwargs)
                except BaseException as exc:
                    if not isinstance(exc, Exception):
                        raise
                    self._deliver(job, False, exc)
                else:
                    self._deliver(job, True, result)
            finally:
                job.handle.finished.set()
                with self._lock:
                    self.busy -= 1

    def stop(self, *, timeout_s: float) -> bool:
        for _ in self.threads:
            self.jobs.put(None)
        deadline = time.monotonic() + timeout_s
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self.threads)


class TaskRunner(QObject):
    _delivered = Signal(object)

    def __init__(self, *, net_workers: int = 3, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False
        self._delivered.connect(self._on_runner_delivered)
        self._lanes: dict[str, _Lane] = {
            "db": _Lane("db", 1, self._from_worker),
            "net": _Lane("net", max(1, net_workers), self._from_worker),
        }

    def submit(
        self,
        lane: Lane,
        fn: Callable[..., Any],
        *args: Any,
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
        **kwargs: Any,
    ) -> TaskHandle:
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        handle = TaskHandle(getattr(fn, "__name__", repr(fn)))
        self._lanes[lane].jobs.put(_Job(fn, args, kwargs, on_done, on_error, handle))
        return handle

    def pending(self, lane: Lane) -> int:
        target = self._lanes[lane]
        return target.jobs.qsize() + target.busy

    def _from_worker(self, job: _Job, ok: bool, value: Any) -> None:
        # Runs on the worker; the signal is queued to the GUI thread the runner lives in.
        if not self._closed:
            self._delivered.emit((job, ok, value))

    def _on_runner_delivered(self, payload: tuple[_Job, bool, Any]) -> None:
        job, ok, value = payload
        if self._closed or job.handle.cancelled:
            return
        callback = job.on_done if ok else job.on_error
        if callback is not None:
            callback(value)
        elif not ok:
            log.error("background task %s failed", job.handle.name, exc_info=value)

    def shutdown(self, *, db_timeout_s: float = 10.0, net_timeout_s: float = 1.0) -> bool:
        """Stop taking work; finish the db lane's queue; give net work a moment. True if all stopped."""
        if self._closed:
            return True
        self._closed = True
        db_ok = self._lanes["db"].stop(timeout_s=db_timeout_s)
        net_ok = self._lanes["net"].stop(timeout_s=net_timeout_s)
        if not db_ok:
            log.error("db lane did not finish within %.1f s", db_timeout_s)
        return db_ok and net_ok
