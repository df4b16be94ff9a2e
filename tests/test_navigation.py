"""The side bar's cost: URLs reversed once per process, rules-only permission names answered
without reading the user's permissions (issue 16), with the same answers and the same links."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

from songlo.context_processors import nav_url
from songlo.permissions import model_permission_names
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_nav_url_is_the_reversed_url_for_the_current_prefix_and_language():
    assert nav_url("home") == reverse("home")
    try:
        set_script_prefix("/songlo/")
        assert nav_url("home") == "/songlo/" == reverse("home")
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert nav_url("campaigns:movement_list") == reverse("campaigns:movement_list")
    assert nav_url("home") == "/"


@override_settings(ROOT_URLCONF="bench.urls")
def test_nav_url_follows_the_url_configuration():
    assert nav_url("bench_bare") == "/bench/bare/"


def test_a_rules_only_name_is_refused_without_a_query(django_assert_num_queries):
    user = MembershipFactory().user
    assert "campaigns.manage_movement" not in model_permission_names()
    with django_assert_num_queries(0):
        assert not user.has_perm("campaigns.no_such_permission")
    user = type(user).objects.get(pk=user.pk)  # no permission cache
    with django_assert_num_queries(0):
        # The rule asks for an object; without one it refuses, and nothing reads auth_permission.
        assert not user.has_perm("campaigns.edit_review")


def test_model_permissions_still_come_from_the_database():
    user = UserFactory()
    assert "campaigns.view_review" in model_permission_names()
    assert not user.has_perm("campaigns.view_review")
    user.user_permissions.add(Permission.objects.get(codename="view_review", content_type__app_label="campaigns"))
    group = Group.objects.create(name="Xem đơn vị")
    group.permissions.add(Permission.objects.get(codename="view_orgunit", content_type__app_label="organisation"))
    user.groups.add(group)
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("campaigns.view_review")
    assert user.has_perm("organisation.view_orgunit")
    assert not user.has_perm("organisation.change_orgunit")


def test_every_permission_row_is_a_declared_name():
    rows = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    assert rows <= model_permission_names()


def test_a_superuser_keeps_every_permission():
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert admin.has_perm("campaigns.manage_movement")
    assert admin.has_perm("campaigns.view_review")


def test_the_side_bar_links_are_the_same(client):
    user = MembershipFactory().user
    client.force_login(user)
    response = client.get(reverse("home"))
    urls = [item["url"] for item in response.context["nav_items"]]
    assert urls and all(url.startswith("/") for url in urls)
    assert reverse("home") in urls
