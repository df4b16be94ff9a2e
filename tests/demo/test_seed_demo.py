import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from organisation.enums import Role
from organisation.models import Membership, OrgUnit


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "campaigns", "awards"} and model._meta.label != "accounts.AuditEvent"
    }


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_rows():
    call_command("seed_demo", i_know_this_is_a_demo=True, verbosity=0)
    first = row_counts()

    call_command("seed_demo", i_know_this_is_a_demo=True, verbosity=0)

    assert row_counts() == first
    assert OrgUnit.objects.filter(kind__in=["commune", "township"], parent__code="song-lo").count() == 17


def test_seed_demo_accounts_log_in_with_the_shared_password(demo):
    User = get_user_model()

    for username in ["admin", "vanphong", "chutich", "hoidong1", "hoidong6", "truong.tam-son", "truong.duc-bac"]:
        assert User.objects.get(username=username).check_password("songlo2025"), username
    assert Membership.objects.filter(role=Role.COUNCIL_MEMBER).count() == 6
    assert User.objects.get(username="truong.bach-luu").memberships.get().unit.name == "Xã Bạch Lưu"


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_without_the_flag(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--i-know-this-is-a-demo"):
        call_command("seed_demo", verbosity=0)

    assert not get_user_model().objects.exists()
    assert not OrgUnit.objects.exists()


def test_demo_accounts_are_not_forced_to_change_their_password(demo):
    assert get_user_model().objects.exists()
    assert not get_user_model().objects.filter(must_change_password=True).exists()
