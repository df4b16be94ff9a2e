"""The period dashboard's rows written in Python (issue 16) are the markup the row template gave."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from campaigns.enums import REVIEW_PENDING, ReviewStatus
from campaigns.models import Review
from campaigns.templatetags.cycle import dashboard_row
from organisation.models import OrgUnit

# The row as templates/campaigns/period_detail.html wrote it before (main, e22d9e2).
OLD_ROWS = """{% load i18n cycle %}{% for r in rows %}
    <tr>
      {% if can_accept %}<td>{% if r.status == ReviewStatus.SUBMITTED %}<input class="form-check-input" type="checkbox" form="accept-many" name="reviews" value="{{ r.pk }}" id="accept-{{ r.pk }}" aria-label="{% blocktranslate with unit=r.unit.name %}Chọn báo cáo của {{ unit }}{% endblocktranslate %}">{% endif %}</td>{% endif %}
      <td><a href="{{ r.get_absolute_url }}">{{ r.unit.name }}</a></td>
      <td class="small">{{ r.block_names|default:"—" }}</td>
      <td>{% status_badge r %}{% if r.is_late %} {% late_badge %}{% endif %}{% if r.status in REVIEW_PENDING and r.effective_deadline < now %} <span class="badge text-bg-danger">{% translate "Quá hạn" %}</span>{% endif %}</td>
      <td>{{ r.effective_deadline|date:"d/m/Y H:i" }}{% if r.extended_deadline %} <span class="badge text-bg-info">{% translate "Gia hạn" %}</span>{% endif %}</td>
      <td>{{ r.submitted_at|date:"d/m/Y H:i"|default:"—" }}</td>
      <td class="text-end">{% if r.self_total is not None %}{{ r.self_total|floatformat:1 }}{% else %}—{% endif %}</td>
      <td class="text-end">{% if r.office_total is not None %}{{ r.office_total|floatformat:1 }}{% else %}—{% endif %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


def _review(pk, status, **extra):
    review = Review(pk=pk, status=status, is_late=extra.get("is_late", False))
    review.unit = OrgUnit(name=extra.get("unit", 'Xã <Đồng> & "Tâm"'))
    moment = datetime.datetime(2026, 12, 9, 10, 0, tzinfo=datetime.UTC)
    review.effective_deadline = extra.get("deadline", moment)
    review.extended_deadline = extra.get("extended")
    review.submitted_at = extra.get("submitted")
    review.self_total = extra.get("own")
    review.office_total = extra.get("office")
    review.block_names = extra.get("blocks", "")
    return review


ROWS = [
    _review(1, ReviewStatus.SUBMITTED, own=Decimal("44.55"), blocks="Cụm 1; Khối <2>",
            submitted=datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)),
    _review(22, ReviewStatus.NOT_STARTED, deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)),
    _review(333, ReviewStatus.DRAFT, is_late=True, extended=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)),
    _review(4444, ReviewStatus.ACCEPTED, own=Decimal("90"), office=Decimal("87.25"), is_late=True),
    _review(55555, ReviewStatus.RETURNED, office=Decimal("0")),
]  # fmt: skip


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("can_accept", [True, False])
def test_dashboard_rows_are_the_old_template_rows(language, can_accept):
    now = timezone.now()
    with translation.override(language):
        old = Template(OLD_ROWS).render(
            Context(
                {"rows": ROWS, "can_accept": can_accept, "now": now, "ReviewStatus": ReviewStatus,
                 "REVIEW_PENDING": REVIEW_PENDING}
            )
        )  # fmt: skip
        new = "".join(dashboard_row(r, can_accept, now) for r in ROWS)
    assert new == old
    assert new.count("<tr>") == len(ROWS)
    assert ('id="accept-1"' in new) is can_accept
