"""page_by_ids and count_related (songlo/paging.py): the same page as sorting whole rows."""

import pytest
from django.core.paginator import Paginator
from django.db.models import Count

from organisation.enums import Role
from organisation.models import Membership, OrgUnit
from songlo.paging import count_related, page_by_ids
from tests.factories import MembershipFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    root = OrgUnitFactory(code="tinh", name="Tỉnh")
    made = [OrgUnitFactory(code=f"xa-{i:02d}", name=f"Xã {i % 4}", parent=root) for i in range(23)]
    for i, unit in enumerate(made):
        for _ in range(i % 3):
            MembershipFactory(unit=unit, role=Role.UNIT_HEAD)
    return OrgUnit.objects.filter(parent=root)


@pytest.mark.parametrize("number", [1, 2, 3, "9", "x", None])
@pytest.mark.parametrize("ordering", [("name", "-code"), ("-path",), ("pk",)])
def test_page_by_ids_is_the_page_of_the_sorted_rows(units, ordering, number, django_assert_num_queries):
    expected = Paginator(units.order_by(*ordering), 10).get_page(number)
    with django_assert_num_queries(3):  # count, the page's ids, its rows
        page = page_by_ids(units, ordering, number, per_page=10, rows=OrgUnit.objects.select_related("parent"))
        rows = list(page.object_list)
    assert [unit.pk for unit in rows] == [unit.pk for unit in expected.object_list]
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        expected.number,
        expected.paginator.count,
        expected.paginator.num_pages,
    )
    assert all(unit.parent.code == "tinh" for unit in rows)


def test_page_by_ids_of_nothing():
    page = page_by_ids(OrgUnit.objects.none(), ("pk",), 1, per_page=10, rows=OrgUnit.objects.all())
    assert list(page.object_list) == []


def test_count_related_is_the_annotated_count(units, django_assert_num_queries):
    rows = list(units.order_by("code")[:15])
    with django_assert_num_queries(1):
        count_related(rows, Membership.objects.all(), "unit", "member_count")
    expected = dict(units.annotate(n=Count("memberships")).values_list("pk", "n"))
    assert {unit.pk: unit.member_count for unit in rows} == {unit.pk: expected[unit.pk] for unit in rows}
    assert {unit.member_count for unit in rows} == {0, 1, 2}
