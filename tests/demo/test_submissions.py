"""The demo's 2025 year end in progress: three units' lists (one imported with two ambiguous names
resolved), households nominated for GĐVH, a thematic movement's lines and awards with their kind."""

from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from awards.enums import AwardKind
from awards.models import AwardRecord, Nomination, Submission


def test_demo_has_three_units_lists(demo):
    lists = {s.unit.code: s for s in Submission.objects.filter(year=2025).select_related("unit")}

    # Three communes' lists of the year end in progress, and Như Thụy's, screened and before the council.
    assert set(lists) == {"duc-bac", "hai-luu", "nhan-dao", "nhu-thuy"}
    assert lists["nhu-thuy"].status == "screened"
    assert lists["duc-bac"].status == "returned"
    assert lists["hai-luu"].status == "draft"
    assert lists["nhan-dao"].status == "submitted"
    duc_bac = lists["duc-bac"].lines
    assert duc_bac.filter(household__isnull=False, award_type__code="GDVH").count() == 3
    assert duc_bac.filter(status="returned").get().household.code == "hgd-duc-bac-02"
    assert duc_bac.filter(person__isnull=False).count() >= 4


def test_demo_imported_list_resolved_two_ambiguous_names(demo):
    imported = Submission.objects.get(unit__code="hai-luu", year=2025)
    event = AuditEvent.objects.get(action="submission.import", object_id=str(imported.pk))

    assert len(event.data["resolved"]) == 2
    assert event.data["rows"] == 6 and event.data["added"] == 5
    assert set(imported.lines.values_list("person__code", flat=True)) == {
        "hai-luu-01",
        "hai-luu-02",
        "hai-luu-03",
        "hai-luu-04",
        "hai-luu-06",
    }


def test_demo_thematic_movement_lines_and_records_carry_their_kind(demo):
    lines = Nomination.objects.filter(submission__unit__code="nhan-dao", year=2025)

    assert set(lines.values_list("kind", flat=True)) == {AwardKind.MOVEMENT}
    assert AwardRecord.objects.filter(kind=AwardKind.MOVEMENT, decision_number="88/QĐ-UBND").count() == 2


def test_demo_head_sees_own_list_not_another(demo):
    from django.contrib.auth import get_user_model

    own = Submission.objects.get(unit__code="duc-bac", year=2025)
    other = Submission.objects.get(unit__code="hai-luu", year=2025)
    client = Client()
    client.force_login(get_user_model().objects.get(username="truong.duc-bac"))

    page = client.get(reverse("awards:submission_detail", args=[own.pk]))
    assert page.status_code == 200 and "Gia đình văn hóa" in page.content.decode()
    assert client.get(reverse("awards:submission_detail", args=[other.pk])).status_code == 404
