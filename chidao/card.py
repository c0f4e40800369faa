"""An instrument as vbpl.vn shows it, for the researcher page and /instruments/{id}.

Thuộc tính: Số ký hiệu, Loại văn bản, Cơ quan ban hành, Ngày ban hành (03/8/2016), Ngày có hiệu
lực, Người ký, Tình trạng hiệu lực — each under its label in the vocabulary (rdfs:label @vi/@en),
never an ontology name. Lược đồ: the relations grouped by type, each read from this instrument's
side: rdfs:label when it is the subject ('sửa đổi, bổ sung'), cdo:inverseLabel when it is the
object ('được sửa đổi, bổ sung bởi'). Built from `catalog.describe`'s bounded answer.
"""
from __future__ import annotations

from chidao.lineage import relations
from chidao.status import Status
from chidao.vocabulary import term_labels
from ontology import expand

# vbpl.vn's attributes, in its order; dates shown as vbpl.vn writes them
FIELDS = ("eli:id_local", "eli:type_document", "eli:passed_by", "eli:date_document",
          "eli:first_date_entry_in_force", "cdo:signerName")
DATES = {"eli:date_document", "eli:first_date_entry_in_force", "eli:date_no_longer_in_force"}
STATUS_TERM = "cdo:validity"  # "tình trạng hiệu lực": what chidao.status derives
STATUS_VI = {"not_yet_in_force": "Chưa có hiệu lực", "in_force": "Còn hiệu lực",
             "partly_in_force": "Hết hiệu lực một phần", "not_in_force": "Hết hiệu lực toàn bộ",
             "unknown": "Chưa rõ hiệu lực"}
HIDDEN = {"cdo:mention", "rdf:type", "rdfs:label"}  # shown otherwise (title, mentions) or not for people


def vn_date(iso: str) -> str:
    """'2016-08-03' → '03/8/2016' (day with two digits, month without a leading zero)."""
    year, month, day = str(iso)[:10].split("-")
    return f"{day}/{int(month)}/{year}"


def _text(term: str, value, label: str | None) -> str:
    if term in DATES and isinstance(value, str) and len(value) >= 10 and value[4] == "-":
        return vn_date(value)
    return label or str(value)


def card(store, described: dict, status: Status | None) -> dict:
    """{"fields": [...], "others": [...], "relations": [...]} for one described node."""
    labels = term_labels(store)
    named = {expand(t): t for t in (*FIELDS, *DATES, *HIDDEN)}
    by_term: dict[str, list[dict]] = {}
    for p in described["properties"]:
        by_term.setdefault(p["predicate"], []).append(p)

    def field(iri: str, values: list[dict]) -> dict:
        term = named.get(iri, iri)
        return {"term": iri, "label": labels.get(iri, {}).get("label", {}),
                "values": [{"value": v["value"], "text": _text(term, v["value"], v.get("label"))} for v in values]}

    values = {t: by_term.get(expand(t), []) for t in FIELDS}
    if status is not None and status.in_force_from and not values["eli:first_date_entry_in_force"]:
        values["eli:first_date_entry_in_force"] = [{"value": status.in_force_from}]  # derived, as the badge
    fields = [field(expand(t), vs) for t, vs in values.items() if vs]
    if status is not None:
        fields.append({"term": expand(STATUS_TERM), "label": labels.get(expand(STATUS_TERM), {}).get("label", {}),
                       "values": [{"value": status.status, "text": STATUS_VI[status.status]}]})
    shown = {expand(t) for t in (*FIELDS, *HIDDEN)} | set(relations())
    others = [field(p, values) for p, values in by_term.items() if p not in shown]
    return {"fields": fields, "others": others, "relations": relation_groups(described, labels)}


def relation_groups(described: dict, labels: dict) -> list[dict]:
    """Relations grouped by their wording from this node's side, in the order of
    chidao/data/lineage_relations.json, outgoing before incoming. Two predicates read the same
    way (cdo:drives and its inverse cdo:drivenBy, both stated) make one group."""
    order = {p: i for i, p in enumerate(relations())}
    counts = described.get("incomingCounts") or {}
    groups: dict[str, dict] = {}
    ends = [("subject", p["predicate"], p["value"], p.get("label")) for p in described["properties"]] + \
           [("object", p["predicate"], p["subject"], p.get("label")) for p in described["incoming"]]
    for side, predicate, other, label in ends:
        if predicate not in order:
            continue
        wording = labels.get(predicate, {}).get("label" if side == "subject" else "inverse", {})
        key = wording.get("vi") or predicate
        group = groups.setdefault(key, {"predicate": predicate, "direction": "out" if side == "subject" else "in",
                                        "label": wording, "rank": (order[predicate], side == "object"),
                                        "nodes": [], "total": 0})
        if all(n["id"] != other for n in group["nodes"]):
            group["nodes"].append({"id": other, "label": label})
        group["total"] = max(len(group["nodes"]), counts.get(predicate, 0) if side == "object" else 0)
    return [{k: v for k, v in g.items() if k != "rank"} for g in sorted(groups.values(), key=lambda g: g["rank"])]
