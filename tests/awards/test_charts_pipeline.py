"""Point 6 of issue 14, the office's "eligibility pipeline for the current year": per title, the
body's eligible subjects (the year's eligibility snapshot, when fresh), its dossiers sent, passed
by the council and decided; counted against independently computed numbers, scoped to the
office's subtree, in a bounded number of queries, and shown on the next load after a change."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from awards import eligibility_snapshots
from awards.charts import office_charts
from awards.enums import NominationStatus
from awards.models import AwardType, EligibilitySnapshot, EligibleVerdict, Nomination
from tests.awards.factories import NominationFactory, PersonFactory, award, rate
from tests.awards.test_eligibility_scale import YEAR, _world
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db
STEPS = {
    "Đã đề nghị": {s for s in NominationStatus if s != NominationStatus.DRAFT},
    "Hội đồng thông qua": {NominationStatus.APPROVED, NominationStatus.DECIDED},
    "Đã có quyết định": {NominationStatus.DECIDED},
}


@pytest.fixture
def pipeline(district):
    """The eligibility world of 2024 in the district, one eligible person elsewhere, and dossiers of
    every status for several titles (a draft, and one elsewhere, that must not count as sent here)."""
    people = _world(district)
    elsewhere = OrgUnitFactory(code="huyen-khac", name="Huyện Khác")
    stranger = PersonFactory(code="cb-x", unit=elsewhere)
    for year in range(YEAR - 5, YEAR + 1):
        rate(stranger, year, "HTXSNV")
    statuses = [
        NominationStatus.DRAFT,
        NominationStatus.SUBMITTED,
        NominationStatus.SCREENED,
        NominationStatus.RETURNED,
        NominationStatus.IN_COUNCIL,
        NominationStatus.APPROVED,
        NominationStatus.REJECTED,
        NominationStatus.DECIDED,
        NominationStatus.DECIDED,
        NominationStatus.REVOKED,
    ]
    for i, person in enumerate(people[:10]):
        code = "LDTT" if i % 3 else "CSTDCS"
        NominationFactory(person=person, award_type=award(code), year=YEAR, status=statuses[i])
    NominationFactory(person=people[10], award_type=award("BK_TINH"), year=YEAR, status=NominationStatus.DECIDED)
    NominationFactory(person=stranger, award_type=award("LDTT"), year=YEAR, status=NominationStatus.DECIDED)
    NominationFactory(person=people[11], award_type=award("LDTT"), year=YEAR - 1, status=NominationStatus.DECIDED)
    eligibility_snapshots.refresh(YEAR)
    return people


def _expected(district) -> dict[str, dict[str, int]]:
    """Per award name, per step: counted row by row in Python, off the stored verdicts and dossiers."""
    inside = district.district.path
    names = dict(AwardType.objects.values_list("code", "name"))
    snapshot = EligibilitySnapshot.objects.get(year=YEAR)
    expected: dict[str, dict[str, int]] = {}
    for verdict in EligibleVerdict.objects.filter(snapshot=snapshot):
        if verdict.unit_path.startswith(inside):
            row = expected.setdefault(names[verdict.award], {})
            row["Đủ điều kiện"] = row.get("Đủ điều kiện", 0) + 1
    for nomination in Nomination.objects.select_related("unit", "award_type"):
        if nomination.year != YEAR or not nomination.unit.path.startswith(inside):
            continue
        for step, statuses in STEPS.items():
            if nomination.status in statuses:
                row = expected.setdefault(names[nomination.award_type.code], {})
                row[step] = row.get(step, 0) + 1
    return expected


def _as_dict(chart) -> dict[str, dict[str, int]]:
    return {
        row["label"]: {d["label"]: v for d, v in zip(chart.datasets, row["values"], strict=True) if v}
        for row in chart.rows
    }


def _charts(user) -> dict:
    return {c.key: c for c in office_charts(user)}


def test_each_title_counts_eligible_nominated_approved_and_decided_in_the_office_scope(pipeline, district, office):
    chart = _charts(office)["eligibility-pipeline"]

    assert chart.title == f"Xét khen thưởng năm {YEAR}: từ đủ điều kiện đến quyết định"
    assert [d["label"] for d in chart.datasets] == ["Đủ điều kiện", *STEPS]
    expected = _expected(district)
    assert expected["Lao động tiên tiến"]["Đủ điều kiện"] > 0  # the data has eligible people here
    assert _as_dict(chart) == expected
    assert chart.caption == ""
    # The status chart of the same dossiers stays beside it.
    by_status = _charts(office)["pipeline"]
    assert sum(by_status.datasets[0]["data"]) == 10  # the district's eleven of 2024 but the revoked one


def test_a_stale_snapshot_shows_no_eligible_number_until_it_is_computed_again(pipeline, district, office):
    rate(pipeline[0], YEAR - 6, "HTNV")  # an input changed: the snapshot is stale

    chart = _charts(office)["eligibility-pipeline"]

    assert chart.datasets[0]["data"] and all(v is None for v in chart.datasets[0]["data"])
    assert chart.caption.startswith(f"Danh sách đủ điều kiện năm {YEAR} đang được tính lại")
    eligibility_snapshots.refresh_stale()  # what the background task does
    assert _as_dict(_charts(office)["eligibility-pipeline"]) == _expected(district)


def test_without_a_snapshot_of_the_year_one_is_asked_for(district, office):
    NominationFactory(person=PersonFactory(unit=district.commune), year=YEAR, status=NominationStatus.SUBMITTED)

    chart = _charts(office)["eligibility-pipeline"]

    assert chart.rows == [{"label": "Lao động tiên tiến", "values": [None, 1, 0, 0]}]
    snapshot = EligibilitySnapshot.objects.get(year=YEAR)
    assert not eligibility_snapshots.is_fresh(snapshot, eligibility_snapshots.inputs_version())
    assert eligibility_snapshots.refresh_stale() == [YEAR]  # the background refresh computes it


def test_the_pipeline_runs_a_bounded_number_of_queries(pipeline, office, django_assert_max_num_queries):
    with django_assert_max_num_queries(18):
        office_charts(office)
    for i in range(20):
        NominationFactory(person=PersonFactory(code=f"cb-n{i}", unit=pipeline[0].unit), year=YEAR)
    with django_assert_max_num_queries(18):
        office_charts(office)


def _page_chart(client) -> dict:
    page = client.get(reverse("awards:statistics")).content.decode()
    match = re.search(
        r'<script id="chart-eligibility-pipeline-data" type="application/json">(.*?)</script>', page, re.S
    )
    assert match
    data = json.loads(match.group(1))
    return {label: [d["data"][i] for d in data["datasets"]] for i, label in enumerate(data["labels"])}


def test_a_new_dossier_and_a_new_verdict_show_on_the_next_load(pipeline, district, client_for):
    client = client_for("office")
    before = _page_chart(client)
    assert _page_chart(client) == before  # from the cache

    newcomer = PersonFactory(code="cb-new", unit=district.commune)
    NominationFactory(person=newcomer, award_type=award("BK_TINH"), year=YEAR, status=NominationStatus.SUBMITTED)
    after_dossier = _page_chart(client)
    bk, ldtt = award("BK_TINH").name, award("LDTT").name
    assert after_dossier[bk][1] == before.get(bk, [0, 0])[1] + 1

    for year in range(YEAR - 5, YEAR + 1):
        rate(newcomer, year, "HTXSNV")
    eligibility_snapshots.refresh_stale()  # the background task, after the new ratings
    after_verdict = _page_chart(client)
    assert after_verdict[ldtt][0] == before[ldtt][0] + 1
