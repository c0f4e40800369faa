"""Is an instrument in force on a given day, and why: derived from what documents state.

The facts are the effects the documents state (`cdo:Effect` statements: who repeals or replaces
it, or a provision of it, and from which date), its own entry into force
(`eli:first_date_entry_in_force`, `eli:date_no_longer_in_force`) and a register's validity
column (`cdo:validity`). The rules, in order:

1. repealed or replaced whole by an effect dated on or before the day → `not_in_force`;
2. its own last day in force has passed → `not_in_force`;
3. its first day in force is after the day → `not_yet_in_force`;
4. repealed or replaced whole by an effect whose date no text states → `unknown` (never guessed);
5. a provision of it repealed or replaced on or before the day → `partly_in_force`;
6. its first day in force has come → `in_force`;
7. else a register's validity words (còn / hết hiệu lực, hết hiệu lực một phần) decide, else
   `unknown`.

`because` lists the facts that decided, each with the sentence that states it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from chidao.evidence import mention_order
from chidao.store import Store
from ingest.tables.text import fold
from ontology import sparql_prefixes

STATUSES = ("not_yet_in_force", "in_force", "partly_in_force", "not_in_force", "unknown")
_ENDING = ("eli:repeals", "cdo:replaces")

# Statements about the node, found from it (rdf:object / rdf:subject is indexed with the node
# bound), each with its sentence; labels, dates and provisions are read with inner joins: an
# OPTIONAL chain over the union graph made the store scan every statement. Rows are read in their
# mentions' text order (`_in_text_order`), so a fact stated twice is quoted from its first
# mention on every store, whatever order the store hands rows over in.
_EFFECTS_ON = """
SELECT ?st ?by ?prop ?target ?quote ?doc ?m WHERE {{
  {target}
  ?st rdf:object ?target ; rdf:predicate ?prop ; rdf:subject ?by ; cdo:evidence ?m .
  VALUES ?prop {{ eli:repeals cdo:replaces }}
  ?m nif:anchorOf ?quote ; nif:referenceContext ?doc .
}}"""
_EFFECTS = [sparql_prefixes() + _EFFECTS_ON.format(target=t)
            for t in ("BIND(?node AS ?target)", "?target eli:is_part_of ?node .")]
_PARTIAL = sparql_prefixes() + "SELECT ?p WHERE { ?st cdo:targetProvision ?p } LIMIT 1"
_EFFECTIVE = sparql_prefixes() + "SELECT ?from WHERE { ?st cdo:effectiveFrom ?from }"
_LABEL = sparql_prefixes() + "SELECT ?label WHERE { ?node rdfs:label ?label } LIMIT 1"
_IN_FORCE = sparql_prefixes() + """
SELECT ?prop ?date ?quote ?doc ?m WHERE {
  ?st rdf:subject ?node ; rdf:predicate ?prop ; rdf:object ?date ; cdo:evidence ?m .
  VALUES ?prop { eli:first_date_entry_in_force eli:date_no_longer_in_force }
  ?m nif:anchorOf ?quote ; nif:referenceContext ?doc .
}"""
_VALIDITY = sparql_prefixes() + "SELECT ?validity WHERE { ?node cdo:validity ?validity }"
_VALIDITY_WORDS = sparql_prefixes() + """
SELECT ?quote ?doc WHERE {
  ?st rdf:subject ?node ; rdf:predicate cdo:validity ; cdo:evidence ?m .
  ?m nif:anchorOf ?quote ; nif:referenceContext ?doc .
} LIMIT 1"""
_CURIES = {"http://data.europa.eu/eli/ontology#": "eli:", "https://w3id.org/chidao/ontology#": "cdo:"}


@dataclass(frozen=True)
class Reason:
    """One fact behind a status: an effect, an in-force date or a register's words."""

    effect: str  # "eli:repeals", "cdo:replaces", "in_force", "no_longer_in_force", "validity"
    by: str | None  # the instrument that states it
    by_label: str | None
    provision: str | None  # the part affected, when not the whole
    provision_label: str | None
    from_: str | None  # ISO date it takes effect; None when no text states it
    evidence: str | None  # the sentence
    document: str | None

    def as_json(self) -> dict:
        d = asdict(self)
        d["from"] = d.pop("from_")
        return d


@dataclass
class Status:
    ref: str
    iri: str
    on: str
    status: str
    in_force_from: str | None = None
    in_force_until: str | None = None
    because: list[Reason] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"ref": self.ref, "iri": self.iri, "on": self.on, "status": self.status,
                "in_force_from": self.in_force_from, "in_force_until": self.in_force_until,
                "because": [r.as_json() for r in self.because]}


def _curie(iri: str) -> str:
    return next((c + iri[len(ns):] for ns, c in _CURIES.items() if iri.startswith(ns)), iri)


def status(store: Store, iri: str, on: dt.date | None = None, ref: str | None = None) -> Status:
    """The status of the instrument `iri` on the day `on` (today by default)."""
    on = on or dt.date.today()
    day = on.isoformat()
    effects: dict[tuple, Reason] = {}
    for whole, query in zip((True, False), _EFFECTS):
        for r in _in_text_order(store.select(query, node=iri)):
            if whole and store.select(_PARTIAL, st=r["st"]):
                continue  # "Điều 3 Nghị định …": the statement about the decree targets one provision
            dated = sorted(x["from"] for x in store.select(_EFFECTIVE, st=r["st"]))
            key = (r["by"], r["prop"], r["target"])
            reason = Reason(_curie(r["prop"]), r["by"], _label(store, r["by"]), None if whole else r["target"],
                            None if whole else _label(store, r["target"]), dated[0] if dated else None,
                            r["quote"], r["doc"])
            if key not in effects or (reason.from_ or "9999") < (effects[key].from_ or "9999"):
                effects[key] = reason
    dates: dict[str, Reason] = {}
    for r in _in_text_order(store.select(_IN_FORCE, node=iri)):
        kind = "in_force" if r["prop"].endswith("first_date_entry_in_force") else "no_longer_in_force"
        earlier = dates.get(kind)
        if earlier is None or (r["date"] < earlier.from_ if kind == "in_force" else r["date"] > earlier.from_):
            dates[kind] = Reason(kind, iri, None, None, None, r["date"], r["quote"], r["doc"])
    start, until = dates.get("in_force"), dates.get("no_longer_in_force")
    found = Status(ref or iri, iri, day, "unknown", start.from_ if start else None, until.from_ if until else None)

    whole = [e for e in effects.values() if e.provision is None]
    parts = [e for e in effects.values() if e.provision is not None]
    ended = sorted((e for e in whole if e.from_ and e.from_ <= day), key=lambda e: e.from_)
    undated = [e for e in whole if not e.from_]
    gone_parts = sorted((e for e in parts if e.from_ and e.from_ <= day), key=lambda e: e.from_)
    if ended:
        found.status, found.because = "not_in_force", ended[:1]
    elif until and until.from_ < day:
        found.status, found.because = "not_in_force", [until]
    elif start and day < start.from_:
        found.status, found.because = "not_yet_in_force", [start]
    elif undated:
        found.status, found.because = "unknown", undated
    elif gone_parts:
        found.status, found.because = "partly_in_force", ([start] if start else []) + gone_parts
    elif start:
        found.status, found.because = "in_force", [start]
    else:
        found.status, found.because = _register(store, iri)
    return found


def _in_text_order(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: mention_order(r["m"]))


def _label(store: Store, iri: str) -> str | None:
    rows = store.select(_LABEL, node=iri)
    return rows[0]["label"] if rows else None


def _register(store: Store, iri: str) -> tuple[str, list[Reason]]:
    """A register's validity column: "Còn hiệu lực", "Hết hiệu lực toàn bộ", "Hết hiệu lực một phần" …"""
    for r in store.select(_VALIDITY, node=iri):
        words = fold(r["validity"])
        verdict = ("partly_in_force" if "mot phan" in words else "not_in_force" if "het hieu luc" in words
                   else "not_yet_in_force" if "chua co hieu luc" in words else "in_force" if "con hieu luc" in words
                   else None)
        if verdict:
            words = store.select(_VALIDITY_WORDS, node=iri)
            quote, doc = (words[0]["quote"], words[0]["doc"]) if words else (r["validity"], None)
            return verdict, [Reason("validity", None, None, None, None, None, quote, doc)]
    return "unknown", []
