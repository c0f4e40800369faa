"""Every instrument the seed report cites, hand-checked against the text."""
from __future__ import annotations

import pytest

from ingest import iris

# symbol or name -> (type concept, date(s), issuer keys)
EXPECTED = {
    "18/BC-UBND": ("bc", {"2021-02-01"}, {"uy-ban-nhan-dan-tinh-quang-ngai"}),
    "1395/QĐ-UBND": ("qd", {"2016-08-03"}, {"uy-ban-nhan-dan-tinh-quang-ngai"}),
    "1721/UBND-NC": ("cv", {"2017-03-30"}, {"uy-ban-nhan-dan-tinh-quang-ngai"}),
    "851/QĐ-UBND": ("qd", {"2018-05-28"}, {"uy-ban-nhan-dan-tinh-quang-ngai"}),
    "1790/QĐ-UBND": ("qd", {"2019-11-22"}, {"uy-ban-nhan-dan-tinh-quang-ngai"}),
    "4132/UBND-NC": ("cv", {"2020-09-04"}, {"uy-ban-nhan-dan-tinh-quang-ngai"}),
    "5500/UBND-NC": ("cv", {"2020-11-10"}, {"uy-ban-nhan-dan-tinh-quang-ngai"}),
    "3933/KH-BCĐ138": ("kh", {"2020-09-18"}, {"ban-chi-dao-138-tinh-quang-ngai"}),
    "09/CTr-BCA-MTTW": ("ctr", {"2013-08-01"},
                        {"bo-cong-an", "ban-thuong-truc-uy-ban-trung-uong-mat-tran-to-quoc-viet-nam"}),
    "23/2012/TT-BCA": ("tt", {"2012-04-27"}, {"bo-cong-an"}),
    "372/KH-BCA-HLHPNVN": ("kh", {"2017-12-29"}, {"bo-cong-an", "hoi-lien-hiep-phu-nu-viet-nam"}),
    "04/CTr-BCA-HCCBVN": ("ctr", {"2014-04-18"}, {"bo-cong-an", "trung-uong-hoi-cuu-chien-binh-viet-nam"}),
    "623/QĐ-TTg": ("qd", {"2016-04-14"}, {"thu-tuong-chinh-phu"}),
    "12-CT/TU": ("ct-dang", {"2006-08-21"}, {"tinh-uy-quang-ngai"}),
    "521/QĐ-TTg": ("qd", {"2005-06-13"}, {"thu-tuong-chinh-phu"}),
    "08/CT-BCA-V28": ("ct", {"2016-11-01"}, {"bo-cong-an"}),
    "10/CT-BCA-V28": ("ct", {"2015-12-23"}, {"bo-cong-an"}),
    "09/2019/TT-BCA": ("tt", {"2019-04-11"}, {"bo-cong-an"}),
    "67/2012/TT-BCA": ("tt", {"2012-01-01"}, {"bo-cong-an"}),
    "25-CTr/TU": ("ctr-dang", {"2012-06-26", "2012-06-28"}, {"tinh-uy-quang-ngai"}),
    "09-CT/TW": ("ct-dang", {"2011-12-01"}, {"ban-bi-thu-trung-uong-dang"}),
    "01/TW": ("nqlt", set(), {"ban-chap-hanh-trung-uong-dang"}),
}
NAMED = {
    "Bộ luật Hình sự": ("bl", "quoc-hoi"),
    "Luật An ninh quốc gia": ("l", "quoc-hoi"),
    "Bộ luật Lao động": ("bl", "quoc-hoi"),
    "Luật Bảo vệ môi trường": ("l", "quoc-hoi"),
}


def by_symbol(ex):
    return {i.symbol: i for i in ex.instruments if i.symbol}


def test_header(sample_extraction):
    h = sample_extraction.header
    assert h.symbol.symbol == "18/BC-UBND"  # printed "18 /BC-UBND": the stray space is gone
    assert h.place == "Quảng Ngãi" and str(h.date) == "2021-02-01"
    assert h.type_code == "bc"
    assert h.title.startswith("Tổng kết thực hiện Quyết định số 1395/QĐ-UBND")
    assert h.title.endswith("giai đoạn 2016 - 2020")
    assert (h.signer_name, h.signer_title) == ("Võ Phiên", "Phó chủ tịch")
    recipients = [r.text for r in h.recipients]
    assert recipients[0] == "V05 - Bộ Công an" and "Công an tỉnh" in recipients
    assert not any(r.startswith("Lưu") for r in recipients)


@pytest.mark.parametrize("symbol", sorted(EXPECTED))
def test_cited_instrument(sample_extraction, symbol):
    inst = by_symbol(sample_extraction)[symbol]
    type_code, dates, issuers = EXPECTED[symbol]
    assert inst.type_code == type_code
    assert {d.isoformat() for d, _ in inst.dates} == dates
    assert {b.key for b in inst.issuers} == issuers


def test_no_unexpected_symbols(sample_extraction):
    assert set(by_symbol(sample_extraction)) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_instruments_named_without_symbol(sample_extraction, name):
    inst = next(i for i in sample_extraction.instruments if i.name == name)
    assert (inst.type_code, inst.issuers[0].key) == NAMED[name]


def test_numbered_without_symbol(sample_extraction):
    numbers = {(i.type_code, i.number) for i in sample_extraction.instruments if i.symbol is None and i.number}
    assert ("nq", "30a") in numbers and ("ctr", "134") in numbers


def test_repeated_citations_meet_at_one_node(sample_extraction):
    q1395 = by_symbol(sample_extraction)["1395/QĐ-UBND"]
    assert len(q1395.mentions) >= 10  # cited all through the report, one instrument


def test_citation_across_a_page_break(sample_extraction):
    """'Công văn số 5500/UBND-NC … những mô\\n\\nhình' and the multi-line title still parse."""
    text = sample_extraction.source.text
    title_citation = next(s for s in by_symbol(sample_extraction)["1395/QĐ-UBND"].issuer_mentions)
    assert text[title_citation.start:title_citation.end] == "UBND tỉnh"


def test_date_conflict_kept_with_both_sources(sample_extraction):
    ctr = by_symbol(sample_extraction)["25-CTr/TU"]
    assert len(ctr.dates) == 2
    text = sample_extraction.source.text
    assert {text[s.start:s.end] for _, s in ctr.dates} == {"ngày 26/6/2012", "ngày 28/6/2012"}


def test_identity_iri_is_readable_and_deterministic(sample_extraction):
    inst = by_symbol(sample_extraction)["1395/QĐ-UBND"]
    assert str(iris.instrument(inst.key)) == \
        "https://w3id.org/chidao/eli/qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"
