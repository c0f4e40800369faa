"""What the graph knows about one thing, shaped for people: a node in full (bounded, so a hub
law costs what a leaf does) and a source document with its mentions.

Rows are read with fixed SPARQL (values bound by Store.select, never pasted). Lists live in
chidao.listing, search in chidao.search.
"""
from __future__ import annotations

import pyoxigraph as ox

from chidao.evidence import document_sources, mention_sentences

MAX_INCOMING = 200  # nodes pointing at one node, listed (the rest are counted per relation)
MAX_MENTIONS = 50  # mentions of one node, each with its sentence (the rest are counted)
MAX_SOURCES = 200  # documents listed as sources of one node
MAX_PROPERTIES = 500  # property values of one node
MAX_FACT_MENTIONS = 100  # mentions quoted as evidence for a node's properties


def describe(store, iri: str) -> dict | None:
    """One node: every property (IRI values with a label), statements with their evidence, the
    nodes pointing at it (a page, counted per relation), the documents it appears in, and its
    mentions. Every part is bounded, so a hub law costs what a leaf does."""
    node = ox.NamedNode(iri)
    # mentions are listed (a first page) by mentions_of: a hub law has one per citing document
    props = store.select(f"SELECT DISTINCT ?p ?o WHERE {{ ?n ?p ?o FILTER(?p != cdo:mention) }} LIMIT {MAX_PROPERTIES}", n=node)
    incoming = store.select(f"""SELECT DISTINCT ?s ?p WHERE {{ ?s ?p ?n FILTER(?p NOT IN (rdf:subject, rdf:object)) }}
        LIMIT {MAX_INCOMING}""", n=node)
    if not props and not incoming:
        return None
    counts = store.select("""SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?node
        FILTER(?p NOT IN (rdf:subject, rdf:object)) } GROUP BY ?p""", node=node) \
        if len(incoming) == MAX_INCOMING else []
    labels = _labels(store, {r["o"] for r in props if _is_iri(r["o"])} | {r["s"] for r in incoming})
    facts = store.select(f"""SELECT ?p ?o ?m WHERE {{ ?st rdf:subject ?n ; rdf:predicate ?p ; rdf:object ?o ;
        cdo:evidence ?m }} LIMIT {MAX_FACT_MENTIONS}""", n=node)
    sentences = mention_sentences(store, [r["m"] for r in facts])
    sources = _sources(store, node)
    grouped: dict[tuple, dict] = {}
    for r in sorted(props, key=lambda r: (r["p"], str(r["o"]))):
        grouped.setdefault((r["p"], r["o"]), {"predicate": r["p"], "value": r["o"], "label": labels.get(r["o"]),
                                              "evidence": []})
    for r in facts:
        item, ev = grouped.get((r["p"], r["o"])), sentences.get(r["m"])
        if item is not None and ev is not None:
            item["evidence"].append({"document": ev["doc"], "begin": ev["begin"], "end": ev["end"],
                                     "quote": ev["quote"], "sentence": ev["sentence"]})
    for item in grouped.values():
        item["evidence"].sort(key=lambda e: (e["document"], e["begin"]))
    return {"id": iri, "properties": list(grouped.values()),
            "incoming": [{"subject": r["s"], "predicate": r["p"], "label": labels.get(r["s"])}
                         for r in sorted(incoming, key=lambda r: (r["p"], r["s"]))],
            "incomingCounts": {r["p"]: r["n"] for r in counts} or None,
            "sources": sources, "mentions": mentions_of(store, iri)}


def _sources(store, node: ox.NamedNode) -> list[dict]:
    """The first graphs stating something of the node, each with its source document (inner
    joins in a subquery: an OPTIONAL here read every graph's document before the join)."""
    rows = store.select(f"""SELECT ?graph ?doc WHERE {{ {{ SELECT DISTINCT ?graph WHERE {{ GRAPH ?graph {{ {node} ?p ?o }} }}
        LIMIT {MAX_SOURCES} }} GRAPH ?graph {{ ?doc a cdo:SourceDocument }} }}""")
    urls = document_sources(store, {r["doc"] for r in rows})
    return [{"graph": r["graph"], "doc": r["doc"], "source": urls.get(r["doc"])} for r in rows]


def _is_iri(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _labels(store, iris: set[str]) -> dict[str, str]:
    """A label for each IRI (Vietnamese or plain first), one query."""
    if not iris:
        return {}
    values = "VALUES ?n { " + " ".join(str(ox.NamedNode(i)) for i in iris) + " }"
    out: dict[str, str] = {}
    for r in store.select(f"""SELECT ?n ?label WHERE {{ {values} ?n rdfs:label|skos:prefLabel ?label
                              FILTER(LANG(?label) IN ("vi", "")) }}"""):
        out.setdefault(r["n"], r["label"])
    return out


def mentions_of(store, iri: str, limit: int = MAX_MENTIONS) -> list[dict]:
    """The node's first mentions (by document and offset), each with the sentence around it."""
    rows = store.select(f"SELECT DISTINCT ?m WHERE {{ ?n cdo:mention ?m }} LIMIT {limit}", n=ox.NamedNode(iri))
    found = mention_sentences(store, [r["m"] for r in rows])
    return [{"m": m, **r} for m, r in sorted(found.items(), key=lambda kv: (kv[1]["doc"], kv[1]["begin"]))]


def document(store, iri: str) -> dict | None:
    """A source document: its metadata, full text and every mention in it (with what it names)."""
    node = ox.NamedNode(iri)
    meta = store.select("""SELECT ?source ?identifier ?format ?sha256 ?text ?instrument WHERE {
        ?doc a cdo:SourceDocument . OPTIONAL { ?doc dcterms:source ?source } OPTIONAL { ?doc dcterms:identifier ?identifier }
        OPTIONAL { ?doc dcterms:format ?format } OPTIONAL { ?doc cdo:sha256 ?sha256 }
        OPTIONAL { ?doc nif:isString ?text } OPTIONAL { ?doc cdo:textOf ?instrument } }""", doc=node)
    if not meta:
        return None
    mentions = store.select("""SELECT ?m ?begin ?end ?quote ?thing ?thingLabel WHERE {
        ?m nif:referenceContext ?doc ; nif:beginIndex ?begin ; nif:endIndex ?end . OPTIONAL { ?m nif:anchorOf ?quote }
        OPTIONAL { ?thing cdo:mention ?m OPTIONAL { ?thing rdfs:label ?thingLabel } } } ORDER BY ?begin ?end ?m ?thing""",
        doc=node)
    return {"id": iri, **meta[0], "mentions": mentions}
