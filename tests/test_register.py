"""Register import: rows become instruments of the issuer with validity; lower-cased
citations inside the summaries are linked, with evidence pointing into the CSV text."""
from __future__ import annotations

from click.testing import CliRunner

from chidao.cli import main
from chidao.register import import_register, recase
from chidao.store import Store

CSV = (
    ",so_ky_hieu,ngay_ban_hanh,trich_yeu,hieu_luc,pdf\n"
    "0,3637/UBND-VX,20/07/2022,\"thực hiện công văn số 3652/byt-dp ngày 10/7/2022 của bộ y tế, về bhyt\","
    "Văn bản đang có hiệu lực,http://x/1.pdf\n"
    "1,1707/QĐ-UBND,15/07/2022,\"công bố thủ tục,\nhai dòng\",Văn bản hết hiệu lực,http://x/2.pdf\n"
    "2,,01/01/2020,không có số,,\n"
)
BD = "https://w3id.org/chidao/org/uy-ban-nhan-dan-tinh-binh-duong"


def test_recase_keeps_length():
    t = "thực hiện công văn số 3652/byt-dp ngày 10/7/2022 của bộ y tế, về bhyt"
    r = recase(t)
    assert len(r) == len(t) and "3652/BYT-DP" in r and "của Bộ Y Tế," in r


def test_register_rows_become_instruments(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(CSV, encoding="utf-8")
    store = Store(tmp_path / "s")
    report = import_register(store, path, "UBND tỉnh Bình Dương")
    assert (report.rows, report.instruments, report.citations) == (3, 2, 1)
    rows = store.select("SELECT ?i ?v WHERE { ?i eli:passed_by ?b ; cdo:validity ?v } ORDER BY ?i", b=BD)
    assert [(r["i"].rsplit("/eli/", 1)[1], r["v"]) for r in rows] == [
        ("cv/2022/3637/uy-ban-nhan-dan-tinh-binh-duong", "Văn bản đang có hiệu lực"),
        ("qd/2022/1707/uy-ban-nhan-dan-tinh-binh-duong", "Văn bản hết hiệu lực")]
    cites = store.select("""SELECT ?c ?q ?b ?e ?text WHERE { ?a eli:cites ?c . ?st rdf:object ?c ; rdf:predicate eli:cites ;
        cdo:evidence ?m . ?m nif:anchorOf ?q ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?d .
        ?d nif:isString ?text }""")
    assert len(cites) == 1
    c = cites[0]
    assert c["c"].endswith("/eli/cv/2022/3652/bo-y-te") and c["q"] == "công văn số 3652/byt-dp"
    assert c["text"][c["b"]:c["e"]] == c["q"]


def test_cli_import_register(tmp_path):
    path = tmp_path / "reg.csv"
    path.write_text(CSV, encoding="utf-8")
    r = CliRunner().invoke(main, ["import-register", "--store", str(tmp_path / "s"), str(path),
                                  "--issuer", "UBND tỉnh Bình Dương"])
    assert r.exit_code == 0, r.output
    assert "3 row(s): 2 instrument(s)" in r.output and "1 row(s) skipped" in r.output


def test_cli_import_register_shows_progress(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "reg.csv"
    path.write_text(CSV, encoding="utf-8")
    p = subprocess.run([sys.executable, "-m", "chidao.cli", "import-register", "--store", str(tmp_path / "s"), str(path),
                        "--issuer", "UBND tỉnh Bình Dương"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "3/3" in p.stderr and "row" in p.stderr and "storing" in p.stderr, p.stderr
    quiet = subprocess.run([sys.executable, "-m", "chidao.cli", "import-register", "-q", "--store", str(tmp_path / "s"),
                            str(path), "--issuer", "UBND tỉnh Bình Dương"], capture_output=True, text=True)
    assert quiet.returncode == 0 and "row" not in quiet.stderr


def test_two_rows_giving_one_symbol_two_dates_are_flagged(tmp_path):
    """The Bình Dương register lists 02/CT-UBND of 2015 twice (9 January, 20 July): the store
    failed `chidao validate` (two dates, no cdo:hasDateConflict) right after the import."""
    from chidao.validate import validate_graph

    path = tmp_path / "reg.csv"
    path.write_text("so_ky_hieu,ngay_ban_hanh,trich_yeu,hieu_luc\n02/CT-UBND,09/01/2015,Về việc A,Còn hiệu lực\n"
                    "02/CT-UBND,20/07/2015,Về việc B,Còn hiệu lực\n", encoding="utf-8")
    store = Store(tmp_path / "s")
    import_register(store, path, "UBND tỉnh Bình Dương")
    iri = "https://w3id.org/chidao/eli/ct/2015/2/uy-ban-nhan-dan-tinh-binh-duong"
    assert len(store.select("SELECT ?d WHERE { ?i eli:date_document ?d }", i=iri)) == 2
    assert store.select("SELECT ?f WHERE { ?i cdo:hasDateConflict ?f }", i=iri) == [{"f": True}]
    assert validate_graph(store.to_rdflib()).conforms
