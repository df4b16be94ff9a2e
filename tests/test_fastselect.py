"""FastSelect writes the same HTML as Django's Select (issue 16), whatever the value and attributes."""

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from awards.forms import NominationFilter
from campaigns.enums import ReviewStatus
from songlo.fastselect import FastSelect

CHOICES = [
    ("", "---------"),
    ("a&b", "A <b> & 'c'"),
    (1, "Một"),
    ("x", mark_safe("<i>an toàn</i>")),
    ("y", _("Tất cả")),
]
GROUPED = [("Nhóm", [("a", "A"), ("b", "B")]), ("c", "C")]
NUMBERED = [(2024, 2024), (2025, 2025)]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, NUMBERED, ReviewStatus.choices, []])
@pytest.mark.parametrize("value", [None, "", "a&b", "1", 1, "b", 2025, "submitted", ["x"]])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "form-select form-select-sm", "required": True, "disabled": False, "data-x": '"q"'}]
)
def test_fast_select_is_djangos_select(choices, value, attrs):
    expected = forms.Select(choices=choices, attrs=attrs).render("ten", value, attrs={"id": "id_ten"})
    assert FastSelect(choices=choices, attrs=attrs).render("ten", value, attrs={"id": "id_ten"}) == expected


@pytest.mark.django_db
def test_the_nomination_filter_renders_as_with_djangos_select():
    fast = NominationFilter({"status": "submitted", "eligible": "true"}).form
    for name in ("movement", "award_type", "status", "eligible"):
        field = fast[name]
        slow = forms.Select(choices=field.field.widget.choices, attrs=field.field.widget.attrs)
        assert isinstance(field.field.widget, FastSelect)
        assert str(field) == slow.render(field.html_name, field.value(), attrs={"id": field.auto_id})
