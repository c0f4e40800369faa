"""Text files as offices have them: legacy Vietnamese encodings, UTF-16 with and without a
byte-order mark, damaged bytes, binary files. Each case says what must come out."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from encoded import DOCUMENT, cp1258, tcvn3, vni

from chidao.loading import ingest_paths
from chidao.store import Store
from ingest.pipeline import extract
from ingest.read import legacy
from ingest.read.encodings import decode
from ingest.read.files import ReadError, read_bytes

TABLE = legacy.table()
VIETNAMESE = "aáàảãạăắằẳẵặâấầẩẫậđeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵ"


@pytest.mark.parametrize("encoding,example", [(enc, ex) for enc in ("tcvn3", "vni") for ex in TABLE[enc]["examples"]]
                         + [("cp1258", ex) for ex in TABLE["cp1258"]["examples"]], ids=lambda x: x if isinstance(x, str) else x["text"][:24])
def test_every_example_of_the_maps_decodes_to_its_text(encoding, example):
    data = bytes.fromhex(example["bytes_hex"]) if "bytes_hex" in example else example["glyphs"].encode("cp1252")
    assert legacy.decode(data, encoding) == example["text"]


def test_the_maps_cover_every_vietnamese_letter_once():
    toned = {c for c in VIETNAMESE if not c.isascii()}
    tcvn3_letters = list(TABLE["tcvn3"]["bytes"].values())
    assert len(tcvn3_letters) == len(set(tcvn3_letters)) and set(tcvn3_letters) == toned | set("ĂÂĐÊÔƠƯ")
    vni_letters = list(TABLE["vni"]["sequences"].values())
    assert len(vni_letters) == len(set(vni_letters)) and set(vni_letters) == toned | {c.upper() for c in toned}
    for letter in toned | {c.upper() for c in toned}:  # every VNI letter round-trips
        assert legacy.decode(vni(letter), "vni") == letter


@pytest.mark.parametrize("encode,name", [(tcvn3, "TCVN3"), (vni, "VNI"), (cp1258, "Windows-1258")])
def test_a_legacy_document_reads_as_its_unicode_text(encode, name):
    data = encode(DOCUMENT)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    source = read_bytes(data, "qd.txt", "qd")
    assert source.text == read_bytes(DOCUMENT.encode(), "qd.txt", "qd").text
    assert unicodedata.is_normalized("NFC", source.text)
    assert source.warnings == (f"decoded as {legacy.NAMES[next(k for k, v in legacy.NAMES.items() if v.startswith(name))]}, converted to Unicode",)
    ex = extract(source)
    assert ex.header.symbol.symbol == "1351/QĐ-UBND" and ex.header.date.isoformat() == "2022-10-04"


def test_plain_utf8_always_wins():
    # Valid UTF-8 whose letters look like TCVN3 glyphs stays as written: no guess over UTF-8.
    text = "Giá 5µ¸ và ®Þnh mức ¶·¹ đồng\n"
    assert decode(text.encode()).text == text and decode(text.encode()).warnings == ()


@pytest.mark.parametrize("encoding,note", [("utf-16", None), ("utf-16-le", "UTF-16-LE"), ("utf-16-be", "UTF-16-BE")])
def test_utf16_with_or_without_byte_order_mark_is_text(encoding, note):
    source = read_bytes(DOCUMENT.encode(encoding), "qd.txt", "qd")
    assert source.text == read_bytes(DOCUMENT.encode(), "qd.txt", "qd").text
    assert source.warnings == ((f"decoded as {note} (no byte-order mark)",) if note else ())


def test_utf16_of_ascii_letters_is_utf16_not_utf8_with_nuls():
    source = read_bytes("So: 12/QD-UBND\nQuyet dinh ve viec thu\n".encode("utf-16-le"), "qd.txt", "qd")
    assert source.text == "So: 12/QD-UBND\nQuyet dinh ve viec thu\n"
    assert source.warnings == ("decoded as UTF-16-LE (no byte-order mark)",)


def test_damaged_bytes_are_replaced_and_said_where():
    good = DOCUMENT.encode()
    data = good[:100] + b"\xbf\xa0" + good[100:] + b"\xbb\x81 . \n"  # stray bytes inside and at the end
    source = read_bytes(data, "qd.txt", "qd")
    assert source.warnings == (f"4 byte(s) not valid UTF-8 replaced by U+FFFD at byte offset(s) 100–101, {len(good) + 2}–{len(good) + 3}",)
    assert source.text.count("\ufffd") == 4 and "Quyết định" in source.text


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b" \n\t ", "empty"),
    ("nul.txt", bytes(range(256)) * 8, "binary"),
    ("noise.txt", bytes(b for b in random.Random(14).randbytes(6000) if b), "not text: 43% of its bytes are not valid UTF-8"),
    ("utf8-mostly-broken.txt", b"Quy\xe1\xbb t \xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8 " * 40, "not text"),
    ("controls.txt", b"Quy\xe1\xba\xbft \x1b[0m\x07\x08\x02\x03" * 400, r"binary content, not text \(36% control characters\)"),
])
def test_what_is_not_text_is_refused(name, content, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(content, name, "x")


def test_nul_and_control_characters_are_not_stored():
    data = DOCUMENT.encode() * 30 + b"\x00\x00 Ph\x01\x7f\xc2\x85\xe1\xbb\xa5 l\xe1\xbb\xa5c\n"
    assert data.index(b"\x00") > 4096
    source = read_bytes(data, "qd.txt", "qd")
    assert "\x00" not in source.text and "\x01" not in source.text and "\x85" not in source.text
    assert source.text.endswith("Phụ lục\n")
    assert source.warnings == ("5 NUL or other control character(s) removed",)


def test_warnings_reach_the_batch_report_and_the_graph(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "damaged.txt").write_bytes(DOCUMENT.encode() + b"\xa7_ngh\xc4\xa9a\n")
    (folder / "old.txt").write_bytes(tcvn3(DOCUMENT))
    (folder / "clean.txt").write_bytes(DOCUMENT.encode())
    store = Store(tmp_path / "store")
    report = ingest_paths(store, [folder])
    assert not report.failures and report.summary()["read_with_warnings"] == 2
    files = {Path(f["path"]).name: f for f in json.loads(json.dumps(report.as_json()))["files"]}  # as --report writes it
    assert files["damaged.txt"]["warnings"] == [f"1 byte(s) not valid UTF-8 replaced by U+FFFD at byte offset(s) {len(DOCUMENT.encode())}"]
    assert files["old.txt"]["warnings"] == ["decoded as TCVN3 (ABC, .VnTime fonts), converted to Unicode"]
    assert files["clean.txt"]["warnings"] == []
    stored = store.select("SELECT ?src ?w WHERE { ?d dcterms:source ?src ; cdo:readWarning ?w }")
    assert sorted((r["src"], r["w"]) for r in stored) == [(name, files[name]["warnings"][0]) for name in ("damaged.txt", "old.txt")]


def test_the_command_line_lists_warnings_and_counts_them(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "damaged.txt").write_bytes(DOCUMENT.encode() + b"\xbb\x81 . \n")
    (folder / "clean.txt").write_bytes(DOCUMENT.encode())
    run = subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--quiet", "--store", str(tmp_path / "s"),
                          "--report", str(tmp_path / "run.json"), str(folder)], capture_output=True, text=True, check=True)
    assert "2 document(s), 0 failed" in run.stdout and "1 read with warnings" in run.stdout
    assert run.stderr == ""  # --quiet: warnings only in the report
    loud = subprocess.run([sys.executable, "-m", "chidao.cli", "ingest", "--force", "--store", str(tmp_path / "s"), str(folder)],
                          capture_output=True, text=True, check=True)
    offset = len(DOCUMENT.encode())
    assert f"read with warnings: {folder / 'damaged.txt'}: 2 byte(s) not valid UTF-8 replaced by U+FFFD at byte offset(s) {offset}–{offset + 1}" in loud.stderr
    report = json.loads((tmp_path / "run.json").read_text("utf-8"))
    assert report["summary"]["read_with_warnings"] == 1
