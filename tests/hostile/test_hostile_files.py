"""Hostile and unusual files, each generated here, with the outcome it must have: zip bombs and
huge texts refused before reading (bounded time and memory), encrypted and damaged PDFs,
saved web pages, Word 97–2003 .doc files."""
from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from encoded import DOCUMENT, tcvn3, vni

from chidao.loading import expand_paths, extract_file, ingest_paths
from chidao.store import Store
from ingest.pipeline import extract
from ingest.read import formats
from ingest.read.files import Limits, ReadError, read_bytes, read_path
from ingest.read.limits import MB


def _zip(members: list[tuple[str, int, int, int, bytes]]) -> bytes:
    """A zip written byte by byte: (name, method, crc, uncompressed size, stored data)."""
    local, central, offset = [], [], 0
    for name, method, crc, size, data in members:
        n = name.encode()
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), size,
                                   len(n), 0, 0, 0, 0, 0, offset) + n)
        local.append(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size, len(n), 0) + n + data)
        offset += len(local[-1])
    directory = b"".join(central)
    return b"".join(local) + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                                                     len(directory), offset, 0)


def zip_bomb_docx(unpacked: int) -> bytes:
    """A real .docx-shaped zip whose document.xml inflates to `unpacked` bytes of zeros (the
    deflate stream of one 16 MB block, repeated: ~1.5 MB on disk for 1.5 GB)."""
    block_size = 16 * MB
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(bytes(block_size)) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(unpacked // block_size):
        crc = zlib.crc32(bytes(block_size), crc)
    types = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    return _zip([("[Content_Types].xml", 0, zlib.crc32(types), len(types), types),
                 ("word/document.xml", 8, crc, unpacked, block * (unpacked // block_size) + deflate.flush())])


def test_a_docx_that_unpacks_to_1_5_gb_is_refused_before_reading():
    import zipfile

    data = zip_bomb_docx(96 * 16 * MB)
    assert len(data) < 2 * MB
    with zipfile.ZipFile(io.BytesIO(data)).open("word/document.xml") as member:  # it really inflates
        assert member.read(MB) == bytes(MB)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ReadError, match="unpacks to 1.5 GB, over the limit of 200 MB"):
        read_bytes(data, "bomb.docx", "bomb")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 2 and peak < 20 * MB


def test_a_docx_of_many_members_is_refused_before_they_are_listed():
    data = _zip([(f"word/m{i}.xml", 0, 0, 0, b"") for i in range(10_001)])
    with pytest.raises(ReadError, match="more than 10,000 members"):
        read_bytes(data, "many.docx", "many")


def test_a_docx_compressed_with_another_method_is_refused():
    data = _zip([("word/document.xml", 12, 0, 10, b"BZh9")])  # bzip2: Word never writes it
    with pytest.raises(ReadError, match="method Word does not use"):
        read_bytes(data, "odd.docx", "odd")


def test_a_100_mb_text_is_refused_by_its_size_at_once(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.write(DOCUMENT.encode())
        f.truncate(100 * MB)  # sparse: nothing to read if the size is checked first
    started = time.perf_counter()
    result, quads = extract_file(str(big))
    assert quads is None and result.error == "file too large: 100 MB, the limit for .txt files is 20 MB"
    with pytest.raises(ReadError, match="file too large"):
        read_path(big)
    assert time.perf_counter() - started < 1
    tracemalloc.start()  # the batch too: its unchanged-file check hashes the file in chunks
    report = ingest_paths(Store(tmp_path / "store"), [big])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert report.failures[0].error.startswith("file too large") and peak < 50 * MB


def test_the_text_limit_is_configurable(tmp_path):
    doc = tmp_path / "qd.txt"
    doc.write_bytes(DOCUMENT.encode() * 3)
    small = Limits(text_bytes=1000)
    report = ingest_paths(Store(tmp_path / "store"), [doc], limits=small)
    assert report.failures[0].error == "file too large: 1.54 KB, the limit for .txt files is 0.977 KB"
    import docx

    word = docx.Document()
    for line in (DOCUMENT * 3).splitlines():
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    with pytest.raises(ReadError, match="text too large: 1,202 characters, the limit is 1,000"):  # the text read from any format
        read_bytes(out.getvalue(), "qd.docx", "qd", small)
    assert read_path(doc).text  # the default (20 MB) takes it


def _pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


ASCII_LINES = ["So: 1351/QD-UBND", "Quang Ngai, ngay 04 thang 10 nam 2022", "QUYET DINH", "Ve viec cong bo thu tuc hanh chinh"]


@pytest.mark.parametrize("user_password,outcome", [("secret", "encrypted PDF: it needs a password to open"), ("", None)])
def test_an_encrypted_pdf_says_so(user_password, outcome):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(ASCII_LINES))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    if outcome:
        with pytest.raises(ReadError, match=outcome):
            read_bytes(out.getvalue(), "locked.pdf", "locked")
    else:  # encrypted without a user password: opens and reads
        assert "1351/QD-UBND" in read_bytes(out.getvalue(), "open.pdf", "open").text


def test_pypdf_warnings_are_the_files_warnings_not_stray_stderr(capfd):
    data = _pdf(ASCII_LINES)
    m = re.search(rb"startxref\s+(\d+)", data)
    damaged = data[:m.start(1)] + str(int(m.group(1)) + 7).encode() + data[m.end(1):]
    source = read_bytes(damaged, "moved-xref.pdf", "x")
    assert "pypdf: incorrect startxref pointer(3)" in source.warnings
    assert "startxref" not in capfd.readouterr().err


VBPL_PAGE = """<!DOCTYPE html><html><head><title>Quyết định 1351/QĐ-UBND</title>
<style>.toanvancontent { color: #000 }</style><script>var menu = "Trang chủ";</script></head>
<body><form method="post" id="aspnetForm"><nav><ul><li>Trang chủ</li><li>Văn bản pháp luật</li></ul></nav>
<div class="header">Cơ sở dữ liệu quốc gia về văn bản pháp luật</div>
<div id="toanvancontent" class="toanvancontent">
<table><tr><td><p>ỦY BAN NHÂN DÂN<br>TỈNH QUẢNG NGÃI</p></td><td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></td></tr>
<tr><td>Số: 1351/QĐ-UBND</td><td><i>Quảng Ngãi, ngày 04 tháng 10 năm 2022</i></td></tr></table>
<p align="center"><b>QUYẾT ĐỊNH</b></p><p align="center">Về việc công bố thủ tục hành chính</p>
<p>Căn cứ Nghị định số&nbsp;63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ
   về kiểm soát thủ tục hành chính;</p><div><div>Điều 1. Công bố kèm theo Quyết định này.</div></div>
<script>track("view")</script></div>
<footer>Bản quyền thuộc Bộ Tư pháp</footer></form></body></html>"""


def test_a_saved_vbpl_page_reads_as_its_document():
    source = read_bytes(VBPL_PAGE.encode(), "qd-1351.html", "qd-1351")
    assert source.media_type == "text/html"
    assert source.text.splitlines()[:4] == [
        "| ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
        "| Số: 1351/QĐ-UBND | Quảng Ngãi, ngày 04 tháng 10 năm 2022 |", "QUYẾT ĐỊNH", "Về việc công bố thủ tục hành chính"]
    assert "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;" in source.text
    for chrome in ("Trang chủ", "Cơ sở dữ liệu", "Bản quyền", "track(", "color"):
        assert chrome not in source.text
    ex = extract(source)
    assert ex.header.symbol.symbol == "1351/QĐ-UBND" and ex.header.date.isoformat() == "2022-10-04"
    assert ex.header.type_code == "qd" and any(i.symbol == "63/2010/NĐ-CP" for i in ex.instruments)


def test_a_saved_thuvienphapluat_page_reads_its_content_block():
    page = ("<html><body><div class='menu'><a>Văn bản mới</a></div><div id='divContentDoc'><div class='content1'>"
            "<p>Số: 435/QĐ-UBND</p><p>Kon Tum, ngày 04 tháng 5 năm 2020</p><p>QUYẾT ĐỊNH</p></div></div>"
            "<div class='related'>Văn bản liên quan</div></body></html>")
    assert read_bytes(page.encode(), "tvpl.html", "t").text == "Số: 435/QĐ-UBND\nKon Tum, ngày 04 tháng 5 năm 2020\nQUYẾT ĐỊNH\n"


def test_a_page_without_a_known_content_block_reads_its_body():
    page = "<html><body><nav>Menu</nav><h1>Quyết định</h1><p>Về việc thử</p><script>x()</script></body></html>"
    assert read_bytes(page.encode(), "p.htm", "p").text == "Quyết định\nVề việc thử\n"


LIBREOFFICE = shutil.which("soffice")
NEEDS_WORD_97 = pytest.mark.skipif(not (LIBREOFFICE and shutil.which("antiword")),
                                   reason="needs LibreOffice (soffice) to make a real .doc and antiword to read it: "
                                          "apt-get install libreoffice-writer-nogui antiword")


def word_97(tmp_path: Path, text: str) -> Path:
    """A real Word 97–2003 file holding `text`, made by LibreOffice from a UTF-8 text file."""
    (tmp_path / "qd.txt").write_text(text, encoding="utf-8")
    subprocess.run([LIBREOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "out"), str(tmp_path / "qd.txt")],
                   check=True, capture_output=True, timeout=180)
    doc = tmp_path / "out" / "qd.doc"
    assert doc.read_bytes().startswith(formats.OLE2)  # an OLE2 compound file: Word 97
    return doc


ARTICLES = "".join(f"Điều {i}. Các sở, ngành và huyện chịu trách nhiệm thi hành Quyết định này.\n" for i in range(1, 9))


@NEEDS_WORD_97
def test_a_word_97_doc_reads_like_its_text(tmp_path):
    text = DOCUMENT.replace("Quyết định", "QUYẾT ĐỊNH") + ARTICLES
    doc = word_97(tmp_path, text)
    from_doc, from_text = extract(read_path(doc)), extract(read_path(tmp_path / "qd.txt"))
    assert from_doc.source.media_type == "application/msword" and from_doc.source.warnings == ()
    assert [(i.key, i.symbol) for i in from_doc.instruments] == [(i.key, i.symbol) for i in from_text.instruments]
    assert from_doc.header.symbol.symbol == "1351/QĐ-UBND" and from_doc.header.type_code == "qd"
    renamed = tmp_path / "qd.docx"  # the same .doc under a .docx name
    renamed.write_bytes(doc.read_bytes())
    assert read_path(renamed).text == from_doc.source.text
    assert read_path(renamed).warnings == ("a Word 97–2003 .doc file named .docx: read as .doc",)


@NEEDS_WORD_97
def test_a_word_97_doc_typed_in_tcvn3_reads_as_unicode(tmp_path):
    """An old .doc typed in .VnTime: Word stores the font's Windows-1252 letters, antiword gives them back."""
    doc = word_97(tmp_path, tcvn3(DOCUMENT + ARTICLES).decode("cp1252"))
    source = read_path(doc)
    assert source.warnings == ("text in TCVN3 (ABC, .VnTime fonts) glyphs converted to Unicode (15 line(s))",)
    from_doc, from_text = extract(source), extract(read_bytes((DOCUMENT + ARTICLES).encode(), "qd.txt", "qd"))
    assert [(i.key, i.symbol) for i in from_doc.instruments] == [(i.key, i.symbol) for i in from_text.instruments]
    assert from_doc.header.symbol.symbol == "1351/QĐ-UBND" and from_doc.header.date.isoformat() == "2022-10-04"


@pytest.mark.parametrize("encode,name", [(tcvn3, "TCVN3"), (vni, "VNI")])
def test_a_docx_typed_in_a_legacy_font_reads_as_unicode(encode, name):
    """Word keeps what a .VnTime or VNI-Times font shows as Windows-1252 letters ('QuyÕt ®Þnh');
    a heading retyped later in a Unicode font stays as it is."""
    import docx

    word = docx.Document()
    word.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    for line in DOCUMENT.splitlines():
        word.add_paragraph(encode(line).decode("cp1252"))
    out = io.BytesIO()
    word.save(out)
    source = read_bytes(out.getvalue(), "old.docx", "old")
    assert source.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" + DOCUMENT.rstrip("\n")
    assert source.warnings == (f"text in {name} ({'ABC, .VnTime fonts' if name == 'TCVN3' else 'VNI-Times fonts'}) glyphs converted to Unicode (7 line(s))",)


def test_a_docx_named_doc_is_read_as_docx(tmp_path):
    import docx

    word = docx.Document()
    for line in DOCUMENT.splitlines():
        word.add_paragraph(line)
    word.save(tmp_path / "renamed.doc")
    source = read_path(tmp_path / "renamed.doc")
    assert source.text == DOCUMENT.rstrip("\n") and source.warnings == ("a .docx file named .doc: read as .docx",)


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword is not installed (make system-deps installs it)")
def test_an_ole2_file_named_docx_that_antiword_cannot_read_says_so():
    # what a password-protected .docx looks like from outside: an OLE2 container, not a zip
    with pytest.raises(ReadError, match=r"not a readable \.docx: an OLE2 file \(password-protected, or an old \.doc renamed\)"):
        read_bytes(formats.OLE2 + bytes(4096), "locked.docx", "locked")


def test_a_docx_in_legacy_fonts_is_converted_by_its_font_names():
    """The font says the encoding: .VnTime (TCVN3), .VnTimeH (TCVN3 showing capitals), VNI-Times
    (VNI), set on runs or on the paragraph style; a Unicode font's run is left as it is."""
    import docx

    word = docx.Document()
    word.styles["Normal"].font.name = ".VnTime"
    heading = word.add_paragraph()
    heading.add_run(tcvn3("uỷ ban nhân dân tỉnh quảng ngãi").decode("cp1252")).font.name = ".VnTimeH"
    for line in DOCUMENT.splitlines()[:3]:  # no run font: the Normal style's .VnTime
        word.add_paragraph(tcvn3(line).decode("cp1252"))
    mixed = word.add_paragraph()
    mixed.add_run(vni("Căn cứ ").decode("cp1252")).font.name = "VNI-Times"
    mixed.add_run("Nghị định số 63/2010/NĐ-CP").font.name = "Times New Roman"
    out = io.BytesIO()
    word.save(out)
    source = read_bytes(out.getvalue(), "fonts.docx", "fonts")
    assert source.text.splitlines() == ["UỶ BAN NHÂN DÂN TỈNH QUẢNG NGÃI", *DOCUMENT.splitlines()[:3],
                                        "Căn cứ Nghị định số 63/2010/NĐ-CP"]
    assert source.warnings == ("3 run(s) in TCVN3 (ABC, .VnTime fonts) converted to Unicode",
                               "1 run(s) in VNI (VNI-Times fonts) converted to Unicode")


def test_the_font_name_rules_give_their_examples():
    from ingest.read import legacy

    for encoding in ("tcvn3", "vni"):
        for font, upper in legacy.table()[encoding]["fonts"]["examples"].items():
            assert legacy.font_encoding(font) == (encoding, upper)
    assert legacy.font_encoding("Times New Roman") is None


def test_without_antiword_a_doc_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setattr(formats.shutil, "which", lambda name: None)
    with pytest.raises(ReadError, match="antiword is not installed"):
        read_bytes(formats.OLE2 + bytes(600), "old.doc", "old")


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword is not installed (make system-deps installs it)")
def test_a_damaged_doc_says_why():
    with pytest.raises(ReadError, match=r"not a readable \.doc file \(the file is not a Word Document\.\)"):
        read_bytes(b"not a word file at all" * 100, "junk.doc", "junk")


def test_a_folder_walk_finds_every_readable_format(tmp_path):
    for name in ("a.txt", "b.md", "c.html", "d.HTM", "e.docx", "f.doc", "g.pdf", "h.xls", "i"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.txt", "b.md", "c.html", "d.HTM", "e.docx", "f.doc", "g.pdf"]
