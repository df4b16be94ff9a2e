"""Ballot secrecy as a property of the schema and of every page: nothing links a member to a vote."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import override_settings
from django.urls import reverse

from accounts.models import AuditEvent
from council import ballot_box, services
from council.enums import VoteChoice
from council.models import BallotBox, BallotReceipt
from tests.council.helpers import box_counts, council, item_of, opened, screened

pytestmark = pytest.mark.django_db


def test_ballot_box_holds_only_its_item_and_the_sealed_counts():
    fields = {f.name: f for f in BallotBox._meta.get_fields()}

    assert set(fields) == {"item", "sealed"}
    assert BallotBox._meta.pk.name == "item"
    assert isinstance(fields["sealed"], models.BinaryField)
    assert set(ballot_box.SLOT_OF) == set(VoteChoice.values)


def test_no_model_links_a_member_to_a_ballot_box():
    user_model = apps.get_model("accounts", "User")
    for model in apps.get_models():
        relations = {f.related_model for f in model._meta.get_fields() if f.is_relation and f.concrete}
        # Nothing points at a box; the box reaches only its agenda item.
        assert BallotBox not in relations, model
        if model is BallotBox:
            assert user_model not in relations
    receipt_fields = {f.name for f in BallotReceipt._meta.get_fields()}
    assert receipt_fields == {"id", "item", "member", "method", "entered_by"}


def test_sealed_box_has_one_size_and_fresh_bytes_whatever_the_counts():
    boxes = [ballot_box.seal(7, {"agree": a, "disagree": d}) for a, d in [(0, 0), (1, 0), (0, 1), (9, 10), (1, 0)]]

    assert {len(b) for b in boxes} == {ballot_box.SEALED_BYTES}
    assert len(set(boxes)) == len(boxes)  # the same counts twice are two different boxes
    assert ballot_box.unseal(7, boxes[3]) == {"agree": 9, "disagree": 10}


def test_sealed_box_opens_only_with_the_key_and_for_its_item():
    sealed = ballot_box.seal(7, {"agree": 2, "disagree": 1})

    with pytest.raises(ballot_box.BallotBoxUnreadable, match="SECRET_KEY"):
        ballot_box.unseal(8, sealed)
    with (
        override_settings(SECRET_KEY="another-key-0123456789-0123456789-0123456789"),
        pytest.raises(ballot_box.BallotBoxUnreadable),
    ):
        ballot_box.unseal(7, sealed)
    with pytest.raises(ballot_box.BallotBoxUnreadable, match="định dạng"):
        ballot_box.unseal(7, sealed[:-1])


def test_sealed_box_survives_a_key_rotation_through_the_fallbacks(settings):
    sealed = ballot_box.seal(7, {"agree": 2, "disagree": 1})
    old = settings.SECRET_KEY

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-0123456789-0123456789-0123456789", [old]

    assert ballot_box.unseal(7, sealed) == {"agree": 2, "disagree": 1}


def test_admin_offers_neither_receipts_nor_boxes():
    assert BallotBox not in admin.site._registry
    receipt_admin = admin.site._registry.get(BallotReceipt)
    if receipt_admin is not None:
        shown = set(receipt_admin.get_list_display(None)) | set(receipt_admin.search_fields or ())
        assert not any("vote" in str(name) or "choice" in str(name) for name in shown)


def test_ballots_count_in_the_box_and_close_deletes_it(district, office, chair):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    item = item_of(session, nomination)
    services.ballot_cast(actor=members[1], item=item, choice="disagree")
    services.ballot_cast(actor=members[2], item=item, choice="agree")
    services.ballot_cast(actor=members[0], item=item, choice="agree")

    assert box_counts(item) == {"agree": 2, "disagree": 1}
    services.session_close(actor=chair, session=session)

    item.refresh_from_db()
    assert (item.votes_agree, item.votes_disagree) == (2, 1)
    assert not BallotBox.objects.filter(item=item).exists()


def test_close_refuses_a_box_that_does_not_match_the_receipts(district, office, chair):
    # A box put back from an older backup lacks the last ballot: it is not tallied.
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    item = item_of(session, nomination)
    services.ballot_cast(actor=members[1], item=item, choice="agree")
    older = BallotBox.objects.get(item=item).sealed
    services.ballot_cast(actor=members[2], item=item, choice="disagree")
    BallotBox.objects.filter(item=item).update(sealed=older)

    with pytest.raises(services.DomainError, match="1 phiếu nhưng 2 thành viên"):
        services.session_close(actor=chair, session=session)

    session.refresh_from_db()
    assert session.status == "open"


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


def test_close_after_a_key_change_without_fallback_refuses_and_changes_nothing(district, office, chair, settings):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    item = item_of(session, nomination)
    services.ballot_cast(actor=members[1], item=item, choice="agree")
    settings.SECRET_KEY = "a-new-key-0123456789-0123456789-0123456789"

    with pytest.raises(ballot_box.BallotBoxUnreadable, match="SECRET_KEY_FALLBACKS"):
        services.session_close(actor=chair, session=session)

    session.refresh_from_db()
    item.refresh_from_db()
    assert (session.status, item.votes_agree) == ("open", None)
    assert BallotBox.objects.filter(item=item).exists()
