"""Commands around the store: serve it over HTTP, regenerate the docs."""
from __future__ import annotations

import click

from chidao.cli.common import store_option
from chidao.cli.group import main
from chidao.store import STORE_ENV, store_location
from chidao.store_lock import FILE_NAME, held_elsewhere, holder_pid, in_use_message


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

    path = store_location(store_dir)
    if isinstance(path, str):  # a SPARQL server: the app connects (and says so if it cannot)
        os.environ[STORE_ENV] = path
    else:
        if not path.exists():
            raise click.ClickException(f"no store at {path} — run `chidao ingest` first or pass --store")
        if os.environ.get("CHIDAO_UPDATE_TOKEN") and held_elsewhere(path):  # updates need the writer lock
            raise click.ClickException(in_use_message(path, holder_pid(path / FILE_NAME)))
        # The app reads its settings from the environment (api.settings); the app is named by string
        # so that chidao never imports api (imports flow api -> chidao).
        os.environ[STORE_ENV] = str(path.resolve())
    for var, value in (("CHIDAO_QUERY_TIMEOUT", query_timeout), ("CHIDAO_RESULT_LIMIT", result_limit)):
        if value is not None:
            os.environ[var] = str(value)
    click.echo(f"chidao serving {path} at http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql, "
               f"API docs: http://{host}:{port}/docs)")
    # h11 refuses a request line over its buffer with a bare 400: let URLs up to the app's own
    # limit (CHIDAO_MAX_REQUEST_BYTES, default 1 MB) through, so the app answers 413 above it
    url_bytes = int(os.environ.get("CHIDAO_MAX_REQUEST_BYTES") or 1_000_000) + 65_536
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, log_level="info",
                h11_max_incomplete_event_size=url_bytes)


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
