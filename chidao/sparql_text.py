"""The full-text index inside SPARQL: cdo:textMatch and cdo:textScore, Oxigraph custom functions.

    SELECT ?i ?label WHERE { ?i a eli:LegalResource ; rdfs:label ?label ; eli:passed_by ?body .
                             ?body skos:prefLabel "Quốc hội"@vi
                             FILTER(cdo:textMatch(?i, "to chuc chinh phu")) }

`cdo:textMatch(?node, "words")` is true when the node's symbol, names, type, issuers or task
text hold every word (accents optional, as in the REST list filters); `cdo:textScore(?node,
"words")` is the /search relevance (0 when the node is not a hit), for ORDER BY. Each query
string is looked up once per query and remembered, so a FILTER over thousands of rows costs one
index lookup plus a set membership test per row.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from chidao import search
from ontology import CDO

TEXT_MATCH = ox.NamedNode(str(CDO.textMatch))
TEXT_SCORE = ox.NamedNode(str(CDO.textScore))
MAX_HITS = 100_000  # nodes one query string may match inside SPARQL
SCORED_HITS = 1000  # nodes a textScore query string ranks (the rest score 0)

_TRUE, _FALSE = ox.Literal(True), ox.Literal(False)


def functions(store) -> dict:
    """Fresh custom functions for one query over `store` (their memory lives as long as it)."""
    matched: dict[str, set[str]] = {}
    scored: dict[str, dict[str, float]] = {}

    def words_of(term) -> str | None:
        return term.value if isinstance(term, ox.Literal) else None

    def text_match(node, text):
        words = words_of(text)
        if words is None or not isinstance(node, ox.NamedNode):
            return None if words is None else _FALSE
        if words not in matched:
            matched[words] = set(search.matching(store.search_index(), words, None, MAX_HITS))
        return _TRUE if node.value in matched[words] else _FALSE

    def text_score(node, text):
        words = words_of(text)
        if words is None:
            return None
        if words not in scored:
            scored[words] = {h.iri: h.score for h in search.search(store.search_index(), words, SCORED_HITS)}
        value = scored[words].get(node.value, 0.0) if isinstance(node, ox.NamedNode) else 0.0
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))

    return {TEXT_MATCH: text_match, TEXT_SCORE: text_score}


# The calls as a query writes them: cdo:textMatch(?var, "words") or the full IRI, a plain string.
_CALL = re.compile(r"(?:\bcdo:|<https://w3id\.org/chidao/ontology#)text(Match|Score)>?\s*\(\s*([?$]\w+)\s*,\s*"
                   r"(\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')\s*\)")
_XSD_DOUBLE = "<http://www.w3.org/2001/XMLSchema#double>"


def inline(store, sparql: str) -> str:
    """The query with each text call replaced by what it means now, for a SPARQL server, which
    cannot call back into Python (chidao.remote): textMatch → `?v IN (<hits>)`, textScore → a sum
    of `IF(?v = <hit>, score, 0)`. Same index, same answers as the embedded store's functions."""

    def value(m: re.Match) -> str:
        kind, var, words = m.group(1), m.group(2), _unquote(m.group(3))
        if kind == "Match":
            hits = search.matching(store.search_index(), words, None, MAX_HITS)
            return f"({var} IN ({', '.join(f'<{iri}>' for iri in hits)}))" if hits else "false"
        hits = search.search(store.search_index(), words, SCORED_HITS)
        terms = "".join(f' + IF({var} = <{h.iri}>, "{h.score!r}"^^{_XSD_DOUBLE}, 0)' for h in hits)
        return f'("0"^^{_XSD_DOUBLE}{terms})'

    return _CALL.sub(value, sparql)


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal[1:-1])
