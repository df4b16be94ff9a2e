"""The search that replaces long drop-downs (songlo/choosers.py), on the forms that use it.

Issue 16, point 6: the nomination form's subject, a movement's participants and a session's plan
never list every row; the search answers only what the user may choose (the queryset the form
validates against), a forged id is refused in Vietnamese and nothing is saved, and without
JavaScript the typed text is taken when it names exactly one row.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from awards.models import Nomination, Person
from campaigns import services as campaign_services
from campaigns.models import Movement
from organisation.models import OrgUnit
from songlo.choosers import LIMIT, MAX_OPTIONS
from tests.awards.factories import PersonFactory
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

MANY = MAX_OPTIONS + 5


def options_in(html: str) -> int:
    """Options a page offers in drop-downs and checkbox lists."""
    return html.count("<option") + html.count('type="checkbox"')


def draft_movement(owner, title="Phong trào thi đua"):
    return Movement.objects.create(
        title=title,
        kind="regular",
        owner=owner,
        year=2025,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )


def found(html: str) -> list[str]:
    return re.findall(r'data-value="([^"]+)"', html)


@pytest.fixture
def crowd(district):
    """More people in the head's commune than a drop-down may hold, one person elsewhere."""
    people = PersonFactory.create_batch(MANY, unit=district.commune)
    outsider = PersonFactory(code="ngoai-1", full_name="Nguyễn Văn Ngoài", unit=district.other_commune)
    return people, outsider


# The endpoint -------------------------------------------------------------------------------
def test_search_finds_by_any_spelling_only_what_the_user_may_choose(client_for, crowd, district):
    PersonFactory(code="dong-1", full_name="Đồng Thị Ngọc", unit=district.village)

    response = client_for("unit_head").get(reverse("choose", args=["nomination-subject"]), {"q": "dong thi ngoc"})
    nobody = client_for("unit_head").get(reverse("choose", args=["nomination-subject"]), {"q": "Ngoài"})

    assert response.status_code == 200
    assert found(response.content.decode()) == [f"p:{Person.objects.get(code='dong-1').pk}"]
    assert found(nobody.content.decode()) == []
    assert "Không tìm thấy" in nobody.content.decode()


def test_search_answers_at_most_the_limit_and_says_there_are_more(client_for, crowd):
    response = client_for("unit_head").get(reverse("choose", args=["nomination-subject"]), {"subject__text": "thu"})
    html = response.content.decode()

    assert len(found(html)) == LIMIT
    assert "gõ thêm để thu hẹp" in html


def test_search_is_for_logged_in_users_and_known_choosers(client, client_for, crowd):
    assert client.get(reverse("choose", args=["nomination-subject"]), {"q": "thu"}).status_code == 302
    assert client_for("unit_head").get(reverse("choose", args=["khong-co"]), {"q": "thu"}).status_code == 404


def test_search_of_participants_needs_a_movement_the_user_manages(client_for, district, office):
    mine = draft_movement(district.district)
    url = reverse("choose", args=["movement-units"])

    for_office = client_for("office").get(url, {"q": "xa", "movement": mine.pk}).content.decode()
    for_head = client_for("unit_head").get(url, {"q": "xa", "movement": mine.pk}).content.decode()
    without = client_for("office").get(url, {"q": "xa"}).content.decode()

    assert set(found(for_office)) == {str(district.commune.pk), str(district.other_commune.pk)}
    assert found(for_head) == [] and found(without) == []


# The nomination form -----------------------------------------------------------------------
def _start(client, **data):
    return client.post(reverse("awards:nomination_create"), {"award": "LDTT", "year": "2024", **data})


def test_nomination_form_lists_no_subject_and_offers_the_search(client_for, crowd):
    html = client_for("unit_head").get(reverse("awards:nomination_create")).content.decode()

    assert options_in(html) < MAX_OPTIONS
    assert 'role="combobox"' in html and 'hx-get="/choose/nomination-subject/"' in html
    assert "Nguyễn Thị Thử" not in html


def test_nomination_form_takes_the_picked_subject(client_for, crowd):
    person = crowd[0][3]

    response = _start(client_for("unit_head"), subject=f"p:{person.pk}", subject__text=f"{person.full_name} – Xã A")

    assert response.status_code == 302
    assert Nomination.objects.get().person == person


def test_without_javascript_a_retyped_subject_wins_over_the_prefilled_one(client_for, crowd, district):
    prefilled = crowd[0][3]
    ba = PersonFactory(code="ba-2", full_name="Lê Thị Ba", unit=district.commune)

    response = _start(client_for("unit_head"), subject=f"p:{prefilled.pk}", subject__text="le thi ba")

    assert response.status_code == 302
    assert Nomination.objects.get().person == ba


def test_a_forged_subject_is_refused_in_vietnamese_and_nothing_saved(client_for, crowd, district):
    _people, outsider = crowd

    for forged in (f"p:{outsider.pk}", f"u:{district.other_commune.pk}", "p:99999999999999999999", "x:1"):
        response = _start(client_for("unit_head"), subject=forged, subject__text="Nguyễn Văn Ngoài")
        assert response.status_code == 200
        assert "không có trong danh sách bạn được chọn" in response.content.decode()
    assert not Nomination.objects.exists()


def test_without_javascript_a_code_or_a_unique_name_is_taken(client_for, crowd, district):
    people, _outsider = crowd
    ba = PersonFactory(code="ba-1", full_name="Trần Văn Ba", unit=district.commune)
    PersonFactory(code="bay-1", full_name="Trần Văn Bảy", unit=district.commune)  # "ba" is in "bay" too

    by_code = _start(client_for("unit_head"), subject__text=people[5].code.upper())
    by_name = _start(client_for("unit_head"), subject__text=" tran van ba ", award="CSTDCS")

    assert by_code.status_code == 302 and by_name.status_code == 302
    assert {n.person for n in Nomination.objects.all()} == {people[5], ba}


def test_without_javascript_a_text_naming_none_or_many_is_explained(client_for, crowd):
    none = _start(client_for("unit_head"), subject__text="Không Ai Cả").content.decode()
    many = _start(client_for("unit_head"), subject__text="Nguyễn Thị Thử").content.decode()

    assert "Không tìm thấy “Không Ai Cả”" in none
    assert "Có nhiều kết quả khớp với “Nguyễn Thị Thử”" in many
    assert not Nomination.objects.exists()


def test_a_suggestion_link_shows_its_subject_chosen(client_for, crowd):
    person = crowd[0][0]

    html = (
        client_for("unit_head")
        .get(reverse("awards:nomination_create"), {"subject": f"p:{person.pk}", "award": "LDTT", "year": "2024"})
        .content.decode()
    )

    assert f'value="p:{person.pk}"' in html and f'value="{person.full_name} – Xã A"' in html


# A movement's participants -----------------------------------------------------------------
@pytest.fixture
def big_district(district):
    units = [
        OrgUnitFactory(code=f"truong-{i:03}", name=f"Trường số {i:03}", parent=district.district) for i in range(MANY)
    ]
    return units


def _launched(office, district, units):
    movement = draft_movement(district.district)
    campaign_services.movement_launch(actor=office, movement=movement, units=units)
    return movement


def test_participants_page_lists_no_unit_to_choose_and_pages_the_participants(
    client_for, office, district, big_district, django_assert_max_num_queries
):
    movement = _launched(office, district, big_district[:60])
    url = reverse("campaigns:movement_participants", args=[movement.pk])
    client = client_for("office")
    client.get(url)

    with django_assert_max_num_queries(12):
        html = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    searched = client.get(url, {"q": "truong so 007"}).content.decode()

    assert options_in(html) < MAX_OPTIONS
    assert "Trường số 000" in html and "Trường số 055" not in html and "Trường số 055" in second
    assert "trên tổng số 60" in html
    assert "Trường số 007" in searched and "Trường số 008" not in searched


def test_participants_page_queries_do_not_grow_with_the_participants(
    client_for, office, district, big_district, django_assert_num_queries
):
    small = _launched(office, district, big_district[:3])
    large = draft_movement(district.district, "Phong trào lớn")
    campaign_services.movement_launch(actor=office, movement=large, units=big_district)
    client = client_for("office")
    client.get(reverse("campaigns:movement_participants", args=[small.pk]))  # warm caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("campaigns:movement_participants", args=[small.pk]))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("campaigns:movement_participants", args=[large.pk]))

    assert len(many) == len(few)


def test_participants_are_added_by_search_values_or_typed_codes(client_for, office, district, big_district):
    movement = _launched(office, district, big_district[:1])
    url = reverse("campaigns:movement_participants", args=[movement.pk])

    response = client_for("office").post(
        url,
        {"units": [big_district[1].pk], "units__text": "truong-002; Trường số 003", "confirm": "1"},
    )

    assert response.status_code == 302
    assert set(movement.participants.values_list("code", flat=True)) == {f"truong-{i:03}" for i in range(4)}


def test_participants_refuse_a_unit_outside_the_owner(client_for, office, district, big_district):
    movement = _launched(office, district, big_district[:1])
    elsewhere = OrgUnitFactory(code="tinh-khac", name="Tỉnh khác")

    response = client_for("office").post(
        reverse("campaigns:movement_participants", args=[movement.pk]), {"units": [elsewhere.pk], "confirm": "1"}
    )

    assert response.status_code == 200
    assert "không có trong danh sách bạn được chọn" in response.content.decode()
    assert movement.participants.count() == 1


def test_participants_typed_unknown_is_explained(client_for, office, district, big_district):
    movement = _launched(office, district, big_district[:1])

    html = (
        client_for("office")
        .post(reverse("campaigns:movement_participants", args=[movement.pk]), {"units__text": "khong-co-ma-nay"})
        .content.decode()
    )

    assert "Không tìm thấy “khong-co-ma-nay”" in html
    assert OrgUnit.objects.filter(participations__movement=movement).count() == 1


# The search itself -------------------------------------------------------------------------
NAMES = ["Ngô Thị Nga", "ĐỒNG THỊNH", "Trường THCS Lê Quý Đôn", "Nguyễn Văn Bảy", "Phòng GD&ĐT (huyện)", "Ça va 3.0"]
WORDS = [
    "ngo",
    "nga",
    "dong",
    "thinh",
    "thcs",
    "le",
    "quy",
    "don",
    "nguyen",
    "bay",
    "ba",
    "gd&dt",
    "(huyen)",
    "ca",
    "3.0",
    "x",
]


def test_the_spelling_pattern_finds_what_unaccent_finds():
    from songlo.text import spelling_pattern, unaccent

    for name in NAMES:
        for word in WORDS:
            assert bool(re.search(spelling_pattern(word), name)) == (word in unaccent(name)), (name, word)
