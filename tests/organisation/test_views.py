"""The unit pages: scoped to the user, constant queries, and the lines higher apps add."""

import pytest
from django.urls import reverse

from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", 302),
        ("unit_head", 200),
        ("stranger", 404),
        ("office", 200),
        ("council_member", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_unit_detail_permission_matrix(client_for, actor, expected):
    response = client_for(actor).get(reverse("organisation:unit_detail", args=["xa-a"]))

    assert response.status_code == expected


def test_unit_list_is_scoped_to_the_head(client_for):
    response = client_for("unit_head").get(reverse("organisation:unit_list"))

    codes = [unit.code for unit in response.context["page"].object_list]
    assert sorted(codes) == ["thon-a1", "xa-a"]


def test_unit_list_queries_do_not_grow(client_for, district, django_assert_num_queries):
    client = client_for("office")
    client.get(reverse("organisation:unit_list"))  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("organisation:unit_list"))
    for i in range(20):
        OrgUnitFactory(code=f"xa-them-{i}", parent=district.district)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("organisation:unit_list"))


def test_unit_detail_shows_the_blocks_campaigns_adds_through_the_unit_sections(client_for, district):
    block = EmulationBlockFactory(code="cum-1", name="Cụm thi đua số 1", owner=district.district)
    block.members.add(district.commune)

    response = client_for("unit_head").get(reverse("organisation:unit_detail", args=["xa-a"]))

    assert [s["key"] for s in response.context["unit_sections"]] == ["blocks"]
    assert "Cụm thi đua số 1" in response.content.decode()
