"""One writing process per store, with a message that names it.

Oxigraph (RocksDB) lets one process open a store for writing; a second one failed with a raw
`OSError … LOCK` traceback. A writer takes an exclusive flock on `chidao-writer.lock` inside
the store and writes its PID there, so the next one can say who holds the store. The kernel
drops a flock when its process dies (kill -9 too): a lock file left behind is stale by
construction and the next writer simply takes it. Readers never take it (they open read-only),
but they ask `held_elsewhere` before writing the text index, which the writer keeps current.
"""
from __future__ import annotations

import fcntl
import os
import weakref
from pathlib import Path

FILE_NAME = "chidao-writer.lock"
_HELD: weakref.WeakSet = weakref.WeakSet()


def _forget_in_child() -> None:
    """A forked process (an extraction worker) shares the lock's open file, and an flock lasts
    while any process holds it open: a worker outliving a killed ingest kept the store locked.
    Closing it in the child leaves the parent's lock as it is."""
    for lock in list(_HELD):
        lock._file.close()


os.register_at_fork(after_in_child=_forget_in_child)


class StoreInUse(Exception):
    """Another process writes this store."""


def in_use_message(store: Path, pid: int | None) -> str:
    who = f"another chidao process (PID {pid})" if pid else "another process"
    return f"store {store} is in use by {who}; wait for it to finish or stop it"


class WriterLock:
    def __init__(self, store: Path):
        self.path = store / FILE_NAME
        self._file = open(self.path, "a+")  # held open for the store's lifetime
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.close()
            raise StoreInUse(in_use_message(store, holder_pid(self.path))) from None
        self._file.seek(0)
        self._file.truncate()
        self._file.write(f"{os.getpid()}\n")
        self._file.flush()
        _HELD.add(self)

    def release(self) -> None:
        if not self._file.closed:
            self._file.close()  # closing drops the flock


def holder_pid(lock_file: Path) -> int | None:
    try:
        text = lock_file.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def held_elsewhere(store: Path) -> bool:
    """Whether another process writes `store` now."""
    lock_file = store / FILE_NAME
    if not lock_file.exists():
        return False
    with open(lock_file) as f:
        try:
            fcntl.flock(f, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return holder_pid(lock_file) != os.getpid()
    return False
