"""The `chidao` command line. Every command takes --store DIR (or $CHIDAO_STORE)."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from chidao.loading import default_workers, expand_paths, ingest_paths
from chidao.named_queries import named_query, query_names
from chidao.store import DEFAULT_STORE, EXPORT_FORMATS, STORE_ENV, Store, store_path

store_option = click.option(
    "--store", "store_dir", envvar=STORE_ENV, default=None, metavar="DIR",
    help=f"Store directory (default: ${STORE_ENV} or ./{DEFAULT_STORE}).")


def _open(store_dir: str | None, read_only: bool = False) -> Store:
    path = store_path(store_dir)
    if read_only and not path.exists():
        raise click.ClickException(f"no store at {path} — run `chidao ingest` first or pass --store")
    return Store(path, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="chidao")
def main() -> None:
    """chidao — a knowledge graph of Vietnamese directives, plans and the bodies behind them.

    \b
    Typical session:
      chidao ingest examples/            # read reports into ./chidao-store
      chidao summary                     # what was found
      chidao query "SELECT ?s WHERE { ?s a eli:LegalResource } LIMIT 5"
      chidao export --format turtle -o graph.ttl
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=default_workers(), show_default=True,
              help="Extraction processes (writes stay in one process).")
@click.option("--force", is_flag=True, help="Re-ingest documents already stored with the same content.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a machine-readable report (JSON) of every file and the totals.")
def ingest(paths: tuple[Path, ...], store_dir: str | None, quiet: bool, workers: int, force: bool,
           report_file: Path | None) -> None:
    """Read documents (files or folders: .txt .md .docx .pdf) into the store.

    Each document becomes one named graph; ingesting it again replaces that graph in one
    transaction, and a document already stored with the same content is skipped (--force
    re-reads it). Interrupting (Ctrl-C, kill) keeps every finished document; rerun to finish
    the rest. A file that cannot be read is reported with its reason and the batch goes on;
    the exit status is 1 if any file failed.

    \b
    Examples:
      chidao ingest examples/bc-18-ubnd-quang-ngai-2021.txt
      chidao ingest --store /data/chidao --workers 2 --report run.json reports/
    """
    missing = [str(p) for p in paths if not p.exists()]
    store = _open(store_dir)
    files = expand_paths([p for p in paths if p.exists()])
    bar = tqdm(total=len(files), unit="doc", disable=quiet, file=sys.stderr)

    def done(result):
        bar.update(1)
        if not result.ok:
            tqdm.write(f"FAILED {result.path}: {result.error}", file=sys.stderr)
        elif result.header_problems and not quiet:
            tqdm.write(f"header not fully read: {result.path}: " + "; ".join(result.header_problems),
                       file=sys.stderr)

    report = ingest_paths(store, files, on_done=done, workers=workers, force=force)
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
               f"{s['headers_unread']} header(s) not fully read, {s['same_as_links']} sameAs link(s); "
               f"store {store.path} now holds {store.count()} triples")
    if report.interrupted:
        click.echo("interrupted: finished documents are committed; run the same command again to finish", err=True)
        sys.exit(130)
    if failed:
        sys.exit(1)


@main.command("import-register")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--issuer", required=True, help='The body that issued the listed instruments, e.g. "UBND tỉnh Bình Dương".')
@store_option
def import_register_cmd(csv_file: Path, issuer: str, store_dir: str | None) -> None:
    """Import a register CSV (so_ky_hieu, ngay_ban_hanh, trich_yeu, hieu_luc) as instruments.

    \b
    Example:
      chidao import-register binhduong_vanbanchidaodieuhanh.csv --issuer "UBND tỉnh Bình Dương"
    """
    from chidao.register import import_register
    from ingest.read import ReadError

    store = _open(store_dir)
    try:
        r = import_register(store, csv_file, issuer)
    except ReadError as e:
        raise click.ClickException(f"{csv_file}: {e}")
    click.echo(f"{r.rows} row(s): {r.instruments} instrument(s) of {issuer}, {r.citations} citation(s) "
               f"in summaries, {len(r.skipped)} row(s) skipped")
    for line, reason in r.skipped[:20]:
        click.echo(f"  line {line}: {reason}", err=True)


def _render(rows: list[dict], columns: list[str], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, delimiter="," if fmt == "csv" else "\t",
                           lineterminator="\n")
        w.writeheader()
        w.writerows({c: ("" if r.get(c) is None else r.get(c)) for c in columns} for r in rows)
        return buf.getvalue().rstrip("\n")
    widths = {c: min(60, max([len(c)] + [len(str(r.get(c) or "")) for r in rows])) for c in columns}
    line = "  ".join(c.ljust(widths[c]) for c in columns)
    out = [line, "  ".join("-" * widths[c] for c in columns)]
    for r in rows:
        out.append("  ".join(str(r.get(c) if r.get(c) is not None else "")[: widths[c]].ljust(widths[c])
                             for c in columns))
    return "\n".join(out)


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
    else:
        text = sparql
    store = _open(store_dir, read_only=True)
    try:
        result = store.query(text)
    except SyntaxError as e:
        raise click.ClickException(f"SPARQL syntax error: {e}") from e
    if isinstance(result, bool) or result.__class__.__name__ == "QueryBoolean":
        click.echo("true" if bool(result) else "false")
        return
    if result.__class__.__name__ == "QueryTriples":
        click.echo(result.serialize(format=EXPORT_FORMATS["turtle"]).decode("utf-8"))
        return
    columns = [v.value for v in result.variables]
    from chidao.store import _py
    rows = [{c: _py(row[c]) for c in columns} for row in result]
    click.echo(_render(rows, columns, fmt))


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
    data = _open(store_dir, read_only=True).export(fmt)
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

    result = validate_graph(_open(store_dir, read_only=True).to_rdflib())
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
    s = _open(store_dir, read_only=True).stats()
    if as_json:
        click.echo(json.dumps(s.__dict__))
    else:
        for k, v in s.__dict__.items():
            click.echo(f"{k:12} {v}")


@main.command()
@store_option
def summary(store_dir: str | None) -> None:
    """A readable overview: documents, instruments with type, date and issuer, bodies.

    \b
    Example:
      chidao summary
    """
    store = _open(store_dir, read_only=True)
    docs = store.select(named_query("documents"))
    click.echo(f"Documents ({len(docs)}):")
    for d in docs:
        click.echo(f"  {d['source']}: {d['symbol'] or '?'} {d['date'] or ''} — {d['title'] or ''}")
    rows = store.select(named_query("instruments"))
    click.echo(f"\nInstruments ({len(rows)}):")
    click.echo(_render(rows, ["label", "date", "issuers"], "table"))
    bodies = store.select(named_query("bodies"))
    click.echo(f"\nBodies ({len(bodies)}):")
    for b in bodies:
        click.echo(f"  {b['name']} ({b['instruments']} instrument(s))")
    items = store.select(named_query("tasks"))
    click.echo(f"\nTasks and recommendations ({len(items)}):")
    for t in items:
        period = f" [{t['periodStart']}–{t['periodEnd']}]" if t["periodStart"] else ""
        to = f" → {t['addressees']}" if t["addressees"] else ""
        click.echo(f"  {t['kind']} {t['ordinal']}{period}{to}: {t['text'][:90]}")
    from chidao.lineage import find_nodes
    for node in find_nodes(store, "task 2"):
        click.echo(f"\nLineage of task 2 ({node}):")
        _echo_lineage(store, node, "up", None)


@main.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def audit(store_dir: str | None, as_json: bool) -> None:
    """Figures that do not add up and instruments given two dates, with the quoted text.

    A stated percentage is checked against its fraction (wrong when it is off by one unit of
    its last printed digit or more); a total against the parts in the parentheses after it.
    Exits 0 either way: findings are data, not errors.

    \b
    Example:
      chidao audit --store chidao-store
    """
    store = _open(store_dir, read_only=True)
    mismatches = store.select(named_query("mismatches"))
    conflicts = store.select(named_query("date_conflicts"))
    if as_json:
        click.echo(json.dumps({"mismatches": mismatches, "date_conflicts": conflicts}, ensure_ascii=False, indent=2))
        return
    click.echo(f"Figure mismatches ({len(mismatches)}):")
    for m in mismatches:
        click.echo(f"  stated {_number(m['stated'])}, computed {_number(m['computed'])} — {m['rule']}")
        click.echo(f"    “{' '.join(m['quote'].split())}” ({m['document']}#char={m['begin']},{m['end']})")
    by_instrument: dict[str, list[dict]] = {}
    for c in conflicts:
        by_instrument.setdefault(c["instrument"], []).append(c)
    click.echo(f"\nDate conflicts ({len(by_instrument)}):")
    for inst, rows in by_instrument.items():
        click.echo(f"  {rows[0]['symbol'] or inst}: " + " ≠ ".join(sorted({r['value'] for r in rows})))
        for r in rows:
            click.echo(f"    {r['value']}: “{r['quote']}” (char {r['begin']})")


def _number(value: float) -> str:
    """Vietnamese notation: 11.644.132.000 and 98,913."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value}".replace(".", ",")


def _echo_lineage(store: Store, node: str, direction: str, depth: int | None) -> None:
    from chidao.lineage import lineage

    for d in (("up", "down") if direction == "both" else (direction,)):
        edges = lineage(store, node, d, depth)
        click.echo(f"  {'up — what drives it' if d == 'up' else 'down — what it drives'} ({len(edges)} edge(s)):")
        for e in edges:
            cue = f" [{e.cue}]" if e.cue else ""
            date = f" ({e.date})" if e.date else ""
            click.echo(f"  {'  ' * e.depth}{e.subject_label or e.subject}{date} —{e.relation}{cue}→ "
                       f"{e.object_label or e.object}")
            if e.evidence:
                click.echo(f"  {'  ' * e.depth}  “{' '.join(e.evidence.split())[:200]}”")


@main.command(name="lineage")
@click.argument("ref")
@store_option
@click.option("--direction", type=click.Choice(["up", "down", "both"]), default="both", show_default=True)
@click.option("--depth", type=int, default=None, help="Maximum number of steps (default: no limit).")
def lineage_command(ref: str, store_dir: str | None, direction: str, depth: int | None) -> None:
    """The chain up (what drives it) and down (what it drives) of an instrument or task.

    REF is a symbol (accent- and case-insensitive), "task N" / "nhiệm vụ N", "kiến nghị N",
    or an IRI. Each edge shows the relation, the cue word and the quoted evidence.

    \b
    Examples:
      chidao lineage "task 2"
      chidao lineage 1395/QĐ-UBND --direction down --depth 1
    """
    from chidao.lineage import find_nodes

    store = _open(store_dir, read_only=True)
    nodes = find_nodes(store, ref)
    if not nodes:
        raise click.ClickException(f"nothing in the store matches {ref!r}")
    for node in nodes:
        click.echo(f"{node}:")
        _echo_lineage(store, node, direction, depth)

@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="TCP port.")
@click.option("--query-timeout", type=float, default=None, envvar="CHIDAO_QUERY_TIMEOUT",
              help="Seconds per SPARQL query (default 10).")
@click.option("--result-limit", type=int, default=None, envvar="CHIDAO_RESULT_LIMIT",
              help="Rows or triples per SPARQL answer (default 10000).")
def serve(store_dir: str | None, host: str, port: int, query_timeout: float | None,
          result_limit: int | None) -> None:
    """Serve the store over HTTP: SPARQL 1.1 endpoint, REST lineage API, researcher page.

    SPARQL Update is enabled only when $CHIDAO_UPDATE_TOKEN is set (bearer token).

    \b
    Examples:
      chidao serve                       # http://127.0.0.1:8000/
      chidao serve --store /data/chidao --host 0.0.0.0 --port 8080
    """
    import os

    import uvicorn

    path = store_path(store_dir)
    if not path.exists():
        raise click.ClickException(f"no store at {path} — run `chidao ingest` first or pass --store")
    # The app reads its settings from the environment (api.settings); the app is named by string
    # so that chidao never imports api (imports flow api -> chidao).
    os.environ[STORE_ENV] = str(path.resolve())
    for var, value in (("CHIDAO_QUERY_TIMEOUT", query_timeout), ("CHIDAO_RESULT_LIMIT", result_limit)):
        if value is not None:
            os.environ[var] = str(value)
    click.echo(f"chidao serving {path} at http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql, "
               f"API docs: http://{host}:{port}/docs)")
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, log_level="info")


@main.command()
@click.option("--check", is_flag=True, help="Do not write; exit 1 if docs/ is stale.")
def docs(check: bool) -> None:
    """Regenerate the reference pages in docs/ (ontology, CLI, HTTP API) from their sources.

    \b
    Examples:
      chidao docs            # rewrite the generated reference pages
      chidao docs --check    # CI: fail when they are out of date
    """
    from chidao.docgen import stale_docs, write_docs

    if check:
        stale = stale_docs()
        if stale:
            raise click.ClickException("stale generated docs: " + ", ".join(stale) + " — run `chidao docs`")
        click.echo("docs are up to date")
    else:
        for path in write_docs():
            click.echo(f"wrote {path}")


if __name__ == "__main__":
    main()
