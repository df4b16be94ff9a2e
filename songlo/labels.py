"""Choice labels in the active language, looked up in a dict built once per language.

``get_FOO_display()`` rebuilds the field's choices dict and translates the label on every call;
a list page calls it once per row and column. Here each (model, field) or enum gets one dict of
translated labels per language, built on first use. The labels come from code (the choices are
not data), so nothing can make a cached dict stale while the process runs.
"""

from __future__ import annotations

from functools import lru_cache

from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import get_language


@lru_cache(maxsize=1024)
def _field_labels(model: type[models.Model], field_name: str, language: str | None) -> dict:
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in field.flatchoices}  # type: ignore[union-attr]


@lru_cache(maxsize=256)
def _enum_labels(enum: type[models.Choices], language: str | None) -> dict:
    return {member.value: str(member.label) for member in enum}


def choice_label(obj: models.Model, field_name: str):
    """What ``obj.get_<field_name>_display()`` returns, without rebuilding the choices."""
    value = getattr(obj, field_name)
    labels = _field_labels(type(obj), field_name, get_language())
    try:
        return labels[value]
    except (KeyError, TypeError):  # not a choice (shown as is, like Django), or unhashable
        return force_str(value, strings_only=True)


def enum_label(enum: type[models.Choices], value) -> str:
    """``enum(value).label`` in the active language (a ValueError for a value not in it)."""
    try:
        return _enum_labels(enum, get_language())[value]
    except KeyError:
        return str(enum(value).label)
