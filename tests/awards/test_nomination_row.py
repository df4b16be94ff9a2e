"""The nomination list's rows written in Python (issue 16) are the markup the row template gave."""

import pytest
from django.template import Context, Template
from django.utils import translation

from awards.enums import NominationStatus
from awards.models import AwardType, Nomination, Person
from awards.templatetags.awards_tags import nomination_row
from campaigns.models import Movement
from organisation.models import OrgUnit

# The row as templates/awards/nomination_list.html wrote it before (main, e22d9e2).
OLD_ROWS = """{% load i18n awards_tags %}{% for n in rows %}
    <tr>
      {% if can_screen %}<td>{% if n.status == NominationStatus.SUBMITTED %}<input class="form-check-input" type="checkbox" form="screen-many" name="nominations" value="{{ n.pk }}" aria-label="{% blocktranslate with subject=n.subject %}Chọn hồ sơ của {{ subject }}{% endblocktranslate %}">{% endif %}</td>{% endif %}
      <td><a href="{{ n.get_absolute_url }}">{{ n.subject }}</a></td>
      <td>{{ n.award_type.name }}</td><td>{{ n.year }}</td><td>{{ n.unit.name }}</td><td>{{ n.movement.title|default:"—" }}</td>
      <td>{% eligibility_badge n.eligible %}{% if n.override_reason %} <span class="badge text-bg-warning">{% translate "Chấp nhận có lý do" %}</span>{% endif %}</td>
      <td>{% nomination_badge n.status %}</td>
    </tr>
  {% endfor %}"""  # noqa: E501


def _nomination(pk, status, *, person=True, movement=None, eligible=None, override=""):
    n = Nomination(pk=pk, status=status, year=2026, eligible=eligible, override_reason=override)
    n.unit = OrgUnit(pk=7, name='Xã <Đồng> & "Tâm"')
    if person:
        n.person = Person(pk=8, full_name="Nguyễn Thị <Hoa>")
    else:
        n.subject_unit = OrgUnit(pk=9, name="Trường & Lớp")
    n.award_type = AwardType(pk=10, name="Lao động tiên tiến")
    n.movement = Movement(pk=11, title=movement) if movement is not None else None
    return n


ROWS = [
    _nomination(1, NominationStatus.SUBMITTED, movement="Thi đua <2026>", eligible=True),
    _nomination(22, NominationStatus.DRAFT, person=False),
    _nomination(333, NominationStatus.SUBMITTED, eligible=False, override="Có lý do"),
    _nomination(4444, NominationStatus.DECIDED, movement="", eligible=True),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("can_screen", [True, False])
def test_nomination_rows_are_the_old_template_rows(language, can_screen):
    with translation.override(language):
        context = {"rows": ROWS, "can_screen": can_screen, "NominationStatus": NominationStatus}
        old = Template(OLD_ROWS).render(Context(context))
        new = "".join(nomination_row(n, can_screen) for n in ROWS)
    assert new == old
    assert new.count("<tr>") == len(ROWS)
    assert ('value="333"' in new) is can_screen
