"""Point 7 of issue 14: every list page exports its rows as XLSX, with a Vietnamese header row,
the page's filters applied and the page's scope (a unit head's export holds only their unit)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Person
from campaigns import services as campaign_services
from campaigns.enums import RegistrationStatus
from council.models import Decision
from tests.awards.factories import PersonFactory, give, rate
from tests.campaigns.conftest import TODAY, make_movement
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def read(response) -> list[tuple]:
    """The first sheet's rows as tuples of values (trailing empty cells dropped)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(tuple(values))
    return rows


def body(rows: list[tuple], header_first: str = "STT") -> tuple[tuple, list[tuple]]:
    """The header row (the one starting with STT) and the rows below it."""
    index = next(i for i, row in enumerate(rows) if row and row[0] == header_first)
    return rows[index], rows[index + 1 :]


# People ------------------------------------------------------------------------------------
@pytest.fixture
def people(district):
    PersonFactory(code="cb-a1", full_name="Phạm Thị Mai", unit=district.commune, position="Phó chủ tịch")
    PersonFactory(code="cb-a2", full_name="Lê Văn Nam", gender="nam", unit=district.village)
    PersonFactory(code="cb-b1", full_name="Trần Thị Hoa", unit=district.other_commune)


def test_people_export_has_the_header_and_every_row_in_the_office_scope(client_for, people):
    header, rows = body(read(client_for("office").get(reverse("awards:people") + "?export=xlsx")))

    assert header == ("STT", "Họ và tên", "Mã", "Giới tính", "Chức vụ", "Đơn vị", "Ngày bắt đầu công tác")
    # In the page's order: by name unless a header chose another.
    assert [row[1:3] for row in rows] == [("Lê Văn Nam", "cb-a2"), ("Phạm Thị Mai", "cb-a1"), ("Trần Thị Hoa", "cb-b1")]
    assert rows[1] == (2, "Phạm Thị Mai", "cb-a1", "Nữ", "Phó chủ tịch", "Xã A", "01/01/2015")


def test_people_export_applies_the_search_and_names_it(client_for, people):
    rows = read(client_for("office").get(reverse("awards:people") + "?q=Nam&page=1&export=xlsx"))
    _header, lines = body(rows)

    assert rows[0] == ("Tìm theo: Nam",)
    assert [row[2] for row in lines] == ["cb-a2"]


def test_people_export_of_a_unit_head_holds_only_their_unit(client_for, people):
    _header, rows = body(read(client_for("unit_head").get(reverse("awards:people") + "?export=xlsx")))

    assert {row[2] for row in rows} == {"cb-a1", "cb-a2"}


def test_people_export_reads_the_rows_in_a_bounded_number_of_queries(
    client_for, district, django_assert_max_num_queries
):
    Person.objects.bulk_create(
        Person(code=f"p-{i:05d}", full_name=f"Cán bộ {i}", gender="nữ", unit=district.commune) for i in range(2500)
    )
    client = client_for("office")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("awards:people") + "?export=xlsx")
    _header, rows = body(read(response))

    assert len(rows) == 2500


# Eligibility -------------------------------------------------------------------------------
@pytest.fixture
def rated(district):
    mai = PersonFactory(code="cb-a1", full_name="Phạm Thị Mai", unit=district.commune)
    rate(mai, 2024, "HTXSNV")
    weak = PersonFactory(code="cb-a2", full_name="Lê Văn Nam", gender="nam", unit=district.commune)
    rate(weak, 2024, "HTNV")
    hoa = PersonFactory(code="cb-b1", full_name="Trần Thị Hoa", unit=district.other_commune)
    rate(hoa, 2024, "HTXSNV")


def test_eligibility_export_applies_the_page_filters(client_for, rated):
    url = reverse("awards:eligibility") + "?year=2024&award=LDTT&export=xlsx"
    rows = read(client_for("office").get(url))
    header, lines = body(rows)

    assert rows[0] == ("Xét điều kiện khen thưởng năm 2024",)
    assert header == (
        "STT",
        "Đối tượng",
        "Mã",
        "Loại đối tượng",
        "Đơn vị",
        "Danh hiệu",
        "Kết quả",
        "Ưu tiên",
        "Lý do",
        "Đã lập hồ sơ",
    )
    # Only the eligible ones (the page hides the others unless asked), for the one award asked.
    assert {(row[2], row[5], row[6]) for row in lines} == {
        ("cb-a1", "Lao động tiên tiến", "Đủ điều kiện"),
        ("cb-b1", "Lao động tiên tiến", "Đủ điều kiện"),
    }
    assert "cần xếp loại HTTNV trở lên năm 2024: HTXSNV" in lines[0][8]


def test_eligibility_export_with_show_all_holds_the_not_eligible_too(client_for, rated):
    url = reverse("awards:eligibility") + "?year=2024&award=LDTT&show=all&unit=xa-a&export=xlsx"
    _header, lines = body(read(client_for("office").get(url)))

    people = {(row[2], row[6]) for row in lines if row[3] == "Cá nhân"}
    assert people == {("cb-a1", "Đủ điều kiện"), ("cb-a2", "Chưa đủ")}
    # The unit chosen and everything under it (its village, a collective: not for LĐTT).
    assert {row[4] for row in lines if row[3] == "Cá nhân"} == {"Xã A"}
    assert {row[4] for row in lines} <= {"Xã A", "Thôn A1"}


def test_eligibility_export_of_a_unit_head_holds_only_their_unit(client_for, rated):
    url = reverse("awards:eligibility") + "?year=2024&award=LDTT&show=all&export=xlsx"
    _header, lines = body(read(client_for("unit_head").get(url)))

    assert {row[2] for row in lines if row[3] == "Cá nhân"} == {"cb-a1", "cb-a2"}
    assert {row[4] for row in lines} == {"Xã A", "Thôn A1"}


# Award history -----------------------------------------------------------------------------
def test_award_history_export_lists_the_units_awards_and_its_predecessors(client_for, district):
    merged = OrgUnitFactory(code="xa-cu", name="Xã Cũ", parent=district.district, successor=district.commune)
    give(district.commune, "TTLDTT", 2024)
    give(merged, "TTLDTT", 2022)
    give(district.other_commune, "TTLDTT", 2024)
    url = reverse("awards:unit_history", args=[district.commune.code]) + "?export=xlsx"
    rows = read(client_for("unit_head").get(url))
    header, lines = body(rows)

    assert rows[0] == ("Quá trình khen thưởng của Xã A",)
    assert header[:5] == ("STT", "Năm", "Danh hiệu, hình thức", "Loại hình", "Tập thể")
    assert [(row[1], row[4], row[5]) for row in lines] == [
        (2024, "Xã A", "2024/QĐ-UBND"),
        (2022, "Xã Cũ", "2022/QĐ-UBND"),
    ]


def test_award_history_export_of_another_unit_is_not_found(client_for, district):
    url = reverse("awards:unit_history", args=[district.other_commune.code]) + "?export=xlsx"

    assert client_for("unit_head").get(url).status_code == 404


# Registrations -----------------------------------------------------------------------------
@pytest.fixture
def registrations(office, unit_head, district):
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, 0, tzinfo=TODAY.tzinfo), tick=False):
        return _registrations(office, unit_head, district)


def _registrations(office, unit_head, district):
    movement = make_movement(office, district)
    campaign_services.movement_launch(actor=office, movement=movement, units=[district.commune, district.other_commune])
    target = movement.targets.order_by("order").first()
    registration = movement.registrations.get(unit=district.commune)
    campaign_services.registration_submit(
        actor=unit_head,
        registration=registration,
        data={"collective_title": "", "ldtt_count": 20, "cstdcs_count": 3, "pledge": "", "targets": {target.pk: "95"}},
    )
    return movement


def test_registrations_export_applies_the_status_filter(client_for, registrations):
    base = reverse("campaigns:registration_status", args=[registrations.pk])
    all_rows = read(client_for("office").get(base + "?export=xlsx"))
    header, lines = body(all_rows)

    assert all_rows[0][0] == "Phong trào thi đua yêu nước năm 2025"
    assert header[:6] == (
        "STT",
        "Đơn vị",
        "Trạng thái",
        "Danh hiệu tập thể đăng ký",
        "Số cá nhân đăng ký Lao động tiên tiến",
        "Số cá nhân đăng ký Chiến sĩ thi đua cơ sở",
    )
    assert header[6:8] == ("Tỷ lệ hộ gia đình văn hóa (%)", "Thu ngân sách (triệu đồng)")
    padded = [row + (None,) * 10 for row in lines]
    assert [(row[1], row[2], row[4], row[6]) for row in padded] == [
        ("Xã A", "Đã đăng ký", 20, "95"),
        ("Xã B", "Chưa đăng ký", 0, None),
    ]

    filtered = read(client_for("office").get(base + f"?status={RegistrationStatus.REGISTERED}&export=xlsx"))
    assert filtered[0][1] == "Trạng thái: " + str(RegistrationStatus.REGISTERED.label)
    assert [row[1] for row in body(filtered)[1]] == ["Xã A"]


def test_registrations_export_is_the_offices_only(client_for, registrations):
    url = reverse("campaigns:registration_status", args=[registrations.pk]) + "?export=xlsx"

    assert client_for("unit_head").get(url).status_code in (403, 404)


# Decisions ---------------------------------------------------------------------------------
def test_decisions_export_lists_the_bodys_decisions_newest_first(client_for, district):
    for number, day in (("12/QĐ-UBND", 1), ("30/QĐ-UBND", 20)):
        Decision.objects.create(
            body=district.district,
            number=number,
            date=datetime.date(2025, 3, day),
            signer_name="Nguyễn Văn Chủ",
            signer_title="Chủ tịch",
            summary="Về việc tặng danh hiệu thi đua năm 2024",
        )
    elsewhere = OrgUnitFactory(code="huyen-khac", name="Huyện Khác")
    Decision.objects.create(
        body=elsewhere, number="1/QĐ", date=datetime.date(2025, 3, 5), signer_name="X", signer_title="Y", summary="Z"
    )
    header, lines = body(read(client_for("office").get(reverse("council:decision_list") + "?export=xlsx")))

    assert header == (
        "STT",
        "Số quyết định",
        "Ngày quyết định",
        "Cơ quan ban hành",
        "Trích yếu",
        "Người ký",
        "Chức vụ người ký",
        "Số người, tập thể",
    )
    assert [row[1:4] for row in lines] == [
        ("30/QĐ-UBND", "20/03/2025", "Huyện Thử"),
        ("12/QĐ-UBND", "01/03/2025", "Huyện Thử"),
    ]
    assert lines[0][7] == 0


def test_every_list_page_shows_one_export_button(client_for, people, district):
    client = client_for("office")
    for url in (reverse("awards:people") + "?q=Mai", reverse("awards:eligibility")):
        content = client.get(url).content.decode()
        assert content.count("export=xlsx") == 1
    assert 'href="?q=Mai&amp;export=xlsx"' in client.get(reverse("awards:people") + "?q=Mai").content.decode()
