"""Pieces shared by the command modules: the --store option, opening a store, tables."""
from __future__ import annotations

import csv
import io
import json

import click

from chidao.remote import RemoteStore
from chidao.store import DEFAULT_STORE, STORE_ENV, Store, open_read_only, store_location
from chidao.store_lock import StoreInUse

STORE_HELP = (f"Store directory, or the query endpoint URL of a SPARQL server (http://127.0.0.1:7878/query) "
              f"(default: ${STORE_ENV} or ./{DEFAULT_STORE}).")


def _or_the_groups(ctx: click.Context, param, value: str | None) -> str | None:
    """A command's --store beats the group's (`chidao --store DIR summary`); store_path then
    falls back to $CHIDAO_STORE and ./chidao-store."""
    return value if value is not None else ctx.find_root().params.get("store_dir")


store_option = click.option("--store", "store_dir", default=None, metavar="DIR|URL", callback=_or_the_groups,
                            help=STORE_HELP)


def open_store(store_dir: str | None, read_only: bool = False) -> Store | RemoteStore:
    location = store_location(store_dir)
    if isinstance(location, str):
        return _open_remote(location, read_only)
    path = location
    if read_only and not path.exists():
        raise click.ClickException(f"no store at {path} — run `chidao ingest` first or pass --store")
    try:
        return open_read_only(path) if read_only else Store(path)
    except StoreInUse as e:
        raise click.ClickException(str(e)) from None


def _open_remote(url: str, read_only: bool) -> RemoteStore:
    try:
        store = RemoteStore(url, read_only=read_only)
        if not read_only:
            store.take_writer_lock()  # one writer of its text index at a time, said now
        return store
    except (ValueError, ConnectionError, RuntimeError, StoreInUse) as e:
        raise click.ClickException(str(e)) from None


def where(store: Store | RemoteStore) -> str:
    """The store as the user named it: its folder or its server's URL."""
    return str(getattr(store, "endpoint", None) or store.path)


def render(rows: list[dict], columns: list[str], fmt: str) -> str:
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
