"""A nomination's copy of its unit's path (the list's index, issue 16) stays equal to the unit's
path on every write: creation, a change of unit, a unit moved or renamed (model, admin, import),
rows written in bulk."""

import pytest
from django.urls import reverse

from awards.importer import run_import
from awards.models import Nomination
from awards.models.nominations import refresh_unit_paths
from organisation.enums import UnitKind
from organisation.models import OrgUnit
from tests.awards.factories import NominationFactory, PersonFactory
from tests.awards.test_import import write_csvs
from tests.factories import OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

UNITS = ["code", "name", "kind", "parent_code", "block_code", "valid_from", "valid_to", "successor_code"]


@pytest.fixture
def tree():
    tinh = OrgUnitFactory(code="tinh", name="Tỉnh", kind=UnitKind.PROVINCE)
    huyen = OrgUnitFactory(code="huyen", name="Huyện", kind=UnitKind.DISTRICT, parent=tinh)
    OrgUnitFactory(code="huyen-k", name="Huyện Khác", kind=UnitKind.DISTRICT, parent=tinh)
    xa = OrgUnitFactory(code="xa", name="Xã", parent=huyen)
    OrgUnitFactory(code="thon", name="Thôn", kind=UnitKind.VILLAGE, parent=xa)
    return tinh


def _in_step() -> bool:
    rows = Nomination.objects.values_list("unit_path", "unit__path")
    return bool(rows) and all(copy == path for copy, path in rows)


def _nominate(code: str) -> Nomination:
    return NominationFactory(person=PersonFactory(unit=OrgUnit.objects.get(code=code)))


def test_a_new_nomination_copies_its_unit_path(tree):
    nomination = _nominate("thon")
    assert nomination.unit_path == "/tinh/huyen/xa/thon/"
    assert _in_step()


def test_changing_the_unit_changes_the_copy(tree):
    nomination = _nominate("thon")
    nomination = Nomination.objects.get(pk=nomination.pk)
    nomination.unit_id = OrgUnit.objects.get(code="huyen-k").pk
    nomination.save(update_fields=["unit"])
    assert Nomination.objects.get(pk=nomination.pk).unit_path == "/tinh/huyen-k/"


def test_a_moved_unit_takes_its_subtree_nominations_with_it(tree, django_assert_max_num_queries):
    _nominate("thon"), _nominate("xa"), _nominate("huyen-k")
    xa = OrgUnit.objects.get(code="xa")
    xa.parent = OrgUnit.objects.get(code="huyen-k")
    xa.save()
    assert set(Nomination.objects.values_list("unit_path", flat=True)) == {
        "/tinh/huyen-k/xa/thon/",
        "/tinh/huyen-k/xa/",
        "/tinh/huyen-k/",
    }
    assert _in_step()


def test_a_renamed_code_is_followed(tree):
    _nominate("thon")
    huyen = OrgUnit.objects.get(code="huyen")
    huyen.code = "huyen-moi"
    huyen.save()
    assert Nomination.objects.get().unit_path == "/tinh/huyen-moi/xa/thon/"


def test_saving_a_unit_without_moving_it_writes_no_nomination(tree, django_assert_num_queries):
    _nominate("thon")
    xa = OrgUnit.objects.select_related("parent").get(code="xa")
    xa.name = "Xã Mới"
    with django_assert_num_queries(1):  # the unit's own UPDATE, nothing for its nominations
        xa.save()


def test_a_move_in_the_admin_is_followed(tree, client):
    _nominate("thon")
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    xa = OrgUnit.objects.get(code="xa")
    response = client.post(
        reverse("admin:organisation_orgunit_change", args=[xa.pk]),
        {
            "code": "xa",
            "name": "Xã",
            "kind": "commune",
            "parent": OrgUnit.objects.get(code="huyen-k").pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Nomination.objects.get().unit_path == "/tinh/huyen-k/xa/thon/"


def test_a_move_by_import_is_followed(tree, tmp_path):
    _nominate("thon")
    sheets = {"units": [UNITS, ["xa", "Xã", "commune", "huyen-k", "", "", "", ""]]}
    run_import(write_csvs(tmp_path / "data", sheets))
    assert OrgUnit.objects.get(code="thon").path == "/tinh/huyen-k/xa/thon/"
    assert Nomination.objects.get().unit_path == "/tinh/huyen-k/xa/thon/"


def test_rows_written_in_bulk_are_put_in_step(tree):
    _nominate("thon"), _nominate("xa")
    Nomination.objects.update(unit_path="")
    assert refresh_unit_paths() == 2
    assert _in_step()
    assert refresh_unit_paths() == 0


def test_the_list_order_is_the_units_order(tree):
    for code in ("thon", "huyen-k", "xa", "huyen"):
        _nominate(code)
    assert list(Nomination.objects.values_list("pk", flat=True)) == list(
        Nomination.objects.order_by("-year", "unit__path", "pk").values_list("pk", flat=True)
    )
