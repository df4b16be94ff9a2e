"""Found by any spelling: case and Vietnamese diacritics ignored, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Person
from organisation.models import OrgUnit
from songlo.text import search_q, unaccent
from tests.awards.factories import PersonFactory
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_unaccent_drops_case_and_diacritics():
    assert unaccent("Ngô Thị Nga") == "ngo thi nga"
    assert unaccent("ĐỒNG THỊNH") == "dong thinh"
    assert unaccent("Nguyễn Văn Ẩn") == "nguyen van an"


@pytest.mark.parametrize("typed", ["Ngo Thi Nga", "ngô thị nga", "NGO THI", "thi nga", "NGÔ THỊ"])
def test_people_are_found_by_any_spelling_in_the_database(district, typed):
    PersonFactory(code="cb-nga", full_name="Ngô Thị Nga", unit=district.commune)
    PersonFactory(code="cb-ngoc", full_name="Trần Văn Ngọc", unit=district.commune)

    found = Person.objects.filter(search_q(typed, "full_name", "code"))

    assert list(found.values_list("code", flat=True)) == ["cb-nga"]


def test_units_are_found_without_diacritics(district):
    OrgUnitFactory(code="dong-thinh", name="Xã Đồng Thịnh", parent=district.district)

    assert list(OrgUnit.objects.filter(search_q("dong thinh", "name")).values_list("code", flat=True)) == ["dong-thinh"]


def test_list_pages_search_by_any_spelling(client_for, district):
    PersonFactory(code="cb-nga", full_name="Ngô Thị Nga", unit=district.commune)
    OrgUnitFactory(code="dong-thinh", name="Xã Đồng Thịnh", parent=district.district)
    office = client_for("office")

    people = office.get(reverse("awards:people"), {"q": "Ngo Thi Nga"}).content.decode()
    units = office.get(reverse("organisation:unit_list"), {"q": "dong thinh"}).content.decode()

    assert "Ngô Thị Nga" in people
    assert "Xã Đồng Thịnh" in units


def test_global_search_groups_what_the_user_may_see(client_for, district):
    PersonFactory(code="cb-nga", full_name="Ngô Thị Nga", unit=district.commune)
    PersonFactory(code="cb-nga-b", full_name="Ngô Thị Ngà", unit=district.other_commune)

    office = client_for("office").get(reverse("search"), {"q": "ngo thi nga"})
    head = client_for("unit_head").get(reverse("search"), {"q": "ngo thi nga"}).content.decode()

    assert [g["key"] for g in office.context["groups"]] == ["people"]
    assert [h.title for h in office.context["groups"][0]["hits"]] == ["Ngô Thị Nga", "Ngô Thị Ngà"]
    assert "Ngô Thị Nga" in head and "Ngô Thị Ngà" not in head  # the other commune's person
    assert client_for("anonymous").get(reverse("search"), {"q": "nga"}).status_code == 302


def test_global_search_runs_a_bounded_number_of_queries(client_for, district):
    client = client_for("office")
    PersonFactory(code="cb-1", full_name="Lê Văn Một", unit=district.commune)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("search"), {"q": "le van"})
    for i in range(30):
        PersonFactory(code=f"cb-x{i}", full_name=f"Lê Văn {i}", unit=district.commune)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("search"), {"q": "le van"})

    assert len(one) == len(many)
