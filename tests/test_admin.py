"""Every admin changelist and add page answers 200 for a superuser."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.urls import reverse

from accounts.models import AuditEvent
from council.models import FundIncome

REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
# Records nobody adds by hand: the audit trail, django-axes' login records, and the reward fund's
# income (recorded, audited, from the fund page).
NO_ADD = {AuditEvent, AccessAttempt, AccessLog, AccessFailureLog, FundIncome}


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_admin_changelist_and_add(admin_client, model, district):
    opts = model._meta

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))

    assert changelist.status_code == 200
    assert add.status_code == (403 if model in NO_ADD else 200)


@pytest.mark.django_db
def test_admin_unit_tree_is_indented(admin_client, district):
    response = admin_client.get(reverse("admin:organisation_orgunit_changelist"))

    assert '<span class="tree-indent" data-depth="2">Thôn A1</span>' in response.content.decode()


@pytest.mark.django_db
def test_admin_units_export_as_csv(admin_client, district):
    response = admin_client.post(
        reverse("admin:organisation_orgunit_export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"orgunitresource_{name}": "on"
                for name in ("code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_code", "email")
            },
        },
    )

    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code,name,kind,parent_code")
    assert "thon-a1,Thôn A1,village,xa-a,,,," in lines
