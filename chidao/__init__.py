"""chidao: Vietnamese directives, plans and bodies as a knowledge graph.

>>> import chidao
>>> kg = chidao.open(":memory:")        # or chidao.open("chidao-store")
>>> report = kg.ingest(["examples/"])   # doctest: +SKIP
>>> kg.instruments().head()             # doctest: +SKIP
>>> kg.find("quyet dinh 1395")          # doctest: +SKIP
>>> kg.lineage_edges("task 2", "up")    # doctest: +SKIP
>>> g = kg.lineage("task 2")            # networkx graph, doctest: +SKIP
>>> kg.audit()                          # doctest: +SKIP

`chidao.open("http://127.0.0.1:7878/query")` reads (and, given its update endpoint, writes) a
SPARQL 1.1 server the same way: chidao.remote.
"""
from chidao.kg import KnowledgeGraph, open
from chidao.loading import IngestReport, ingest_paths
from chidao.remote import RemoteStore
from chidao.store import Store

__all__ = ["open", "KnowledgeGraph", "Store", "RemoteStore", "ingest_paths", "IngestReport"]
