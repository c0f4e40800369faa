"""Deterministic, readable IRIs (ELI-style templates).

Re-ingesting gives the same IRIs, and two documents citing the same instrument meet at one
node because the instrument IRI is built from its identity (type, year, number, issuer).
"""
from __future__ import annotations

import hashlib

from rdflib import URIRef

BASE = "https://w3id.org/chidao/"


def instrument(key: str) -> URIRef:
    """key = '{type}/{year|_}/{number}/{issuer}' or '{type}/{year|_}/{name-slug}'."""
    return URIRef(f"{BASE}eli/{key}")


def body(key: str) -> URIRef:
    return URIRef(f"{BASE}org/{key}")


def document(doc_id: str) -> URIRef:
    return URIRef(f"{BASE}doc/{doc_id}")


def graph(doc_id: str) -> URIRef:
    return URIRef(f"{BASE}graph/{doc_id}")


def mention(doc_id: str, start: int, end: int) -> URIRef:
    """RFC 5147 fragment, the NIF offset-based convention: …/doc/{id}#char=12,40."""
    return URIRef(f"{BASE}doc/{doc_id}#char={start},{end}")


def statement(doc_id: str, s: str, p: str, o: str) -> URIRef:
    digest = hashlib.sha1(f"{s}\x00{p}\x00{o}".encode()).hexdigest()[:16]
    return URIRef(f"{BASE}doc/{doc_id}/fact/{digest}")


def run(doc_id: str) -> URIRef:
    return URIRef(f"{BASE}doc/{doc_id}/ingest")


def entity(kind: str, doc_id: str, local: str) -> URIRef:
    """Document-scoped things (tasks, activities, figures …): …/doc/{id}/{kind}/{local}."""
    return URIRef(f"{BASE}doc/{doc_id}/{kind}/{local}")


def programme(key: str) -> URIRef:
    """Programmes are shared across documents: …/programme/{name-slug}."""
    return URIRef(f"{BASE}programme/{key}")


def place(key: str) -> URIRef:
    """Administrative units: …/place/vn/{province}[/{ward}] (units since 1 July 2025),
    …/place/vn/legacy/{province}[/{district}[/{ward}]] (the 63-province system, official codes),
    …/place/vn/legacy/{province}/hist/{slug} (named in a text, not resolvable to a code)."""
    return URIRef(f"{BASE}place/{key}")
