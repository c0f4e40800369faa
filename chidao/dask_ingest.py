"""Batch ingest on a Dask cluster: Dask workers extract, this process alone writes.

`chidao ingest --cluster local:N` starts a LocalCluster of N one-thread worker processes;
`--cluster tcp://host:8786` uses a running scheduler (its workers need chidao installed and the
files under the same paths: paths are sent, not contents). Results stream back with
as_completed, at most a window of files in flight, into loading.ingest_paths' BatchWriter, so
resuming after a kill and the per-file report are those of a plain ingest.

Time limit per file: Dask cannot stop a running task (it is a thread in the worker), and
restarting a whole worker would also reschedule whatever else it held and count against
`distributed.scheduler.allowed-failures`. So each worker thread extracts in one child process
of its own (chidao.extract_pool, as a plain ingest does) that is killed and replaced at the
deadline: the file is reported "took longer than N s" and the Dask worker never hangs.

A worker killed outright (kill -9, out of memory) loses nothing: the scheduler hands its tasks
to other workers. A file whose extraction kills workers again and again ends as KilledWorker
after `allowed-failures` + 1 deaths (3 + 1 by default) and is reported as that file's failure.
"""
from __future__ import annotations

import logging
import multiprocessing
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import dask
from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, as_completed, get_worker

from chidao.extract_pool import ExtractionPool
from chidao.loading import ClusterError, stopped, warm_up

WINDOW_PER_THREAD = 4  # files in flight per worker thread: workers never wait, the client holds few results


def parse_cluster(spec: str) -> str:
    """`local:N` (N ≥ 1) or a scheduler address (`tcp://…`, `tls://…`); else ValueError."""
    if spec.startswith("local:"):
        n = spec.removeprefix("local:")
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"{spec!r}: local:N needs a number of workers N ≥ 1")
        return spec
    if "://" not in spec:
        raise ValueError(f"{spec!r}: give local:N or a scheduler address such as tcp://scheduler:8786")
    return spec


# How chidao wants a cluster's scheduler and nannies: worker-saturation 1.0, each worker holds
# only the file it extracts (files take seconds: sending one ahead gains nothing), so a
# worker's death marks no waiting file as suspicious; workers not daemonic, so that they may
# start their extraction processes (the nanny reads this whenever it starts a worker).
CLUSTER_CONFIG = {"distributed.scheduler.worker-saturation": 1.0, "distributed.worker.daemon": False}


@contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """N worker processes of one thread each on this machine, configured as CLUSTER_CONFIG
    for as long as the cluster lives (a worker restarted after a kill included)."""
    with dask.config.set(CLUSTER_CONFIG), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        yield cluster


@contextmanager
def connect(spec: str) -> Iterator[Client]:
    """A client of the cluster `spec` names; a local cluster lives as long as the client."""
    spec = parse_cluster(spec)
    if not spec.startswith("local:"):
        try:
            client = Client(spec)
        except OSError as e:
            raise ClusterError(f"no Dask scheduler answers at {spec}: {e}") from e
        with client:
            yield client
        return
    with local_cluster(int(spec.removeprefix("local:"))) as cluster, Client(cluster) as client:
        yield client


class Extraction(WorkerPlugin):
    """Set up on every worker, also one that replaces a dead worker: warm_up's tables loaded
    and frozen, then (with a time limit) one killable extraction process per worker thread,
    forked on first use so it shares those tables."""

    def __init__(self, job: Callable, file_timeout: float | None):
        self.job, self.file_timeout = job, file_timeout
        self._pools: list[ExtractionPool] = []

    def setup(self, worker) -> None:
        if self.file_timeout is not None and multiprocessing.current_process().daemon:
            raise RuntimeError("this Dask worker is a daemonic process and cannot start extraction processes "
                               "(the per-file time limit): start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False")
        warm_up()
        self._local = threading.local()

    def teardown(self, worker) -> None:
        for pool in self._pools:
            pool.close()

    def extract(self, path: str):
        if self.file_timeout is None:
            return self.job(path)
        pool = getattr(self._local, "pool", None)
        if pool is None:  # forked from the thread that uses it: the child dies with that thread (PDEATHSIG)
            pool = self._local.pool = ExtractionPool(self.job, stopped, 1, self.file_timeout)
            self._pools.append(pool)
        out: list = []
        pool.run([path], out.append)
        return out[0]


def _extract(path: str, plugin: str):
    """The Dask task: one file, extracted by this worker's Extraction plugin."""
    return get_worker().plugins[plugin].extract(path)


def extract_on_cluster(spec: str, paths: list[str], job: Callable, done: Callable[[tuple], None],
                       file_timeout: float | None, window: int | None = None) -> None:
    """Run `job(path)` for every path on the cluster; call `done((FileResult, quads))` in this
    process as each finishes, in finishing order. A file the cluster could not extract comes
    back as a failed result with the reason."""
    with connect(spec) as client:
        plugin = f"chidao-extraction-{uuid.uuid4().hex[:8]}"
        try:
            client.register_plugin(Extraction(job, file_timeout), name=plugin)
        except Exception as e:  # raised in a worker's setup
            raise ClusterError(f"the Dask workers could not set up extraction: {e}") from e
        try:
            threads = sum(client.nthreads().values()) or 1
            _stream(client, paths, plugin, done, window or WINDOW_PER_THREAD * threads)
        finally:
            client.unregister_worker_plugin(plugin)


def _stream(client: Client, paths: list[str], plugin: str, done: Callable[[tuple], None], window: int) -> None:
    """Keep `window` files submitted; each result is handed on and released before the next
    file is submitted, so the client never holds more than a window of documents."""
    todo = iter(paths)
    path_of: dict[str, str] = {}
    running = as_completed()

    def submit_next() -> None:
        path = next(todo, None)
        if path is not None:
            future = client.submit(_extract, path, plugin, key=f"chidao-extract-{uuid.uuid4().hex}")
            path_of[future.key] = path
            running.add(future)

    for _ in range(window):
        submit_next()
    for future in running:
        done(_outcome(future, path_of.pop(future.key)))
        future.release()
        submit_next()


def _outcome(future, path: str) -> tuple:
    """The task's result; a task never raises (extract_file reports errors), so an exception
    here is the cluster's: a file that killed its workers, a lost scheduler."""
    try:
        return future.result()
    except KilledWorker as e:
        return stopped(path, f"{e.allowed_failures + 1} Dask workers died extracting it (KilledWorker); not tried again")
    except Exception as e:
        return stopped(path, f"the Dask cluster could not extract it: {type(e).__name__}: {e}")
