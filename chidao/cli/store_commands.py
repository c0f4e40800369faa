"""Commands that fill and read the store: ingest, import-register, query, export, validate, stats, reindex."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click
from tqdm import tqdm

from chidao.cli.common import open_store, render, store_option, where
from chidao.cli.group import main
from chidao.loading import DEFAULT_FILE_TIMEOUT, ClusterError, default_workers, expand_paths, ingest_paths
from chidao.named_queries import named_query, query_names
from chidao.store import EXPORT_FORMATS
from ingest.read.limits import MB, Limits


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=default_workers(), show_default=True,
              help="Extraction processes (writes stay in one process).")
@click.option("--force", is_flag=True, help="Re-ingest documents already stored with the same content.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a machine-readable report (JSON) of every file and the totals.")
@click.option("--max-text-mb", type=click.FloatRange(min=0, min_open=True), default=Limits.text_bytes / MB, show_default=True,
              help="Refuse a text file (.txt .md .html) larger than this, and any file whose text is, before reading it all.")
@click.option("--ocr", is_flag=True, help="Read PDFs without a text layer (scans) by OCR: Tesseract's Vietnamese model; slow, and a guess (warned).")
@click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_FILE_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Stop a file whose extraction takes longer (its worker is replaced); it is reported as failed.")
@click.option("--cluster", default=None, metavar="SPEC", callback=lambda ctx, param, value: _cluster(value),
              help="Extract on a Dask cluster: SPEC local:N starts N worker processes here, tcp://HOST:PORT uses a running "
                   "scheduler (its workers must see the same paths); this process still writes. --workers is then unused.")
def ingest(paths: tuple[Path, ...], store_dir: str | None, quiet: bool, workers: int, force: bool,
           report_file: Path | None, max_text_mb: float, ocr: bool, file_timeout: float, cluster: str | None) -> None:
    """Read documents (files or folders: .txt .md .html .docx .doc .pdf) into the store.

    Each document becomes one named graph; ingesting it again replaces that graph in one
    transaction, and a document already stored with the same content is skipped (--force
    re-reads it). Interrupting (Ctrl-C, kill) keeps every finished document; rerun to finish
    the rest. A file that cannot be read, or whose extraction takes longer than --file-timeout,
    is reported with its reason and the batch goes on; the exit status is 1 if any file failed.
    A file read with repairs (damaged bytes replaced, a legacy encoding such as TCVN3
    converted) is stored and its warnings reported.

    \b
    Examples:
      chidao ingest examples/bc-18-ubnd-quang-ngai-2021.txt
      chidao ingest --store /data/chidao --workers 2 --report run.json reports/
      chidao ingest --cluster local:2 reports/
      chidao ingest --cluster tcp://scheduler:8786 /shared/reports/
    """
    missing = [str(p) for p in paths if not p.exists()]
    store = open_store(store_dir)
    files = expand_paths([p for p in paths if p.exists()])
    bar = tqdm(total=len(files), unit="doc", disable=quiet, file=sys.stderr)

    def done(result):
        bar.update(1)
        if not result.ok:
            tqdm.write(f"FAILED {result.path}: {result.error}", file=sys.stderr)
            return
        if result.warnings and not quiet:
            tqdm.write(f"read with warnings: {result.path}: " + "; ".join(result.warnings), file=sys.stderr)
        if result.header_problems and not quiet:
            tqdm.write(f"header not fully read: {result.path}: " + "; ".join(result.header_problems),
                       file=sys.stderr)

    limits = Limits(text_bytes=int(max_text_mb * MB))
    try:
        report = ingest_paths(store, files, on_done=done, workers=workers, force=force, limits=limits, ocr_scans=ocr,
                              file_timeout=file_timeout, cluster=cluster)
    except ClusterError as e:
        raise click.ClickException(str(e)) from None
    finally:
        bar.close()
    for m in missing:
        click.echo(f"FAILED {m}: no such file or folder", err=True)
    s = report.summary()
    failed = s["failed"] + len(missing)
    if report_file:
        data = report.as_json()
        data["files"] += [{"path": m, "ok": False, "error": "no such file or folder"} for m in missing]
        data["summary"]["failed"] = failed
        report_file.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"ingested {s['documents']} document(s), {failed} failed, {s['skipped']} unchanged (skipped); "
               f"{s['instruments']} instruments, {s['relations']} relations, "
               f"{s['headers_unread']} header(s) not fully read, {s['read_with_warnings']} read with warnings, "
               f"{s['same_as_links']} sameAs link(s); "
               f"store {where(store)} now holds {store.count()} triples")
    if report.interrupted:
        click.echo("interrupted: finished documents are committed; run the same command again to finish", err=True)
        sys.exit(130)
    if failed:
        sys.exit(1)


def _cluster(value: str | None) -> str | None:
    """--cluster checked before anything starts (Dask is imported only when it is given)."""
    if value is None:
        return None
    from chidao.dask_ingest import parse_cluster

    try:
        return parse_cluster(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@main.command("import-register")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--issuer", required=True, help='The body that issued the listed instruments, e.g. "UBND tỉnh Bình Dương".')
@store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def import_register_cmd(csv_file: Path, issuer: str, store_dir: str | None, quiet: bool) -> None:
    """Import a register CSV (so_ky_hieu, ngay_ban_hanh, trich_yeu, hieu_luc) as instruments.

    A progress bar counts the rows read (on standard error), then the graph is stored in one
    transaction.

    \b
    Example:
      chidao import-register binhduong_vanbanchidaodieuhanh.csv --issuer "UBND tỉnh Bình Dương"
    """
    from chidao.register import import_register
    from ingest.read.files import ReadError

    store = open_store(store_dir)
    bar = tqdm(unit="row", disable=quiet, file=sys.stderr, desc="reading")

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)
        if done == total:
            bar.set_description("storing")

    try:
        r = import_register(store, csv_file, issuer, progress)
    except ReadError as e:
        raise click.ClickException(f"{csv_file}: {e}") from e
    finally:
        bar.close()
    click.echo(f"{r.rows} row(s): {r.instruments} instrument(s) of {issuer}, {r.citations} citation(s) "
               f"in summaries, {len(r.skipped)} row(s) skipped")
    for line, reason in r.skipped[:20]:
        click.echo(f"  line {line}: {reason}", err=True)


@main.command()
@click.argument("sparql")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format for SELECT results.")
def query(sparql: str, store_dir: str | None, fmt: str) -> None:
    """Run a SPARQL query: inline text, a .rq file, or the name of a bundled query.

    The default graph is the union of all document graphs, and the prefixes eli, org, prov,
    skos, dcterms, nif, qb, cdo, xsd, doctype and reltype are predeclared.

    \b
    Examples:
      chidao query instruments                       # bundled query
      chidao query my-question.rq --format csv
      chidao query "SELECT ?i ?d WHERE { ?i eli:date_document ?d }"
    """
    if sparql in query_names():
        text = named_query(sparql)
    elif sparql.endswith(".rq") and Path(sparql).is_file():
        text = Path(sparql).read_text("utf-8")
    elif re.fullmatch(r"[\w.-]+", sparql):  # one word is no SPARQL: a name or a file mistyped
        raise click.ClickException(f"no bundled query or .rq file {sparql!r}; bundled: {', '.join(query_names())}")
    else:
        text = sparql
    store = open_store(store_dir, read_only=True)
    try:
        result = store.query(text)
    except SyntaxError as e:
        raise click.ClickException(f"SPARQL syntax error: {e}") from e
    if isinstance(result, bool) or result.__class__.__name__ == "QueryBoolean":
        click.echo("true" if bool(result) else "false")
        return
    if result.__class__.__name__ == "QueryTriples" or isinstance(result, list):  # a server's: a list of triples
        import pyoxigraph as ox

        click.echo(ox.serialize(result, format=EXPORT_FORMATS["turtle"]).decode("utf-8"))
        return
    columns = [v.value for v in result.variables]
    from chidao.store import _py
    rows = [{c: _py(row[c]) for c in columns} for row in result]
    click.echo(render(rows, columns, fmt))


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="trig",
              show_default=True, help="trig and nquads keep one graph per document; turtle and "
                                      "jsonld hold the union.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def export(store_dir: str | None, fmt: str, output: Path | None) -> None:
    """Export the whole graph.

    \b
    Examples:
      chidao export --format trig -o chidao.trig
      chidao export --format jsonld > chidao.jsonld
    """
    data = open_store(store_dir, read_only=True).export(fmt)
    if output:
        output.write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)


@main.command()
@store_option
def validate(store_dir: str | None) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl.

    Exits 1 if there is any violation; warnings (such as an instrument cited without a
    resolvable issuer) are listed but do not fail.

    \b
    Example:
      chidao validate --store chidao-store
    """
    from chidao.validate import validate_graph

    result = validate_graph(open_store(store_dir, read_only=True).to_rdflib())
    for f in result.findings:
        click.echo(f"{f.severity}: {f.focus} {f.path or ''} — {f.message}")
    click.echo(f"{len(result.violations)} violation(s), {len(result.warnings)} warning(s)")
    if not result.conforms:
        sys.exit(1)


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(store_dir: str | None, as_json: bool) -> None:
    """Counts: documents, triples, instruments, bodies, extracted facts.

    \b
    Example:
      chidao stats --json
    """
    s = open_store(store_dir, read_only=True).stats()
    if as_json:
        click.echo(json.dumps(s.__dict__))
    else:
        for k, v in s.__dict__.items():
            click.echo(f"{k:12} {v}")


@main.command()
@store_option
def reindex(store_dir: str | None) -> None:
    """Rebuild the full-text index (search, list filters, cdo:textMatch) from the graph.

    Ingest keeps the index up to date; run this after restoring a store from a dump, or to
    start the index over.

    \b
    Example:
      chidao reindex --store chidao-store
    """
    import time

    store = open_store(store_dir)  # it writes the index: one writer at a time
    started = time.perf_counter()
    rows = store.reindex()
    click.echo(f"indexed {rows} nodes from {len(store.graphs())} graphs in {time.perf_counter() - started:.1f} s")
