"""Identity: instrument keys and the deterministic, readable IRIs built from them (ELI-style).

Re-ingesting gives the same IRIs, and two documents citing the same instrument meet at one
node because the instrument IRI is built from its identity (type, year, number, issuer). The
key format is written here only; `parse_instrument` reads it back for reconciliation.
IRIs are plain strings: the build step turns them into store terms.
"""
from __future__ import annotations

import hashlib
from typing import NamedTuple

from ontology import BASE

ELI_BASE = f"{BASE}eli/"
UNKNOWN = "_"  # an unknown year or issuer in a key


def numbered_key(type_code: str, year: int | None, number_slug: str, issuer_key: str | None) -> str:
    """'qd/2016/1395/ubnd-tinh-quang-ngai': a numbered instrument."""
    return f"{type_code}/{year or UNKNOWN}/{number_slug}/{issuer_key or UNKNOWN}"


def named_key(type_code: str, year: int | None, name_slug: str) -> str:
    """'l/2013/dat-dai': an instrument known by its name or title only."""
    return f"{type_code}/{year or UNKNOWN}/{name_slug}"


class KeyParts(NamedTuple):
    type_code: str
    year: str  # "2016" or UNKNOWN
    rest: tuple[str, ...]  # (number, issuer) for numbered keys, (name,) for named ones


def parse_instrument(iri: str) -> KeyParts | None:
    """The parts of an instrument IRI's key; None for other IRIs (provisions have longer rests)."""
    if not iri.startswith(ELI_BASE):
        return None
    parts = iri[len(ELI_BASE):].split("/")
    if len(parts) < 3:
        return None
    return KeyParts(parts[0], parts[1], tuple(parts[2:]))


def instrument(key: str) -> str:
    return ELI_BASE + key


def body(key: str) -> str:
    return f"{BASE}org/{key}"


def document(doc_id: str) -> str:
    return f"{BASE}doc/{doc_id}"


def graph(doc_id: str) -> str:
    return f"{BASE}graph/{doc_id}"


def mention(doc_id: str, start: int, end: int) -> str:
    """RFC 5147 fragment, the NIF offset-based convention: …/doc/{id}#char=12,40."""
    return f"{BASE}doc/{doc_id}#char={start},{end}"


def statement(doc_id: str, s: str, p: str, o: str) -> str:
    digest = hashlib.sha1(f"{s}\x00{p}\x00{o}".encode()).hexdigest()[:16]
    return f"{BASE}doc/{doc_id}/fact/{digest}"


def run(doc_id: str) -> str:
    return f"{BASE}doc/{doc_id}/ingest"


def entity(kind: str, doc_id: str, local: str) -> str:
    """Document-scoped things (tasks, activities, figures …): …/doc/{id}/{kind}/{local}."""
    return f"{BASE}doc/{doc_id}/{kind}/{local}"


def programme(key: str) -> str:
    """Programmes are shared across documents: …/programme/{name-slug}."""
    return f"{BASE}programme/{key}"


def place(key: str) -> str:
    """Administrative units: …/place/vn/{province}[/{ward}] (units since 1 July 2025),
    …/place/vn/legacy/{province}[/{district}[/{ward}]] (the 63-province system, official codes),
    …/place/vn/legacy/{province}/hist/{slug} (named in a text, not resolvable to a code)."""
    return f"{BASE}place/{key}"
