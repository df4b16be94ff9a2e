"""A select whose HTML is written in Python: the same bytes as Django's Select, without one
template include per option (issue 16: a list's filter form cost more to render than its rows).

Django renders ``django/forms/widgets/select.html``, which includes ``select_option.html`` and
``attrs.html`` for every option. ``FastSelect`` writes that markup directly for the common case
(no option groups, text labels); anything else is left to Django's templates. The tests compare
both renderings.
"""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescape."""
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(out)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        widget = context["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _choices, _index in groups) or any(
            not isinstance(option["label"], str | Promise) for _n, choices, _i in groups for option in choices
        ):
            return self._render(self.template_name, context, renderer)  # type: ignore[attr-defined]  # Widget._render
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for _group_name, choices, _index in groups:
            for option in choices:
                parts.append(
                    f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part escaped above
