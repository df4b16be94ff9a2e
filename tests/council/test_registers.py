"""The registers after the decisions: golden book, payout sheet, reward fund; the public results."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.models import AuditEvent
from council import services
from council.enums import RecoveryStatus
from council.models import DecisionEntry, FundIncome
from organisation.enums import Role
from songlo.exceptions import DomainError, InvalidTransition
from tests.council.helpers import screened
from tests.council.test_decisions import approve, issue
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

A4_LANDSCAPE = (842, 595)  # points, rounded


def decide(office, chair, body, units, *, codes=("LDTT", "CSTDCS"), number="125/QĐ-UBND", day=None):
    nominations = [screened(unit, code) for unit in units for code in codes]
    session = approve(office, chair, body, nominations)
    return issue(office, body, nominations, number=number, session=session, date=day or datetime.date(2025, 3, 20))


def rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]


# Golden book --------------------------------------------------------------------------------
def test_golden_book_lists_the_year_in_ordinal_order_across_decisions(district, office, chair, client_for):
    first = decide(office, chair, district.district, [district.commune])
    second = decide(office, chair, district.district, [district.other_commune], number="130/QĐ-UBND")

    response = client_for("office").get(reverse("council:golden_book"), {"year": 2025})

    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert [e.ordinal for e in entries] == [1, 2, 3, 4]
    assert [e.decision_id for e in entries] == [first.pk, first.pk, second.pk, second.pk]
    html = response.content.decode()
    assert "Xã A" in html and "Xã B" in html and "130/QĐ-UBND" in html


def test_golden_book_search_ignores_diacritics_and_exports_what_is_shown(district, office, chair, client_for):
    decision = decide(office, chair, district.district, [district.commune, district.other_commune])
    entry = decision.entries.filter(nomination__unit=district.other_commune).order_by("ordinal").first()
    person = entry.nomination.person
    person.full_name = "Ngô Thị Nga"
    person.save()

    client = client_for("office")
    shown = client.get(reverse("council:golden_book"), {"year": 2025, "q": "ngo thi nga"}).context["page"]
    assert [e.pk for e in shown.object_list] == [entry.pk]

    export = client.get(reverse("council:golden_book"), {"year": 2025, "q": "ngo thi nga", "format": "xlsx"})
    table = rows(export.content)
    header = table.index(next(r for r in table if r[0] == "Số sổ vàng"))
    assert table[header + 1][:4] == (entry.ordinal, "Ngô Thị Nga", "Xã B", entry.nomination.award_type.name)
    assert len(table) == header + 2


@pytest.mark.parametrize("who", ["unit_head", "council_member", "stranger"])
def test_golden_book_and_fund_are_the_office_and_chairs(district, who, client_for):
    client = client_for(who)
    assert client.get(reverse("council:golden_book")).status_code in {403, 404}
    assert client.get(reverse("council:fund")).status_code in {403, 404}


def test_an_office_never_reads_another_bodys_golden_book(district, office, chair, client_for):
    decide(office, chair, district.district, [district.commune])
    other = OrgUnitFactory(code="huyen-khac", name="Huyện Khác")
    outsider = UserFactory(username="vanphong.khac")
    MembershipFactory(user=outsider, unit=other, role=Role.OFFICE)
    client = Client()
    client.force_login(outsider)

    response = client.get(reverse("council:golden_book"), {"body": district.district.pk, "year": 2025})

    assert response.context["body"] == other  # the asked body is not theirs: their own is shown
    assert list(response.context["page"].object_list) == []


def test_golden_book_queries_do_not_grow_with_entries(
    district, office, chair, client_for, django_assert_max_num_queries
):
    client = client_for("office")
    decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("council:golden_book"), {"year": 2025})
    decide(office, chair, district.district, [district.other_commune, district.village], number="2/QĐ")
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("council:golden_book"), {"year": 2025})


# Payout sheet -------------------------------------------------------------------------------
def test_payout_sheet_xlsx_lists_rewards_with_the_total_in_words(district, office, chair, client_for):
    decision = decide(office, chair, district.district, [district.commune])  # LĐTT 702.000 + CSTĐCS 2.340.000

    response = client_for("office").get(reverse("council:payout_xlsx", args=[decision.pk]))

    table = rows(response.content)
    assert "125/QĐ-UBND" in table[1][0] and "20/03/2025" in table[1][0]
    header = table.index(next(r for r in table if r[0] == "STT"))
    lines = table[header + 1 : header + 3]
    assert [(r[0], r[6]) for r in lines] == [(1, 702_000), (2, 2_340_000)]
    assert table[header + 3][1:7] == ("Tổng cộng", None, None, None, None, 3_042_000)
    assert any(r[0] == "Bằng chữ: Ba triệu không trăm bốn mươi hai nghìn đồng." for r in table)


def test_payout_sheet_pdf_is_a4_with_the_names_and_the_words(district, office, chair, client_for):
    decision = decide(office, chair, district.district, [district.commune])
    names = [str(e.nomination.subject) for e in decision.entries.all()]

    response = client_for("chair").get(reverse("council:payout_pdf", args=[decision.pk]))

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4_LANDSCAPE
    text = " ".join(page.extract_text() for page in reader.pages)
    for name in names:
        assert name in text
    assert "Ba triệu không trăm bốn mươi hai nghìn đồng" in " ".join(text.split())
    assert "3.042.000" in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert all(
        "/FontFile2" in f.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts.values()
    )


def test_payout_sheet_is_not_for_council_members(district, office, chair, council_member, client_for):
    decision = decide(office, chair, district.district, [district.commune])
    assert client_for("council_member").get(reverse("council:payout_xlsx", args=[decision.pk])).status_code == 403
    assert client_for("stranger").get(reverse("council:payout_pdf", args=[decision.pk])).status_code == 404


# Reward fund --------------------------------------------------------------------------------
def test_fund_year_adds_income_payouts_and_recoveries(district, office, chair, client_for):
    body = district.district
    services.fund_income_record(
        actor=office, body=body, date=datetime.date(2024, 12, 1), amount=10_000_000, source="Ngân sách 2024"
    )
    services.fund_income_record(
        actor=office, body=body, date=datetime.date(2025, 1, 15), amount=20_000_000, source="Ngân sách 2025"
    )
    decision = decide(office, chair, body, [district.commune])  # pays 3.042.000 on 20/03/2025
    entry = decision.entries.get(nomination__award_type__code="LDTT")
    services.award_revoke(actor=chair, entry=entry, ground="fraud", note="Khai man thành tích")
    services.reward_recovery_record(actor=office, entry=entry, date=datetime.date(2025, 5, 2))

    response = client_for("office").get(reverse("council:fund"), {"year": 2025})

    years = {y.year: y for y in response.context["years"]}
    assert (years[2024].opening, years[2024].income, years[2024].closing) == (0, 10_000_000, 10_000_000)
    y2025 = years[2025]
    assert (y2025.opening, y2025.income, y2025.payouts, y2025.recoveries) == (
        10_000_000,
        20_000_000,
        3_042_000,
        702_000,
    )
    assert y2025.closing == 10_000_000 + 20_000_000 - 3_042_000 + 702_000
    kinds = [(line.kind, line.amount) for line in response.context["lines"]]
    assert kinds == [("income", 20_000_000), ("payout", -3_042_000), ("recovery", 702_000)]
    assert list(response.context["to_recover"]) == []


def test_fund_income_from_the_page_takes_amounts_the_vietnamese_way(district, office, client_for):
    client = client_for("office")

    response = client.post(
        reverse("council:fund_income"),
        {"body": district.district.pk, "date": "15/01/2025", "amount": "2.340.000", "source": "Ngân sách"},
    )

    assert response.status_code == 302
    income = FundIncome.objects.get()
    assert (income.amount, income.date, income.recorded_by) == (2_340_000, datetime.date(2025, 1, 15), office)
    assert AuditEvent.objects.filter(action="council.fund_income").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "15/01/2025", "amount": "hai triệu", "source": "Ngân sách"}, "Nhập số tiền bằng số"),
        ({"date": "15/01/2025", "amount": "0", "source": "Ngân sách"}, "Số tiền phải lớn hơn 0"),
        ({"date": "32/01/2025", "amount": "1000", "source": "Ngân sách"}, "ngày hợp lệ"),
        ({"date": "15/01/2025", "amount": "1000", "source": "   "}, "Trường này là bắt buộc"),
    ],
)
def test_bad_fund_income_is_refused_in_vietnamese_and_changes_nothing(district, office, client_for, data, message):
    response = client_for("office").post(reverse("council:fund_income"), {"body": district.district.pk, **data})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FundIncome.objects.exists()


def test_recovery_is_recorded_once_and_only_for_a_revoked_reward(district, office, chair):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    entry = decision.entries.get()
    with pytest.raises(InvalidTransition):
        services.reward_recovery_record(actor=office, entry=entry, date=datetime.date(2025, 5, 2))
    services.award_revoke(actor=chair, entry=entry, ground="fraud", note="Khai man")
    with pytest.raises(DomainError, match="trước ngày quyết định"):
        services.reward_recovery_record(actor=office, entry=entry, date=datetime.date(2025, 1, 2))

    services.reward_recovery_record(actor=office, entry=entry, date=datetime.date(2025, 5, 2))

    with pytest.raises(InvalidTransition):
        services.reward_recovery_record(actor=office, entry=entry, date=datetime.date(2025, 5, 3))
    entry.refresh_from_db()
    assert (entry.recovery, entry.recovered_on, entry.recovered_by) == (
        RecoveryStatus.RECOVERED,
        datetime.date(2025, 5, 2),
        office,
    )
    assert AuditEvent.objects.filter(action="council.reward_recovery").count() == 1


def test_recovery_from_the_page(district, office, chair, client_for):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    entry = decision.entries.get()
    services.award_revoke(actor=chair, entry=entry, ground="fraud", note="Khai man")
    client = client_for("office")
    assert entry in client.get(reverse("council:fund")).context["to_recover"]

    client.post(reverse("council:reward_recovered", args=[entry.pk]), {"date": "02/05/2025"})

    assert DecisionEntry.objects.get(pk=entry.pk).recovered_on == datetime.date(2025, 5, 2)
    assert client_for("council_member").post(
        reverse("council:reward_recovered", args=[entry.pk]), {"date": "02/05/2025"}
    ).status_code in {403, 404}


# Public results -----------------------------------------------------------------------------
def test_public_results_show_names_units_awards_and_revocations_without_login(district, office, chair):
    decision = decide(office, chair, district.district, [district.commune])
    revoked = decision.entries.get(nomination__award_type__code="LDTT")
    services.award_revoke(actor=chair, entry=revoked, ground="fraud", note="Khai man thành tích")
    person = revoked.nomination.person

    response = Client().get(reverse("public:results"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "125/QĐ-UBND" in html and "Về việc tặng danh hiệu thi đua năm 2024" in html
    assert person.full_name in html and "Xã A" in html and "Đã hủy bỏ" in html
    # Nothing else personal: no code, no birth date, no note of the revocation.
    assert person.code not in html and "Khai man thành tích" not in html


def test_public_results_search_by_any_spelling(district, office, chair):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    decide(office, chair, district.district, [district.other_commune], codes=("LDTT",), number="9/QĐ")
    person = decision.entries.get().nomination.person
    person.full_name = "Đỗ Văn Đồng"
    person.save()

    page = Client().get(reverse("public:results"), {"q": "do van dong"}).context["page"]

    assert [d.pk for d in page.object_list] == [decision.pk]


def test_public_results_queries_do_not_grow_with_decisions(district, office, chair, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    with CaptureQueriesContext(connection) as small:
        Client().get(reverse("public:results"))
    decide(office, chair, district.district, [district.other_commune, district.village], number="2/QĐ")
    with django_assert_max_num_queries(len(small)):
        Client().get(reverse("public:results"))
