"""The import template: every sheet and column, Vietnamese headers the importer reads, a notes sheet."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.importer import COLUMN_LABELS, SHEETS, run_import
from awards.models import Person

pytestmark = pytest.mark.django_db


def test_the_office_downloads_a_template_with_every_sheet_and_column(client_for):
    response = client_for("office").get(reverse("awards:import_template"))
    workbook = load_workbook(BytesIO(response.content))

    assert response.status_code == 200
    assert workbook.sheetnames == ["Hướng dẫn", *SHEETS]
    for sheet, columns in SHEETS.items():
        assert [c.value for c in workbook[sheet][1]] == [COLUMN_LABELS[sheet][column] for column in columns]
    notes = [[c.value for c in row] for row in workbook["Hướng dẫn"].iter_rows(min_row=6)]
    assert {(row[0].split(" ")[0], row[2]) for row in notes} == {(s, c) for s, cols in SHEETS.items() for c in cols}
    assert client_for("unit_head").get(reverse("awards:import_template")).status_code == 403


def test_the_filled_template_imports(client_for, district, tmp_path):
    workbook = load_workbook(BytesIO(client_for("office").get(reverse("awards:import_template")).content))
    workbook["people"].append(["cb-mau-1", "Nguyễn Thị Mẫu", "nữ", district.commune.code, "Văn thư", "01/02/2020"])
    workbook["ratings"].append([2024, "cb-mau-1", "HTXSNV"])
    path = tmp_path / "mau.xlsx"
    workbook.save(path)

    report = run_import(path)

    person = Person.objects.get(code="cb-mau-1")
    assert (person.full_name, person.gender, person.unit) == ("Nguyễn Thị Mẫu", "nữ", district.commune)
    assert person.ratings.get(year=2024).rating == "HTXSNV"
    assert report.total_changes == 2
