"""Ballot secrecy as a property of the schema and of every page: nothing links a member to a vote."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse

from accounts.models import AuditEvent
from council import services
from council.models import BallotReceipt, BallotVote
from tests.council.helpers import council, item_of, opened, screened

pytestmark = pytest.mark.django_db


def test_ballot_vote_holds_only_item_and_choice():
    fields = {f.name: f for f in BallotVote._meta.get_fields()}

    assert set(fields) == {"id", "item", "choice"}
    assert isinstance(fields["id"], models.UUIDField)
    assert fields["id"].default.__name__ == "uuid4"
    assert not any(isinstance(f, (models.DateField, models.TimeField, models.AutoField)) for f in fields.values())
    assert BallotVote._meta.ordering == ["id"]


def test_no_model_links_a_member_to_a_vote():
    user_model = apps.get_model("accounts", "User")
    for model in apps.get_models():
        relations = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
        # Nothing points at a vote; only the vote itself reaches the agenda item.
        assert BallotVote not in relations, model
        if model is BallotVote:
            assert user_model not in relations
    receipt_fields = {f.name for f in BallotReceipt._meta.get_fields()}
    assert receipt_fields == {"id", "item", "member", "method", "entered_by"}
    assert "choice" not in receipt_fields


def test_votes_and_receipts_share_no_ordering_or_time():
    receipt_fields = {f.name for f in BallotReceipt._meta.concrete_fields}
    vote_fields = {f.name for f in BallotVote._meta.concrete_fields}

    # The only common column is the item: joining on it gives every vote of the item to every voter.
    assert receipt_fields & vote_fields == {"id", "item"}
    assert BallotVote._meta.pk.get_internal_type() == "UUIDField"
    assert BallotReceipt._meta.pk.get_internal_type() != "UUIDField"


def test_admin_does_not_offer_vote_content_next_to_voters():
    vote_admin = admin.site._registry.get(BallotVote)
    receipt_admin = admin.site._registry.get(BallotReceipt)

    if vote_admin is not None:
        assert vote_admin.has_change_permission(None) is False
    if receipt_admin is not None:
        shown = set(receipt_admin.get_list_display(None)) | set(receipt_admin.search_fields or ())
        assert not any("vote" in str(name) or "choice" in str(name) for name in shown)


def test_no_page_or_audit_reveals_who_voted_what(district, office, chair, client_for, superuser):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    item = item_of(session, nomination)
    services.ballot_cast(actor=members[1], item=item, choice="disagree")
    services.ballot_cast(actor=members[2], item=item, choice="agree")
    services.session_close(actor=chair, session=session)

    pages = [
        reverse("council:session_detail", args=[session.pk]),
        reverse("council:my_council"),
        reverse("council:minutes_docx", args=[session.pk]),
    ]
    for name in ("office", "chair", "council_member", "admin"):
        client = client_for(name)
        for url in pages:
            response = client.get(url)
            body = response.content.decode("utf-8", "ignore") if response.status_code == 200 else ""
            for member in members[1:]:
                # A voter's name may appear (attendance), but never next to a choice.
                assert f"{member.full_name}: Đồng ý" not in body
                assert f"{member.full_name}: Không đồng ý" not in body
    assert all(e.data.get("choice") is None for e in AuditEvent.objects.filter(action__startswith="council.ballot"))
    assert all("agree" not in str(e.data) for e in AuditEvent.objects.filter(action="council.ballot_cast"))
