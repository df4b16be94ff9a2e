"""Migration awards/0011: the sentences older nominations stored become reasons as data."""

import importlib

import pytest
from django.utils import translation

from awards.reasons import render_stored

migration = importlib.import_module("awards.migrations.0011_eligibility_reasons_as_data")
CODES = {"LĐTT": "LDTT", "CSTĐCS": "CSTDCS", "CSTĐ cấp tỉnh": "CSTD_TINH", "GĐVH": "GDVH", "Giấy khen": "GIAY_KHEN"}

# Old sentence -> (ok, the same reason as the engine writes it today, in Vietnamese).
OLD = {
    "dành cho cá nhân: đúng đối tượng": (True, "dành cho cá nhân: đúng đối tượng"),
    "chỉ dành cho tập thể: đối tượng là cá nhân": (False, "chỉ dành cho tập thể: đối tượng là cá nhân"),
    "cần chưa được tặng LĐTT năm 2024: chưa được tặng": (
        True,
        "mỗi năm chỉ được tặng LĐTT một lần (năm 2024): chưa được tặng",
    ),
    "cần chưa được tặng LĐTT năm 2024: đã được tặng (QĐ 12/QĐ-UBND)": (
        False,
        "mỗi năm chỉ được tặng LĐTT một lần (năm 2024): đã được tặng (QĐ 12/QĐ-UBND)",
    ),
    "cần không đang bị xem xét kỷ luật: không có": (True, "không đang bị xem xét kỷ luật: đạt"),
    "cần không đang bị xem xét kỷ luật: đang xem xét Khiển trách từ 01/03/2024": (
        False,
        "không đang bị xem xét kỷ luật: đang xem xét hình thức khiển trách từ 01/03/2024",
    ),
    "cần xếp loại HTTNV trở lên năm 2024: HTXSNV": (True, "cần xếp loại HTTNV trở lên năm 2024: HTXSNV"),
    "cần xếp loại HTTNV trở lên năm 2024: chưa có": (False, "cần xếp loại HTTNV trở lên năm 2024: chưa có"),
    "cần công tác từ 6 tháng trở lên trong năm 2024: chưa đủ, từ 01/09/2024": (
        False,
        "cần công tác từ 6 tháng trở lên trong năm 2024: chưa đủ, từ 01/09/2024",
    ),
    "cần CSTĐCS năm 2023: có (QĐ 5/QĐ)": (True, "cần CSTĐCS năm 2023: có (QĐ 5/QĐ)"),
    "cần CSTĐ cấp tỉnh năm 2024: chưa có quyết định, đủ điều kiện trong năm": (
        True,
        "cần CSTĐ cấp tỉnh năm 2024: chưa có quyết định, đủ điều kiện trong năm",
    ),
    "cần HTXSNV, sáng kiến hoặc đề tài khoa học năm 2024: HTXSNV, sáng kiến SK-1": (
        True,
        "cần HTXSNV, sáng kiến hoặc đề tài khoa học năm 2024: HTXSNV, sáng kiến SK-1",
    ),
    "cần sáng kiến cấp tỉnh trở lên trong 2022–2024: chưa có (chỉ có SK-1 cấp cơ sở)": (
        False,
        "cần sáng kiến cấp tỉnh trở lên trong 2022–2024: chưa có (chỉ có SK-1 cấp cơ sở)",
    ),
    "cần ≥ 70% cán bộ đạt LĐTT năm 2024: 7/9 (78%)": (True, "cần ≥ 70% cán bộ đạt LĐTT năm 2024: 7/9 (78%)"),
    "cần không có cán bộ bị kỷ luật từ cảnh cáo trở lên năm 2024: có 1 người (Lê Văn Hùng)": (
        False,
        "không có cán bộ bị kỷ luật từ mức cảnh cáo trở lên năm 2024: có 1 người (Lê Văn Hùng)",
    ),
    "cần 2 năm liền CSTĐCS, hoặc 2 năm liền HTXSNV và 2 sáng kiến (2023–2024): CSTĐCS 2/2 năm; HTXSNV 0/2 năm, "
    "0 sáng kiến": (
        True,
        "cần 2 năm liền CSTĐCS, hoặc 2 năm liền HTXSNV và 2 sáng kiến (2023–2024): CSTĐCS 2/2 năm; HTXSNV 0/2 năm, "
        "0 sáng kiến",
    ),
    "cần được suy tôn dẫn đầu cụm, khối năm 2024: có (Cụm 1)": (
        True,
        "cần được suy tôn dẫn đầu cụm, khối năm 2024: có (Cụm 1)",
    ),
    "chưa có tiêu chí tự động cho Giấy khen: cơ quan thi đua xem xét": (
        True,
        "chưa có tiêu chí tự động cho Giấy khen: cơ quan thi đua xem xét",
    ),
}


@pytest.mark.parametrize("old", list(OLD))
def test_old_sentences_become_data_rendered_in_both_languages(old):
    ok, today = OLD[old]

    item = migration.convert(old, CODES)

    assert item["ok"] is ok
    with translation.override("vi"):
        assert render_stored(item) == today
    with translation.override("en"):
        assert render_stored(item) != today


def test_a_sentence_that_cannot_be_read_is_kept_as_it_was():
    item = migration.convert("đủ điều kiện theo các tiêu chí tự động", CODES)

    assert item == {"text": "đủ điều kiện theo các tiêu chí tự động"}
    assert render_stored(item) == "đủ điều kiện theo các tiêu chí tự động"
