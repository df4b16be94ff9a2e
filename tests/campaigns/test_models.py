import pytest
from django.core.exceptions import ValidationError

from campaigns.models import BlockTerm
from organisation.models import OrgUnit
from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_unit_path_follows_parent(district):
    assert district.village.path == "/huyen-thu/xa-a/thon-a1/"
    assert district.village.depth == 2


def test_moving_a_unit_moves_its_subtree(district):
    commune = district.commune
    commune.parent = district.other_commune
    commune.save()

    village = OrgUnit.objects.get(code="thon-a1")
    assert village.path == "/huyen-thu/xa-b/xa-a/thon-a1/"
    assert village.depth == 3
    assert set(OrgUnit.objects.within(district.other_commune).values_list("code", flat=True)) == {
        "xa-b",
        "xa-a",
        "thon-a1",
    }


def test_unit_cannot_be_its_own_ancestor(district):
    commune = district.commune
    commune.parent = district.village

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()
    assert "parent" in excinfo.value.message_dict


@pytest.fixture
def block(district):
    block = EmulationBlockFactory(owner=district.district)
    block.members.set([district.commune, district.other_commune, OrgUnitFactory(code="xa-c", parent=district.district)])
    return block


def test_block_leader_not_twice_in_a_row(block, district):
    BlockTerm.objects.create(block=block, year=2024, leader=district.commune, deputy=district.other_commune)
    term = BlockTerm(block=block, year=2025, leader=district.commune, deputy=district.other_commune)

    with pytest.raises(ValidationError) as excinfo:
        term.full_clean()
    assert "hai năm liền" in str(excinfo.value.message_dict["leader"])


def test_block_leader_and_deputy_differ_and_are_members(block, district):
    same = BlockTerm(block=block, year=2025, leader=district.commune, deputy=district.commune)
    outsider = BlockTerm(block=block, year=2025, leader=district.village, deputy=district.commune)

    with pytest.raises(ValidationError) as same_error:
        same.full_clean()
    with pytest.raises(ValidationError) as outsider_error:
        outsider.full_clean()
    assert "deputy" in same_error.value.message_dict
    assert "leader" in outsider_error.value.message_dict


def test_block_rotation_accepts_a_new_leader(block, district):
    BlockTerm.objects.create(block=block, year=2024, leader=district.commune, deputy=district.other_commune)
    term = BlockTerm(block=block, year=2025, leader=district.other_commune, deputy=district.commune)

    term.full_clean()
    term.save()
    assert BlockTerm.objects.filter(block=block).count() == 2
