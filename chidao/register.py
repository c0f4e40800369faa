"""Import a register of instruments (CSV: so_ky_hieu, ngay_ban_hanh, trich_yeu, hieu_luc).

Each row becomes an instrument of the given issuer with its date, summary (eli:title) and
validity (cdo:validity, the register's wording), and the instruments cited inside the summary
("thực hiện công văn số 3652/byt-dp ngày 10/7/2022 của bộ y tế") become eli:cites links.
The whole register is one document graph whose stored text is the CSV file itself (NFC), so
every fact's evidence points at the exact characters of the row it came from. Summaries are
lower-cased in such registers; recognition runs on a same-length copy with symbols upper-cased
and the words after "của" capitalised, and the spans are taken from the original text.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from chidao.reconcile import ConflictFlags, reconcile
from chidao.store import DocumentQuads, Store
from ingest import iris
from ingest.model import Citation, Extraction, Header, SourceText, Span
from ingest.pipeline import build_entries, extract_entry
from ingest.read.files import ReadError, doc_id_for
from ingest.recognize.citations import find_citations
from ingest.tables.bodies import bodies_from_phrase
from ingest.tables.text import normalize

COLUMNS = ("so_ky_hieu", "ngay_ban_hanh", "trich_yeu", "hieu_luc")
_SYMBOL_TAIL = re.compile(r"(?<=\d)(?P<tail>(?:/\d{4})?[/-][A-Za-zĐđ][\wĐđ.-]*(?:/[\wĐđ.-]+)?)")
_AFTER_CUA = re.compile(r"(?<=\bcủa )(?P<words>[^,;.()]{1,80}?)(?=\s+(?:về|ngày|v/v|tại|trong|theo|đối với)\b|[,;.()]|$)")


Progress = Callable[[int, int], None]  # (rows read, rows in the register)


@dataclass
class RegisterReport:
    rows: int = 0
    instruments: int = 0
    citations: int = 0
    skipped: list[tuple[int, str]] = None  # (line, reason)


def recase(text: str) -> str:
    """Same-length copy for recognition: symbol codes in capitals, issuer words capitalised."""
    out = _SYMBOL_TAIL.sub(lambda m: m.group("tail").upper(), text)
    out = _AFTER_CUA.sub(lambda m: " ".join(w[:1].upper() + w[1:] for w in m.group("words").split(" ")), out)
    return out if len(out) == len(text) else text


def _shift(c: Citation, text: str, base: int) -> Citation:
    """Move a citation found in a field (recased) onto the original text's offsets."""
    def s(span: Span | None) -> Span | None:
        if span is None:
            return None
        start, end = span.start + base, span.end + base
        return Span(start, end, text[start:end])
    return replace(c, span=s(c.span), symbol_span=s(c.symbol_span), date_span=s(c.date_span),
                   issuer_phrase=s(c.issuer_phrase))


def _rows(text: str):
    """(line number, {column: (value, start offset)}) for every data row, offsets into text.

    Quoted fields may span lines, so the csv reader pulls lines through a tap that records
    where each one starts; a row's raw text is the lines it consumed."""
    consumed: list[tuple[int, str]] = []

    def tap():
        pos = 0
        for line in io.StringIO(text, newline=""):
            consumed.append((pos, line))
            yield line
            pos += len(line)

    header = None
    lineno = 0
    for values in csv.reader(tap()):
        row_lines, consumed[:] = list(consumed), []
        lineno += len(row_lines)
        if header is None:
            header = values
            missing = [c for c in COLUMNS[:2] if c not in header]
            if missing:
                raise ReadError(f"not a register: missing column(s) {', '.join(missing)}")
            continue
        if not row_lines:
            continue
        cursor = row_lines[0][0]
        end = row_lines[-1][0] + len(row_lines[-1][1])
        fields = {}
        for name, value in zip(header, values):
            at = text.find(value, cursor, end) if value else -1
            if at >= 0:
                cursor = at + len(value)
            fields[name] = (value, at)
        yield lineno, fields


def register_quads(path: Path, issuer: str, progress: Progress | None = None) -> tuple[bytes, RegisterReport]:
    """The register's graph as N-Quads; `progress(done, total)` after each row (a register of
    a province holds tens of thousands)."""
    data = Path(path).read_bytes()
    try:
        text = normalize(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise ReadError(f"not valid UTF-8 text (byte {e.start})") from e
    source = SourceText(doc_id=doc_id_for(Path(path)), text=text, source_name=Path(path).name,
                        sha256=hashlib.sha256(data).hexdigest(), media_type="text/csv")
    bodies = bodies_from_phrase(issuer, None)
    if not bodies:
        raise ReadError(f"unknown issuer {issuer!r}")
    body = bodies[0][0]
    province = re.sub(r"^(?:tỉnh|thành phố)\s+", "", body.name.split(" tỉnh ", 1)[-1]) if " tỉnh " in body.name else None
    entries: list[Extraction] = []
    report = RegisterReport(skipped=[])
    total = sum(1 for _ in _rows(text)) if progress else 0
    for lineno, f in _rows(text):
        report.rows += 1
        if progress:
            progress(report.rows, total)
        symbol, at = f.get("so_ky_hieu", ("", -1))
        own = [c for c in find_citations(recase(symbol))] if symbol and at >= 0 else []
        if not own or own[0].symbol is None:
            report.skipped.append((lineno, f"no symbol in {symbol!r}"))
            continue
        itself = _shift(own[0], text, at)
        date_value, date_at = f.get("ngay_ban_hanh", ("", -1))
        date = _parse_date(date_value)
        summary, sum_at = f.get("trich_yeu", ("", -1))
        cited = [_shift(c, text, sum_at) for c in find_citations(recase(summary))] if summary and sum_at >= 0 else []
        validity, v_at = f.get("hieu_luc", ("", -1))
        header = Header(
            symbol=itself, date=date,
            date_span=Span(date_at, date_at + len(date_value), date_value) if date else None,
            type_code=itself.type_code, type_name=itself.type_name,
            title=summary.strip() or None,
            title_span=Span(sum_at, sum_at + len(summary), summary) if summary.strip() else None,
            validity=validity.strip() or None,
            validity_span=Span(v_at, v_at + len(validity), validity) if validity.strip() and v_at >= 0 else None)
        entry = extract_entry(source, header, cited, province)
        entries.append(entry)
        report.instruments += 1
        report.citations += len(entry.instruments) - 1
    return build_entries(source, entries), report


def _parse_date(value: str) -> dt.date | None:
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def import_register(store: Store, path: Path, issuer: str, progress: Progress | None = None) -> RegisterReport:
    """Replace the register's graph in one transaction (re-importing replaces, never doubles).
    Two rows may give one symbol two dates: flagged first, so no kill leaves them unflagged,
    then the derived graph is rebuilt (chidao.reconcile)."""
    quads, report = register_quads(path, issuer, progress)
    graph = iris.graph(doc_id_for(Path(path)))
    store.load_vocabulary()
    ConflictFlags(store).before_write([DocumentQuads(graph, quads, b"")])
    store.replace_graph_nquads(graph, quads)
    reconcile(store)
    store.flush()
    return report
