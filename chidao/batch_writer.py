"""Finished documents written in batches by one thread, while the workers go on extracting.

Oxigraph's bulk loader pays off per batch, not per document, and a batch takes seconds to
write: done in the loop that hands files to the workers, the workers sat idle meanwhile (a
third of a batch ingest). The queue holds at most a few batches, so memory stays bounded and
the workers wait when the store cannot keep up. A failure to write stops the run: the error is
raised in the ingesting thread at the next hand-over or at the end.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from chidao.store import DocumentQuads, Store

# A batch: about this many quads or documents (a kill loses at most the batches not yet
# written, never a document's integrity: see Store.write_documents).
BATCH_QUADS = 100_000
BATCH_DOCUMENTS = 100
QUEUED_BATCHES = 1


class BatchWriter:
    def __init__(self, store: Store, on_written: Callable[[object], None],
                 before_write: Callable[[list[DocumentQuads]], None] | None = None):
        self.store = store
        self.on_written = on_written  # called with each result once its document is stored
        self.before_write = before_write  # called with each batch before it is written
        self._batch: list[tuple[object, DocumentQuads | None]] = []
        self._quads = 0
        self._queue: queue.Queue = queue.Queue(maxsize=QUEUED_BATCHES)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="chidao-writer", daemon=True)
        self._thread.start()

    def add(self, result, quads: DocumentQuads | None, triples: int) -> None:
        """Queue one finished file (`quads` None for a failed one: reported, nothing written)."""
        self._raise_failure()
        self._batch.append((result, quads))
        self._quads += triples
        if self._quads >= BATCH_QUADS or len(self._batch) >= BATCH_DOCUMENTS:
            self._hand_over()

    def close(self) -> None:
        """Write what is queued and wait for it (also after Ctrl-C: finished documents stay)."""
        self._hand_over()
        self._queue.put(None)
        self._thread.join()
        self._raise_failure()

    def _hand_over(self) -> None:
        if self._batch:
            self._queue.put(self._batch)
            self._batch, self._quads = [], 0

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain: nothing more is written after a failure
            try:
                documents = [quads for _, quads in batch if quads is not None]
                if self.before_write:
                    self.before_write(documents)
                self.store.write_documents(documents)
                for result, _ in batch:
                    self.on_written(result)
            except BaseException as e:  # reported to the ingesting thread
                self._error = e

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error
