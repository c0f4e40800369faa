"""The citation grammar (ingest/data/citation_grammar.json), compiled once."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def load_json(name: str) -> dict:
    return json.loads(resources.files("ingest").joinpath("data", name).read_text("utf-8"))


@dataclass(frozen=True)
class Grammar:
    party_symbol: re.Pattern
    state_symbol: re.Pattern
    party_symbol_at: re.Pattern  # where a Party symbol can start: a number, a dash ("09-CT/TW")
    state_symbol_at: re.Pattern  # where a state symbol can start: a number, "/" ("1395/QĐ-UBND")
    number_only: re.Pattern
    old_symbol: re.Pattern
    date_after: re.Pattern
    date_anywhere: re.Pattern
    year_after_name: re.Pattern
    issuer_lead: re.Pattern
    issuer_before: re.Pattern
    issuer_stop: re.Pattern
    joint_separators: re.Pattern
    amending_law_name: re.Pattern
    law_name: re.Pattern
    dash: re.Pattern
    raw: dict


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    raw = load_json("citation_grammar.json")
    dash = raw["dash"]

    def compile_(key: str, flags: int = 0) -> re.Pattern:
        return re.compile(raw[key]["regex"].replace("DASH", dash), flags)

    stops = sorted(raw["issuer_stop"]["words"], key=len, reverse=True)
    return Grammar(
        party_symbol=compile_("party_symbol"),
        state_symbol=compile_("state_symbol"),
        # a whole number (not after a digit: checked after the first one, so that the regex
        # engine scans for digits in C) followed by the sign
        party_symbol_at=re.compile(rf"\d(?<!\d\d)\d*+(?=[a-z]?\s?{dash})"),
        state_symbol_at=re.compile(r"\d(?<!\d\d)\d*+(?=(?:\.\d{1,2})?[a-z]?\s?/)"),
        number_only=compile_("number_only"),
        old_symbol=compile_("old_symbol"),
        date_after=compile_("date_after", re.IGNORECASE),
        date_anywhere=compile_("date_anywhere", re.IGNORECASE),
        year_after_name=compile_("year_after_name"),
        issuer_lead=compile_("issuer_lead"),
        issuer_before=compile_("issuer_before"),
        issuer_stop=re.compile(
            r"(?:\s(?:" + "|".join(re.escape(w) for w in stops) + r")(?![\wÀ-ỹ])|[,;.:()\n“”\"*]|$)"),
        joint_separators=re.compile("|".join(re.escape(s) for s in raw["issuer_joint_separators"])),
        amending_law_name=compile_("amending_law_name"),
        law_name=compile_("law_name"),
        dash=re.compile(dash),
        raw=raw,
    )
