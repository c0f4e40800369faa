"""Ingest files and folders into a store: extraction in worker processes, writes in this one.

Each document is extracted completely (in a worker) and then written by the main process as one
atomic graph replacement, so a failure, Ctrl-C or a kill never leaves a document half-written:
every finished document stays committed and a rerun skips it (same sha256 and extractor
version in the store) and finishes the rest. Per-file errors are collected with their reason; the batch goes on.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from chidao.batch_writer import BatchWriter
from chidao.extract_pool import ExtractionPool
from chidao.reconcile import ConflictFlags, reconcile
from chidao.store import DocumentQuads, Store
from chidao.textindex import DocumentIndexer
from ingest import iris
from ingest.model import Extraction
from ingest.read.files import SUPPORTED_SUFFIXES, Limits, ReadError, doc_id_for, read_bytes, refuse_folder
from ingest.version import TOOL_VERSION
from ontology import CDO

DEFAULT_WORKERS = 2
DEFAULT_FILE_TIMEOUT = 120.0  # seconds one file may take to extract before its worker is killed


class ClusterError(RuntimeError):
    """The Dask cluster given to ingest_paths cannot be used (no scheduler, workers that cannot
    set up extraction): the whole run's failure, not one file's."""


@dataclass(frozen=True)
class FileResult:
    path: str
    doc_id: str | None
    ok: bool
    triples: int = 0
    error: str | None = None
    skipped: bool = False  # already in the store with the same content
    instruments: int = 0
    relations: int = 0
    size: int = 0
    header_problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # what reading repaired or guessed (damaged bytes, encoding)


@dataclass
class IngestReport:
    results: list[FileResult] = field(default_factory=list)
    interrupted: bool = False
    same_as_links: int = 0

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if not r.ok]

    @property
    def succeeded(self) -> list[FileResult]:
        return [r for r in self.results if r.ok and not r.skipped]

    @property
    def skipped(self) -> list[FileResult]:
        return [r for r in self.results if r.skipped]

    def summary(self) -> dict:
        done = self.succeeded
        return {
            "documents": len(done), "skipped": len(self.skipped), "failed": len(self.failures),
            "instruments": sum(r.instruments for r in done), "relations": sum(r.relations for r in done),
            "triples": sum(r.triples for r in done), "bytes": sum(r.size for r in done),
            "headers_unread": sum(1 for r in done if r.header_problems),
            "read_with_warnings": sum(1 for r in done if r.warnings),
            "same_as_links": self.same_as_links, "interrupted": self.interrupted,
        }

    def as_json(self) -> dict:
        return {"summary": self.summary(), "files": [asdict(r) for r in self.results]}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders walked recursively for supported files, in a stable order.
    Symbolic links to folders are not followed (a link to a parent would loop); a folder that
    cannot be listed stays in the list, so that reading it reports it by name and reason."""
    out: list[Path] = []
    for p in map(Path, paths):
        if not p.is_dir():
            out.append(p)
            continue
        found: list[Path] = []
        unreadable: list[Path] = []
        for folder, _, names in os.walk(p, onerror=functools.partial(_unreadable, unreadable)):
            found += [Path(folder, n) for n in names if Path(n).suffix.lower() in SUPPORTED_SUFFIXES]
        out.extend(sorted(f for f in found if f.is_file()) + sorted(unreadable))
    return out


def _unreadable(into: list[Path], error: OSError) -> None:
    into.append(Path(error.filename))


def header_problems(ex: Extraction) -> tuple[str, ...]:
    """Why the document's own header could not be read fully (shown in the run's report)."""
    h, problems = ex.header, []
    if h.symbol is None:
        problems.append("number: no 'Số: …' line with the document's number near the top")
    if h.date is None:
        problems.append("date: no '<place>, ngày … tháng … năm …' line near the top")
    if h.type_code is None:
        problems.append("type: no document-type line (e.g. 'QUYẾT ĐỊNH') after the date")
    if h.issuer_phrase is None:
        problems.append("issuer: no issuing body in capitals at the top (e.g. 'BỘ TÀI CHÍNH')")
    return tuple(problems)


def extract_file(path: str, limits: Limits = Limits(), ocr_scans: bool = False) -> tuple[FileResult, DocumentQuads | None]:
    """Worker job: file → (result, its graph as N-Quads). Never raises; a file over the size
    limits is refused before it is read; a scanned PDF is read by OCR only if `ocr_scans`."""
    from ingest.pipeline import build, extract

    p = Path(path)
    try:
        refuse_folder(p)
        if p.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise ReadError(f"unsupported file type {p.suffix or '(none)'}; supported: " + ", ".join(SUPPORTED_SUFFIXES))
        try:
            limits.check_file(p.stat().st_size, p.suffix.lower())
            data = p.read_bytes()
        except OSError as e:
            raise ReadError(f"cannot open: {e.strerror or e}") from e
        source = read_bytes(data, p.name, doc_id_for(p), limits, ocr_scans=ocr_scans)
        ex = extract(source)
        nquads = build(ex)
        links = {(r.subject, r.prop, r.object) for r in ex.relations if r.prop in _COUNTED_RELATIONS}
        return FileResult(path, source.doc_id, True, triples=nquads.count(b"\n"),
                          instruments=len({i.key for i in ex.instruments}), relations=len(links),
                          size=len(data), header_problems=header_problems(ex), warnings=source.warnings), \
            _document_quads(source.doc_id, nquads)
    except ReadError as e:
        return FileResult(path, None, False, error=str(e)), None
    except Exception as e:  # a bug on one document must not stop the batch
        last = traceback.extract_tb(e.__traceback__)[-1]
        return FileResult(path, None, False, error=f"internal error {type(e).__name__}: {e} "
                          f"({Path(last.filename).name}:{last.lineno})"), None


_COUNTED_RELATIONS = {"eli:cites", "eli:based_on"}  # the run's "relations": what a document cites
_MARKER = f"> <{CDO.sha256}> ".encode()  # the quad that says a stored document is complete (see Store.write_documents)


def _document_quads(doc_id: str, nquads: bytes) -> DocumentQuads:
    """The graph's N-Quads, with the marker lines apart (they are written last) and its
    text-index rows (computed here, in the worker)."""
    lines = nquads.splitlines(keepends=True)
    marker = [line for line in lines if _MARKER in line]
    graph = iris.graph(doc_id)
    rows, symbols = _indexer().rows(graph, nquads)
    return DocumentQuads(graph, b"".join(line for line in lines if _MARKER not in line), b"".join(marker),
                         rows, symbols)


@functools.lru_cache(maxsize=1)
def _indexer() -> DocumentIndexer:
    return DocumentIndexer()


def stored_hashes(store: Store) -> dict[str, str]:
    """graph IRI → sha256 of the file it was built from, for graphs built by this extractor
    version (an upgraded extractor reads every document again)."""
    rows = store.select("""SELECT ?g ?sha WHERE { GRAPH ?g { ?d cdo:sha256 ?sha ;
                             prov:wasGeneratedBy/cdo:toolVersion ?version } }""", version=TOOL_VERSION)
    return {r["g"]: r["sha"] for r in rows}


def _sha256(path: Path) -> str | None:
    """Read in chunks: a huge file is refused later by its size, not loaded whole here."""
    try:
        with path.open("rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def ingest_paths(store: Store, paths: Iterable[str | Path],
                 on_done: Callable[[FileResult], None] | None = None, *,
                 workers: int = 1, force: bool = False, limits: Limits = Limits(),
                 ocr_scans: bool = False, file_timeout: float | None = DEFAULT_FILE_TIMEOUT,
                 cluster: str | None = None) -> IngestReport:
    """Ingest every file; unchanged documents are skipped unless `force`; files over `limits`
    are refused before they are read; scanned PDFs are read by OCR if `ocr_scans`. Extraction
    runs in worker processes killed after `file_timeout` seconds on one file (None: in this
    process, without a limit), or on the Dask cluster `cluster` ("local:N", "tcp://host:port":
    chidao.dask_ingest); writes stay in this process either way."""
    report = IngestReport()
    store.load_vocabulary()
    files = expand_paths(paths)
    known = {} if force else stored_hashes(store)
    todo: list[Path] = []
    for f in files:
        sha = _sha256(f) if f.is_file() else None
        if sha and known.get(str(iris.graph(doc_id_for(f)))) == sha:
            result = FileResult(str(f), doc_id_for(f), True, skipped=True)
            report.results.append(result)
            if on_done:
                on_done(result)
        else:
            todo.append(f)

    def written(result: FileResult) -> None:
        report.results.append(result)
        if on_done:
            on_done(result)

    writer = BatchWriter(store, written, ConflictFlags(store).before_write)
    job = functools.partial(extract_file, limits=limits, ocr_scans=ocr_scans)

    def commit(result: FileResult, quads: DocumentQuads | None) -> None:
        writer.add(result, quads if result.ok else None, result.triples)

    try:
        if cluster and todo:
            from chidao.dask_ingest import extract_on_cluster

            extract_on_cluster(cluster, [str(f) for f in todo], job, lambda done: commit(*done), file_timeout)
        elif file_timeout is None:
            if len(todo) > 1:
                warm_up()
            for f in todo:
                commit(*job(str(f)))
        elif todo:
            warm_up()
            with ExtractionPool(job, stopped, min(workers, len(todo)), file_timeout) as pool:
                pool.run([str(f) for f in todo], lambda done: commit(*done))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        writer.close()  # every finished document stays committed, also after Ctrl-C
        if not report.interrupted:
            report.same_as_links = reconcile(store)
        store.flush()
    return report


def warm_up() -> None:
    """Load every data table once, then move them out of the garbage collector's
    sight (gc.freeze): they live for the whole run, and rescanning them on every collection
    cost about a quarter of the extraction time. Forked workers inherit the frozen heap."""
    from ingest.pipeline import extract
    from ingest.read.files import read_bytes

    extract(read_bytes(_WARM_UP_TEXT.encode("utf-8"), "warm-up.txt", "warm-up"))
    gc.freeze()


_WARM_UP_TEXT = ("Số: 01/QĐ-UBND\nHà Nội, ngày 01 tháng 01 năm 2020\n\nQUYẾT ĐỊNH\nVề việc thử\n\n"
                 "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Thực hiện "
                 "Thông tư số 01/2019/TT-BCA ngày 01/02/2019 của Bộ Công an tại huyện Ba Vì, đạt 1/2 (50%).\n")


def stopped(path: str, reason: str) -> tuple[FileResult, None]:
    """What stands for a file whose extraction was stopped or lost, with the reason."""
    return FileResult(path, None, False, error=reason), None


def default_workers() -> int:
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))
