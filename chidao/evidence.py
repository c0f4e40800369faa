"""The sentence behind a fact, cut inside the store.

A mention is an offset span into its document's stored text (`nif:isString`). Shipping whole
texts to Python to cut one sentence made lineage of a hub law take seconds; here the store cuts a
window around each span (SPARQL SUBSTR counts characters, as Python indexes do) and only that
window is returned, then `sentence_around` trims it to the sentence.
"""
from __future__ import annotations

import re

import pyoxigraph as ox

WINDOW = 400  # characters kept on each side of a mention before trimming to its sentence
QUOTES = 1  # sentences quoted per lineage edge by default (the earliest); the rest are counted

_SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_CHAR_FRAGMENT = re.compile(r"#char=(\d+),(\d+)$")


def mention_order(mention: str) -> tuple:
    """Sort key putting the earliest mention in its text first: chidao's mention IRIs end in
    their RFC 5147 span (`…/doc/x#char=12,40`, ingest/iris.py), so the order is known before
    anything about the mention is read; any other IRI comes after, by name."""
    m = _CHAR_FRAGMENT.search(mention)
    return (0, int(m[1]), mention) if m else (1, 0, mention)


def sentence_around(text: str, start: int, end: int, limit: int = WINDOW) -> str:
    """The sentence (or line) holding text[start:end], at most `limit` characters around it."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - limit), start)),
               default=max(0, start - limit))
    m = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = m.start() + 1 if m else min(len(text), end + limit)
    return re.sub(r"\s+", " ", text[left:right]).strip()


# ?m is bound by the caller (VALUES); the window starts at ?w (0-based) in the document's text.
# Inner joins only: an OPTIONAL { ?doc nif:isString ?text } is evaluated over every document
# before the join (the whole corpus' text); the quote-only fallback covers a missing text.
_WINDOWED = f"""SELECT ?m ?doc ?begin ?end ?quote ?w ?window WHERE {{
  %s
  ?m nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?doc ; nif:anchorOf ?quote .
  ?doc nif:isString ?text .
  BIND(IF(?begin > {WINDOW}, ?begin - {WINDOW}, 0) AS ?w)
  BIND(SUBSTR(?text, ?w + 1, ?end - ?w + {WINDOW}) AS ?window)
}}"""
_SPANS = """SELECT ?m ?doc ?begin ?end ?quote WHERE {
  %s
  ?m nif:beginIndex ?begin ; nif:endIndex ?end ; nif:referenceContext ?doc ; nif:anchorOf ?quote .
}"""
_SOURCES = "SELECT DISTINCT ?doc ?source WHERE { %s ?doc dcterms:source ?source }"


def document_sources(store, docs) -> dict[str, str]:
    """document IRI → where it came from (dcterms:source), for the given documents only."""
    if not docs:
        return {}
    values = "VALUES ?doc { " + " ".join(str(ox.NamedNode(d)) for d in docs) + " }"
    return {r["doc"]: r["source"] for r in store.select(_SOURCES % values)}


def mention_sentences(store, mentions, sentences: bool = True) -> dict[str, dict]:
    """mention IRI → {document, source, begin, end, quote, sentence} for the given mentions,
    in one query whatever the size of the documents (without `sentences`: no sentence, and the
    texts are not read at all)."""
    mentions = list(dict.fromkeys(mentions))
    if not mentions:
        return {}
    values = "VALUES ?m { " + " ".join(str(ox.NamedNode(m)) for m in mentions) + " }"
    rows = store.select((_WINDOWED if sentences else _SPANS) % values)
    sources = document_sources(store, {r["doc"] for r in rows})
    out = {}
    for r in rows:
        sentence = sentence_around(r["window"], r["begin"] - r["w"], r["end"] - r["w"]) \
            if r.get("window") is not None else r["quote"]
        out[r["m"]] = {"doc": r["doc"], "source": sources.get(r["doc"]), "begin": r["begin"], "end": r["end"],
                       "quote": r["quote"], "sentence": sentence}
    return out
