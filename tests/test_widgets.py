"""Inputs that speak Vietnamese whatever the browser's locale (songlo/widgets.py)."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from songlo.widgets import DateInput, DateTimeInput, decimal_field, figure_field


class Sample(forms.Form):
    day = forms.DateField(widget=DateInput())
    moment = forms.DateTimeField(widget=DateTimeInput())
    score = decimal_field(max_digits=5, decimal_places=2)


@pytest.mark.parametrize("typed", ["44,5", "44.5"])
def test_vietnamese_forms_read_a_decimal_comma_and_dd_mm_yyyy(typed):
    with translation.override("vi"):
        form = Sample({"day": "20/03/2025", "moment": "01/12/2026 08:30", "score": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2025, 3, 20)
    assert (form.cleaned_data["moment"].hour, form.cleaned_data["moment"].minute) == (8, 30)
    assert form.cleaned_data["score"] == Decimal("44.5")


def test_inputs_show_dates_and_decimals_the_vietnamese_way_as_text_fields():
    initial = {
        "day": datetime.date(2025, 3, 20),
        "moment": datetime.datetime(2026, 12, 1, 8, 30),
        "score": Decimal("44.5"),
    }
    with translation.override("vi"):
        html = str(Sample(initial=initial))

    assert 'type="text"' in html and 'type="date"' not in html and 'type="datetime-local"' not in html
    assert 'value="20/03/2025"' in html and 'value="01/12/2026 08:30"' in html and 'value="44,5"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'inputmode="decimal"' in html


def test_a_wrong_date_is_refused_with_a_message():
    with translation.override("vi"):
        form = Sample({"day": "31/02/2025", "moment": "01/12/2026 08:30", "score": "1"})
        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập một ngày hợp lệ."]


class Figures(forms.Form):
    figure = figure_field(max_digits=14, decimal_places=2)


@pytest.mark.parametrize(
    ("language", "typed", "number"),
    [
        ("vi", "12.000", Decimal("12000")),
        ("vi", "1.250,5", Decimal("1250.5")),
        ("vi", "44,5", Decimal("44.5")),
        ("vi", "1250", Decimal("1250")),
        ("en", "12,000", Decimal("12000")),
        ("en", "1,250.5", Decimal("1250.5")),
        ("en", "44.5", Decimal("44.5")),
    ],
)
def test_figure_fields_read_thousands_grouped_the_readers_way(language, typed, number):
    with translation.override(language):
        form = Figures({"figure": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["figure"] == number


@pytest.mark.parametrize("typed", ["1.25.0", "12.00.000", "khoảng 12"])
def test_figure_fields_refuse_what_is_not_a_grouped_number(typed):
    with translation.override("vi"):
        assert not Figures({"figure": typed}).is_valid()
