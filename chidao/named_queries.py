"""Named SPARQL queries kept as .rq files in chidao/queries/ (readable, runnable as is)."""
from __future__ import annotations

from importlib import resources


def named_query(name: str) -> str:
    return resources.files("chidao").joinpath("queries", f"{name}.rq").read_text("utf-8")


def query_names() -> list[str]:
    return sorted(p.name[:-3] for p in resources.files("chidao").joinpath("queries").iterdir()
                  if p.name.endswith(".rq"))
