import pytest

from organisation import rules as organisation_rules

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("predicate", "member", "stranger", "target"),
    [
        (organisation_rules.is_unit_head_of, "unit_head", "stranger", "commune"),
        (organisation_rules.is_unit_head_of, "unit_head", "stranger", "village"),  # sub-unit of the head's commune
        (organisation_rules.is_unit_member_of, "unit_head", "stranger", "commune"),
        (organisation_rules.is_office_for, "office", "unit_head", "commune"),
        (organisation_rules.is_body_member_for, "council_member", "stranger", "other_commune"),
    ],
)
def test_unit_scoped_predicates(actors, district, predicate, member, stranger, target):
    unit = getattr(district, target)

    assert predicate(actors[member], unit) is True
    assert predicate(actors[stranger], unit) is False


def test_unit_head_does_not_act_for_parent_unit(actors, district):
    assert organisation_rules.is_unit_head_of(actors["unit_head"], district.district) is False


def test_predicates_accept_objects_with_a_unit(actors, district):
    class Review:  # any object with a `.unit`, like a review or registration
        unit = district.commune

    assert organisation_rules.is_unit_head_of(actors["unit_head"], Review()) is True
    assert organisation_rules.is_unit_head_of(actors["stranger"], Review()) is False


@pytest.mark.parametrize(
    ("predicate", "member", "stranger"),
    [
        (organisation_rules.is_unit_head, "unit_head", "office"),
        (organisation_rules.is_office, "office", "unit_head"),
        (organisation_rules.is_council_member, "council_member", "unit_head"),
        (organisation_rules.is_council_member, "chair", "office"),
        (organisation_rules.is_council_chair, "chair", "council_member"),
    ],
)
def test_role_predicates(actors, predicate, member, stranger):
    assert predicate(actors[member]) is True
    assert predicate(actors[stranger]) is False


def test_anonymous_has_no_role(district):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert organisation_rules.is_unit_head_of(anonymous, district.commune) is False
    assert organisation_rules.is_office(anonymous) is False


@pytest.mark.parametrize(
    ("perm", "allowed", "denied"),
    [
        ("organisation.view_unit", {"unit_head", "office", "council_member", "chair", "admin"}, {"stranger"}),
        ("organisation.act_for_unit", {"unit_head", "admin"}, {"stranger", "office", "council_member", "chair"}),
        ("organisation.manage_unit", {"office", "admin"}, {"unit_head", "stranger", "council_member", "chair"}),
    ],
)
def test_unit_permissions(actors, district, perm, allowed, denied):
    for name in allowed:
        assert actors[name].has_perm(perm, district.commune), name
    for name in denied:
        assert not actors[name].has_perm(perm, district.commune), name
