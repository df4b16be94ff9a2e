"""The stage summary: movements and awards of a stage by year, each number a link to its records,
the JSON of `report summary` and the DOCX draft read back."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from campaigns.enums import MovementKind, MovementStatus
from campaigns.models import Movement, Stage
from reports.summary import compute_summary
from tests.awards.factories import PersonFactory, give
from tests.factories import OrgUnitFactory


@pytest.fixture
def stage(district):
    stage = Stage.objects.create(name="Giai đoạn 2023-2024", start_year=2023, end_year=2024, owner=district.district)
    d = datetime.date
    for title, owner, kind, start, end in [
        ("Thi đua 2023", district.district, MovementKind.REGULAR, d(2023, 1, 1), d(2023, 12, 31)),
        ("Thi đua 2024", district.district, MovementKind.REGULAR, d(2024, 1, 1), d(2024, 12, 31)),
        ("Chuyên đề xã A", district.commune, MovementKind.THEMATIC, d(2024, 3, 1), d(2024, 9, 30)),
        ("Năm 2022", district.district, MovementKind.REGULAR, d(2022, 1, 1), d(2022, 12, 31)),
    ]:
        Movement.objects.create(
            title=title, owner=owner, kind=kind, starts_on=start, ends_on=end, status=MovementStatus.LAUNCHED
        )
    people = [PersonFactory(code=f"tk-{i}", unit=district.commune) for i in range(3)]
    give(people[0], "LDTT", 2023)
    give(people[1], "LDTT", 2023)
    give(people[0], "LDTT", 2024)
    give(people[2], "BK_TINH", 2024)
    give(district.commune, "TTLDTT", 2024)
    give(people[1], "CSTDCS", 2024, revoked=True)
    give(people[1], "LDTT", 2022)
    give(PersonFactory(code="ngoai", unit=OrgUnitFactory(code="khac", name="Huyện Khác")), "LDTT", 2024)
    return stage


def test_summary_counts_the_stage_by_year(district, stage):
    movements, awards = compute_summary(stage, district.district).tables

    assert movements.values == {
        "PT01": {"1": 3, "2023": 1, "2024": 2},
        "PT02": {"1": 2, "2023": 1, "2024": 1},
        "PT03": {"1": 1, "2023": 0, "2024": 1},
    }
    assert awards.values["KT"] == {"1": 5, "2023": 2, "2024": 3}
    assert awards.values["LDTT"] == {"1": 3, "2023": 2, "2024": 1}
    assert awards.values["BK_TINH"] == {"1": 1, "2023": 0, "2024": 1}
    assert awards.values["CSTDCS"] == {"1": 0, "2023": 0, "2024": 0}
    # Every number is the count of the records behind it.
    for table in (movements, awards):
        for line in table.form.coded_lines[1:]:
            assert sum(table.values[line.code][str(y)] for y in (2023, 2024)) == table.values[line.code]["1"]


def test_summary_page_links_each_number_to_its_records(client_for, district, stage):
    client = client_for("office")
    page = client.get(reverse("reports:summary"), {"stage": stage.pk, "body": "huyen-thu"})
    cell = client.get(
        reverse("reports:cell", args=["summary-awards"]),
        {"stage": stage.pk, "body": "huyen-thu", "row": "LDTT", "col": "2023"},
    )

    assert page.status_code == 200
    assert "Tổng kết phong trào thi đua, công tác khen thưởng giai đoạn 2023–2024" in page.content.decode()
    assert cell.context["page"].paginator.count == 2
    assert client_for("unit_head").get(reverse("reports:summary"), {"stage": stage.pk}).status_code == 403
    assert client.get(reverse("reports:summary"), {"stage": 99999}).status_code == 404


def test_summary_docx_draft_reads_back(client_for, district, stage):
    response = client_for("office").get(reverse("reports:summary_docx"), {"stage": stage.pk, "body": "huyen-thu"})
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)

    assert "BÁO CÁO" in text
    assert "đã phát động 3 phong trào thi đua, trong đó 2 phong trào thường xuyên và 1 phong trào" in text
    assert "Tổng số 5 lượt khen thưởng, gồm: " in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.tables[0].cell(0, 1).text
    assert len(doc.tables) == 5  # the header, the two tables, the movements' results, the signature
    assert "Trong giai đoạn có 0 sáng kiến, đề tài được công nhận" in text


def test_report_summary_command_prints_the_json(district, stage, capsys):
    call_command("report", "summary", year=2024, body="huyen-thu")
    data = json.loads(capsys.readouterr().out)

    assert (data["form"], data["year"], data["body"]) == ("summary", 2024, "huyen-thu")
    assert [c["key"] for c in data["columns"]] == ["1", "2023", "2024"]
    rows = {r["code"]: r["values"] for r in data["rows"]}
    assert rows["PT01"] == {"1": 3, "2023": 1, "2024": 2} and rows["KT"]["1"] == 5


def test_summary_has_participation_initiatives_block_results_and_charts(client_for, district, stage):
    from awards.models import Acclamation
    from campaigns.models import Participation, Review, ReviewPeriod
    from tests.awards.factories import initiative
    from tests.factories import EmulationBlockFactory

    tz = datetime.UTC
    movement = Movement.objects.get(title="Thi đua 2024")
    for unit in (district.commune, district.other_commune):
        Participation.objects.create(movement=movement, unit=unit)
    period = ReviewPeriod.objects.create(
        movement=movement,
        name="Tổng kết 2024",
        kind="final",
        opens_at=datetime.datetime(2024, 11, 1, tzinfo=tz),
        deadline=datetime.datetime(2024, 12, 10, tzinfo=tz),
    )
    Review.objects.create(period=period, unit=district.commune, status="accepted")
    Review.objects.create(period=period, unit=district.other_commune, status="draft")
    author = PersonFactory(code="sk-1", unit=district.commune)
    initiative(author, 2023, "co_so")
    initiative(author, 2024, "tinh")
    initiative(PersonFactory(code="sk-2", unit=OrgUnitFactory(code="xa-ngoai", name="Xã Ngoài")), 2024, "tinh")
    block = EmulationBlockFactory(owner=district.district, name="Cụm các xã")
    Acclamation.objects.create(block=block, year=2024, unit=district.commune)

    summary = compute_summary(stage, district.district)

    result = next(r for r in summary.movements if r.movement == movement)
    assert (result.participants, result.reviews, result.submitted, result.accepted) == (2, 2, 1, 1)
    assert result.submitted_percent == 50.0
    assert [r.movement.title for r in summary.movements] == ["Thi đua 2023", "Thi đua 2024", "Chuyên đề xã A"]
    rows = dict(summary.initiative_rows())
    assert rows["Cấp cơ sở"] == [1, 0] and rows["Cấp tỉnh"] == [0, 1]  # the other district's is not counted
    assert [(a.year, a.unit) for a in summary.acclamations] == [(2024, district.commune)]
    launched, levels = summary.charts()
    assert launched.labels == ["2023", "2024"]
    assert [d["data"] for d in launched.datasets] == [[1, 1], [0, 1]]
    assert sum(sum(d["data"]) for d in levels.datasets) == 5  # the five awards of the table

    page = client_for("office").get(reverse("reports:summary"), {"stage": stage.pk, "body": "huyen-thu"})
    html = page.content.decode()
    assert "Cụm các xã" in html and 'data-testid="summary-movements"' in html
    assert 'id="chart-summary-awards-data"' in html
