"""Inputs that speak Vietnamese whatever the browser's locale (ui.md).

A browser's own date and time inputs show the browser's locale (mm/dd/yyyy, 12-hour clock on
an English Windows), so Songlo's are text inputs in dd/mm/yyyy and 24-hour time, with a mask
that adds the separators as one types (static/js/masks.js). The forms accept these and ISO
dates (``DATE_INPUT_FORMATS`` in songlo/formats). Decimals are localised: "44,5" in Vietnamese.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.formats import get_format


class DateInput(forms.DateInput):
    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-mask": "date",
            "maxlength": "10",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class DateTimeInput(forms.DateTimeInput):
    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy hh:mm",
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-mask": "datetime",
            "maxlength": "16",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y %H:%M")


class DecimalInput(forms.TextInput):
    """For a DecimalField with ``localize=True``: "44,5" typed and shown in Vietnamese."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


def decimal_field(**kwargs) -> forms.DecimalField:
    """A DecimalField that reads and writes numbers the reader's way ("44,5" in Vietnamese)."""
    return forms.DecimalField(localize=True, widget=DecimalInput(), **kwargs)


class GroupedDecimalField(forms.DecimalField):
    """A localised DecimalField that also reads thousands grouped the reader's way: "12.000" and
    "1.250,5" in Vietnamese (figures such as budgets are typed so), "12,000" in English."""

    def to_python(self, value):
        if isinstance(value, str):
            value = _ungroup(value.strip())
        return super().to_python(value)


def _ungroup(text: str) -> str:
    thousands, decimal = get_format("THOUSAND_SEPARATOR"), get_format("DECIMAL_SEPARATOR")
    if not thousands:
        return text
    grouped = rf"[+-]?\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+(?:{re.escape(decimal)}\d+)?"
    return text.replace(thousands, "") if re.fullmatch(grouped, text) else text


def figure_field(**kwargs) -> forms.DecimalField:
    """A figure (a budget, a rate): "44,5", "12.000" or "1.250,5" in Vietnamese."""
    return GroupedDecimalField(localize=True, widget=DecimalInput(), **kwargs)
