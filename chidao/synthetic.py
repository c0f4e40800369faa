"""Synthetic stores for scale benchmarks and tests: a real graph's shape, many times over.

`replicate` copies every document graph of a store `copies` times with new IRIs for the
document, its local instruments, bodies, places, tasks and mentions, while instruments and
bodies of the central state (Quốc hội, Chính phủ, the ministries, the Party centre) stay
shared — so hub laws gain dependants the way they would if more provinces were ingested.
Literals (symbols, names, text) are kept as they are.

`small_documents` writes tiny documents of a fixed shape (a report implementing a plan of its
province, citing one national law, two tasks for a department, mentions with evidence), for
tests that compare a store with one twice its size.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from chidao.store import VOCABULARY_GRAPH, Store
from ontology import BASE, sparql_prefixes

# Issuer / body slugs of the central state: shared by every copy (prefixes of IRI segments).
NATIONAL = ("quoc-hoi", "chinh-phu", "thu-tuong", "bo-", "bo/", "uy-ban-thuong-vu-quoc-hoi", "ban-chap-hanh-trung-uong",
            "ban-bi-thu", "van-phong-chinh-phu", "ngan-hang-nha-nuoc", "toa-an-nhan-dan-toi-cao",
            "vien-kiem-sat-nhan-dan-toi-cao", "kiem-toan-nha-nuoc", "chu-tich-nuoc")
KEPT = ("ontology", "id/", "graph/vocabulary")
_IRI = re.compile(r"<https://w3id\.org/chidao/([^>]*)>")


def _national(path: str) -> bool:
    if path.startswith("eli/"):
        return path.split("/", 4)[-1].startswith(NATIONAL)
    return path.startswith("org/") and path[4:].startswith(NATIONAL)


def rewriter(copy: int):
    """A function renaming the chidao IRIs of one N-Quads text for copy number `copy`."""
    seen: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        path = m.group(1)
        out = seen.get(path)
        if out is None:
            if path.startswith(KEPT) or _national(path):
                out = m.group(0)
            else:
                head, sep, fragment = path.partition("#")
                out = f"<{BASE}{head}-r{copy}{sep}{fragment}>"
            seen[path] = out
        return out

    return lambda text: _IRI.sub(rename, text)


def replicate(source: Store, target: Path, copies: int, work: Path) -> Store:
    """A new store at `target` holding `copies` copies of `source`'s document graphs."""
    work.mkdir(parents=True, exist_ok=True)
    dump = source.export("nquads").decode("utf-8")
    dump = "\n".join(line for line in dump.split("\n") if not line.endswith(f"<{VOCABULARY_GRAPH}> ."))
    store = Store(target)
    for copy in range(copies):
        part = work / f"copy-{copy}.nq"
        part.write_text(dump if copy == 0 else rewriter(copy)(dump), encoding="utf-8")
        store.bulk_load(part)
        part.unlink()
    store.load_vocabulary()
    store.search_index()  # index every graph bulk loading added
    return store


def small_documents(count: int, start: int = 0, provinces: int = 20):
    """(graph IRI, N-Triples) for `count` tiny documents of one fixed shape."""
    law = f"{BASE}eli/l/2015/77/quoc-hoi"
    for i in range(start, start + count):
        p = i % provinces
        doc, graph = f"{BASE}doc/synthetic-{i}", f"{BASE}graph/synthetic-{i}"
        report, plan = f"{BASE}eli/bc/2021/{i}/ubnd-tinh-{p}", f"{BASE}eli/kh/2020/{i}/ubnd-tinh-{p}"
        ubnd, dept = f"{BASE}org/ubnd-tinh-{p}", f"{BASE}org/so-noi-vu-tinh-{p}"
        text = (f"BÁO CÁO số {i}/BC-UBND của UBND tỉnh số {p}. Căn cứ Luật số 77/2015/QH13 của Quốc hội; "
                f"thực hiện Kế hoạch số {i}/KH-UBND về cải cách hành chính. Giao Sở Nội vụ chủ trì.")
        t = {k: ox.Literal(v) for k, v in {"text": text, "r": f"Báo cáo {i}/BC-UBND", "k": f"Kế hoạch {i}/KH-UBND",
                                            "rs": f"{i}/BC-UBND", "ks": f"{i}/KH-UBND"}.items()}
        lines = [f"<{doc}> a cdo:SourceDocument ; nif:isString {t['text']} ; cdo:textOf <{report}> .",
                 f"<{report}> a eli:LegalResource ; rdfs:label {t['r']} ; eli:id_local {t['rs']} ; eli:passed_by <{ubnd}> ;"
                 f" eli:based_on <{law}> ; eli:implements <{plan}> ; cdo:mention <{doc}#m0> .",
                 f"<{plan}> a eli:LegalResource ; rdfs:label {t['k']} ; eli:id_local {t['ks']} ; eli:passed_by <{ubnd}> ;"
                 f" eli:based_on <{law}> ; cdo:mention <{doc}#m2> .",
                 f"<{law}> a eli:LegalResource ; rdfs:label \"Luật 77/2015/QH13\" ; eli:id_local \"77/2015/QH13\" ;"
                 f" eli:passed_by <{BASE}org/quoc-hoi> ; cdo:mention <{doc}#m1> .",
                 f"<{ubnd}> a org:Organization ; skos:prefLabel \"UBND tỉnh số {p}\"@vi .",
                 f"<{dept}> a org:Organization ; skos:prefLabel \"Sở Nội vụ tỉnh số {p}\"@vi ; org:subOrganizationOf <{ubnd}> .",
                 f"<{BASE}org/quoc-hoi> a org:Organization ; skos:prefLabel \"Quốc hội\"@vi ."]
        for n, (begin, end) in enumerate([(0, 20), (text.index("Luật"), text.index(" của Quốc")),
                                          (text.index("Kế hoạch"), text.index(" về cải"))]):
            lines.append(f"<{doc}#m{n}> a cdo:Mention ; nif:referenceContext <{doc}> ; nif:beginIndex {begin} ;"
                         f" nif:endIndex {end} .")
        for n, (p_, o, m) in enumerate([("eli:based_on", law, 1), ("eli:implements", plan, 2)]):
            lines.append(f"<{doc}#s{n}> a cdo:Statement ; rdf:subject <{report}> ; rdf:predicate {p_} ; rdf:object <{o}> ;"
                         f" cdo:evidence <{doc}#m{m}> .")
        for n in range(2):
            task = f"{BASE}doc/synthetic-{i}/task/{n + 1}"
            lines.append(f"<{task}> a cdo:Task ; rdfs:label \"Nhiệm vụ {n + 1}\" ; cdo:text \"Giao Sở Nội vụ chủ trì cải cách {n}\" ;"
                         f" cdo:addressedTo <{dept}> ; cdo:drivenBy <{plan}> .")
        yield graph, _expand("\n".join(lines))


def _expand(turtle: str) -> str:
    """Turtle with the usual prefixes → N-Triples (what Store.replace_graph_nt takes)."""
    parsed = ox.parse(sparql_prefixes() + turtle, format=ox.RdfFormat.TURTLE)
    return ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
