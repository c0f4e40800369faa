"""Readers for .docx and .pdf (fixtures built at test time) and refusals with reasons."""
from __future__ import annotations

from pathlib import Path

import pytest

from chidao.loading import ingest_paths
from chidao.store import Store
from ingest.pipeline import extract
from ingest.read.files import ReadError, read_path
from ingest.tables.text import fold

HEADER = ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Số: 1351/QĐ-UBND", "Quảng Ngãi, ngày 04 tháng 10 năm 2022",
          "QUYẾT ĐỊNH", "Về việc công bố thủ tục hành chính",
          "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;"]
FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"), Path("/Library/Fonts/Arial Unicode.ttf")]


def make_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = HEADER[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    table.cell(1, 0).text, table.cell(1, 1).text = HEADER[1], HEADER[2]
    for line in HEADER[3:]:
        d.add_paragraph(line)
    d.save(path)
    return path


def make_pdf(path: Path, lines: list[str] | None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    font = next((f for f in FONTS if f.exists()), None)
    if font:
        pdf.add_font("uni", fname=str(font))
        pdf.set_font("uni", size=11)
    else:  # no Unicode font on this machine: an accent-free text layer still tests the reader
        pdf.set_font("helvetica", size=11)
        lines = [fold(x).upper() if x.isupper() else fold(x) for x in lines] if lines else lines
    for line in lines or []:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if lines is None:  # a "scanned" page: only a drawing, no text layer
        pdf.rect(20, 20, 150, 200, style="F")
    pdf.output(str(path))
    return path


def test_docx_table_header_is_read(tmp_path):
    source = read_path(make_docx(tmp_path / "qd.docx"))
    assert "| Số: 1351/QĐ-UBND | Quảng Ngãi, ngày 04 tháng 10 năm 2022 |" in source.text
    ex = extract(source)
    assert ex.header.symbol.symbol == "1351/QĐ-UBND"
    assert ex.header.date.isoformat() == "2022-10-04" and ex.header.type_code == "qd"
    assert any(i.symbol == "63/2010/NĐ-CP" for i in ex.instruments)


def test_pdf_text_layer_is_read(tmp_path):
    source = read_path(make_pdf(tmp_path / "qd.pdf", HEADER))
    assert source.media_type == "application/pdf"
    ex = extract(source)
    assert ex.header.symbol.number == "1351"
    assert ex.header.date.isoformat() == "2022-10-04"


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty"),
    ("binary.txt", bytes(range(256)) * 8, "binary"),
    ("broken.docx", b"PK\x03\x04 not really a zip", ".docx"),
    ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
])
def test_unreadable_files_say_why(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(ReadError, match=reason):
        read_path(p)


def test_scanned_pdf_is_refused_and_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "scan.pdf", None)
    (folder / "empty.md").write_bytes(b"  \n")
    make_docx(folder / "good.docx")
    store = Store(tmp_path / "store")
    report = ingest_paths(store, [folder])
    reasons = {Path(r.path).name: r.error for r in report.failures}
    assert "text layer" in reasons["scan.pdf"] and "empty" in reasons["empty.md"]
    assert [Path(r.path).name for r in report.succeeded] == ["good.docx"]
    graphs = [g for g in store.graphs() if "/graph/" in g and not g.endswith(("vocabulary", "reconciliation"))]
    assert graphs == ["https://w3id.org/chidao/graph/good"]  # nothing stored for the failures
