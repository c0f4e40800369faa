"""chidao: Vietnamese directives, plans and bodies as a knowledge graph.

>>> import chidao
>>> kg = chidao.open(":memory:")        # or chidao.open("chidao-store")
>>> report = kg.ingest(["examples/"])   # doctest: +SKIP
>>> kg.instruments().head()             # doctest: +SKIP
"""
from chidao.kg import KnowledgeGraph, open
from chidao.loading import IngestReport, ingest_paths
from chidao.store import Store

__all__ = ["open", "KnowledgeGraph", "Store", "ingest_paths", "IngestReport"]
