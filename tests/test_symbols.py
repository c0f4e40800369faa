"""Spellings of one symbol normalise to one eli:id_local."""
import pytest

from ingest.recognize.citations import find_citations


@pytest.mark.parametrize("text, symbol", [
    ("Pháp lệnh số 04/2012/UBTVQH13", "04/2012/UBTVQH13"),
    ("Pháp lệnh số 04/2012/PL-UBTVQH13", "04/2012/UBTVQH13"),   # no type code in Pháp lệnh symbols
    ("Quyết định số 09/2007/QĐ-LĐTBXH", "09/2007/QĐ-BLĐTBXH"),  # variant issuer code
    ("Quyết định số 9/2007/QD-BLDTBXH", "09/2007/QĐ-BLĐTBXH"),  # ASCII D, no leading zero
    ("Công văn số 1721 / UBND - NC", "1721/UBND-NC"),
    ("Luật số 59/2020/QH14", "59/2020/QH14"),                   # term number kept
    ("Quyết định số 12/DA-UBND", "12/DA-UBND"),                # Dự án stays DA, not Đề án
])
def test_one_normalised_symbol(text, symbol):
    (c,) = find_citations(text)
    assert c.symbol == symbol
