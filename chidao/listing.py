"""Lists of instruments, tasks, bodies and documents, paginated in the store.

A page costs three small queries whatever the size of the store: a COUNT of the matching nodes
(kept in the store's cache per filter until the next write),
the page of node IRIs (LIMIT/OFFSET, in the store's index order: ORDER BY on IRIs or labels makes
Oxigraph decode every string it compares, 0.4 s for 5,000 instruments), and the fields of just
those nodes. Filters are pushed into SPARQL as bound values (VALUES), never pasted text.
Words (titles, labels, body names) and symbols are matched by the full-text index
(chidao.search over chidao.textindex), which hands back the matching IRIs.

The union default graph repeats a triple once per document graph that states it, so node
queries are DISTINCT and counts COUNT(DISTINCT).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from chidao import resolver, search, textindex
from chidao.card import STATUS_VI
from chidao.status import status
from chidao.store import remembered
from chidao.textindex import KIND_CLASSES
from ingest.tables.text import fold

DOC_TYPE_SCHEME = "https://w3id.org/chidao/id/doc-type"
MAX_LIMIT = 1000  # rows in one page
MAX_MATCHES = 5000  # nodes a word filter may name before the filter is refused as too broad

TASK_KINDS = {k: KIND_CLASSES[k] for k in textindex.TASK_KINDS}


@dataclass(frozen=True)
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict]

    def as_json(self) -> dict:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


def _values(name: str, terms) -> str:
    return f"VALUES ?{name} {{ {' '.join(str(t) for t in terms)} }}"


def _iris(iris) -> list[ox.NamedNode]:
    return [ox.NamedNode(i) for i in iris]


MAX_CACHED_COUNTS = 1000


def _count(store, where: str) -> int:
    """How many nodes match: counting is the one step that reads every match (the union graph
    repeats a node once per document, hence DISTINCT), so a count is kept per filter in the
    store's cache until the next write."""
    return remembered(store, "list counts", where, lambda: store.select(
        f"SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE {{ {where} }}")[0]["n"], MAX_CACHED_COUNTS)


def _word_count(store, words: str, kinds: tuple[str, ...]) -> int:
    """How many nodes hold these words: read from every matching index row (a word found in
    thousands of documents), so kept per query until the next write, as list counts are."""
    return remembered(store, "word counts", (words, kinds),
                      lambda: search.count(store.search_index(), words, kinds), MAX_CACHED_COUNTS)


def _page(store, where: str, limit: int, offset: int) -> tuple[int, list[str]]:
    limit = max(1, min(limit, MAX_LIMIT))
    total = _count(store, where)
    rows = store.select(f"SELECT DISTINCT ?node WHERE {{ {where} }} LIMIT {limit} OFFSET {max(0, offset)}")
    return total, [r["node"] for r in rows]


# One row per (node, field, value): a UNION of inner joins, each branch bound to the page's nodes.
# (An OPTIONAL group would be evaluated over the whole store before the join.) Each pattern has
# the part read in the node's describing graph and the part read in the union (vocabulary).
_FIELDS = {
    "label": ("?node rdfs:label ?value", ""),
    "name": ('?node skos:prefLabel ?value FILTER(LANG(?value) IN ("vi", ""))', ""),
    "symbol": ("?node eli:id_local ?value", ""),
    "number": ("?node eli:number ?value", ""),
    "typeCode": ("?node eli:type_document ?t", "?t skos:notation ?value"),
    "typeName": ("?node eli:type_document ?t", '?t skos:prefLabel ?value FILTER(LANG(?value) = "vi")'),
    "date": ("?node eli:date_document ?value", ""),
    "year": ("?node cdo:year ?value", ""),
    "title": ("?node eli:title ?value", ""),
    "text": ("?node cdo:text ?value", ""),
    "issuer": ("?node eli:passed_by|cdo:addressedTo|cdo:performedBy ?key", ""),
    # the names apart, by an inner join: an OPTIONAL name read every label in the store first;
    # the language filter outside the graph: inside it, Oxigraph read the body's labels in
    # every graph (7 ms for a body named in 20 000 documents, against 0.3 ms)
    "issuerName": ("?node eli:passed_by|cdo:addressedTo|cdo:performedBy ?key . ?key skos:prefLabel ?value",
                   'FILTER(LANG(?value) IN ("vi", ""))'),
    "class": ("?node a ?value", ""),
    "code": ("?node skos:notation ?value", ""),
    "parent": ("?node org:subOrganizationOf ?value", ""),
}


def _branches(store, iris: list[str], asked: tuple[str, ...]) -> str:
    """Read each node in the one document graph that describes it best (chidao.search.
    describing_graphs): in the union graph a law cited by a thousand documents repeats each of
    its facts a thousand times. Nodes the text index does not know are read in the union."""
    graphs = search.describing_graphs(store.search_index(), iris) if hasattr(store, "search_index") else {}
    placed = [i for i in iris if i in graphs]
    loose = [i for i in iris if i not in graphs]
    out = []
    for f in asked:
        inside, outside = _FIELDS[f]
        if placed:
            pairs = " ".join(f"({ox.NamedNode(i)} {ox.NamedNode(graphs[i])})" for i in placed)
            out.append(f'{{ VALUES (?node ?g) {{ {pairs} }} GRAPH ?g {{ {inside} }} . {outside} BIND("{f}" AS ?field) }}')
        if loose:
            out.append(f'{{ {_values("node", _iris(loose))} {inside} . {outside} BIND("{f}" AS ?field) }}')
    return " UNION ".join(out)


def fields(store, iris: list[str], wanted: tuple[str, ...]) -> dict[str, dict[str, list]]:
    """node → field → values (issuers as (IRI, name) pairs), for the given nodes only."""
    out: dict[str, dict[str, list]] = {i: {} for i in iris}
    if not iris:
        return out
    asked = wanted + (("issuerName",) if "issuer" in wanted else ())
    branches = _branches(store, iris, asked)
    names: dict[str, str] = {}
    rows = store.select(f"SELECT DISTINCT ?node ?field ?key ?value WHERE {{ {branches} }}")
    for r in rows:
        if r["field"] == "issuerName":
            names.setdefault(r["key"], r["value"])
    for r in rows:
        if r["field"] == "issuerName":
            continue
        value = (r["key"], names.get(r["key"], r["key"])) if r["field"] == "issuer" else r["value"]
        values = out[r["node"]].setdefault(r["field"], [])
        if value not in values:
            values.append(value)
    return out


def _first(f: dict, key: str):
    return (f.get(key) or [None])[0]


ENTRY_FIELDS = ("label", "name", "symbol", "typeCode", "typeName", "date", "year", "title", "issuer")


def entry(iri: str, kind: str, f: dict) -> dict:
    """One row of a list or a search answer, from the node's fields."""
    year = _first(f, "year") or (min(f.get("date", [""]) or [""])[:4] or None)
    label = _first(f, "label") or _first(f, "name") or _first(f, "symbol") or iri
    return {"id": iri, "kind": kind, "label": label, "symbol": _first(f, "symbol"),
            "type": _first(f, "typeName"), "typeCode": _first(f, "typeCode"), "dates": sorted(f.get("date", [])),
            "year": int(year) if year and str(year).isdigit() else None,
            "issuers": [{"id": k, "name": v} for k, v in sorted(f.get("issuer", []))],
            "titles": f.get("title", [])}


def search_results(store, query: str, limit: int = 20, offset: int = 0, kinds=None) -> list[dict]:
    """Search hits as rows for people (label, symbol, type, dates, issuers …, score, snippet):
    what /search answers and KnowledgeGraph.find tabulates (exact references first: chidao.resolver)."""
    hits = resolver.ranked(store, query, limit, offset, kinds)
    f = fields(store, [h.iri for h in hits], ENTRY_FIELDS)
    return [{**entry(h.iri, h.kind, f[h.iri]), "score": h.score, "snippet": h.snippet} for h in hits]


def doc_types(store) -> list[dict]:
    """The vocabulary's document types (code, names), read once per store state."""
    cached = store.cache.get("doc_types")
    if cached is None:
        cached = store.select("""SELECT ?t ?code ?name WHERE { ?t skos:inScheme ?scheme ; skos:notation ?code .
            OPTIONAL { ?t skos:prefLabel ?name FILTER(LANG(?name) = "vi") } }""", scheme=DOC_TYPE_SCHEME)
        store.cache["doc_types"] = cached
    return cached


def _type_concepts(store, wanted: str) -> list[str]:
    """'QĐ', 'qd', 'Quyết định', 'quyet dinh (ca biet)' all name the type concept(s) of a QĐ."""
    key = fold(wanted).strip()
    out = []
    for r in doc_types(store):
        name = r["name"] or ""
        if key in {fold(r["code"]), fold(name), fold(re.sub(r"\s*\(.*\)\s*$", "", name))}:
            out.append(r["t"])
    return out


class TooBroad(ValueError):
    """A word filter matched more nodes than one request may bind."""


MAX_CACHED_MATCHES = 256  # word filters whose matching nodes are kept until the next write


def _matching(store, words: str, kind: str) -> list[str]:
    """The nodes of a kind holding these words, for a list filter: every matching index row is
    read (a body is named in thousands of documents), so the answer is kept until the next write."""
    iris = remembered(store, "word matches", (words, kind),
                      lambda: search.matching(store.search_index(), words, (kind,), MAX_MATCHES + 1), MAX_CACHED_MATCHES)
    if len(iris) > MAX_MATCHES:
        raise TooBroad(f"'{words}' matches more than {MAX_MATCHES} {kind} entries; add words or filters")
    return iris


def instruments(store, *, type: str | None = None, issuer: str | None = None, year: int | None = None,
                symbol: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Instruments matching every filter given; text filters are accent-insensitive."""
    if q and not (type or year or symbol or issuer):  # words alone: the index pages, by relevance
        total, iris = _word_count(store, q, ("instrument",)), search.page(store.search_index(), q, ("instrument",), limit, offset)
        return Page(total, limit, offset, _instrument_rows(store, iris))
    if (type or year) and not issuer:
        return _facet_page(store, type, year, symbol, q, limit, offset)
    where = _instrument_where(store, type=type, issuer=issuer, year=year, symbol=symbol, q=q)
    if where is None:
        return Page(0, limit, offset, [])
    total, iris = _page(store, where, limit, offset)
    return Page(total, limit, offset, _instrument_rows(store, iris))


def _facet_page(store, type, year, symbol, q, limit: int, offset: int) -> Page:
    """Instruments of a type and/or year (among a symbol's or words' matches) paged by the
    facets of the text index: in the union graph a type's instruments repeat once per citing
    document (ingest gives every instrument with a known date or printed year its cdo:year,
    and the index keeps it)."""
    concepts = None
    if type:
        concepts = _type_concepts(store, type)
        if not concepts:
            return Page(0, limit, offset, [])
    nodes = None
    if symbol:
        nodes = search.by_symbol(store.search_index(), symbol)
    if q and (nodes is None or nodes):
        nodes = [n for n in _matching(store, q, "instrument") if nodes is None or n in nodes]
    if nodes is not None and not nodes:
        return Page(0, limit, offset, [])
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    index = store.search_index()
    total = remembered(store, "facet counts", (tuple(concepts or ()), year, tuple(nodes or ())),
                       lambda: search.facet_count(index, "instrument", concepts, year, nodes), MAX_CACHED_COUNTS)
    iris = search.facet_page(index, "instrument", concepts, year, limit, offset, nodes)
    return Page(total, limit, offset, _instrument_rows(store, iris))


def _instrument_where(store, *, type=None, issuer=None, year=None, symbol=None, q=None) -> str | None:
    """The graph pattern binding ?node to the instruments every filter admits (None: none can)."""
    where = []  # the most selective patterns first: Oxigraph keeps a group's order
    if type:
        concepts = _type_concepts(store, type)
        if not concepts:
            return None
        where.append(f"{_values('t', _iris(concepts))} ?node eli:type_document ?t .")
    if year:  # ingest gives every instrument with a known date or printed year its cdo:year
        where.append(f'?node cdo:year "{int(year):04d}"^^xsd:gYear .')
    if symbol:
        nodes = search.by_symbol(store.search_index(), symbol)
        if not nodes:
            return None
        where.append(_values("node", _iris(nodes)))
    if issuer:
        bodies = [issuer] if issuer.startswith(("http://", "https://")) else _matching(store, issuer, "body")
        if not bodies:
            return None
        where.append(f"{_values('b', _iris(bodies))} ?node eli:passed_by ?b .")
    if q:
        nodes = _matching(store, q, "instrument")
        if not nodes:
            return None
        where.insert(0, _values("node", _iris(nodes)))
    where.append("?node a eli:LegalResource .")
    return " ".join(where)


FACET_ROWS = 20  # values listed per facet, most instruments first (years: latest first), ties by value
_FACETS = {"type": ("?node eli:type_document ?value", "DESC(?n) ?value"), "year": ("?node cdo:year ?value", "DESC(?value)"),
           "issuer": ("?node eli:passed_by ?value", "DESC(?n) ?value")}
MAX_STATUS_FACET = 200  # instruments whose status is derived for the status facet (each costs a few queries)


def instrument_facets(store, **filters) -> dict[str, list[dict]]:
    """Counts of the instruments the filters admit by type, year and issuer (the top
    FACET_ROWS of each, counted in the store and kept in its cache), and by status when at
    most MAX_STATUS_FACET instruments are admitted (a status is derived, not stored)."""
    where = _instrument_where(store, **filters)
    if where is None:
        return {name: [] for name in (*_FACETS, "status")}
    key = ("facets", where)
    if key not in store.cache:
        out = {}
        for name, (pattern, order) in _FACETS.items():
            rows = store.select(f"SELECT ?value (COUNT(DISTINCT ?node) AS ?n) WHERE {{ {where} {pattern} }} "
                                f"GROUP BY ?value ORDER BY {order} LIMIT {FACET_ROWS}")
            out[name] = [{"value": r["value"], "count": r["n"]} for r in rows]
        names = {r["t"]: r["name"] or r["code"] for r in doc_types(store)}
        for row in out["type"]:  # the name is what the type filter takes back
            row["value"] = row["label"] = names.get(row["value"], row["value"])
        bodies = fields(store, [r["value"] for r in out["issuer"]], ("name",))
        for row in out["issuer"]:
            row["label"] = (bodies[row["value"]].get("name") or [row["value"]])[0]
        for row in out["year"]:
            row["value"] = row["label"] = str(row["value"])[:4]
        out["status"] = _status_facet(store, where)
        store.cache[key] = out
    return store.cache[key]


def _status_facet(store, where: str) -> list[dict]:
    if _count(store, where) > MAX_STATUS_FACET:
        return []
    counts: dict[str, int] = {}
    for r in store.select(f"SELECT DISTINCT ?node WHERE {{ {where} }}"):
        found = status(store, r["node"]).status
        counts[found] = counts.get(found, 0) + 1
    return [{"value": k, "label": STATUS_VI[k], "count": n} for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _instrument_rows(store, iris: list[str]) -> list[dict]:
    f = fields(store, iris, ENTRY_FIELDS)
    return [entry(i, "instrument", f[i]) for i in iris]


def tasks(store, *, kind: str | None = None, q: str | None = None, issuer: str | None = None,
          limit: int = 50, offset: int = 0) -> Page:
    """Tasks, recommendations and reported activities; `issuer` is the body addressed or acting."""
    kinds = {kind: TASK_KINDS[kind]} if kind else TASK_KINDS
    if q and not issuer:  # words alone: the index pages, by relevance
        total, iris = _word_count(store, q, tuple(kinds)), search.page(store.search_index(), q, tuple(kinds), limit, offset)
        return Page(total, limit, offset, _task_rows(store, iris))
    where = []  # the most selective patterns first
    if issuer:
        bodies = [issuer] if issuer.startswith(("http://", "https://")) else _matching(store, issuer, "body")
        if not bodies:
            return Page(0, limit, offset, [])
        where.append(f"{_values('b', _iris(bodies))} {{ ?node cdo:addressedTo ?b }} UNION {{ ?node cdo:performedBy ?b }}")
    if q:
        nodes = _matching(store, q, "task")
        if not nodes:
            return Page(0, limit, offset, [])
        where.insert(0, _values("node", _iris(nodes)))
    where.append(f"VALUES (?cls ?kind) {{ {' '.join(f'({c} {ox.Literal(k)})' for k, c in kinds.items())} }} ?node a ?cls .")
    total, iris = _page(store, " ".join(where), limit, offset)
    return Page(total, limit, offset, _task_rows(store, iris))


def _task_rows(store, iris: list[str]) -> list[dict]:
    f = fields(store, iris, ("label", "class", "text", "issuer"))
    by_class = {v: k for k, v in TASK_KINDS.items()}
    items = []
    for i in iris:
        classes = {c.rsplit("#", 1)[-1] for c in f[i].get("class", [])}
        kind_of = next((k for c, k in by_class.items() if c.split(":")[1] in classes), "task")
        items.append({**entry(i, kind_of, f[i]), "text": _first(f[i], "text")})
    return items


_BODY_PAGE = """SELECT ?node (COUNT(DISTINCT ?i) AS ?issued) WHERE { %s
  { ?node a org:Organization } UNION { ?i eli:passed_by ?node } } GROUP BY ?node ORDER BY DESC(?issued) ?node LIMIT %d OFFSET %d"""


def bodies(store, *, q: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Bodies with how many instruments each passed: matching words, most relevant first (the
    index pages); else those that issued most first (a ranking of every body, so each page of it
    is kept in the store's cache until the next write)."""
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    if q:
        total, iris = _word_count(store, q, ("body",)), search.page(store.search_index(), q, ("body",), limit, offset)
        issued = {r["node"]: r["n"] for r in store.select(
            f"SELECT ?node (COUNT(DISTINCT ?i) AS ?n) WHERE {{ {_values('node', _iris(iris))} ?i eli:passed_by ?node }} "
            "GROUP BY ?node")} if iris else {}
        rows = [{"node": i, "issued": issued.get(i, 0)} for i in iris]
    else:
        key = ("bodies", limit, offset)
        if key not in store.cache:
            store.cache[key] = (store.select("SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE { ?node a org:Organization }")[0]["n"],
                                store.select(_BODY_PAGE % ("", limit, offset)))
        total, rows = store.cache[key]
    # each body read in the graph that describes it best: Chính phủ is named in every document
    details = fields(store, [r["node"] for r in rows], ("name", "code", "parent"))
    return Page(total, limit, offset, [{"body": r["node"], "name": _first(details[r["node"]], "name"),
                                        "code": _first(details[r["node"]], "code"),
                                        "parent": _first(details[r["node"]], "parent"), "issued": r["issued"]}
                                       for r in rows])


_DOC_FIELDS = {"source": "?node dcterms:source ?value", "symbol": "?node cdo:textOf ?i . ?i eli:id_local ?value",
               "title": "?node cdo:textOf ?i . ?i eli:title ?value",
               "date": "?node cdo:textOf ?i . ?i eli:date_document ?value"}


def documents(store, *, limit: int = 50, offset: int = 0) -> Page:
    """Ingested source documents and the instrument each is the text of."""
    total, iris = _page(store, "?node a cdo:SourceDocument .", limit, offset)
    details: dict[str, dict] = {i: {} for i in iris}
    if iris:
        nodes = _values("node", _iris(iris))
        branches = " UNION ".join(f'{{ {nodes} {p} BIND("{k}" AS ?field) }}' for k, p in _DOC_FIELDS.items())
        for r in store.select(f"SELECT DISTINCT ?node ?field ?value WHERE {{ {branches} }}"):
            details[r["node"]].setdefault(r["field"], r["value"])
    return Page(total, limit, offset, [{"document": i, **{k: details[i].get(k) for k in _DOC_FIELDS}} for i in iris])
