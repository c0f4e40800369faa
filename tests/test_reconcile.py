"""Cross-document identity: cited documents meet their citations; bare mentions link to the
unique dated node; the same symbol from two provinces stays two nodes."""
from __future__ import annotations

from chidao.loading import ingest_paths
from chidao.reconcile import same_as_pairs
from chidao.store import Store

E = "https://w3id.org/chidao/eli/"


def test_same_as_pairs_only_when_unique():
    pairs = same_as_pairs([
        E + "qd/_/1395/uy-ban-nhan-dan-tinh-quang-ngai", E + "qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai",
        E + "qd/2019/1395/uy-ban-nhan-dan-tinh-kon-tum",
        E + "qd/_/77/_", E + "qd/2020/77/uy-ban-nhan-dan-tinh-a", E + "qd/2021/77/uy-ban-nhan-dan-tinh-b",
        E + "l/_/luat-doanh-nghiep", E + "l/2014/luat-doanh-nghiep",
    ])
    assert pairs == [(E + "qd/_/1395/uy-ban-nhan-dan-tinh-quang-ngai",
                      E + "qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai")]


HEAD = """ỦY BAN NHÂN DÂN TỈNH {P}
Số: {N}/QĐ-UBND
{P2}, ngày 0{D} tháng 3 năm 2021
QUYẾT ĐỊNH
Về việc {T}

{BODY}
"""


def _doc(folder, name, **kw):
    (folder / name).write_text(HEAD.format(**kw), encoding="utf-8")


def test_documents_meet_their_citations_across_the_store(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _doc(folder, "a.txt", P="QUẢNG NGÃI", P2="Quảng Ngãi", N="1395", D=1, T="ban hành kế hoạch",
         BODY="Điều 1. Ban hành kế hoạch.")
    _doc(folder, "b.txt", P="QUẢNG NGÃI", P2="Quảng Ngãi", N="1500", D=5, T="triển khai",
         BODY="Căn cứ Quyết định số 1395/QĐ-UBND ngày 01/3/2021 của UBND tỉnh;\nĐiều 1. Thực hiện.")
    _doc(folder, "c.txt", P="QUẢNG NGÃI", P2="Quảng Ngãi", N="1600", D=7, T="sửa đổi",
         BODY="Điều 1. Sửa đổi Quyết định số 1395/QĐ-UBND của UBND tỉnh.")
    _doc(folder, "d.txt", P="KON TUM", P2="Kon Tum", N="1395", D=2, T="khác", BODY="Điều 1. Khác.")
    store = Store(tmp_path / "store")
    report = ingest_paths(store, [folder], workers=1)
    assert not report.failures
    rows = store.select("SELECT DISTINCT ?i WHERE { ?i a eli:LegalResource ; eli:number '1395' }")
    nodes = sorted(r["i"].removeprefix(E) for r in rows)
    assert nodes == ["qd/2021/1395/uy-ban-nhan-dan-tinh-kon-tum",
                     "qd/2021/1395/uy-ban-nhan-dan-tinh-quang-ngai",
                     "qd/_/1395/uy-ban-nhan-dan-tinh-quang-ngai"]
    # the document itself (a.txt) and b.txt's dated citation are one node
    based = store.select("SELECT ?x WHERE { ?x eli:based_on ?i } ",
                         i=E + "qd/2021/1395/uy-ban-nhan-dan-tinh-quang-ngai")
    assert [r["x"].removeprefix(E) for r in based] == ["qd/2021/1500/uy-ban-nhan-dan-tinh-quang-ngai"]
    assert not store.select("SELECT ?i WHERE { ?i cdo:hasDateConflict true }")
    _doc(folder, "e.txt", P="QUẢNG NGÃI", P2="Quảng Ngãi", N="1700", D=9, T="khác",
         BODY="Căn cứ Quyết định số 1395/QĐ-UBND ngày 09/3/2021 của UBND tỉnh;\nĐiều 1. Khác.")
    ingest_paths(store, [folder / "e.txt"])  # two documents now disagree on the date
    flagged = store.select("SELECT ?i WHERE { ?i cdo:hasDateConflict true }")
    assert [r["i"].removeprefix(E) for r in flagged] == ["qd/2021/1395/uy-ban-nhan-dan-tinh-quang-ngai"]
    same = store.select("SELECT ?a ?b WHERE { ?a <http://www.w3.org/2002/07/owl#sameAs> ?b }")
    assert [(r["a"].removeprefix(E), r["b"].removeprefix(E)) for r in same] == [
        ("qd/_/1395/uy-ban-nhan-dan-tinh-quang-ngai", "qd/2021/1395/uy-ban-nhan-dan-tinh-quang-ngai")]
