"""`import chidao` → DataFrames, with values bound safely."""
import chidao


def test_open_ingest_and_tables(sample_path):
    kg = chidao.open(":memory:")
    report = kg.ingest([sample_path])
    assert not report.failures
    df = kg.instruments()
    assert {"label", "symbol", "type", "date", "issuers"} <= set(df.columns)
    row = df[df.symbol == "1395/QĐ-UBND"].iloc[0]
    assert row.date == "2016-08-03" and row.issuers == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    dates = kg.sparql("SELECT ?d WHERE { ?i eli:id_local ?sym ; eli:date_document ?d }", sym="25-CTr/TU")
    assert sorted(dates.d) == ["2012-06-26", "2012-06-28"]
    assert "Bộ Công an" in set(kg.bodies().name)


def test_open_on_disk(tmp_path, sample_path):
    kg = chidao.open(tmp_path / "s")
    kg.ingest([sample_path])
    assert len(chidao.open(tmp_path / "s").documents()) == 1
