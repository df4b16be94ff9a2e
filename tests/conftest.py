"""Standard actors: a unit head, the head of another unit (the stranger), an office clerk,
a council member, the chair, an admin and an anonymous visitor, in a small district."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
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


# --- The demo, seeded once per test session (per xdist worker) -----------------------------------
#
# `seed_demo` takes seconds; most tests that use the demo only read it. They request the `demo`
# fixture: the first of them seeds the demo inside an open transaction, each test runs in a
# savepoint rolled back after it, and the transaction is rolled back after the last of them, so no
# other test ever sees the demo. The demo tests are kept together (one xdist group, contiguous in
# the run) so that happens once. The demo is seeded, and its tests run, at DEMO_AT: the open period
# is then due three days later whatever the real date.

DEMO_AT = datetime.datetime(2025, 11, 20, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
_FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _DemoBlock:
    def __init__(self) -> None:
        self.atomic = None
        self.blocker = None

    @property
    def is_open(self) -> bool:
        return self.atomic is not None

    def open(self, blocker) -> None:
        from django.core.management import call_command
        from django.db import transaction
        from django.test import override_settings

        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                with time_machine.travel(DEMO_AT, tick=False), override_settings(PASSWORD_HASHERS=_FAST_HASHERS):
                    translation.activate("vi")
                    call_command("seed_demo", i_know_this_is_a_demo=True, verbosity=0)
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        from django.db import transaction

        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic, self.atomic = self.atomic, None
            atomic.__exit__(None, None, None)


_demo_block = _DemoBlock()


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker):
    # Session-scoped so that it opens before the transaction of the first demo test.
    _demo_block.open(django_db_blocker)
    yield
    if _demo_block.is_open:
        _demo_block.close()


@pytest.fixture
def demo(_demo_session, django_db_blocker):
    """The Sông Lô demo (`seed_demo`), seeded once: the test runs at DEMO_AT, its writes rolled back."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock(), time_machine.travel(DEMO_AT, tick=False), transaction.atomic():
        if not _demo_block.is_open:
            # A demo test run apart from the others (after the block closed): seed just for it.
            call_command("seed_demo", i_know_this_is_a_demo=True, verbosity=0)
        try:
            yield
        finally:
            transaction.set_rollback(True)


def _uses_demo(item) -> bool:
    return item is not None and "demo" in getattr(item, "fixturenames", ())


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Run the demo tests first, together: before any transactional test flushes away what the data
    migrations wrote, and so that the demo is seeded once. Marked `django_db` (before pytest-django
    sorts the tests by database use) so that the test database is set up."""
    for item in items:
        if _uses_demo(item) and item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db)
    result = yield
    items[:] = [item for item in items if _uses_demo(item)] + [item for item in items if not _uses_demo(item)]
    return result


def _xdist_group(nodeid: str) -> str | None:
    """Tests one xdist worker runs together, in order: the browser tests (one seeded live database),
    the tests of the real Celery worker (one Redis database for the run, flushed by each), and the
    tests of the demo (seeded once per worker; they have "demo" in their module or test name)."""
    if nodeid.startswith("tests/e2e/"):
        return "e2e"
    if nodeid.startswith("tests/integration/"):
        return "broker"
    if "demo" in nodeid.split("[")[0]:
        return "demo"
    return None


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` by the groups above. (pytest-xdist's own `xdist_group` markers do not reach
    its scheduler under pytest 9: it renames the test ids through an attribute pytest no longer reads.)"""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _xdist_group(nodeid) or nodeid

    return GroupScheduling(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _demo_block.is_open and not _uses_demo(nextitem):
        _demo_block.close()
    return result
