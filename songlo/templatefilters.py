"""Template filters every template has without ``{% load %}`` (TEMPLATES' ``builtins``).

``date`` is Django's, with a fast path for the project's two fixed formats, ``d/m/Y`` and
``d/m/Y H:i``: a list page formats a date per row, and Django's general formatter (a format
parser and a gettext per call) costs more than the rest of the cell. Same output; any other
format, or any other value, goes to Django's filter.
"""

from __future__ import annotations

import datetime

from django import template
from django.template import defaultfilters

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    kind = type(value)
    if arg == "d/m/Y" and (kind is datetime.date or kind is datetime.datetime):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if arg == "d/m/Y H:i" and kind is datetime.datetime:
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d} {value.hour:02d}:{value.minute:02d}"
    return defaultfilters.date(value, arg)
