"""Ingest files and folders into a store: per-file errors are collected, the batch goes on.

Each document is extracted completely in memory and then written as one atomic graph
replacement, so a failure (or a kill) never leaves a document half-written.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from chidao.store import Store
from ingest import iris
from ingest.pipeline import graph_for_path
from ingest.read import SUPPORTED_SUFFIXES, ReadError



@dataclass(frozen=True)
class FileResult:
    path: str
    doc_id: str | None
    ok: bool
    triples: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if not r.ok]

    @property
    def succeeded(self) -> list[FileResult]:
        return [r for r in self.results if r.ok]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders walked recursively for supported files, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(p)
    return out


def ingest_file(store: Store, path: Path) -> FileResult:
    try:
        if path.is_dir():
            raise ReadError("is a folder")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise ReadError(f"unsupported file type {path.suffix or '(none)'}; supported: "
                            + ", ".join(SUPPORTED_SUFFIXES))
        source, graph = graph_for_path(path)
        store.replace_graph(str(iris.graph(source.doc_id)), graph)
        return FileResult(str(path), source.doc_id, True, triples=len(graph))
    except ReadError as e:
        return FileResult(str(path), None, False, error=str(e))
    except Exception as e:  # a bug on one document must not stop the batch
        last = traceback.extract_tb(e.__traceback__)[-1]
        return FileResult(str(path), None, False,
                          error=f"internal error {type(e).__name__}: {e} ({Path(last.filename).name}:{last.lineno})")


def ingest_paths(store: Store, paths: Iterable[str | Path],
                 on_done: Callable[[FileResult], None] | None = None) -> IngestReport:
    report = IngestReport()
    store.load_vocabulary()
    for path in expand_paths(paths):
        result = ingest_file(store, path)
        report.results.append(result)
        if on_done:
            on_done(result)
    store.flush()
    return report
