"""The office reads its body's forms, follows each number to its records, downloads XLSX and DOCX;
nobody else does; the command prints the stable JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from awards.enums import AwardKind, SubjectClass
from organisation.enums import UnitKind
from reports.compute import compute, form_for
from reports.definitions import FORM_CODES
from tests.awards.factories import PersonFactory, give
from tests.factories import OrgUnitFactory

FORM = "0603.N"
QUERY = {"year": 2024, "body": "huyen-thu"}
PAGES = {
    "index": reverse("reports:index"),
    "form": reverse("reports:form", args=[FORM]),
    "cell": reverse("reports:cell", args=[FORM]) + "?row=01&col=1",
    "xlsx": reverse("reports:form_xlsx", args=[FORM]),
    "docx": reverse("reports:form_docx", args=[FORM]),
}
# anonymous, unit_head, stranger, office, council_member, chair, admin
EXPECTED = [302, 403, 403, 200, 403, 403, 200]
ACTORS = ["anonymous", "unit_head", "stranger", "office", "council_member", "chair", "admin"]


@pytest.fixture
def awarded(district):
    """Three province-level awards in Xã A (one person without a class) and one in Xã B."""
    a = PersonFactory(code="cn-a", full_name="Trần Văn An", unit=district.commune, subject_class=SubjectClass.WORKER)
    b = PersonFactory(code="cn-b", full_name="Lê Thị Bình", unit=district.village, subject_class="")
    give(a, "BK_TINH", 2024)
    give(b, "KNC", 2024, kind=AwardKind.SERVICE)
    give(district.commune, "CO_TINH", 2024)
    give(district.other_commune, "BK_TINH", 2024)
    return a, b


@pytest.mark.parametrize("name", PAGES)
def test_only_the_office_and_the_admin_read_the_forms(client_for, district, awarded, name):
    url = PAGES[name] + ("&" if "?" in PAGES[name] else "?") + "year=2024&body=huyen-thu"
    codes = [client_for(actor).get(url).status_code for actor in ACTORS]
    assert codes == EXPECTED


def test_the_office_cannot_report_on_a_body_outside_its_own(client_for, district, awarded):
    OrgUnitFactory(code="huyen-khac", name="Huyện Khác", kind=UnitKind.DISTRICT)
    client = client_for("office")
    for name in ("form", "cell", "xlsx", "docx"):
        url = PAGES[name] + ("&" if "?" in PAGES[name] else "?") + "year=2024&body=huyen-khac"
        assert client.get(url).status_code == 404


def test_the_form_page_shows_names_numbers_links_and_the_gap(client_for, district, awarded):
    response = client_for("office").get(PAGES["form"], {**QUERY})
    html = response.content.decode()

    assert "Biểu số: 0603.N/BNV-TĐKT" in html
    assert "Đơn vị báo cáo: Huyện Thử" in html
    assert response.context["table"].value("01", "1") == 4
    # Collectives: the CO_TINH of Xã A and the BK_TINH of Xã B.
    assert (response.context["table"].value("02", "1"), response.context["table"].value("02", "4")) == (2, 1)
    cell_url = reverse("reports:cell", args=[FORM]) + "?year=2024&amp;body=huyen-thu&amp;row=05&amp;col=5"
    assert f'<a href="{cell_url}">1</a>' in html
    assert [(gap.key, n) for gap, n in response.context["table"].gaps] == [("unclassified", 1)]
    # Names, never codes, on screen (the codes only in links and option values).
    assert "huyen-thu" not in html.replace("body=huyen-thu", "").replace('value="huyen-thu"', "")


def test_a_commune_picked_by_the_office_reports_its_own_subtree(client_for, district, awarded):
    response = client_for("office").get(PAGES["form"], {"year": 2024, "body": "xa-a"})
    assert response.context["table"].value("01", "1") == 3


def test_a_cell_lists_exactly_the_records_behind_it(client_for, district, awarded):
    client = client_for("office")
    individuals = client.get(reverse("reports:cell", args=[FORM]), {**QUERY, "row": "05", "col": "1"})
    unclassified = client.get(reverse("reports:cell", args=[FORM]), {**QUERY, "gap": "unclassified"})
    unknown = client.get(reverse("reports:cell", args=[FORM]), {**QUERY, "row": "99", "col": "1"})

    assert {r.person.full_name for r in individuals.context["page"].object_list} == {"Trần Văn An", "Lê Thị Bình"}
    assert "Trần Văn An" in individuals.content.decode()
    assert [r.person.full_name for r in unclassified.context["page"].object_list] == ["Lê Thị Bình"]
    assert unknown.status_code == 404


def _many(district, first: int, count: int) -> None:
    for index in range(first, first + count):
        person = PersonFactory(code=f"nhieu-{index}", unit=district.village, subject_class=SubjectClass.WORKER)
        give(person, "BK_TINH", 2024)


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["form", "cell", "xlsx", "docx"])
def test_queries_do_not_grow_with_the_records(client_for, district, name):
    client = client_for("office")
    url = PAGES[name].split("?")[0]
    params = {**QUERY, "row": "01", "col": "1"} if name == "cell" else QUERY
    _many(district, 0, 1)
    one = _queries(client, url, params)
    _many(district, 1, 60)
    many = _queries(client, url, params)
    assert one == many


def test_xlsx_reads_back_as_the_circular_lays_it_out(client_for, district, awarded):
    response = client_for("office").get(PAGES["xlsx"], QUERY)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    by_code = {row[1]: row for row in rows if row[1] and str(row[1]).isdigit()}

    assert response["Content-Disposition"] == 'attachment; filename="bieu-0603-N-huyen-thu-2024.xlsx"'
    assert rows[0][0] == "Biểu số: 0603.N/BNV-TĐKT" and rows[0][-1] == "Đơn vị báo cáo: Huyện Thử"
    assert rows[3][0].startswith("SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ")
    assert by_code["01"][3:] == [4, 2, 0, 1, 1]
    assert by_code["05"][2:] == ["Người", 2, 1, 0, 0, 1]
    assert any(
        str(v).startswith("Cá nhân chưa có phân loại đối tượng") and str(v).endswith(": 1")
        for r in rows
        for v in r
        if v
    )
    assert any(v == "Thủ trưởng đơn vị" for r in rows for v in r)
    assert (str(sheet.page_setup.paperSize), sheet.page_setup.orientation) == (sheet.PAPERSIZE_A4, "landscape")


def test_docx_reads_back_as_the_circular_lays_it_out(client_for, district, awarded):
    response = client_for("office").get(PAGES["docx"], QUERY)
    doc = Document(io.BytesIO(response.content))
    head, grid, signature = doc.tables
    rows = [[cell.text for cell in row.cells] for row in grid.rows]
    by_code = {row[1]: row for row in rows if row[1].isdigit()}

    assert "Biểu số: 0603.N/BNV-TĐKT" in head.cell(0, 0).text
    assert "Đơn vị nhận báo cáo" in head.cell(0, 2).text
    assert by_code["01"][3:] == ["4", "2", "0", "1", "1"]
    assert "(Ký, họ tên, đóng dấu)" in signature.cell(2, 1).text
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (29.7, 21.0)


def test_report_command_prints_the_stable_json(district, awarded, capsys):
    call_command("report", FORM, year=2024, body="huyen-thu")
    data = json.loads(capsys.readouterr().out)

    assert list(data) == ["form", "year", "body", "columns", "rows", "circular"]  # "circular": test_circulars
    assert (data["form"], data["year"], data["body"]) == (FORM, 2024, "huyen-thu")
    assert [c["key"] for c in data["columns"]] == ["1", "2", "3", "4", "5"]
    assert [r["code"] for r in data["rows"]] == [f"{i:02d}" for i in range(1, 18)]
    assert data["rows"][0] == {"code": "01", "label": "Tổng số", "values": {"1": 4, "2": 2, "3": 0, "4": 1, "5": 1}}
    assert all(set(r) == {"code", "label", "values"} for r in data["rows"])


def test_report_command_writes_xlsx_and_docx_files(district, awarded, tmp_path):
    call_command("report", "0602.N", year=2024, body="xa-a", format="xlsx", output=str(tmp_path / "f.xlsx"))
    call_command("report", "0601.N", year=2024, format="docx", output=str(tmp_path / "f.docx"))

    assert load_workbook(tmp_path / "f.xlsx").active["A1"].value == "Biểu số: 0602.N/BNV-TĐKT"
    assert "0601.N" in Document(str(tmp_path / "f.docx")).tables[0].cell(0, 0).text


@pytest.mark.parametrize(
    ("form", "body", "message"),
    [
        ("0699.N", None, "Không có biểu “0699.N”"),
        ("summary", None, "Không có giai đoạn thi đua nào gồm năm 2024"),
        (FORM, "khong-co", "Không có đơn vị nào có mã “khong-co”"),
    ],
)
def test_report_command_refuses_what_it_does_not_know(district, form, body, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", form, year=2024, body=body)


@pytest.mark.parametrize("form", FORM_CODES)
def test_every_form_reads_back_from_xlsx_and_docx(district, awarded, tmp_path, form):
    call_command("report", form, year=2024, body="huyen-thu", format="xlsx", output=str(tmp_path / "f.xlsx"))
    call_command("report", form, year=2024, body="huyen-thu", format="docx", output=str(tmp_path / "f.docx"))
    table = compute(form_for(form, 2024), district.district, 2024)
    width = (3 if table.form.has_measure else 2) + len(table.form.columns)
    total = [table.value("01", c.key) for c in table.form.columns]

    rows = [[c.value for c in row] for row in load_workbook(tmp_path / "f.xlsx").active.iter_rows()]
    grid = Document(str(tmp_path / "f.docx")).tables[1]

    assert next(r for r in rows if r[1] == "01")[width - len(total) : width] == total
    assert len(grid.columns) == width
    assert next(r for r in grid.rows if r.cells[1].text == "01").cells[width - 1].text == str(total[-1])
