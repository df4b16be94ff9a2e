"""Point 5 of issue 14: a movement's targets are typed indicators (name, unit, number to reach);
reviews report a number per target; the period's dashboard and export total them across units."""

from __future__ import annotations

import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent
from campaigns import services
from campaigns.enums import IndicatorTotal, ReviewStatus
from campaigns.models import MovementTarget, Review, ReviewFigure
from campaigns.selectors import figure_totals
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.campaigns.conftest import full_content, full_scores, make_movement

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("campaigns.migrations.0010_indicators")


def _targets(cycle):
    """The cycle's two targets, typed: a rate averaged (90%), a budget summed (12.000 triệu)."""
    rate, budget = cycle.movement.targets.order_by("order")
    MovementTarget.objects.filter(pk=rate.pk).update(target=Decimal(90), total=IndicatorTotal.AVERAGE)
    MovementTarget.objects.filter(pk=budget.pk).update(target=Decimal(12000), total=IndicatorTotal.SUM)
    rate.refresh_from_db()
    budget.refresh_from_db()
    return rate, budget


def _report(cycle, review, head, values, *, submit=True):
    services.review_figures_save(actor=head, review=review, values=values)
    if submit:
        services.review_submit(actor=head, review=review, content=full_content(), scores=full_scores(cycle))


# --- The movement's targets --------------------------------------------------------------


def test_movement_form_saves_typed_targets(district, client_for):
    client = client_for("office")
    response = client.post(
        reverse("campaigns:movement_create"),
        {
            "title": "Xây dựng nông thôn mới",
            "kind": "thematic",
            "starts_on": "01/01/2025",
            "ends_on": "31/12/2025",
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-0-name": "Thu nhập bình quân đầu người",
            "targets-0-measure": "triệu đồng/năm",
            "targets-0-target": "65,5",
            "targets-0-total": "average",
            "targets-1-name": "Thu ngân sách",
            "targets-1-measure": "triệu đồng",
            "targets-1-target": "1.250",
        },
    )

    movement = district.district.owned_movements.get()
    assert response.status_code == 302
    assert list(movement.targets.values_list("name", "measure", "target", "total")) == [
        ("Thu nhập bình quân đầu người", "triệu đồng/năm", Decimal("65.50"), "average"),
        ("Thu ngân sách", "triệu đồng", Decimal("1250.00"), "sum"),
    ]
    page = client.get(movement.get_absolute_url()).content.decode()
    assert "phải đạt 65,5 triệu đồng/năm" in page
    assert "phải đạt 1.250 triệu đồng" in page


def test_movement_form_refuses_a_target_that_is_not_a_number(district, client_for):
    response = client_for("office").post(
        reverse("campaigns:movement_create"),
        {
            "title": "Xây dựng nông thôn mới",
            "kind": "thematic",
            "starts_on": "01/01/2025",
            "ends_on": "31/12/2025",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-name": "Thu ngân sách",
            "targets-0-target": "nhiều",
        },
    )

    assert response.status_code == 200
    assert not district.district.owned_movements.exists()


def test_movement_update_keeps_target_rows_and_changes_their_numbers(office, district, frozen):
    movement = make_movement(office, district)
    ids = list(movement.targets.order_by("order").values_list("pk", flat=True))

    services.movement_update(
        actor=office,
        movement=movement,
        data={},
        targets=[("Tỷ lệ hộ gia đình văn hóa", "%", Decimal(92), "average"), ("Thu ngân sách", "triệu đồng")],
    )

    rows = list(movement.targets.order_by("order").values_list("pk", "target", "total"))
    assert rows == [(ids[0], Decimal("92.00"), "average"), (ids[1], None, "sum")]


# --- The unit's figures ------------------------------------------------------------------


def test_review_form_saves_localised_figures_with_the_draft(cycle, client_for):
    rate, budget = _targets(cycle)
    client = client_for("stranger")
    url = reverse("campaigns:review_edit", args=[cycle.other_review.pk])
    page = client.get(url).content.decode()
    assert f'name="figure_{rate.pk}"' in page
    assert "Mức phải đạt: 90 %" in page

    response = client.post(
        url, {"results": "Đang soạn", f"figure_{rate.pk}": "92,5", f"figure_{budget.pk}": "1.250", "save": "1"}
    )

    assert response.status_code == 302
    assert dict(cycle.other_review.figure_values.values_list("target_id", "value")) == {
        rate.pk: Decimal("92.50"),
        budget.pk: Decimal("1250.00"),
    }
    assert AuditEvent.objects.get(action="review.figures").data == {"targets": [rate.pk, budget.pk]}
    again = client.get(url).content.decode()
    assert 'value="92,5' in again


def test_review_form_refuses_a_figure_that_is_not_a_number_and_changes_nothing(cycle, client_for):
    rate, _budget = _targets(cycle)
    client = client_for("stranger")
    url = reverse("campaigns:review_edit", args=[cycle.other_review.pk])

    response = client.post(url, {"results": "Văn bản đang soạn", f"figure_{rate.pk}": "khoảng 90", "save": "1"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Nhập một số, ví dụ 44,5 hoặc 1.250." in body
    assert "Văn bản đang soạn" in body
    assert not ReviewFigure.objects.exists()
    assert Review.objects.get(pk=cycle.other_review.pk).status == ReviewStatus.NOT_STARTED


def test_a_refused_submission_keeps_no_figure(cycle, client_for):
    rate, _budget = _targets(cycle)
    client = client_for("stranger")
    url = reverse("campaigns:review_edit", args=[cycle.other_review.pk])

    # No self-scores: the submission is refused, and the figures typed with it are not saved either.
    response = client.post(url, {"results": "Đạt", f"figure_{rate.pk}": "95", "submit": "1"})

    assert response.status_code == 200
    assert "Chưa nộp được" in response.content.decode()
    assert not ReviewFigure.objects.exists()


def test_review_figures_save_clears_a_figure_given_as_none(cycle, unit_head):
    rate, budget = _targets(cycle)
    services.review_figures_save(
        actor=unit_head, review=cycle.review, values={rate.pk: Decimal(91), budget.pk: Decimal(5)}
    )

    services.review_figures_save(actor=unit_head, review=cycle.review, values={rate.pk: None})

    assert list(cycle.review.figure_values.values_list("target_id", flat=True)) == [budget.pk]


def test_review_figures_save_refusals(cycle, unit_head, stranger, office, district):
    rate, _budget = _targets(cycle)
    foreign = make_movement(office, district, title="Phong trào khác").targets.first()

    with pytest.raises(NotAllowed):
        services.review_figures_save(actor=stranger, review=cycle.review, values={rate.pk: Decimal(1)})
    with pytest.raises(DomainError, match="Chỉ tiêu không thuộc phong trào này"):
        services.review_figures_save(actor=unit_head, review=cycle.review, values={foreign.pk: Decimal(1)})
    with pytest.raises(DomainError, match="quá lớn"):
        services.review_figures_save(actor=unit_head, review=cycle.review, values={rate.pk: Decimal("1e13")})
    _report(cycle, cycle.review, unit_head, {rate.pk: Decimal(95)})
    with pytest.raises(InvalidTransition):
        services.review_figures_save(actor=unit_head, review=cycle.review, values={rate.pk: Decimal(99)})
    assert list(ReviewFigure.objects.values_list("value", flat=True)) == [Decimal("95.00")]


def test_review_detail_shows_numbers_and_the_text_typed_before(cycle, unit_head, client_for):
    rate, budget = _targets(cycle)
    Review.objects.filter(pk=cycle.review.pk).update(figures={str(budget.pk): "khoảng 1 tỷ"})
    services.review_figures_save(actor=unit_head, review=cycle.review, values={rate.pk: Decimal("92.5")})

    page = client_for("unit_head").get(cycle.review.get_absolute_url()).content.decode()

    assert "92,5 %" in page
    assert "khoảng 1 tỷ triệu đồng" in page
    assert "12.000 triệu đồng" in page


def test_returning_a_review_keeps_its_figures_in_the_version(cycle, unit_head, office):
    rate, _budget = _targets(cycle)
    _report(cycle, cycle.review, unit_head, {rate.pk: Decimal("92.5")})

    version = services.review_return(actor=office, review=Review.objects.get(pk=cycle.review.pk), comment="Sửa số liệu")

    assert version.snapshot["indicators"] == [{"target": rate.name, "measure": "%", "value": "92.50"}]


# --- Totals ------------------------------------------------------------------------------


@pytest.fixture
def reported(cycle, unit_head, stranger):
    rate, budget = _targets(cycle)
    _report(cycle, cycle.review, unit_head, {rate.pk: Decimal(95), budget.pk: Decimal(8000)})
    _report(cycle, cycle.other_review, stranger, {rate.pk: Decimal(86), budget.pk: Decimal(5000)}, submit=False)
    return rate, budget


def test_figure_totals_count_only_submitted_and_accepted_reviews(cycle, reported, stranger):
    rate, budget = reported

    before = {t.target.pk: (t.units, t.total, t.reached) for t in figure_totals(cycle.period)}
    services.review_submit(actor=stranger, review=cycle.other_review, content=full_content(), scores=full_scores(cycle))
    after = {t.target.pk: (t.units, t.total, t.reached) for t in figure_totals(cycle.period)}

    assert before == {rate.pk: (1, Decimal("95.00"), 1), budget.pk: (1, Decimal("8000.00"), 0)}
    # The rate is averaged, the budget summed; 95 reaches 90, 86 does not.
    assert after == {rate.pk: (2, Decimal("90.50"), 1), budget.pk: (2, Decimal("13000.00"), 0)}


def test_dashboard_totals_follow_its_filters(cycle, reported, stranger, client_for):
    services.review_submit(actor=stranger, review=cycle.other_review, content=full_content(), scores=full_scores(cycle))
    client = client_for("office")
    url = cycle.period.get_absolute_url()

    everyone = client.get(url).content.decode()
    one_status = client.get(url + "?status=submitted").content.decode()

    assert 'data-testid="figure-totals"' in everyone
    assert "13.000" in everyone and "90,5" in everyone
    assert "13.000" in one_status  # both are submitted
    assert "Số đơn vị đạt" in everyone


def test_dashboard_query_count_does_not_grow_with_targets(cycle, reported, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("office")
    url = cycle.period.get_absolute_url()
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    for i in range(8):
        MovementTarget.objects.create(movement=cycle.movement, name=f"Chỉ tiêu {i}", order=10 + i)
    with CaptureQueriesContext(connection) as ten:
        client.get(url)

    assert len(ten.captured_queries) == len(two.captured_queries)


def test_period_export_has_criterion_scores_figures_and_their_totals(cycle, reported, stranger, office, client_for):
    rate, budget = reported
    services.review_submit(actor=stranger, review=cycle.other_review, content=full_content(), scores=full_scores(cycle))
    c1, c2 = cycle.criteria
    services.review_accept(
        actor=office,
        review=Review.objects.get(pk=cycle.review.pk),
        office_scores={c1.pk: Decimal(50), c2.pk: Decimal(30)},
    )

    response = client_for("office").get(reverse("campaigns:period_export", args=[cycle.period.pk]))
    book = load_workbook(io.BytesIO(response.content))
    status, figures = book.worksheets
    header = [c.value for c in status[3]]
    rows = {row[1]: row for row in status.iter_rows(min_row=4, values_only=True)}

    assert header[10:] == [
        f"{c1.name} – tự chấm",
        f"{c1.name} – thẩm định",
        f"{c2.name} – tự chấm",
        f"{c2.name} – thẩm định",
        "Tỷ lệ hộ gia đình văn hóa (%)",
        "Thu ngân sách (triệu đồng)",
    ]
    assert rows["Xã A"][10:] == (55, 50, 35, 30, 95, 8000)
    assert rows["Xã B"][10:] == (55, None, 35, None, 86, 5000)
    assert figures.title == "Số liệu chỉ tiêu"
    assert [c.value for c in figures[3]] == [
        "Chỉ tiêu",
        "Đơn vị tính",
        "Mức phải đạt",
        "Cách tổng hợp",
        "Tổng hợp",
        "Số đơn vị báo cáo",
        "Số đơn vị đạt",
    ]
    assert list(figures.iter_rows(min_row=4, values_only=True)) == [
        (rate.name, "%", 90, "Trung bình các đơn vị", 90.5, 2, 1),
        (budget.name, "triệu đồng", 12000, "Cộng số liệu các đơn vị", 13000, 2, 0),
    ]


# --- The migration of the free-text figures ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("95", Decimal("95.00")),
        ("95%", Decimal("95.00")),
        ("96,5", Decimal("96.50")),
        ("44.5", Decimal("44.50")),
        ("1.250", Decimal("1250.00")),
        ("1.234.567,8", Decimal("1234567.80")),
        (" 12 ", Decimal("12.00")),
        ("-3", Decimal("-3.00")),
        ("khoảng 90", None),
        ("Đạt", None),
        ("1,2,3", None),
        ("", None),
        ("90-95", None),
    ],
)
def test_migration_types_a_figure_only_when_it_is_a_number(text, number):
    assert MIGRATION.parse_figure(text) == number


def test_migration_makes_numbers_of_the_number_figures_and_keeps_every_text(cycle):
    rate, budget = cycle.movement.targets.order_by("order")
    texts = {str(rate.pk): "96,5", str(budget.pk): "chưa có số liệu", "999999": "12"}
    Review.objects.filter(pk=cycle.review.pk).update(figures=texts)

    MIGRATION.type_the_figures(apps, None)

    assert list(ReviewFigure.objects.values_list("review_id", "target_id", "value")) == [
        (cycle.review.pk, rate.pk, Decimal("96.50"))
    ]
    assert Review.objects.get(pk=cycle.review.pk).figures == texts
