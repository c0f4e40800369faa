"""Pattern pieces shared by every stage, and two ways to keep big patterns fast.

Python's regex engine tries a pattern at every position of the text unless the pattern starts
with a literal or a character class, which it scans for in C. Most of chidao's patterns start
with a lookbehind ("not after a letter") or a long alternation of names, so they ran at a few
MB/s: `finditer_at` runs them only where a cheap anchor matches, and `trie_alternation` writes
a list of words as a trie (one character tested per level, longest word first).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Vietnamese capital letters (base letters, then every tone mark on each vowel).
UPPER = ("A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ"
         "ẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ")
CAPITAL = re.compile(f"[{UPPER}]")
WORD_CHAR = r"[\wÀ-ỹ]"  # a letter of a word, with the Vietnamese letters \w may miss
NOT_AFTER_WORD = r"(?<![\wÀ-ỹ])"


def finditer_at(pattern: re.Pattern, text: str, anchors: re.Pattern) -> Iterator[re.Match]:
    """The matches of `pattern.finditer(text)`, for a pattern whose matches can only start
    where `anchors` matches (e.g. a number pattern at the start of a digit run): the pattern
    is tried at each anchor only, left to right, without overlaps, as finditer would."""
    end = 0
    for anchor in anchors.finditer(text):
        at = anchor.start()
        if at < end:
            continue
        m = pattern.match(text, at)
        if m:
            yield m
            end = max(m.end(), at + 1)


def trie_alternation(words: Iterable[str], after_first: str = "") -> str:
    """A regex matching any of `words` (give them lower-cased to match lower-cased text).

    Where several words match at one position, the longest wins, as with an alternation
    sorted longest first: words that match at one position are prefixes of each other, so
    they lie on one path of the trie, and each node tries its continuations before ending.
    `after_first` is inserted after each word's first character (e.g. a lookbehind that
    checks the character before the word, placed where it does not hide the first letter
    from the engine's scan)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, depth: int) -> str:
        alternatives = [re.escape(ch) + (after_first if depth == 0 else "") + emit(node[ch], depth + 1)
                        for ch in sorted(k for k in node if k)]
        if "" in node:
            alternatives.append("")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return emit(trie, 0)
