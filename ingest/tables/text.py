"""Text normalisation shared by every stage.

The stored text of a document is its NFC form with look-alike letters mended, so character
offsets in provenance always index that stored text. `fold` gives the accent-insensitive key
used by every search and lookup (exact search compares NFC, loose search compares folds).
"""
from __future__ import annotations

import functools
import re
import unicodedata

# Letters that look like Vietnamese letters but are not: Icelandic eth (Ð ð) for Đ đ is common
# in documents typed on old keyboards or converted from PDF. (str.replace: str.translate with
# a mapping costs ~100 ns per character.)
_LOOKALIKES = (("\u00d0", "Đ"), ("\u00f0", "đ"))


def normalize(text: str) -> str:
    """NFC with look-alike letters replaced; length may change versus the raw input."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", ""))
    for lookalike, letter in _LOOKALIKES:
        text = text.replace(lookalike, letter)
    return text


def _nonspacing_marks() -> re.Pattern:
    """Every combining (nonspacing, category Mn) mark of the Basic Multilingual Plane as one
    character class: one regex pass is several times faster than testing each character's
    category in Python. Marks beyond the BMP (never Vietnamese) take the slow path in `fold`."""
    ranges, start = [], None
    for cp in range(0x10000):
        if unicodedata.category(chr(cp)) == "Mn":
            start = cp if start is None else start
            if unicodedata.category(chr(cp + 1)) != "Mn":
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp))}")
                start = None
    return re.compile("[" + "".join(ranges) + "]+")


_MARKS = _nonspacing_marks()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Accent- and case-insensitive key: 'Quyết định' -> 'quyet dinh'."""
    if len(text) <= _SHORT:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():  # codes, numbers, folded queries: nothing to decompose
        return text.replace("\r\n", "\n").replace("\r", "\n").casefold()
    text = _MARKS.sub("", unicodedata.normalize("NFD", normalize(text)))
    if _ASTRAL.search(text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d").replace("Đ", "D").casefold()


# Words, codes and names are folded again and again (every alias lookup, token and slug):
# remembering the short ones makes a repeat a dictionary hit.
_SHORT = 80
_fold_short = functools.lru_cache(maxsize=1 << 16)(_fold)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Readable ASCII IRI segment: 'UBND tỉnh Quảng Ngãi' -> 'ubnd-tinh-quang-ngai'."""
    return _NOT_SLUG.sub("-", fold(text)).strip("-")


def lower_aligned(text: str) -> str:
    """Lower case of the same length, so offsets found in it index `text` (a letter whose lower
    case is longer, such as "İ", stays as it is)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def squash_spaces(text: str) -> str:
    """One space between words; used for labels built from multi-line spans."""
    return " ".join(text.split())  # str.split and the regex \s agree on what a space is


def fold_aligned(text: str) -> str:
    """`fold` character by character, so offsets in the result index the original text."""
    return "".join(map(_fold_char, text))


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    f = fold(ch)
    return f if len(f) == 1 else ch.lower()
