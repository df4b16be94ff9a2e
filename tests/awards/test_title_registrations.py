"""Named registrations (issue 12, point 1) and registered vs achieved (point 7): services, pages,
scoping, shortcuts, the import of the offices' list layout, query counts, the XLSX export."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent
from awards import achievement, registrations
from awards.enums import NominationStatus, RegistrationStatus
from awards.matching import AMBIGUOUS, MATCHED, NOT_FOUND, AwardMatcher, SubjectMatcher
from awards.models import Household, Nomination, TitleRegistration
from awards.registration_import import REFUSED, read_rows
from campaigns.models import Notification
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.awards.factories import PersonFactory, award, give, rate
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db
REAL_WORLD = next(
    path
    for path in (Path(__file__).resolve().parents[2].parent / "shared/real-world", Path("/work/shared/real-world"))
    if path.exists()
)
YEAR = 2025


@pytest.fixture
def people(district):
    a = PersonFactory(
        code="cb-a1", full_name="Phạm Thị Mai", unit=district.commune, birth_date=datetime.date(1980, 1, 2)
    )
    b = PersonFactory(
        code="cb-a2", full_name="Nguyễn Văn An", unit=district.commune, birth_date=datetime.date(1975, 5, 1)
    )
    c = PersonFactory(
        code="cb-a3", full_name="Nguyễn Văn An", unit=district.village, birth_date=datetime.date(1990, 3, 9)
    )
    d = PersonFactory(code="cb-a4", full_name="Lê Thị Hoa", unit=district.village)
    rate(a, YEAR - 1, "HTXSNV")
    rate(b, YEAR - 1, "HTTNV")
    rate(c, YEAR - 1, "HTNV")
    return [a, b, c, d]


def _register(unit_head, unit, subject, code="LDTT", **extra):
    return registrations.register_title(
        actor=unit_head, unit=unit, year=YEAR, award=award(code), subject=subject, **extra
    )


# Services --------------------------------------------------------------------------------------
def test_register_records_and_refuses_duplicates_and_wrong_kind(district, unit_head, people):
    registration = _register(unit_head, district.commune, people[0])

    assert registration.status == RegistrationStatus.REGISTERED
    assert AuditEvent.objects.filter(action="title_registration.create", object_id=str(registration.pk)).exists()
    with pytest.raises(DomainError, match="đã được đăng ký “Lao động tiên tiến” năm 2025"):
        _register(unit_head, district.commune, people[0])
    with pytest.raises(DomainError, match="không dành cho cá nhân"):
        _register(unit_head, district.commune, people[0], "TTLDTT")
    with pytest.raises(DomainError, match="không dành cho tập thể"):
        _register(unit_head, district.commune, district.village, "LDTT")
    household = Household.objects.create(code="ho-1", head_name="Trần Văn Sơn", unit=district.village)
    with pytest.raises(DomainError, match="không dành cho hộ gia đình"):
        _register(unit_head, district.commune, household, "LDTT")
    assert _register(unit_head, district.commune, household, "GDVH").household == household


def test_head_cannot_register_outside_the_unit(district, unit_head, stranger, people):
    outsider = PersonFactory(unit=district.other_commune)
    with pytest.raises(NotAllowed):
        _register(unit_head, district.commune, outsider)
    with pytest.raises(NotAllowed):
        _register(stranger, district.commune, people[0])


def test_accept_return_reregister_remove(district, unit_head, office, people):
    first = _register(unit_head, district.commune, people[0])
    second = _register(unit_head, district.commune, people[1])

    assert registrations.accept_registrations(actor=office, registrations=[first]) == 1
    with pytest.raises(DomainError, match="lý do"):
        registrations.return_registrations(actor=office, registrations=[second], reason=" ")
    assert registrations.return_registrations(actor=office, registrations=[second], reason="Chưa đủ thời gian") == 1
    second.refresh_from_db()
    assert (second.status, second.return_reason, second.decided_by) == ("returned", "Chưa đủ thời gian", office)
    assert Notification.objects.filter(user=unit_head, text__contains="Chưa đủ thời gian").exists()
    with pytest.raises(NotAllowed):
        registrations.accept_registrations(actor=unit_head, registrations=[second])

    fixed = registrations.reregister(actor=unit_head, registration=second, award=award("CSTDCS"))
    assert (fixed.status, fixed.award_type.code) == ("registered", "CSTDCS")
    with pytest.raises(InvalidTransition):
        registrations.remove_registration(actor=unit_head, registration=first)
    registrations.remove_registration(actor=unit_head, registration=second)
    assert not TitleRegistration.objects.filter(pk=second.pk).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"title_registration.accept", "title_registration.return", "title_registration.reregister"} <= actions
    assert "title_registration.remove" in actions


def test_shortcuts_add_the_rated_and_skip_those_registered(district, unit_head, people):
    _register(unit_head, district.commune, people[1])
    rate(district.village, YEAR - 1, "HTTNV")
    Household.objects.create(code="ho-1", head_name="Trần Văn Sơn", unit=district.village)

    ldtt = registrations.apply_shortcut(actor=unit_head, unit=district.commune, year=YEAR, key="ldtt")
    cstd = registrations.apply_shortcut(actor=unit_head, unit=district.commune, year=YEAR, key="cstdcs")
    collectives = registrations.apply_shortcut(actor=unit_head, unit=district.commune, year=YEAR, key="ttldtt")
    households = registrations.apply_shortcut(actor=unit_head, unit=district.commune, year=YEAR, key="gdvh")

    assert [r.person for r in ldtt.created] == [people[0]]  # HTXSNV and HTTNV; An (HTTNV) already there
    assert [r.person for r in cstd.created] == [people[0]]
    assert [r.subject_unit for r in collectives.created] == [district.village]
    assert len(households.created) == 1
    with pytest.raises(DomainError):
        registrations.apply_shortcut(actor=unit_head, unit=district.commune, year=YEAR, key="nope")


def test_movement_registrations_are_apart_from_the_year(district, unit_head, people):
    from campaigns.models import Movement

    movement = Movement.objects.create(
        owner=district.district,
        title="Thi đua chuyên đề",
        kind="regular",
        year=YEAR,
        status="launched",
        starts_on=datetime.date(YEAR, 1, 1),
        ends_on=datetime.date(YEAR, 12, 31),
    )
    _register(unit_head, district.commune, people[0])
    in_movement = _register(unit_head, district.commune, people[0], movement=movement)

    assert in_movement.movement == movement
    with pytest.raises(DomainError, match="trong phong trào"):
        _register(unit_head, district.commune, people[0], movement=movement)


# Pages and scoping -----------------------------------------------------------------------------
def _page(client, **params):
    return client.get(reverse("awards:title_registrations"), params)


def test_page_shows_names_grouped_by_title_never_codes(client_for, district, unit_head, people):
    _register(unit_head, district.commune, people[0], "CSTDCS")
    _register(unit_head, district.commune, district.village, "TTLDTT")
    response = _page(client_for("unit_head"), year=YEAR)
    text = response.content.decode()

    assert response.status_code == 200
    assert "Chiến sĩ thi đua cơ sở" in text and "Tập thể lao động tiên tiến" in text
    assert "TTLDTT<" not in text and ">CSTDCS" not in text
    assert "Phạm Thị Mai" in text


def test_unit_head_never_sees_or_changes_another_units_registrations(client_for, district, unit_head, people):
    registration = _register(unit_head, district.commune, people[0])
    stranger = client_for("stranger")

    assert _page(stranger, unit="xa-a", year=YEAR).status_code == 404
    assert "Phạm Thị Mai" not in _page(stranger, year=YEAR).content.decode()
    for name in ("awards:title_registration_remove", "awards:title_registration_reregister"):
        assert stranger.post(reverse(name, args=[registration.pk])).status_code == 404
    stranger.post(reverse("awards:title_registration_decide"), {"ids": [registration.pk], "action": "accept"})
    response = stranger.post(
        reverse("awards:title_registration_add"), {"unit": "xa-a", "year": YEAR, "subject": f"p:{people[0].pk}"}
    )
    assert response.status_code == 404
    assert stranger.get(reverse("awards:title_registration_import"), {"unit": "xa-a", "year": YEAR}).status_code == 404
    assert stranger.get(reverse("awards:registered_achieved"), {"unit": "xa-a", "year": YEAR}).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_head_adds_from_the_search_and_office_decides_in_bulk(client_for, district, unit_head, people):
    head = client_for("unit_head")
    response = head.post(
        reverse("awards:title_registration_add"),
        {"unit": "xa-a", "year": YEAR, "subject": f"p:{people[0].pk}", "award": "LDTT", "query": "unit=xa-a"},
    )
    assert response.status_code == 302
    head.post(
        reverse("awards:title_registration_add"),
        {"unit": "xa-a", "year": YEAR, "subject": f"p:{people[1].pk}", "award": "LDTT"},
    )
    again = head.post(
        reverse("awards:title_registration_add"),
        {"unit": "xa-a", "year": YEAR, "subject": f"p:{people[0].pk}", "award": "LDTT"},
        follow=True,
    )
    assert "đã được đăng ký" in again.content.decode()
    ids = list(TitleRegistration.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 2

    office = client_for("office")
    office.post(reverse("awards:title_registration_decide"), {"ids": ids[:1], "action": "accept"})
    refused = office.post(
        reverse("awards:title_registration_decide"), {"ids": ids[1:], "action": "return", "reason": ""}, follow=True
    )
    assert "Ghi rõ lý do trả lại" in refused.content.decode()
    office.post(reverse("awards:title_registration_decide"), {"ids": ids[1:], "action": "return", "reason": "Sai tên"})
    assert list(TitleRegistration.objects.order_by("pk").values_list("status", flat=True)) == ["accepted", "returned"]
    # The head cannot accept their own.
    assert (
        head.post(reverse("awards:title_registration_decide"), {"ids": ids[1:], "action": "accept"}).status_code == 403
    )


def test_shortcut_page_post(client_for, district, people):
    client_for("unit_head").post(
        reverse("awards:title_registration_shortcut"), {"unit": "xa-a", "year": YEAR, "key": "ldtt"}
    )
    assert TitleRegistration.objects.filter(award_type__code="LDTT").count() == 2


def test_page_query_count_is_constant_in_rows(client_for, district, unit_head):
    client = client_for("office")

    def count(n):
        for i in range(n):
            person = PersonFactory(unit=district.village if i % 2 else district.commune)
            _register(unit_head, district.commune, person)
        with CaptureQueriesContext(connection) as queries:
            assert _page(client, unit="huyen-thu", year=YEAR).status_code == 200
        return len(queries)

    assert count(3) == count(30)


# Import ----------------------------------------------------------------------------------------
def _matcher(district):
    from awards.models import Person
    from organisation.models import OrgUnit

    return SubjectMatcher(
        people=Person.objects.filter(unit__path__startswith=district.commune.path),
        units=OrgUnit.objects.filter(path__startswith=district.commune.path),
        households=Household.objects.all(),
    )


@pytest.mark.parametrize("name", ["individuals-template.xlsx", "collectives-template.xlsx"])
def test_real_blank_templates_are_read_without_rows(district, name):
    with (REAL_WORLD / name).open("rb") as f:
        rows, columns = read_rows(f, matcher=_matcher(district))

    assert rows == []
    assert "name" in columns


def _filled(tmp_path, name, rows):
    """The real template with rows typed in under its header (row 3), as an office fills it."""
    target = tmp_path / name
    shutil.copy(REAL_WORLD / name, target)
    book = load_workbook(target)
    sheet = book.worksheets[0]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=4 + offset, column=column, value=value)
    book.save(target)
    return target


def test_filled_individuals_list_matched_ambiguous_not_found(tmp_path, district, people, unit_head):
    # STT, name, gender, birth date, position, department, unit, address, class, form code, title code
    path = _filled(
        tmp_path,
        "individuals-template.xlsx",
        [
            (1, "PHAM THI MAI", "Nữ", "02/01/1980", "", "", "Xã A", "", "", "", "1647933042"),  # LĐTT by catalogue code
            (2, "nguyễn văn an", "Nam", None, "", "", "", "", "", "", "Lao động tiên tiến"),  # two of that name
            (3, "Nguyễn Văn An", "Nam", "09/03/1990", "", "", "", "", "", "", "LĐTT"),  # birth date decides
            (4, "Trần Không Có", "Nam", None, "", "", "Xã A", "", "", "", "1647933042"),
            (5, "Lê Thị Hoa", "Nữ", None, "", "", "Thôn A1", "", "", "", "Danh hiệu lạ"),
            (6, "Phạm Thị Mai", "Nữ", None, "", "", "", "", "", "", "Tập thể lao động tiên tiến"),
        ],
    )
    _register(unit_head, district.commune, people[3], "CSTDCS")
    with path.open("rb") as f:
        rows, _columns = read_rows(f, matcher=_matcher(district))

    assert [(r.number, r.status) for r in rows] == [
        (4, MATCHED),
        (5, AMBIGUOUS),
        (6, MATCHED),
        (7, NOT_FOUND),
        (8, NOT_FOUND),
        (9, REFUSED),
    ]
    assert rows[0].match.subject == people[0] and rows[0].award.code == "LDTT"
    assert {c.pk for c in rows[1].match.candidates} == {people[1].pk, people[2].pk}
    assert rows[2].match.subject == people[2]
    assert "Không tìm thấy cá nhân" in rows[3].reason
    assert "Danh hiệu lạ" in rows[4].reason
    assert "không dành cho cá nhân" in rows[5].reason


def test_filled_collectives_list(tmp_path, district):
    OrgUnitFactory(code="thon-a2", name="Thôn A2", parent=district.commune)
    path = _filled(
        tmp_path,
        "collectives-template.xlsx",
        [
            (1, "THON A1", "", "", "Tập thể lao động tiên tiến"),
            (2, "thon-a2", "", "", "TTLĐTT"),
            (3, "Xã B", "", "", "TTLĐTT"),  # another commune: not in the head's units
        ],
    )
    with path.open("rb") as f:
        rows, _columns = read_rows(f, matcher=_matcher(district))

    assert [(r.status, r.award.code if r.award else None) for r in rows] == [
        (MATCHED, "TTLDTT"),
        (MATCHED, "TTLDTT"),
        (NOT_FOUND, "TTLDTT"),
    ]
    assert rows[0].match.subject == district.village


def test_import_page_previews_then_saves_only_what_is_confirmed(tmp_path, client_for, district, people):
    path = _filled(
        tmp_path,
        "individuals-template.xlsx",
        [
            (1, "Phạm Thị Mai", "Nữ", None, "", "", "Xã A", "", "", "", "1647933042"),
            (2, "Nguyễn Văn An", "Nam", None, "", "", "", "", "", "", "Lao động tiên tiến"),
            (3, "Không Ai", "Nam", None, "", "", "", "", "", "", "Lao động tiên tiến"),
        ],
    )
    client = client_for("unit_head")
    url = reverse("awards:title_registration_import")
    upload = SimpleUploadedFile("ds.xlsx", path.read_bytes())
    response = client.post(url, {"unit": "xa-a", "year": YEAR, "file": upload})
    text = response.content.decode()

    assert response.status_code == 200
    assert "Trùng tên, cần chọn" in text and "Không tìm thấy" in text
    assert TitleRegistration.objects.count() == 0
    ldtt = award("LDTT").pk
    response = client.post(
        url,
        {
            "unit": "xa-a",
            "year": YEAR,
            "confirm": "1",
            "row": ["4", "5"],
            "subject_4": f"p:{people[0].pk}",
            "award_4": ldtt,
            "subject_5": f"p:{people[2].pk}",  # the ambiguous one, chosen by the head
            "award_5": ldtt,
        },
    )
    assert response.status_code == 302
    assert set(TitleRegistration.objects.values_list("person_id", flat=True)) == {people[0].pk, people[2].pk}
    # A forged subject of another unit is not registered.
    outsider = PersonFactory(unit=district.other_commune)
    client.post(
        url,
        {"unit": "xa-a", "year": YEAR, "confirm": "1", "row": ["4"], "subject_4": f"p:{outsider.pk}", "award_4": ldtt},
    )
    assert not TitleRegistration.objects.filter(person=outsider).exists()


def test_import_refuses_a_file_that_is_not_a_workbook(client_for, district):
    response = client_for("unit_head").post(
        reverse("awards:title_registration_import"),
        {"unit": "xa-a", "year": YEAR, "file": SimpleUploadedFile("x.xlsx", b"not a workbook")},
    )
    assert "Không đọc được tệp" in response.content.decode()


def test_award_matcher_by_name_short_name_code_and_catalogue(db):
    matcher = AwardMatcher(code_table={"1647933380": "Chiến sĩ thi đua cơ sở"})

    assert matcher.match("lao dong tien tien").code == "LDTT"
    assert matcher.match("CSTĐCS").code == "CSTDCS"
    assert matcher.match("ttldxs").code == "TTLDXS"
    assert matcher.match("1647933380").code == "CSTDCS"
    assert matcher.match("khác") is None


# Registered vs achieved ------------------------------------------------------------------------
def _pipeline(district, unit_head, people):
    for person in people[:3]:
        _register(unit_head, district.commune, person)
    _register(unit_head, district.commune, district.village, "TTLDTT")
    statuses = [NominationStatus.SUBMITTED, NominationStatus.APPROVED, NominationStatus.DRAFT]
    for person, status in zip(people[:3], statuses, strict=True):
        Nomination.objects.create(
            unit=district.commune, person=person, award_type=award("LDTT"), year=YEAR, status=status
        )
    give(people[1], "LDTT", YEAR)


def test_registered_vs_achieved_counts(district, unit_head, people):
    _pipeline(district, unit_head, people)
    result = achievement.table(district.district, year=YEAR)
    totals = {a.code: f for a, f in result.total_lines}

    assert (totals["LDTT"].registered, totals["LDTT"].nominated, totals["LDTT"].approved, totals["LDTT"].decided) == (
        3,
        2,
        1,
        1,
    )
    assert totals["TTLDTT"].registered == 1
    assert {line.unit.code for line in result.lines} == {"xa-a"}  # the commune's subtree, as the district's child


def test_registered_vs_achieved_page_export_and_scope(client_for, district, unit_head, people):
    _pipeline(district, unit_head, people)
    url = reverse("awards:registered_achieved")
    office = client_for("office")
    page = office.get(url, {"year": YEAR})
    assert page.status_code == 200 and "Lao động tiên tiến" in page.content.decode()
    drill = office.get(url, {"year": YEAR, "unit": "xa-a"})
    assert "(đăng ký trực tiếp)" in drill.content.decode()  # the commune registered them itself

    export = office.get(url, {"year": YEAR, "award": "LDTT", "export": "xlsx"})
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    values = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert "Lao động tiên tiến" in str(values[0][0])
    assert ["Xã A", "Gồm các đơn vị trực thuộc", "Lao động tiên tiến", 3, 2, 1, 1] in [list(r) for r in values]
    assert ["Tổng cộng", None, "Lao động tiên tiến", 3, 2, 1, 1] in [list(r) for r in values]
    assert not any(r[2] == "Tập thể lao động tiên tiến" for r in values if len(r) > 2)

    head = client_for("unit_head").get(url, {"year": YEAR})
    assert head.status_code == 200 and "Xã A" in head.content.decode()


def test_registered_vs_achieved_query_count_is_constant(client_for, district, unit_head):
    client = client_for("office")

    def count(n):
        for i in range(n):
            unit = OrgUnitFactory(code=f"thon-x{n}-{i}", name=f"Thôn X{n}-{i}", parent=district.commune)
            _register(unit_head, district.commune, PersonFactory(unit=unit))
            _register(unit_head, district.commune, unit, "TTLDTT")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("awards:registered_achieved"), {"year": YEAR, "unit": "xa-a"}).status_code == 200
        return len(queries)

    assert count(2) == count(12)


def test_office_home_chart_uses_the_named_registrations(district, unit_head, people):
    from awards.charts import registered_vs_achieved

    _pipeline(district, unit_head, people)
    with CaptureQueriesContext(connection) as queries:
        chart = registered_vs_achieved([district.district.path], this_year=YEAR + 1)

    assert chart.title == "Đăng ký theo tên và đạt được năm 2025"
    assert chart.rows == [
        {"label": "Lao động tiên tiến", "values": [3, 1]},
        {"label": "Tập thể lao động tiên tiến", "values": [1, 0]},
    ]
    assert len(queries) <= 8


def test_campaigns_registration_page_links_to_the_named_registrations(district, office, client_for):
    from campaigns.views.movements import named_registrations_url
    from tests.campaigns.conftest import make_movement

    movement = make_movement(office, district, title="Phong trào", year=YEAR)
    url = named_registrations_url(movement, district.commune)

    assert url == f"{reverse('awards:title_registrations')}?movement={movement.pk}&unit=xa-a"
    page = client_for("office").get(reverse("campaigns:registration_status", args=[movement.pk]))
    assert named_registrations_url(movement) in page.content.decode().replace("&amp;", "&")


def test_subject_search_offers_the_heads_people_collectives_and_households_only(client_for, district, people):
    Household.objects.create(code="ho-1", head_name="Trần Văn Sơn", unit=district.village)
    Household.objects.create(code="ho-2", head_name="Trần Văn Sơn", unit=district.other_commune)
    PersonFactory(full_name="Nguyễn Văn An", unit=district.other_commune)
    client = client_for("unit_head")
    url = reverse("choose", args=["registration-subject"])

    households = client.get(url, {"q": "tran van son"}).content.decode()
    people_found = client.get(url, {"q": "nguyen van an"}).content.decode()

    assert households.count('data-value="h:') == 1
    assert people_found.count('data-value="p:') == 2  # the two of the commune, not the one of Xã B


def test_pages_speak_english(client_for, settings, district, unit_head, people):
    _register(unit_head, district.commune, people[0])
    client = client_for("unit_head")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(reverse("awards:title_registrations"), {"year": YEAR}).content.decode()
    achieved = client.get(reverse("awards:registered_achieved"), {"year": YEAR}).content.decode()

    assert "Title registrations by name" in page and "Quick add" in page
    assert "Registered vs achieved" in achieved
