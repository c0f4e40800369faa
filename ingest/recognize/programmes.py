"""Named programmes, campaigns, movements and models: a head word then a quoted name.

Why: reports say which campaign an agency's work was tied to (Cuộc vận động "Toàn dân đoàn
kết …", mô hình "Camera an ninh"); the name is only reliable inside its quotes, and a head
word in ingest/data/programmes.json tells a programme from any other quotation (a standard
"An toàn về ANTT", a law title). One node per folded name, shared across documents.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.model import Programme, Span
from ingest.tables.grammar import load_json
from ingest.tables.patterns import WORD_CHAR, trie_alternation
from ingest.tables.text import lower_aligned, slug

_QUOTED = r"[“\"](?P<name>[^”\"\n]{2,160})[”\"]"
_MORE = re.compile(r"\s*(?:,|và)\s*[“\"](?P<name>[^”\"\n]{2,160})[”\"]")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    """A head word (any case: matched on lower-cased text, as a trie) and a quoted name."""
    heads = {h.lower() for h in load_json("programmes.json")["heads"]}
    return re.compile("(?P<head>" + trie_alternation(heads, after_first=f"(?<!{WORD_CHAR}.)") + r")\s+" + _QUOTED)


def find_programmes(text: str, excluded: list[Span] = ()) -> list[Programme]:
    """Programmes with every quoted mention; quotes overlapping `excluded` (instrument
    citations such as “Bộ luật Hình sự”) are not programmes."""
    found: dict[str, dict] = {}

    def add(kind: str, start: int, end: int) -> None:
        if any(e.start < end and start < e.end for e in excluded):
            return
        name = re.sub(r"\s+", " ", text[start:end]).strip()
        key = slug(name)
        p = found.setdefault(key, {"name": name, "kind": kind, "mentions": []})
        p["mentions"].append(Span(start, end, text[start:end]))

    for m in _pattern().finditer(lower_aligned(text)):
        kind = text[m.start("head"):m.end("head")]
        add(kind, m.start("name"), m.end("name"))
        pos = m.end()
        while (more := _MORE.match(text, pos)) is not None:
            add(kind, more.start("name"), more.end("name"))
            pos = more.end()
    return [Programme(k, p["name"], p["kind"], tuple(p["mentions"])) for k, p in found.items()]
