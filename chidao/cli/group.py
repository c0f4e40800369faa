"""The `chidao` command group; commands are registered by the modules of this package."""
from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="chidao")
@click.option("--store", "store_dir", default=None, metavar="DIR|URL",
              help="Store directory or SPARQL query endpoint URL for the command (which may also take --store itself).")
def main(store_dir: str | None) -> None:
    """chidao — a knowledge graph of Vietnamese directives, plans and the bodies behind them.

    \b
    Typical session:
      chidao ingest examples/            # read reports into ./chidao-store
      chidao summary                     # what was found
      chidao query "SELECT ?s WHERE { ?s a eli:LegalResource } LIMIT 5"
      chidao export --format turtle -o graph.ttl
    """
