"""Tasks and recommendations of the seed, and sections found by their headings (not position)."""
from __future__ import annotations

import hashlib

from ingest.model import SourceText
from ingest.pipeline import extract
from ingest.tables.text import normalize

CTR25 = "ctr-dang/2012/25/tinh-uy-quang-ngai"
CT09 = "ct-dang/2011/9/ban-chap-hanh-trung-uong-dang"
QD1395 = "qd/2016/1395/uy-ban-nhan-dan-tinh-quang-ngai"


def _items(ex, kind):
    return sorted((i for i in ex.items if i.kind == kind), key=lambda i: i.ordinal)


def test_six_tasks_with_period_and_text(sample_extraction):
    tasks = _items(sample_extraction, "task")
    assert [t.ordinal for t in tasks] == [1, 2, 3, 4, 5, 6]
    assert all(t.period == (2021, 2025) for t in tasks)
    assert tasks[0].span.text.startswith("1. Hướng dẫn các đơn vị, địa phương thực hiện nhân rộng")
    assert tasks[5].span.text.endswith("trong phong trào bảo vệ ANTT./.")
    assert "\n\ncông tác phòng, chống tội phạm" in tasks[1].span.text  # the page break is inside task 2


def test_tasks_are_driven_by_the_instruments_they_carry_out(sample_extraction):
    tasks = _items(sample_extraction, "task")
    assert {u.instrument for u in tasks[0].uses} == {QD1395}
    assert {u.instrument for u in tasks[1].uses} == {CTR25}  # 09-CT/TW is reached through 25-CTr/TU
    assert all(not t.uses for t in tasks[2:])


def test_two_recommendations_with_addressees(sample_extraction):
    recs = _items(sample_extraction, "recommendation")
    assert [r.ordinal for r in recs] == [1, 2]
    assert [[b.name for b, _ in r.bodies] for r in recs] == [["Bộ Tài chính"], ["Bộ Công an"]]
    assert recs[1].bodies[0][1].text == "Bộ Công an"


def test_recommendation_two_asks_to_replace_two_circulars(sample_store):
    rows = sample_store.select("""
        SELECT ?symbol WHERE { ?r a cdo:Recommendation ; cdo:ordinal 2 ; cdo:recommendsReplacing ?t .
                               ?t eli:id_local ?symbol }""")
    assert {r["symbol"] for r in rows} == {"67/2012/TT-BCA", "23/2012/TT-BCA"}


def test_tasks_query_in_the_store(sample_store):
    from chidao.named_queries import named_query
    rows = sample_store.select(named_query("tasks"))
    tasks = [r for r in rows if r["kind"] == "task"]
    recs = [r for r in rows if r["kind"] == "recommendation"]
    assert len(tasks) == 6 and len(recs) == 2
    assert {r["ordinal"]: r["addressees"] for r in recs} == {1: "Bộ Tài chính", 2: "Bộ Công an"}
    t2 = next(r for r in tasks if r["ordinal"] == 2)
    assert t2["drivenBy"] == "Chương trình 25-CTr/TU" and (t2["periodStart"], t2["periodEnd"]) == ("2021", "2025")
    assert not t2["text"].startswith("2.")


def test_sections_found_by_heading_words_in_any_order():
    text = normalize(
        "Số: 7/BC-UBND\n\nYên Bái, ngày 3 tháng 3 năm 2022\n\nBÁO CÁO\n\nKết quả\n\n"
        "I. ĐỀ XUẤT\n\n- Đề nghị Bộ Tư pháp hướng dẫn thực hiện Thông tư số 23/2012/TT-BCA.\n\n"
        "II. KẾT QUẢ\n\nĐã làm nhiều việc.\n\n"
        "III. NHIỆM VỤ NĂM 2023\n\n1. Thực hiện Quyết định số 15/QĐ-UBND ngày 02/01/2022.\n\n"
        "2. Tăng cường kiểm tra.\n\nNơi nhận:\n- Như trên;\n")
    ex = extract(SourceText("y", text, "y.txt", hashlib.sha256(text.encode()).hexdigest()))
    recs, tasks = _items(ex, "recommendation"), _items(ex, "task")
    assert len(recs) == 1 and [b.name for b, _ in recs[0].bodies] == ["Bộ Tư pháp"]
    assert [t.ordinal for t in tasks] == [1, 2]  # "Nơi nhận" closes the last section
    assert {u.instrument for u in tasks[0].uses} == {"qd/2022/15/uy-ban-nhan-dan-tinh-yen-bai"}
