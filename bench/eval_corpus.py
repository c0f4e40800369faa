"""Evaluate extraction against what the corpus sources state (../shared/corpus/*/*.meta.json).

Header fields: number, symbol, type, issuer (code), date, title — each compared with the value
a source states (congbot metadata.json, congbao index so_hieu/loai, thuvienphapluat title line,
readability title line). Relations: congbot `related_documents` against the instruments the
document cites (recall per relationship type) and against the eli:based_on relations read from
the "Căn cứ" preamble (precision and recall). Gold annotations are the source authors', not an
official register, so residual "errors" include annotation slips; they are listed by cause.

    python bench/eval_corpus.py [CORPUS_DIR] [--errors]
"""
from __future__ import annotations

import difflib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.pipeline import extract
from ingest.read.files import ReadError, read_path
from ingest.relate.bases import bases
from ingest.tables.text import fold

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = ("congbot", "congbao8chude", "tvpl_johnpa02", "readability_ws")
HEADER_FIELDS = ("number", "symbol", "type", "issuer", "date", "title")
_TYPE_WORDS = ("thông tư liên tịch", "quyết định", "thông tư", "công văn", "chỉ thị", "kế hoạch",
               "nghị định", "nghị quyết", "báo cáo", "thông báo", "hướng dẫn")
_CONGBOT_TYPE_TOKENS = {"qd", "cv", "tt", "ttlt", "kh", "ct", "nd", "nq", "tb", "bc", "hd"}


@dataclass
class Tally:
    tp: int = 0
    extracted: int = 0
    gold: int = 0
    tp_p: int | None = None  # when precision is judged differently from recall (based_on)

    def p(self) -> float | None:
        tp = self.tp if self.tp_p is None else self.tp_p
        return tp / self.extracted if self.extracted else None

    def r(self) -> float | None:
        return self.tp / self.gold if self.gold else None


@dataclass
class Result:
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # doc, field, gold, got
    documents: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: {"precision": t.p(), "recall": t.r(), "tp": t.tp, "extracted": t.extracted,
                    "gold": t.gold} for k, t in sorted(self.fields.items())}


# ---------------------------------------------------------------- gold from the meta files

def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("_", " ")).strip()


def _symbol_key(symbol: str) -> str:
    """Compare symbols folded, separators ignored: '81/2025/TT-BCA' ~ '81-2025-tt-bca'."""
    parts = re.split(r"[^0-9a-z]+", fold(symbol))
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts if p)


def gold_header(source: str, path: Path, meta: dict) -> dict:
    g: dict = {}
    if source == "congbot":
        parts = meta["doc_id"].split("_")
        g["number"] = parts[0].lstrip("0")
        g["type"] = meta.get("doc_type")
        if meta.get("issue_date"):
            d, m, y = meta["issue_date"].split("-")
            g["date"] = f"{y}-{m}-{d}"
        rest = parts[2:]
        if rest and fold(rest[0]) in _CONGBOT_TYPE_TOKENS:
            rest = rest[1:]
        if rest:
            g["issuer"] = fold(rest[0].split("-")[0])
        if meta.get("doc_title"):
            g["title"] = meta["doc_title"]
    elif source == "congbao8chude":
        pj = meta["per_doc_json"]
        m = re.match(r"(?P<type>[a-z-]+?)-so-(?P<sym>.+)-\d+$", pj["so_hieu"])
        if m:
            g["symbol"] = _symbol_key(m.group("sym"))
            g["number"] = m.group("sym").split("-")[0].lstrip("0")
            g["issuer"] = m.group("sym").split("-")[-1]
        else:
            sm = re.search(r"số\s+(\S+)", pj["so_hieu"])
            if sm:
                g["symbol"] = _symbol_key(sm.group(1))
                g["number"] = sm.group(1).split("/")[0]
                g["issuer"] = fold(sm.group(1).split("-")[-1])
        loai = {"QĐ": "Quyết định"}.get(pj["loai"], pj["loai"])
        if loai != "Khác":
            g["type"] = loai
    else:
        title = _clean(meta.get("first_line_title", ""))
        t = next((w for w in _TYPE_WORDS if fold(title).startswith(fold(w))), None)
        if t:
            g["type"] = t
        if source == "tvpl_johnpa02":
            m = re.match(r"\S+(?:\s\S+)*?\s(?P<sym>\d+[\w/.-]*/[\w/.-]+)(?:\s+năm\s+(?P<y>\d{4}))?", title)
            if m:
                g["symbol"] = _symbol_key(m.group("sym"))
                g["number"] = m.group("sym").split("/")[0]
                g["issuer"] = fold(re.split(r"[/-]", m.group("sym"))[-2 if m.group("sym").count("-") else -1])
                if m.group("y"):
                    g["year"] = m.group("y")
        elif t:  # readability_ws: the first line is the (lower-cased) trích yếu after the type
            g["title"] = title[len(t):].strip()
    return g


def _title_key(s: str) -> list[str]:
    s = fold(_clean(s))
    s = re.sub(r"^(?:" + "|".join(fold(w) for w in _TYPE_WORDS) + r")\b", "", s)
    s = re.sub(r"^\s*(?:so\s+\S+\s+)?(?:ve viec|v/v)\s*[:.]?", "", s)
    return re.findall(r"[0-9a-z]+", s)


def _same_title(gold: str, got: str) -> bool:
    a, b = _title_key(gold), _title_key(got)
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9


def got_header(ex) -> dict:
    h = ex.header
    g: dict = {}
    sym = h.symbol
    if sym is not None:
        if sym.number:
            g["number"] = sym.number.lstrip("0")
        if sym.symbol:
            g["symbol"] = _symbol_key(sym.symbol)
        g["issuer_codes"] = [fold(c) for c in sym.issuer_codes] + ([fold(sym.symbol.split("/")[1].split("-")[0])] if sym.symbol and "/" in sym.symbol else [])
    if h.type_name:
        g["type"] = re.sub(r"\s*\(.*\)$", "", h.type_name)
    if h.date:
        g["date"] = h.date.isoformat()
    if h.title:
        g["title"] = h.title
    return g


def compare_header(r: Result, doc: str, gold: dict, got: dict) -> None:
    for f in HEADER_FIELDS:
        if f == "issuer":
            has = bool(got.get("issuer_codes"))
        else:
            has = f in got
        if f not in gold:  # precision is judged only where the source states the value
            continue
        r.fields[f].gold += 1
        if has:
            r.fields[f].extracted += 1
        if f == "issuer":
            ok = has and gold["issuer"] in got["issuer_codes"]
            shown = ",".join(got.get("issuer_codes", []))
        elif f == "title":
            ok = has and _same_title(gold[f], got[f])
            shown = got.get(f, "")
        elif f == "type":
            ok = has and fold(gold[f]) == fold(got[f])
            shown = got.get(f, "")
        else:
            ok = has and str(gold[f]) == str(got[f])
            shown = got.get(f, "")
        if ok:
            r.fields[f].tp += 1
        else:
            r.errors.append((doc, f, str(gold[f])[:70], str(shown)[:70]))
    if "year" in gold:  # thuvienphapluat title "… năm 2020": the date's year
        r.fields["date"].gold += 1
        if "date" in got:
            r.fields["date"].extracted += 1
            if got["date"][:4] == gold["year"]:
                r.fields["date"].tp += 1
                return
        r.errors.append((doc, "date", gold["year"], got.get("date", "")))


# ---------------------------------------------------------------- relations (congbot)

def _gold_target(doc_id: str) -> tuple | None:
    """('n', number, year) for numbered instruments, ('name', words, year) for named laws."""
    if doc_id in ("None", "", None):
        return None
    parts = [p for p in re.split(r"[_\s]+", doc_id) if p]
    if any(fold(p) in ("luat", "phap") for p in parts):  # a law or ordinance, cited by name
        year = next((p for p in parts if re.fullmatch(r"(19|20)\d\d", p)), None)
        words = [w for w in (fold(p) for p in parts)
                 if w not in {"luat", "qh", "null"} and not re.fullmatch(r"\d+|qh\d+", w)]
        return ("name", tuple(words), year)
    numbered = bool(re.fullmatch(r"\d+[a-z]?", parts[0], re.IGNORECASE)) and len(parts) > 1
    year = next((p for p in parts[1 if numbered else 0:] if re.fullmatch(r"(19|20)\d\d", p)), None)
    if numbered:
        return ("n", parts[0].lstrip("0") or "0", year)
    words = [w for w in (fold(p) for p in parts) if w not in {"luat", "qh", "null", year and fold(year)}
             and not re.fullmatch(r"\d+", w)]
    return ("name", tuple(words), year)


def _matches(target: tuple, inst) -> bool:
    if target[0] == "n":
        return (inst.number or "").lstrip("0") == target[1] and (
            target[2] is None or inst.year is None or str(inst.year) == target[2])
    if inst.number is not None and not inst.name:
        return False
    name = fold(inst.name or "")
    if target[2] and inst.year and str(inst.year) != target[2]:
        return False
    if not target[1]:
        return inst.type_code in ("l", "luat", "bl") and str(inst.year) == target[2]
    words = set(re.findall(r"[0-9a-z]+", name))
    return sum(w in words for w in target[1]) >= max(1, (len(target[1]) + 1) // 2)


def compare_relations(r: Result, doc: str, meta: dict, ex, basis_keys: set[str]) -> None:
    """Recall of cited instruments per relationship type; based_on against the "Căn cứ" ones.

    based_on precision counts an extracted basis as right when the source lists it among the
    document's related documents at all (the annotations omit some bases, so it is a floor).
    """
    cited = [i for i in ex.instruments if not i.is_document_itself]
    gold_all: list[tuple] = []
    seen = set()
    basis = r.fields["based_on"]
    for rel in meta.get("related_documents") or []:
        t = _gold_target(rel.get("doc_id"))
        if t is None or (t, rel["relationship"]) in seen:
            continue
        seen.add((t, rel["relationship"]))
        gold_all.append(t)
        tally = r.fields[f"cited:{rel['relationship']}"]
        tally.gold += 1
        if any(_matches(t, i) for i in cited):
            tally.tp += 1
        else:
            r.errors.append((doc, f"cited:{rel['relationship']}", rel["doc_id"][:60], "not found"))
        if rel["relationship"] == "references" and fold(rel.get("description", "")).startswith("can cu"):
            basis.gold += 1
            if any(_matches(t, i) for i in cited if i.key in basis_keys):
                basis.tp += 1
            else:
                r.errors.append((doc, "based_on", rel["doc_id"][:60], "no basis"))
    for inst in cited:
        if inst.key in basis_keys:
            basis.extracted += 1
            if any(_matches(t, inst) for t in gold_all):
                basis.tp_p = (basis.tp_p or 0) + 1
            else:
                r.errors.append((doc, "based_on(extra)", "-", inst.key))


def evaluate(corpus: Path = DEFAULT_CORPUS) -> Result:
    r = Result()
    for source in SOURCES:
        for path in sorted((corpus / source).glob("*.txt")):
            meta_path = path.with_suffix(".meta.json")
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            doc = f"{source}/{path.stem}"
            try:
                ex = extract(read_path(path))
            except ReadError as e:
                r.failures.append((doc, str(e)))
                continue
            r.documents += 1
            compare_header(r, doc, gold_header(source, path, meta), got_header(ex))
            if source == "congbot":
                keys = {r.object for r in bases(ex.source.text, ex.instruments)}
                compare_relations(r, doc, meta, ex, keys)
    return r


def _fmt(x: float | None) -> str:
    return "  —  " if x is None else f"{x:5.3f}"


def table(r: Result) -> str:
    lines = [f"documents evaluated: {r.documents}; unreadable: {len(r.failures)}",
             f"{'field / relation':28} {'precision':>9} {'recall':>7} {'tp':>5} {'extr':>5} {'gold':>5}"]
    for k, t in sorted(r.fields.items(), key=lambda kv: (kv[0].startswith(("cited", "based")), kv[0])):
        lines.append(f"{k:28} {_fmt(t.p()):>9} {_fmt(t.r()):>7} {t.tp:5} {t.extracted:5} {t.gold:5}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"corpus not found at {corpus}; nothing to evaluate")
        return 0
    r = evaluate(corpus)
    print(table(r))
    if "--errors" in argv:
        print("\nresidual errors (document, field, gold, extracted):")
        for e in r.errors:
            print("  " + " | ".join(e))
    if "--json" in argv:
        print(json.dumps(r.as_dict(), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
