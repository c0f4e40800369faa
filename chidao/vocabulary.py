"""Labels from the vocabulary graph, read once per store state.

Every lineage answer names its relations in Vietnamese and English; reading those labels on each
request cost a query per answer for data that changes only when the vocabulary is reloaded. They
live in the store's cache, which every write to the store clears."""
from __future__ import annotations

from chidao import lineage
from chidao.store import VOCABULARY_GRAPH


def relation_labels(store) -> dict[str, dict[str, str]]:
    """relation IRI → {language: label} for the relations lineage knows."""
    cached = store.cache.get("relation_labels")
    if cached is None:
        rows = store.select("SELECT ?p ?label (LANG(?label) AS ?lang) WHERE { " + lineage._values("p", lineage.relations())
                            + " ?p rdfs:label ?label }")
        cached = {}
        for r in rows:
            cached.setdefault(r["p"], {})[r["lang"] or "en"] = r["label"]
        store.cache["relation_labels"] = cached
    return cached


_TERM_LABELS = f"""SELECT ?term ?kind ?label (LANG(?label) AS ?lang) WHERE {{ GRAPH <{VOCABULARY_GRAPH}> {{
  {{ ?term rdfs:label ?label BIND("label" AS ?kind) }} UNION {{ ?term cdo:inverseLabel ?label BIND("inverse" AS ?kind) }}
}} }}"""


def term_labels(store) -> dict[str, dict[str, dict[str, str]]]:
    """term IRI → {"label": {lang: text}, "inverse": {lang: text}} for every term of the
    vocabulary graph (a few hundred, whatever the size of the store)."""
    cached = store.cache.get("term_labels")
    if cached is None:
        cached = {}
        for r in store.select(_TERM_LABELS):
            cached.setdefault(r["term"], {}).setdefault(r["kind"], {})[r["lang"] or "en"] = r["label"]
        store.cache["term_labels"] = cached
    return cached
