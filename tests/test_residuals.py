"""General causes of extraction errors found on held-out real documents, each as a short synthetic
document of the same shape."""
from __future__ import annotations

import hashlib

from ingest.model import SourceText
from ingest.pipeline import extract
from ingest.tables.text import normalize


def _extract(text: str):
    text = normalize(text)
    return extract(SourceText("r", text, "r.txt", hashlib.sha256(text.encode()).hexdigest()))


def _tasks(ex):
    return [i for i in ex.items if i.kind == "task"]


def test_tasks_listed_after_a_directive_lead_in():
    ex = _extract(
        "Số: 05/CT-UBND\n\nYên Bái, ngày 3 tháng 3 năm 2022\n\nCHỈ THỊ\n\nVề tăng cường công tác pháp chế\n\n"
        "Thời gian qua, công tác pháp chế đạt nhiều kết quả.\n\n"
        "Để khắc phục hạn chế, Chủ tịch Ủy ban nhân dân tỉnh chỉ thị:\n\n"
        "1. Sở Tư pháp:\n\n- Chủ trì hướng dẫn nghiệp vụ.\n\n- Tổng hợp kết quả.\n\n"
        "2. Công an tỉnh chủ trì phối hợp kiểm tra.\n\n"
        "3. UBND các huyện, thành phố tổ chức thực hiện.\n\nNơi nhận:\n- Như trên;\n")
    tasks = _tasks(ex)
    assert [t.ordinal for t in tasks] == [1, 2, 3]  # the bullets belong to task 1
    assert "Tổng hợp kết quả." in tasks[0].span.text
    assert [b.name for b, _ in tasks[0].bodies] == ["Sở Tư pháp tỉnh Yên Bái"]
    assert tasks[2].bodies == ()  # many district bodies, not the province's UBND


def test_a_colon_after_other_words_on_tasks_is_no_lead_in():
    ex = _extract(
        "Số: 05/BC-UBND\n\nYên Bái, ngày 3 tháng 3 năm 2022\n\nBÁO CÁO\n\nVề người có công\n\n"
        "Người làm nhiệm vụ quốc tế được xác định như sau:\n\n1. Đã hoàn thành nghĩa vụ.\n\n"
        "2. Được cấp giấy chứng nhận.\n\nNơi nhận:\n- Như trên;\n")
    assert _tasks(ex) == []


def test_a_lead_in_list_stops_at_a_roman_heading():
    ex = _extract(
        "Số: 05/KH-UBND\n\nYên Bái, ngày 3 tháng 3 năm 2022\n\nKẾ HOẠCH\n\nVề người có công\n\n"
        "Để thực hiện Chỉ thị, Ủy ban nhân dân tỉnh ban hành Kế hoạch với các nhiệm vụ sau:\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao nhận thức.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\nCác sở thực hiện.\n\nNơi nhận:\n- Như trên;\n")
    assert _tasks(ex) == []


def test_tasks_under_a_lower_level_heading_and_not_twice():
    ex = _extract(
        "Số: 12/KH-UBND\n\nYên Bái, ngày 3 tháng 3 năm 2022\n\nKẾ HOẠCH\n\nThực hiện công tác pháp chế\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Kết quả thực hiện nhiệm vụ năm trước\n\nĐã làm tốt.\n\n"
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n\n1. Nhiệm vụ chủ yếu\n\n"
        "a) Bộ Tư pháp hướng dẫn thống nhất.\n\nb) Rà soát văn bản.\n\n"
        "2. Giải pháp thực hiện\n\nTăng cường kiểm tra.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\nCác sở thực hiện.\n\nNơi nhận:\n- Như trên;\n")
    tasks = _tasks(ex)
    assert len(tasks) == 2
    assert tasks[0].span.text.startswith("a) Bộ Tư pháp") and tasks[1].span.text.startswith("b) Rà soát")
    assert [b.name for b, _ in tasks[0].bodies] == ["Bộ Tư pháp"]


def test_law_word_before_lower_case_words_is_not_a_law_name():
    from ingest.recognize.citations import find_citations
    text = ("Cơ quan áp dụng Luật giải quyết dứt điểm các vụ việc tồn đọng. "
            "Căn cứ Luật Đất đai, Bộ luật Hình sự và Luật tổ chức Chính phủ; Luật nhà ở năm 2014 vẫn áp dụng.")
    names = {c.name for c in find_citations(text)}
    assert not any(n.startswith("Luật giải quyết") for n in names if n)
    assert {"Luật Đất đai", "Bộ luật Hình sự", "Luật tổ chức Chính phủ", "Luật nhà ở"} <= names


def test_law_name_ended_by_a_semicolon_runs_to_it():
    from ingest.recognize.citations import find_citations
    text = ("Căn cứ Nghị định số 131/2021/NĐ-CP ngày 30/12/2021 của Chính phủ quy định chi tiết "
            "Pháp lệnh Ưu đãi người có công với cách mạng;\nCăn cứ Luật Đất đai;\n")
    names = {c.name for c in find_citations(text) if c.name}
    assert "Pháp lệnh Ưu đãi người có công với cách mạng" in names
    assert "Luật Đất đai" in names


def test_consolidated_text_takes_its_own_type():
    from ingest.recognize.header import read_header
    h = read_header("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n\nSố: 04/VBHN-BLĐTBXH\n\n"
                    "Hà Nội, ngày 10 tháng 3 năm 2021\n\nNGHỊ ĐỊNH\n\nQuy định chi tiết về ưu đãi người có công\n\n"
                    "Nội dung.\n")
    assert (h.type_code, h.type_name) == ("vbhn", "Văn bản hợp nhất")
    assert h.title == "Quy định chi tiết về ưu đãi người có công"
