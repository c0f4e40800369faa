"""Quads of one document graph, written as N-Quads text: the store's bulk loader reads it as is.

rdflib's Graph.add cost 60 % of ingest time and its N-Triples were then parsed again; making
Oxigraph terms in Python still cost ~3 µs a quad (each IRI is validated as it is made). So the
build step writes N-Quads lines directly, and Oxigraph parses them once, in Rust, when the
writer loads a batch. IRIs come from `ingest.iris` templates and are checked once each.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ingest import iris
from ingest.build.vocabulary import CDO, NIF, RDF, XSD
from ingest.model import Span

# What N-Triples requires escaped in a string (quote, backslash, line ends) and what we escape
# besides: other control characters, which some parsers refuse raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters an IRI may not hold (RFC 3987 / N-Triples IRIREF).
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRIS: dict[str, str] = {}  # IRI → its checked N-Triples form


class Literal(str):
    """An N-Triples literal term ("…"@vi, "…"^^<…>); `value` is its lexical form."""

    __slots__ = ("value",)

    def __new__(cls, term: str, value: str):
        self = super().__new__(cls, term)
        self.value = value
        return self


def _quoted(value: str) -> str:
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return f'"{value}"'


def literal(value, datatype: str | None = None, lang: str | None = None) -> Literal:
    """A literal with the lexical forms rdflib wrote (graphs stayed identical across the change):
    booleans "true"/"false", decimals in positional notation, dates in ISO form."""
    if lang:
        return Literal(f"{_quoted(value)}@{lang}", value)
    if isinstance(value, bool):
        value, datatype = ("true" if value else "false"), XSD.boolean
    elif isinstance(value, Decimal):
        value, datatype = format(value, "f"), datatype or XSD.decimal
    elif isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    value = str(value)
    if datatype and datatype != XSD.string:
        return Literal(f"{_quoted(value)}^^<{datatype}>", value)
    return Literal(_quoted(value), value)


def iri(value: str) -> str:
    """`<value>`, after checking once that it is a valid IRI (a broken one must fail its own
    document in the worker, not the writer's whole batch)."""
    term = _IRIS.get(value)
    if term is None:
        if _NOT_IRI.search(value) or ":" not in value:
            raise ValueError(f"not an IRI: {value!r}")
        if len(_IRIS) > 20_000:  # document-scoped IRIs must not pile up over a batch
            _IRIS.clear()
        term = _IRIS[value] = f"<{value}>"
    return term


def _term(o: str) -> str:
    return o if o.__class__ is Literal else iri(o)


_NON_NEGATIVE = f"^^<{XSD.nonNegativeInteger}>"  # the datatype of offsets, as written after the value


class QuadBuilder:
    """Accumulates the N-Quads lines of one document graph and the provenance of each fact.

    Subjects, predicates and IRI objects are given as strings (IRIs), literal objects as
    `literal(...)`; `fact` also records the spans that state the triple (a cdo:Statement)."""

    def __init__(self, doc_id: str, text: str):
        self.doc_id = doc_id
        self.text = text
        self.doc = iris.document(doc_id)
        self._graph = f" {iri(iris.graph(doc_id))} .\n"
        self.lines: list[str] = []
        self._seen: set[str] = set()
        self._mentions: dict[tuple[int, int], str] = {}
        self._type, self._doc = iri(RDF.type), iri(self.doc)

    def add(self, s: str, p: str, o: str) -> None:
        line = f"{_IRIS.get(s) or iri(s)} {_IRIS.get(p) or iri(p)} {_term(o)}{self._graph}"
        if line not in self._seen:
            self._seen.add(line)
            self.lines.append(line)

    def nquads(self) -> bytes:
        return "".join(self.lines).encode("utf-8")

    def mention(self, span: Span) -> str:
        """A NIF offset-based string; its anchorOf is exactly text[start:end]."""
        at = (span.start, span.end)
        m = self._mentions.get(at)
        if m is None:
            m = self._mentions[at] = iris.mention(self.doc_id, span.start, span.end)
            subject, g = iri(m), self._graph
            self.lines += (
                f"{subject} {self._type} <{CDO.Mention}>{g}",
                f"{subject} {self._type} <{NIF.OffsetBasedString}>{g}",
                f'{subject} <{NIF.beginIndex}> "{span.start}"{_NON_NEGATIVE}{g}',
                f'{subject} <{NIF.endIndex}> "{span.end}"{_NON_NEGATIVE}{g}',
                f"{subject} <{NIF.anchorOf}> {_quoted(self.text[span.start:span.end])}{g}",
                f"{subject} <{NIF.referenceContext}> {self._doc}{g}",
            )
        return m

    def fact(self, s: str, p: str, o: str, *evidence: Span) -> str | None:
        """Assert s p o and record the spans that state it; returns the statement's IRI."""
        self.add(s, p, o)
        if not evidence:
            return None
        st = iris.statement(self.doc_id, s, p, o.value if isinstance(o, Literal) else o)
        if st not in self._seen:
            self._seen.add(st)
            subject, g = iri(st), self._graph
            self.lines += (
                f"{subject} {self._type} <{CDO.Statement}>{g}",
                f"{subject} <{RDF.subject}> {iri(s)}{g}",
                f"{subject} <{RDF.predicate}> {iri(p)}{g}",
                f"{subject} <{RDF.object}> {_term(o)}{g}",
            )
        for span in evidence:
            self.add(st, CDO.evidence, self.mention(span))
        return st
