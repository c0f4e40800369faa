"""Extraction workers that can be killed: the per-file time limit of batch ingest.

Extraction is pure Python over one file, but a hostile file (5 MB on one line, a pipe that
never ends) can keep a worker busy for minutes, and a ProcessPoolExecutor can neither stop one
job nor replace one worker. Here each worker process takes one file at a time over its own
pipe; when a file passes its deadline the worker is killed, the file reported as failed with
the reason, a fresh worker forked in its place, and the batch goes on. Workers are forked (as
the executor did on Linux) so they share the tables warm_up loaded and froze.
"""
from __future__ import annotations

import ctypes
import multiprocessing as mp
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait

_CTX = mp.get_context("fork")


@dataclass
class _Worker:
    process: object
    conn: object
    job: str | None = None
    deadline: float = 0.0


def _serve(job: Callable, conn, inherited: list) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the ingesting process
    _die_with_parent()
    for c in inherited:  # the parent's ends of every pipe: a dead parent must mean EOF here
        c.close()
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        conn.send(job(item))


def _die_with_parent() -> None:
    """A worker stuck in a file outlives a killed ingest otherwise (Linux: PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class ExtractionPool:
    """`workers` processes running `job(item)`; `failed(item, reason)` stands in for the result
    of an item whose worker was killed or died. A context manager: its processes live until
    it closes, so one pool can run many batches (a Dask worker runs one file at a time)."""

    def __init__(self, job: Callable, failed: Callable[[str, str], object], workers: int, timeout: float):
        self.job, self.failed, self.timeout = job, failed, timeout
        self._workers: list[_Worker] = []
        for _ in range(workers):
            self._workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = _CTX.Pipe()
        p = _CTX.Process(target=_serve, args=(self.job, child, [parent] + [w.conn for w in self._workers]),
                         daemon=True, name="chidao-extract")
        p.start()
        child.close()
        return _Worker(p, parent)

    def _replace(self, w: _Worker) -> None:
        w.process.kill()
        w.process.join()
        w.conn.close()
        self._workers[self._workers.index(w)] = self._spawn()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, items: list[str], done: Callable[[object], None]) -> None:
        """Hand each item to an idle worker; call `done` with each result as it comes."""
        queue = list(reversed(items))
        while queue or any(w.job for w in self._workers):
            for w in self._workers:
                if w.job is None and queue:
                    w.job, w.deadline = queue.pop(), time.monotonic() + self.timeout
                    w.conn.send(w.job)
            busy = [w for w in self._workers if w.job]
            ready = wait([w.conn for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - time.monotonic()))
            for w in busy:
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):  # killed from outside (out of memory …)
                        job = w.job
                        w.process.join(5)
                        code = w.process.exitcode
                        self._replace(w)
                        done(self.failed(job, f"extraction process died (exit code {code})"))
                        continue
                    w.job = None
                    done(result)
                elif time.monotonic() >= w.deadline:
                    job = w.job
                    self._replace(w)
                    done(self.failed(job, f"took longer than {self.timeout:g} s; stopped (--file-timeout)"))

    def close(self) -> None:
        for w in self._workers:
            w.process.kill()
            w.process.join()
            w.conn.close()
