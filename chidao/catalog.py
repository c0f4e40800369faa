"""What the graph knows about things, shaped for people: instrument rows, one node in full,
documents with their mentions, and a search that finds an instrument the way people type it.

Rows are read with fixed SPARQL (values bound by Store.select, never pasted). Filtering by text
is done on folded strings (ingest.text.fold), so every text filter is accent-insensitive.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from chidao.evidence import mention_sentences
from ingest.text import fold

KINDS = {"eli:LegalResource": "instrument", "cdo:Task": "task", "cdo:Recommendation": "recommendation",
         "cdo:AgencyActivity": "activity", "cdo:Programme": "programme", "org:Organization": "body"}

_ROWS = """SELECT ?node ?kind ?label ?symbol ?number ?typeCode ?typeName ?date ?year ?issuer ?issuerName ?title
WHERE {
  VALUES (?class ?kind) { (eli:LegalResource "instrument") (cdo:Task "task") (cdo:Recommendation "recommendation")
                          (cdo:AgencyActivity "activity") (cdo:Programme "programme") }
  ?node a ?class .
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node eli:id_local ?symbol }
  OPTIONAL { ?node eli:number ?number }
  OPTIONAL { ?node eli:type_document ?t . OPTIONAL { ?t skos:notation ?typeCode }
             OPTIONAL { ?t skos:prefLabel ?typeName FILTER(LANG(?typeName) = "vi") } }
  OPTIONAL { ?node eli:date_document ?date }
  OPTIONAL { ?node cdo:year ?year }
  OPTIONAL { { ?node eli:passed_by ?issuer } UNION { ?node cdo:addressedTo ?issuer }
             OPTIONAL { ?issuer skos:prefLabel ?issuerName } }
  OPTIONAL { ?node eli:title ?title }
}"""


@dataclass
class Entry:
    iri: str
    kind: str
    label: str = ""
    symbol: str | None = None
    number: str | None = None
    type_code: str | None = None
    type_name: str | None = None
    dates: list[str] = field(default_factory=list)
    year: int | None = None
    issuers: dict[str, str] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"id": self.iri, "kind": self.kind, "label": self.label or self.symbol or self.iri,
                "symbol": self.symbol, "type": self.type_name, "typeCode": self.type_code,
                "dates": sorted(self.dates), "year": self.year,
                "issuers": [{"id": k, "name": v} for k, v in self.issuers.items()], "titles": self.titles}

    def tokens(self) -> set[str]:
        text = " ".join([self.label, self.symbol or "", self.type_code or "", self.type_name or "",
                         *self.titles, *self.issuers.values()])
        return set(_words(text))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", fold(text)) if w]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def _type_keys(e: Entry) -> set[str]:
    """'QĐ', 'Quyết định (cá biệt)' and 'Quyết định' all name the type of a QĐ."""
    name = e.type_name or ""
    return {fold(e.type_code or ""), fold(name), fold(re.sub(r"\s*\(.*\)\s*$", "", name))}


def entries(store) -> list[Entry]:
    """Every instrument, task, recommendation, activity and programme, one Entry each."""
    by_iri: dict[str, Entry] = {}
    for r in store.select(_ROWS):
        e = by_iri.setdefault(r["node"], Entry(r["node"], r["kind"]))
        e.label = e.label or r["label"] or ""
        e.symbol = e.symbol or r["symbol"]
        e.number = e.number or r["number"]
        e.type_code = e.type_code or r["typeCode"]
        e.type_name = e.type_name or r["typeName"]
        if r["date"] and r["date"] not in e.dates:
            e.dates.append(r["date"])
        year = r["year"] or (r["date"] or "")[:4]
        if year and str(year).isdigit():
            e.year = e.year or int(year)
        if r["issuer"]:
            e.issuers[r["issuer"]] = r["issuerName"] or r["issuer"]
        if r["title"] and r["title"] not in e.titles:
            e.titles.append(r["title"])
    return sorted(by_iri.values(), key=lambda e: (e.kind, e.label, e.iri))


def filter_entries(items: list[Entry], *, kind: str | None = None, type: str | None = None,
                   issuer: str | None = None, year: int | None = None, symbol: str | None = None,
                   q: str | None = None) -> list[Entry]:
    """Filters combine with AND; text filters compare folded text (diacritics optional)."""
    out = []
    for e in items:
        if kind and e.kind != kind:
            continue
        if type and fold(type) not in _type_keys(e):
            continue
        if issuer and not any(issuer == k or fold(issuer) in fold(v) for k, v in e.issuers.items()):
            continue
        if year and e.year != year and not any(d.startswith(str(year)) for d in e.dates):
            continue
        if symbol and _squash(symbol) != _squash(e.symbol or ""):
            continue
        if q and not set(_words(q)) <= e.tokens():
            continue
        out.append(e)
    return out


def search(items: list[Entry], query: str, limit: int = 20) -> list[tuple[float, Entry]]:
    """Rank entries for what a person typed: '1395/QĐ-UBND', 'QĐ 1395', 'quyet dinh 1395',
    title words with or without diacritics. Exact symbol > number with matching type words >
    all words present > most words present."""
    words = _words(query)
    if not words:
        return []
    wanted, squashed = set(words), _squash(query)
    numbers = {w for w in words if w.isdigit()}
    scored = []
    for e in items:
        toks = e.tokens()
        prefix_hits = sum(1 for w in wanted if w in toks or (len(w) >= 3 and any(t.startswith(w) for t in toks)))
        if not prefix_hits:
            continue
        score = 10.0 * prefix_hits / len(wanted)
        if e.symbol and squashed == _squash(e.symbol):
            score += 100
        if e.number and (e.number.lstrip("0") or "0") in {n.lstrip("0") or "0" for n in numbers}:
            score += 30
        elif numbers and not numbers & toks:
            continue  # a number was typed and this entry does not carry it
        if wanted <= toks:
            score += 20
        scored.append((score, e))
    scored.sort(key=lambda se: (-se[0], se[1].label))
    return scored[:limit]


MAX_INCOMING = 200  # nodes pointing at one node, listed (the rest are counted per relation)
MAX_MENTIONS = 50  # mentions of one node, each with its sentence (the rest are counted)
MAX_SOURCES = 200  # documents listed as sources of one node


def describe(store, iri: str) -> dict | None:
    """One node: every property (IRI values with a label), statements with their evidence, the
    nodes pointing at it (a page, counted per relation), the documents it appears in, and its
    mentions. Every part is bounded, so a hub law costs what a leaf does."""
    node = ox.NamedNode(iri)
    props = store.select("SELECT DISTINCT ?p ?o WHERE { ?n ?p ?o } LIMIT 2000", n=node)
    incoming = store.select(f"""SELECT DISTINCT ?s ?p WHERE {{ ?s ?p ?n FILTER(?p NOT IN (rdf:subject, rdf:object)) }}
        LIMIT {MAX_INCOMING}""", n=node)
    if not props and not incoming:
        return None
    counts = store.select("""SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?node
        FILTER(?p NOT IN (rdf:subject, rdf:object)) } GROUP BY ?p""", node=node) \
        if len(incoming) == MAX_INCOMING else []
    labels = _labels(store, {r["o"] for r in props if _is_iri(r["o"])} | {r["s"] for r in incoming})
    facts = store.select("""SELECT ?p ?o ?m WHERE { ?st rdf:subject ?n ; rdf:predicate ?p ; rdf:object ?o ;
        cdo:evidence ?m } LIMIT 500""", n=node)
    sentences = mention_sentences(store, [r["m"] for r in facts])
    sources = store.select(f"""SELECT DISTINCT ?graph ?doc ?source WHERE {{ GRAPH ?graph {{ ?n ?p ?o }}
        OPTIONAL {{ GRAPH ?graph {{ ?doc a cdo:SourceDocument OPTIONAL {{ ?doc dcterms:source ?source }} }} }} }}
        LIMIT {MAX_SOURCES}""", n=node)
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
        OPTIONAL { ?thing cdo:mention ?m OPTIONAL { ?thing rdfs:label ?thingLabel } } } ORDER BY ?begin""", doc=node)
    return {"id": iri, **meta[0], "mentions": mentions}
