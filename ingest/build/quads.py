"""Quads of one document graph as pyoxigraph terms: the store takes them as they are.

rdflib's Graph.add cost 60 % of ingest time and its N-Triples were then parsed again by
Oxigraph, so the build step makes Oxigraph terms directly. Vocabulary IRIs come from the
ontology's namespaces (closed, typo-proof) and are turned into terms once.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox

from ingest import iris
from ingest.model import Span
from ingest.build.vocabulary import CDO, NIF, RDF, XSD

_NODES: dict[str, ox.NamedNode] = {}


def node(iri: str) -> ox.NamedNode:
    """The term of an IRI (vocabulary terms and IRIs from `ingest.iris`), made once."""
    term = _NODES.get(iri)
    if term is None:
        if len(_NODES) > 50_000:  # document-scoped IRIs must not pile up over a batch
            _NODES.clear()
        term = _NODES[iri] = ox.NamedNode(iri)
    return term


def literal(value, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    """A literal with the lexical forms rdflib wrote (so graphs stay identical across the change):
    booleans "true"/"false", decimals in positional notation, dates in ISO form."""
    if lang:
        return ox.Literal(value, language=lang)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=node(XSD.boolean))
    if isinstance(value, Decimal):
        return ox.Literal(format(value, "f"), datatype=node(datatype or XSD.decimal))
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    if datatype:
        return ox.Literal(str(value), datatype=node(datatype))
    return ox.Literal(value)


def _term(t) -> ox.NamedNode | ox.Literal:
    return node(t) if isinstance(t, str) else t


_TYPE, _MENTION, _OFFSET = node(RDF.type), node(CDO.Mention), node(NIF.OffsetBasedString)
_BEGIN, _END, _ANCHOR = node(NIF.beginIndex), node(NIF.endIndex), node(NIF.anchorOf)
_CONTEXT, _STATEMENT = node(NIF.referenceContext), node(CDO.Statement)
_SUBJECT, _PREDICATE, _OBJECT = node(RDF.subject), node(RDF.predicate), node(RDF.object)
_NON_NEGATIVE = XSD.nonNegativeInteger


class QuadBuilder:
    """Accumulates the quads of one document graph and the provenance of each fact.

    Subjects, predicates and IRI objects are given as strings (IRIs) and literals as
    `literal(...)`; `fact` also records the spans that state the triple (a cdo:Statement)."""

    def __init__(self, doc_id: str, text: str):
        self.doc_id = doc_id
        self.text = text
        self.doc = iris.document(doc_id)
        self.graph = ox.NamedNode(iris.graph(doc_id))
        self.quads: list[ox.Quad] = []
        self._seen: set[tuple] = set()
        self._mentions: dict[tuple[int, int], str] = {}

    def add(self, s: str, p: str, o) -> None:
        key = (s, p, o if isinstance(o, str) else (o.value, str(o.datatype), o.language))
        if key in self._seen:
            return
        self._seen.add(key)
        self.quads.append(ox.Quad(node(s), node(p), _term(o), self.graph))

    def mention(self, span: Span) -> str:
        """A NIF offset-based string; its anchorOf is exactly text[start:end]."""
        at = (span.start, span.end)
        m = self._mentions.get(at)
        if m is None:
            m = self._mentions[at] = iris.mention(self.doc_id, span.start, span.end)
            subject, g, add = ox.NamedNode(m), self.graph, self.quads.append
            add(ox.Quad(subject, _TYPE, _MENTION, g))
            add(ox.Quad(subject, _TYPE, _OFFSET, g))
            add(ox.Quad(subject, _BEGIN, literal(span.start, _NON_NEGATIVE), g))
            add(ox.Quad(subject, _END, literal(span.end, _NON_NEGATIVE), g))
            add(ox.Quad(subject, _ANCHOR, ox.Literal(self.text[span.start:span.end]), g))
            add(ox.Quad(subject, _CONTEXT, node(self.doc), g))
        return m

    def fact(self, s: str, p: str, o, *evidence: Span) -> str | None:
        """Assert s p o and record the spans that state it; returns the statement's IRI."""
        self.add(s, p, o)
        if not evidence:
            return None
        st = iris.statement(self.doc_id, s, p, o if isinstance(o, str) else _n3_value(o))
        if (st, None, None) not in self._seen:
            self._seen.add((st, None, None))
            term, g, add = ox.NamedNode(st), self.graph, self.quads.append
            add(ox.Quad(term, _TYPE, _STATEMENT, g))
            add(ox.Quad(term, _SUBJECT, node(s), g))
            add(ox.Quad(term, _PREDICATE, node(p), g))
            add(ox.Quad(term, _OBJECT, _term(o), g))
        for span in evidence:
            self.add(st, CDO.evidence, self.mention(span))
        return st


def _n3_value(o: ox.Literal) -> str:
    """What str() of an rdflib Literal gave (its lexical form): statement IRIs hash it."""
    return o.value
