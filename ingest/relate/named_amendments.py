"""Amending laws known by their names: "Luật sửa đổi, bổ sung một số điều của Luật Hải quan số
42/2005/QH11" amends the Luật Hải quan the same document cites ("Luật Hải quan số 29/2001/QH10").

An amending law's name lists the laws it amends after "của" ("… của Luật Quy hoạch, Luật Đầu
tư và Luật Đấu thầu"); each listed name that is the name of another instrument in the
document is amended by it, with the amending law's mention as evidence (never a law of a later
year: "Luật Hải quan năm 2014" is not what a 2005 law amended).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.model import Instrument, Relation
from ingest.tables.text import fold

_AMENDING = re.compile(r"^(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s+(?P<cue>[Ss]ửa\s+đổi(?:,?\s+(?:và\s+)?bổ\s+sung)?|[Bb]ổ\s+sung)"
                       r"(?:\s+một\s+số\s+(?:[đĐ]iều|nội\s+dung))?\s+(?:của\s+)?(?P<amended>.+)$")
_LIST = re.compile(r",\s+|\s+và\s+(?=(?:Bộ\s+luật|Luật|Pháp\s+lệnh)\s)")


def named_amendments(instruments: Sequence[Instrument]) -> list[Relation]:
    by_name: dict[str, list[Instrument]] = {}
    for inst in instruments:
        if inst.name:
            by_name.setdefault(fold(inst.name), []).append(inst)
    out = []
    for inst in instruments:
        m = _AMENDING.match(inst.name or "")
        if m is None or not inst.mentions:
            continue
        cue = " ".join(m.group("cue").split())
        for name in _LIST.split(m.group("amended")):
            for amended in by_name.get(fold(name.strip()), ()):
                if amended.key != inst.key and not (amended.year and inst.year and amended.year > inst.year):
                    out.append(Relation(inst.key, "eli:amends", amended.key, cue, inst.mentions[0]))
    return out
