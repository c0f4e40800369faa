"""A scanned PDF (pages that are only images) is refused without --ocr and read with it."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from chidao.loading import ingest_paths
from chidao.store import Store
from ingest.pipeline import extract
from ingest.read.files import Limits, ReadError, read_bytes

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LINES = ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Số: 1351/QĐ-UBND", "Quảng Ngãi, ngày 04 tháng 10 năm 2022", "",
         "QUYẾT ĐỊNH", "Về việc công bố thủ tục hành chính", "",
         "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ;"]


def _has_vietnamese_ocr() -> bool:
    tesseract = shutil.which("tesseract")
    return bool(tesseract and shutil.which("pdftoppm") and "vie" in subprocess.run(
        [tesseract, "--list-langs"], capture_output=True, text=True, check=False).stdout.split())


def scanned_pdf() -> bytes:
    """One A4 page that is a 300 dpi grey image of the lines: no text layer at all."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (2480, 3508), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(str(FONT), 44)
    for i, line in enumerate(LINES):
        draw.text((200, 250 + 80 * i), line, fill=0, font=font)
    png = io.BytesIO()
    page.save(png, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(png, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


@pytest.mark.skipif(not FONT.exists(), reason=f"no Unicode font at {FONT} to draw the scanned page")
def test_a_scan_is_refused_without_ocr():
    with pytest.raises(ReadError, match=r"PDF has no text layer \(1 page\(s\), scanned images\?\); read it with --ocr"):
        read_bytes(scanned_pdf(), "scan.pdf", "scan")


@pytest.mark.skipif(not (FONT.exists() and _has_vietnamese_ocr()),
                    reason="needs tesseract with its Vietnamese model and pdftoppm (make system-deps installs them)")
def test_a_scan_is_read_by_ocr_when_asked(tmp_path):
    source = read_bytes(scanned_pdf(), "scan.pdf", "scan", ocr_scans=True)
    assert source.warnings == ("text read by OCR (Tesseract, Vietnamese) from 1 scanned page(s): "
                               "check names and numbers against the original",)
    ex = extract(source)
    assert ex.header.symbol.symbol == "1351/QĐ-UBND" and ex.header.date.isoformat() == "2022-10-04"
    assert ex.header.type_code == "qd" and any(i.symbol == "63/2010/NĐ-CP" for i in ex.instruments)
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf())
    report = ingest_paths(Store(tmp_path / "store"), [tmp_path / "scan.pdf"], ocr_scans=True)
    assert not report.failures and report.results[0].warnings == source.warnings


@pytest.mark.skipif(not FONT.exists(), reason=f"no Unicode font at {FONT} to draw the scanned page")
def test_ocr_has_a_page_limit():
    with pytest.raises(ReadError, match=r"scanned PDF of 1 page\(s\): over the OCR limit of 0 pages"):
        read_bytes(scanned_pdf(), "scan.pdf", "scan", Limits(ocr_pages=0), ocr_scans=True)
