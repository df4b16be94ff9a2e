"""Per-row template work made cheap with the same output (issue 16): choice labels from a dict
per language, and |date's fast path for d/m/Y and d/m/Y H:i."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template, defaultfilters
from django.utils import timezone, translation

from awards.enums import NominationStatus
from campaigns.enums import ReviewStatus
from campaigns.models import Review
from songlo.labels import choice_label, enum_label
from songlo.templatefilters import date as fast_date


@pytest.mark.parametrize("language", ["vi", "en"])
def test_choice_label_is_get_display_in_each_language(language):
    with translation.override(language):
        for value in [*ReviewStatus.values, "no-such-status"]:
            review = Review(status=value)
            assert choice_label(review, "status") == review.get_status_display()
        for value in NominationStatus.values:
            assert enum_label(NominationStatus, value) == str(NominationStatus(value).label)


def test_labels_follow_the_active_language():
    review = Review(status=ReviewStatus.SUBMITTED)
    with translation.override("vi"):
        vietnamese = choice_label(review, "status")
    with translation.override("en"):
        english = choice_label(review, "status")
        assert english == review.get_status_display()
    assert vietnamese != english


VALUES = [
    datetime.date(2025, 1, 5),
    datetime.date(999, 12, 31),
    datetime.datetime(2025, 3, 9, 7, 5),
    datetime.datetime(2024, 12, 31, 23, 59, 59),
    datetime.datetime(2025, 6, 30, 17, 1, tzinfo=datetime.UTC),
    None,
    "",
    "2025-01-01",
    3,
]


@pytest.mark.parametrize("arg", ["d/m/Y", "d/m/Y H:i", "H:i", "SHORT_DATE_FORMAT", None])
@pytest.mark.parametrize("value", VALUES)
def test_fast_date_is_djangos_date(value, arg):
    assert _outcome(fast_date, value, arg) == _outcome(defaultfilters.date, value, arg)


def _outcome(date_filter, value, arg):
    try:
        return date_filter(value, arg)
    except TypeError as error:  # Django refuses a time format for a date: so must the fast path
        return type(error)


@pytest.mark.parametrize("arg", ["d/m/Y", "d/m/Y H:i"])
def test_templates_get_the_fast_date_with_local_time(arg):
    moment = datetime.datetime(2025, 6, 30, 20, 30, tzinfo=datetime.UTC)  # 1 July 03:30 in Hà Nội
    with timezone.override(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")):
        rendered = Template("{{ moment|date:arg }}").render(Context({"moment": moment, "arg": arg}))
        assert rendered == defaultfilters.date(timezone.localtime(moment), arg)
    assert rendered.startswith("01/07/2025")
