"""chidao: Vietnamese directives, plans and bodies as a knowledge graph.

>>> import chidao
>>> store = chidao.Store()                       # in memory; chidao.Store("dir") on disk
>>> report = chidao.ingest(store, ["examples/"])  # doctest: +SKIP
"""
from chidao.loading import IngestReport, ingest_paths as ingest
from chidao.store import Store

__all__ = ["Store", "ingest", "IngestReport"]
