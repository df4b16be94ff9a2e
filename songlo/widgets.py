"""Inputs that speak Vietnamese whatever the browser's locale (ui.md).

A browser's own date and time inputs show the browser's locale (mm/dd/yyyy, 12-hour clock on
an English Windows), so Songlo's are text inputs in dd/mm/yyyy and 24-hour time, with a mask
that adds the separators as one types (static/js/masks.js). The forms accept these and ISO
dates (``DATE_INPUT_FORMATS`` in songlo/formats). Decimals are localised: "44,5" in Vietnamese.
"""

from __future__ import annotations

from django import forms


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
