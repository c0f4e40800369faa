"""Search the way people type: '1395/QĐ-UBND', 'QĐ 1395', 'quyet dinh 1395', 'Quyết định số
1395', title words with or without diacritics — over the full-text index (chidao.textindex).

Ranking, best first, in tiers: the exact symbol (+100); every word in the node's own symbol,
names, type, issuers or text (+40); every word, counting the evidence sentences around its
mentions (+20). Within a tier: BM25 with per-column weights (symbol > names >
task text > type, issuer > evidence sentences), plus the typed numbers being the node's own
number (+15), the words side by side as typed (+10), words typed with diacritics found with the
same diacritics (+5). "Every word" means every significant word: stop-words
(chidao/data/stop_words.json: 'không', 'có', 'của' …) are let go, and a hit lacking any other
word is no hit, so nonsense finds nothing and a query of stop-words alone neither. The last
word may be half-typed ('tuyen truy' finds 'tuyên truyền') unless a space or a tone mark ends it
('ma túy' finds no 'tuyên'). SQLite matches and ranks; Python only orders one page of candidates.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from chidao.textindex import COLUMNS, TASK_KINDS, exact_words, symbol_key, words
from ingest.tables.text import fold_aligned

WEIGHTS = {"symbol": 10.0, "name": 5.0, "type": 2.0, "issuer": 2.0, "body": 3.0, "context": 0.5}
ALL_WORDS_BONUS, EXACT_SYMBOL_BONUS, NUMBER_BONUS, PHRASE_BONUS, DIACRITICS_BONUS = 20.0, 100.0, 15.0, 10.0, 5.0
FILTER_COLUMNS = ("symbol", "name", "type", "issuer", "body")  # word filters ignore evidence sentences
KIND_GROUPS = {"task": TASK_KINDS}  # the kind a list of tasks asks for
CANDIDATES = 3  # candidates ranked per result asked for
MIN_CANDIDATES = 60  # however few are asked for: the bonuses reorder BM25's best, so the first hit
# of a page of one is the first of a page of twenty
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng (combining)
MAX_RANKED = 2000  # index rows one query ranks (the newest matching ones): its cost is bounded here

_BM25 = f"bm25(text, {', '.join(str(WEIGHTS[c]) for c in COLUMNS)})"


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    score: float
    snippet: str | None = None


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    data = json.loads(resources.files("chidao").joinpath("data", "stop_words.json").read_text("utf-8"))
    return frozenset(w for word in data["words"] for w in words(word))


def _term(word: str, prefix: bool = False) -> str:
    """One quoted FTS5 term; with `prefix`, a word of three letters or more also matches as the
    start of a longer word."""
    return f'"{word}"*' if prefix and len(word) >= 3 and not word.isdigit() else f'"{word}"'


def half_typed(text: str) -> bool:
    """Whether the last word of `text` may be the start of a longer one: people type the words
    before a space whole, and Vietnamese keyboards put a syllable's tone mark last, so a word
    carrying one is finished too ('ma túy' is not 'ma tuyên'; 'ma tu' may be)."""
    last = exact_words(text)[-1:]
    return bool(last) and not text[-1:].isspace() and not TONE_MARKS & set(unicodedata.normalize("NFD", last[0]))


def _match(columns, required: list[str], last_half_typed: bool) -> str:
    """Every word, the last one also as a prefix when it may be half-typed. A prefix term merges
    the lists of every word it starts (5× the time of the word alone at 20 M triples)."""
    terms = [_term(w, prefix=last_half_typed and n == len(required) - 1) for n, w in enumerate(required)]
    return f"{{{' '.join(columns)}}} : ({' AND '.join(terms)})"


def _filter_match(text: str) -> str | None:
    """A list filter's MATCH: every word typed, stop-words too, in the node's own columns (None:
    no word)."""
    typed = words(text)
    return _match(FILTER_COLUMNS, typed, half_typed(text)) if typed else None


def kind_names(kinds) -> tuple[str, ...]:
    """The index kinds a filter names ('task' stands for tasks, recommendations and activities)."""
    out = []
    for k in kinds or ():
        out += KIND_GROUPS.get(k, (k,))
    return tuple(out)


def _ranked(index, match: str, kinds: tuple[str, ...], limit: int) -> list[tuple]:
    """(iri, kind, bm25 score, folded symbol, original text, row id) per node, its best row, best first."""
    kind_filter = f"WHERE e.kind IN ({','.join(f'?{n + 3}' for n in range(len(kinds)))})" if kinds else ""
    # BM25 for every row of a word found everywhere ('luật', '1') cost 0.2 s at 20 M triples:
    # only the MAX_RANKED most recently indexed matching rows are ranked (FTS5 walks its
    # matches in rowid order and stops there; one MATCH, not a first pass to find the floor).
    # BM25 costs ~3 µs a row and word: five words found in 5 000 rows took 33 ms, in 2 000 rows 13.
    sql = f"""WITH m AS MATERIALIZED (SELECT rowid AS id, {_BM25} AS r FROM text WHERE text MATCH ?1
                                      ORDER BY rowid DESC LIMIT {MAX_RANKED})
              SELECT e.iri, e.kind, MIN(m.r) AS best, e.symbol, e.original, e.id FROM m JOIN entries e ON e.id = m.id
              {kind_filter} GROUP BY e.iri ORDER BY best LIMIT ?2"""
    # SQLite takes the bare columns of a MIN() group from the row holding the minimum
    return [(iri, kind, -r, *rest) for iri, kind, r, *rest in index.rows(sql, (match, limit, *kinds))]


def search(index, query: str, limit: int = 20, offset: int = 0, kinds=None) -> list[Hit]:
    """The ranked hits for what a person typed (kinds: 'instrument', 'task', 'body', …)."""
    typed = words(query)
    significant = [w for w in typed if w not in stop_words()]
    if not significant:
        return []
    kinds = kind_names(kinds)
    want = limit + offset
    found: dict[str, dict] = {}  # iri → kind, tier, score, original text, best row

    def add(rows, tier: int) -> None:
        for iri, kind, score, symbol, original, row in rows:
            hit = found.setdefault(iri, {"kind": kind, "tier": tier, "score": 0.0, "original": "", "row": None})
            if hit["row"] is None and row is not None:
                hit.update(score=score, original=original, row=row)
                if numbers and set(numbers) <= set(words(symbol)):
                    hit["score"] += NUMBER_BONUS

    numbers = [w for w in typed if w.isdigit()]
    add([(iri, kind, 0.0, "", "", None) for iri, kind in index.rows(
        "SELECT s.iri, (SELECT kind FROM entries e WHERE e.iri = s.iri LIMIT 1) FROM "
        "(SELECT DISTINCT iri FROM symbols WHERE key = ?) s", (symbol_key(query),)) if not kinds or kind in kinds], 3)
    half = half_typed(query) and typed[-1] == significant[-1]
    phases = [(_match(FILTER_COLUMNS, significant, half), 2), (_match(COLUMNS, significant, half), 1)]
    for match, tier in phases:
        if len(found) >= want:
            break
        add(_ranked(index, match, kinds, max(want * CANDIDATES, MIN_CANDIDATES)), tier)
    if len(typed) > 1:
        for iri in _with_phrase(index, typed, {h["row"]: iri for iri, h in found.items() if h["row"] is not None}):
            found[iri]["score"] += PHRASE_BONUS
    marked = set(w for w in exact_words(query) if words(w) != [w])
    for hit in found.values():
        if marked and marked <= set(exact_words(hit["original"])):
            hit["score"] += DIACRITICS_BONUS
    bonus = {3: EXACT_SYMBOL_BONUS, 2: 2 * ALL_WORDS_BONUS, 1: ALL_WORDS_BONUS}
    best = sorted(found.items(), key=lambda kv: (-kv[1]["tier"], -kv[1]["score"], kv[0]))[offset:want]
    snippets = _snippets(index, typed, typed[-1] if half else None, [h["row"] for _, h in best if h["row"] is not None])
    return [Hit(iri, h["kind"], round(bonus[h["tier"]] + h["score"], 2), snippets.get(iri)) for iri, h in best]


def _with_phrase(index, typed: list[str], rows: dict[int, str]) -> list[str]:
    """The candidates whose best row holds the typed words side by side, in the order typed.
    Read from the candidates' own rows: a phrase query over the whole index cost as much as the
    search itself for words found everywhere ('ủy ban nhân dân tỉnh': 28 ms at 20 M triples)."""
    if not rows:
        return []
    gap = r"[^\w\n]+"  # punctuation and spaces, not the line between two columns
    phrase = re.compile(r"(?<!\w)" + gap.join(map(re.escape, typed)) + r"(?!\w)")
    marks = ",".join("?" * len(rows))
    found = index.rows(f"SELECT rowid, {' || char(10) || '.join(COLUMNS)} FROM text WHERE rowid IN ({marks})", list(rows))
    return [rows[row] for row, text in found if phrase.search(text)]


def _snippets(index, typed: list[str], half: str | None, rows: list[int]) -> dict[str, str]:
    """For each hit's best row, the evidence sentence (as written) holding most of the typed
    words (`half` also as the start of a word), with those words marked «…»; none when no
    sentence holds one."""
    if not rows:
        return {}
    pattern = re.compile("|".join(_word_pattern(w, w == half) for w in sorted(set(typed), key=len, reverse=True)))
    marks = ",".join("?" * len(rows))
    out: dict[str, tuple[int, str]] = {}
    for iri, sentences in index.rows(f"SELECT iri, sentences FROM entries WHERE id IN ({marks}) AND sentences != ''", rows):
        for sentence in sentences.split("\n"):
            folded = fold_aligned(sentence)
            spans = [m.span() for m in pattern.finditer(folded)]
            hits = len({folded[a:b] for a, b in spans})
            if spans and hits > out.get(iri, (0, ""))[0]:
                out[iri] = (hits, _mark(sentence, spans))
    return {iri: text for iri, (_, text) in out.items()}


def _word_pattern(word: str, prefix: bool) -> str:
    """A typed (folded) word in folded text: numbers with any leading zeros, with `prefix` a
    word of three letters or more also as the start of a longer one (as `_term`)."""
    if word.isdigit():
        return rf"(?<![0-9])0*{word}(?![0-9])"
    return rf"(?<!\w){re.escape(word)}" + (r"\w*" if prefix and len(word) >= 3 else r"(?!\w)")


def _mark(sentence: str, spans: list[tuple[int, int]], width: int = 240) -> str:
    first = max(0, spans[0][0] - width // 3)
    cut = sentence[first:first + width]
    for a, b in reversed([(a - first, b - first) for a, b in spans if b - first <= len(cut)]):
        cut = f"{cut[:a]}«{cut[a:b]}»{cut[b:]}"
    return ("…" if first else "") + cut + ("…" if first + width < len(sentence) else "")


def matching(index, text: str, kinds, limit: int) -> list[str]:
    """Nodes of these kinds whose symbol, names, type, issuers or text hold every word (a list
    filter: strict, no evidence sentences, no ranking)."""
    match = _filter_match(text)
    if match is None:
        return []
    kinds = kind_names(kinds)
    placeholders = ",".join("?" * len(kinds))
    where = f"text MATCH ?{f' AND e.kind IN ({placeholders})' if kinds else ''}"
    rows = index.rows(f"SELECT DISTINCT e.iri FROM text JOIN entries e ON e.id = text.rowid WHERE {where} LIMIT ?",
                      (match, *kinds, limit))
    return [r[0] for r in rows]


def count(index, text: str, kinds) -> int:
    """How many nodes of these kinds hold every word (what a word-filtered list counts)."""
    match = _filter_match(text)
    if match is None:
        return 0
    kinds = kind_names(kinds)
    kind_filter = f" AND e.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
    return index.rows(f"SELECT COUNT(DISTINCT e.iri) FROM text JOIN entries e ON e.id = text.rowid "
                      f"WHERE text MATCH ?{kind_filter}", (match, *kinds))[0][0]


def page(index, text: str, kinds, limit: int, offset: int) -> list[str]:
    """One page of the nodes that hold every word (a list filtered by words alone pages in the
    index; `count` says how many there are): the nodes of the MAX_RANKED newest matching rows
    most relevant first, then the others, newest first, so every node has its page."""
    match, kinds = _filter_match(text), kind_names(kinds)
    if match is None:
        return []
    nodes = [row[0] for row in _ranked(index, match, kinds, offset + limit)]
    if len(nodes) < offset + limit:
        nodes += _older(index, match, kinds, set(nodes), offset + limit - len(nodes))
    return nodes[offset:]


def _older(index, match: str, kinds: tuple[str, ...], ranked: set[str], wanted: int) -> list[str]:
    """Nodes of the matching rows past the ranked ones, by their newest row, leaving out the
    ranked nodes (the first `wanted`)."""
    kind_filter = f"WHERE e.kind IN ({','.join(f'?{n + 4}' for n in range(len(kinds)))})" if kinds else ""
    rows = index.rows(f"""SELECT e.iri, MAX(m.id) AS newest FROM (SELECT rowid AS id FROM text WHERE text MATCH ?1
                              ORDER BY rowid DESC LIMIT -1 OFFSET ?2) m JOIN entries e ON e.id = m.id {kind_filter}
                          GROUP BY e.iri ORDER BY newest DESC LIMIT ?3""", (match, MAX_RANKED, wanted + len(ranked), *kinds))
    return [iri for iri, _ in rows if iri not in ranked][:wanted]


def describing_graphs(index, iris: list[str]) -> dict[str, str]:
    """node → the document graph whose row says most about it (symbol, names and type): its own
    document's graph where it has one (titles live there), else the richest citation. One index
    lookup a node (rows weighed at write time): Chính phủ has a row in every document."""
    out = {}
    for iri in dict.fromkeys(iris):
        row = index.rows("SELECT graph FROM entries WHERE iri = ? ORDER BY weight DESC LIMIT 1", (iri,))
        if row:
            out[iri] = row[0][0]
    return out


def by_symbol(index, symbol: str) -> list[str]:
    """Nodes whose symbol is this one, however it is spaced, accented or zero-padded."""
    return [r[0] for r in index.rows("SELECT DISTINCT iri FROM symbols WHERE key = ?", (symbol_key(symbol),))]


def _facets(kind: str, doctypes: list[str] | None, year: int | None,
            within: list[str] | None) -> tuple[str, str, list]:
    """(table, condition, parameters) of the index rows of a kind with one of these type
    concepts and this year (either None: any), optionally among `within`."""
    where, params = ["kind = ?"], [kind]
    if doctypes is not None:
        where.append(f"doctype IN ({','.join('?' * len(doctypes))})")
        params += doctypes
    if year is not None:
        where.append("year = ?")
        params.append(year)
    if within is not None:
        where.append(f"iri IN ({','.join('?' * len(within))})")
        params += within
    # by type, the (kind, type, year) index: without statistics SQLite took the year index and
    # read every row of a year (national laws cited by every document of it)
    table = "entries INDEXED BY entries_facets" if doctypes is not None else "entries"
    return table, " AND ".join(where), params


def facet_count(index, kind: str, doctypes: list[str] | None, year: int | None,
                within: list[str] | None = None) -> int:
    """How many nodes have these facets: the index holds one row per (document, node), so each
    instrument counts once however many documents cite it."""
    table, sql, params = _facets(kind, doctypes, year, within)
    return index.rows(f"SELECT COUNT(DISTINCT iri) FROM {table} WHERE {sql}", params)[0][0]


def facet_page(index, kind: str, doctypes: list[str] | None, year: int | None, limit: int, offset: int,
               within: list[str] | None = None) -> list[str]:
    """One page, in IRI order, of the nodes `facet_count` counts."""
    table, sql, params = _facets(kind, doctypes, year, within)
    rows = index.rows(f"SELECT DISTINCT iri FROM {table} WHERE {sql} ORDER BY iri LIMIT ? OFFSET ?",
                      (*params, limit, offset))
    return [r[0] for r in rows]
