"""Gap 1 of issue 14: the circular in force for the report's year. Circular 18/2025/TT-BNV governs
the reports from 2025 but its forms are not in Songlo: those years keep the layout of 02/2023 and
say so on the page, in the XLSX and DOCX header and in the command's JSON (a "circular" key added
after the stable ones); a circular whose forms are added takes over its years."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from awards.enums import SubjectClass
from reports import definitions
from reports.compute import compute, form_for
from reports.definitions import (
    CIRCULAR_02_2023,
    CIRCULAR_18_2025,
    circular_for,
    circular_in_force,
    layout_note,
)
from tests.awards.factories import PersonFactory, give

FORM = "0603.N"
NOTE_START = (
    "Báo cáo năm 2025 thuộc chế độ báo cáo thống kê ngành Nội vụ của Thông tư số 18/2025/TT-BNV ngày 08/10/2025."
)


@pytest.fixture
def awarded(district):
    """The same awards in 2024 (under 02/2023) and in 2025 (under 18/2025)."""
    person = PersonFactory(code="cn-a", unit=district.commune, subject_class=SubjectClass.WORKER)
    for year in (2024, 2025):
        give(person, "BK_TINH", year)
        give(district.commune, "CO_TINH", year)
    return person


def test_each_year_names_the_circular_in_force_and_the_layout_it_uses():
    assert (circular_for(2023), circular_in_force(2023), layout_note(2023)) == (CIRCULAR_02_2023, CIRCULAR_02_2023, "")
    assert (circular_for(2024), circular_in_force(2024)) == (CIRCULAR_02_2023, CIRCULAR_02_2023)
    for year in (2025, 2026):
        assert circular_in_force(year) == CIRCULAR_18_2025
        assert circular_for(year) == CIRCULAR_02_2023  # its forms are not in Songlo: the layout stays
    assert circular_in_force(2020) == CIRCULAR_02_2023  # before any: the first one
    assert CIRCULAR_18_2025.forms == {}
    assert layout_note(2025).startswith(NOTE_START)
    assert "vẫn lập theo mẫu của Thông tư số 02/2023/TT-BNV" in layout_note(2025)


def test_a_circular_given_its_forms_takes_over_its_years(monkeypatch):
    """What a maintainer does: give the circular its forms (here, 02/2023's under a new number)."""
    later = replace(CIRCULAR_18_2025, number="99/2030/TT-BNV", first_year=2030, forms=dict(CIRCULAR_02_2023.forms))
    monkeypatch.setattr(definitions, "CIRCULARS", [*definitions.CIRCULARS, later])

    assert circular_for(2030) is later and circular_in_force(2030) is later and layout_note(2030) == ""
    assert circular_for(2029) is CIRCULAR_02_2023 and circular_in_force(2029) is CIRCULAR_18_2025


def _json(capsys, year: int) -> dict:
    call_command("report", FORM, year=year, body="huyen-thu")
    return json.loads(capsys.readouterr().out)


def test_the_commands_json_names_the_circular_after_its_stable_keys(district, awarded, capsys):
    before, after = _json(capsys, 2024), _json(capsys, 2025)

    for data in (before, after):
        assert list(data) == ["form", "year", "body", "columns", "rows", "circular"]
    assert before["circular"] == {
        "number": "02/2023/TT-BNV",
        "issued": "2023-03-23",
        "in_force": "02/2023/TT-BNV",
        "note": "",
    }
    assert after["circular"]["number"] == "02/2023/TT-BNV" and after["circular"]["in_force"] == "18/2025/TT-BNV"
    assert after["circular"]["note"].startswith(NOTE_START)
    # Same records, same layout: the same figures in both years.
    assert after["columns"] == before["columns"] and after["rows"] == before["rows"]
    assert after["rows"][0]["values"]["1"] == 2


def test_the_form_page_and_the_index_say_which_layout_is_used_and_why(client_for, district, awarded):
    client = client_for("office")
    url = reverse("reports:form", args=[FORM])

    page_2025 = client.get(url, {"year": 2025, "body": "huyen-thu"}).content.decode()
    page_2024 = client.get(url, {"year": 2024, "body": "huyen-thu"}).content.decode()
    index_2025 = client.get(reverse("reports:index"), {"year": 2025, "body": "huyen-thu"}).content.decode()

    assert 'data-testid="circular-note"' in page_2025 and NOTE_START in page_2025
    assert "Biểu số: 0603.N/BNV-TĐKT" in page_2025  # laid out as 02/2023, which it says
    assert 'data-testid="circular-note"' not in page_2024
    assert NOTE_START in index_2025


def test_the_note_is_translated_on_the_english_page(client_for, district, awarded):
    client = client_for("office")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("reports:form", args=[FORM]), {"year": 2025, "body": "huyen-thu"}).content.decode()

    assert "18/2025/TT-BNV" in page and NOTE_START not in page


def test_the_xlsx_and_docx_headers_carry_the_note(client_for, district, awarded):
    client = client_for("office")
    query = {"year": 2025, "body": "huyen-thu"}
    sheet = load_workbook(io.BytesIO(client.get(reverse("reports:form_xlsx", args=[FORM]), query).content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    doc = Document(io.BytesIO(client.get(reverse("reports:form_docx", args=[FORM]), query).content))

    assert rows[6][0].startswith(NOTE_START)  # below the title, the year and the measure
    assert rows[0][0] == "Biểu số: 0603.N/BNV-TĐKT"
    by_code = {row[1]: row for row in rows if row[1] and str(row[1]).isdigit()}
    assert by_code["01"][3] == 2
    assert any(p.text.startswith(NOTE_START) for p in doc.paragraphs)
    # 2024: no note row (the header as before).
    sheet_2024 = load_workbook(
        io.BytesIO(client.get(reverse("reports:form_xlsx", args=[FORM]), {**query, "year": 2024}).content)
    ).active
    assert not any(str(c.value or "").startswith("Báo cáo năm") for row in sheet_2024.iter_rows() for c in row)


def test_every_form_of_a_year_under_18_2025_is_computed_with_the_2023_forms(district, awarded):
    for code in definitions.FORM_CODES:
        table = compute(form_for(code, 2025), district.district, 2025)
        assert table.circular is CIRCULAR_02_2023 and table.in_force is CIRCULAR_18_2025
        assert table.as_json()["circular"]["note"].startswith(NOTE_START)
