"""Score the document's own instrument on official-gazette texts against the source's metadata.

`../shared/scale/gazette` holds Công báo texts with the source's `.meta.json`: its slug
(`nghi-dinh-so-117-2022-nd-cp-38918`) states the document's own type and symbol, `loai` the type
again. For each text the header's own symbol and type are compared with them; misses are
grouped by class (what the text is and what went wrong), so a fix is made for a class and never
for a file. Targets (issue 11): own symbol and own type ≥ 0.98.

    .venv/bin/python bench/eval_gazette.py [GAZETTE_DIR] [--misses] [--json]
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.pipeline import extract
from ingest.read.files import ReadError, read_path
from ingest.tables.grammar import load_grammar
from ingest.tables.text import fold

DEFAULT_DIR = ROOT.parent / "shared" / "scale" / "gazette"
# The type words of the slug (`<type>-so-<symbol>-<id>`), longest first.
SLUG_TYPES = {
    "thong-tu-lien-tich": "Thông tư liên tịch", "van-ban-hop-nhat": "Văn bản hợp nhất",
    "nghi-dinh": "Nghị định", "nghi-quyet": "Nghị quyết", "quyet-dinh": "Quyết định",
    "thong-tu": "Thông tư", "chi-thi": "Chỉ thị", "thong-bao": "Thông báo", "luat": "Luật",
    "phap-lenh": "Pháp lệnh", "lenh": "Lệnh", "cong-van": "Công văn", "ke-hoach": "Kế hoạch",
}
FIELDS = ("symbol", "type", "year")
_SLUG = re.compile(r"^(?P<type>" + "|".join(sorted(SLUG_TYPES, key=len, reverse=True)) + r")-so-(?P<sym>.+?)-\d+$")


def symbol_key(symbol: str) -> str:
    """Symbols compared folded, separators ignored, leading zeros dropped: '04/VBHN-BYT' ~ '04-vbhn-byt'."""
    parts = re.split(r"[^0-9a-z]+", re.sub(r"(?<=\d)\.(?=\d)", "", fold(symbol)))
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts if p)


def gold(meta: dict) -> dict | None:
    """The own type and symbol the slug states; None when the slug names neither."""
    m = _SLUG.match(meta.get("slug") or meta.get("so_hieu") or "")
    if not m:
        return None
    row = {"type": SLUG_TYPES[m.group("type")], "symbol": symbol_key(m.group("sym"))}
    year = str(meta.get("nam") or "")
    if re.fullmatch(r"(?:19[4-9]|20[0-4])\d", year) and not m.group("sym").startswith(year + "-"):
        row["year"] = year  # the source's "nam" is sometimes the number ("1166" for 1166/VBHN-…)
    return row


def printed_symbols(text: str) -> set[str]:
    """Keys of every symbol a plain regex finds in the text: a number the text never prints
    (page images, a text cut off before its number) cannot be read from it."""
    g = load_grammar()
    return {symbol_key(m.group(0)) for p in (g.state_symbol, g.party_symbol) for m in p.finditer(text)}


def miss_class(gold_row: dict, ex, field_name: str, printed: bool) -> str:
    """Which field, what kind of text and how: 'symbol — Văn bản hợp nhất: no own symbol',
    'type — Thông tư: another type (Luật)', '…: number not printed in the text'."""
    kind = gold_row["type"]
    h = ex.header
    if not printed:
        return f"{field_name} — {kind}: number not printed in the text"
    if field_name == "year":
        return f"year — {kind}: {'no own instrument' if h.symbol is None else 'another year'}"
    if field_name == "symbol":
        return f"symbol — {kind}: {'no own symbol' if h.symbol is None or not h.symbol.symbol else 'another symbol'}"
    return f"type — {kind}: {'no own type' if not h.type_name else 'another type (' + h.type_name + ')'}"


@dataclass
class Score:
    documents: int = 0
    printed: int = 0  # texts that print their own number somewhere
    right: Counter = field(default_factory=Counter)
    right_printed: Counter = field(default_factory=Counter)
    misses: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    unread: list[tuple[str, str]] = field(default_factory=list)
    no_gold: list[str] = field(default_factory=list)

    scored: Counter = field(default_factory=Counter)  # texts whose metadata states the field
    scored_printed: Counter = field(default_factory=Counter)

    def accuracy(self, field_name: str) -> float:
        return self.right[field_name] / self.scored[field_name] if self.scored[field_name] else 0.0

    def accuracy_where_printed(self, field_name: str) -> float:
        n = self.scored_printed[field_name]
        return self.right_printed[field_name] / n if n else 0.0


def evaluate(folder: Path = DEFAULT_DIR, names: list[str] | None = None) -> Score:
    score = Score()
    for path in sorted(folder.glob("*.txt")):
        if names is not None and path.stem not in names:
            continue
        meta_path = path.with_suffix(".meta.json")
        g = gold(json.loads(meta_path.read_text("utf-8"))) if meta_path.exists() else None
        if g is None:
            score.no_gold.append(path.stem)
            continue
        try:
            ex = extract(read_path(path))
        except ReadError as e:
            score.unread.append((path.stem, str(e)))
            continue
        score.documents += 1
        printed = g["symbol"] in printed_symbols(ex.source.text)
        score.printed += printed
        h = ex.header
        own = next((i for i in ex.instruments if i.is_document_itself), None)
        got = {"symbol": symbol_key(h.symbol.symbol) if h.symbol and h.symbol.symbol else "",
               "type": re.sub(r"\s*\(.*\)$", "", h.type_name or ""),
               "year": str(own.year) if own and own.year else ""}
        for f in FIELDS:
            if f not in g:
                continue
            score.scored[f] += 1
            score.scored_printed[f] += printed
            if fold(got[f]) == fold(g[f]):
                score.right[f] += 1
                score.right_printed[f] += printed
            else:
                score.misses[miss_class(g, ex, f, printed)].append((path.stem, g[f], got[f]))
    return score


def report(score: Score, misses: bool) -> str:
    lines = [f"gazette texts scored: {score.documents}; unreadable: {len(score.unread)}; "
             f"no symbol in the slug: {len(score.no_gold)}",
             f"own symbol: {score.accuracy('symbol'):.3f}   own type: {score.accuracy('type'):.3f}   (target ≥ 0.98)"
             f"   own year: {score.accuracy('year'):.3f}",
             f"over the {score.printed} texts that print their own number: own symbol "
             f"{score.accuracy_where_printed('symbol'):.3f}   own type {score.accuracy_where_printed('type'):.3f}"
             f"   own year {score.accuracy_where_printed('year'):.3f}",
             "misses by class:"]
    for cls, rows in sorted(score.misses.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"  {len(rows):4d}  {cls}")
        if misses:
            lines += [f"          {doc}: expected {want!r}, got {got!r}" for doc, want, got in rows]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else DEFAULT_DIR
    if not folder.is_dir():
        print(f"gazette folder not found at {folder}; nothing to evaluate")
        return 0
    score = evaluate(folder)
    print(report(score, "--misses" in argv))
    if "--json" in argv:
        print(json.dumps({**{f: score.accuracy(f) for f in FIELDS},
                          "printed": {f: score.accuracy_where_printed(f) for f in FIELDS},
                          "misses": {k: len(v) for k, v in score.misses.items()}}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
