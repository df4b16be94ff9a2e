"""Standard actors: a unit head, the head of another unit (the stranger), an office clerk,
a council member, the chair, an admin and an anonymous visitor, in a small district."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from organisation.enums import Role, UnitKind
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory


@dataclass
class District:
    district: object
    commune: object
    village: object
    other_commune: object


@pytest.fixture
def district(db):
    district = OrgUnitFactory(code="huyen-thu", name="Huyện Thử", kind=UnitKind.DISTRICT)
    commune = OrgUnitFactory(code="xa-a", name="Xã A", parent=district)
    village = OrgUnitFactory(code="thon-a1", name="Thôn A1", kind=UnitKind.VILLAGE, parent=commune)
    other = OrgUnitFactory(code="xa-b", name="Xã B", parent=district)
    return District(district, commune, village, other)


def _member(username, unit, role):
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def unit_head(district):
    return _member("truong.xa-a", district.commune, Role.UNIT_HEAD)


@pytest.fixture
def stranger(district):
    return _member("truong.xa-b", district.other_commune, Role.UNIT_HEAD)


@pytest.fixture
def office(district):
    return _member("vanphong", district.district, Role.OFFICE)


@pytest.fixture
def council_member(district):
    return _member("hoidong1", district.district, Role.COUNCIL_MEMBER)


@pytest.fixture
def chair(district):
    return _member("chutich", district.district, Role.COUNCIL_CHAIR)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def actors(unit_head, stranger, office, council_member, chair, superuser):
    return {
        "anonymous": None,
        "unit_head": unit_head,
        "stranger": stranger,
        "office": office,
        "council_member": council_member,
        "chair": chair,
        "admin": superuser,
    }


@pytest.fixture
def client_for(actors):
    """A logged-in test client for a named actor (anonymous: not logged in)."""

    def make(name: str) -> Client:
        client = Client()
        user = actors[name]
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fast password hashing; templates rendered without running collectstatic first."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A request in an earlier test may have switched the thread to English.
    translation.activate("vi")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
