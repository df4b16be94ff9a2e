"""An admin list filter that is a text box, for a relation with thousands of rows.

Django's ``list_filter = ("block",)`` lists every emulation block (435 at scale), and a unit
filter would list ten thousand units. ``search_filter(title, "block__name", "block__code")``
gives a box instead: the rows whose related name or code contains every word typed, by any
spelling (``songlo.text.search_q``).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.text import slugify

from songlo.text import search_q


class SearchListFilter(admin.ListFilter):
    template = "admin/songlo_search_filter.html"
    parameter_name: str = ""
    fields: tuple[str, ...] = ()

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        value = params.pop(self.parameter_name, "")
        value = value[-1] if isinstance(value, list) else value
        self.value = (value or "").strip()[:100]
        if self.value:
            self.used_parameters[self.parameter_name] = self.value

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str | None]:
        return [self.parameter_name]

    def queryset(self, request, queryset):
        return queryset.filter(search_q(self.value, *self.fields)) if self.value else queryset

    def choices(self, changelist):
        # The other parameters of the list, kept as hidden inputs of the filter's own form.
        others = [
            (key, value)
            for key, values in changelist.get_filters_params().items()
            if key != self.parameter_name
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {
            "parameter": self.parameter_name,
            "value": self.value,
            "others": others,
            "clear": changelist.get_query_string(remove=[self.parameter_name]),
        }


def search_filter(title, *fields: str) -> type[SearchListFilter]:
    """A ``SearchListFilter`` over ``fields`` (e.g. "block__name", "block__code")."""
    name = "q_" + slugify(fields[0].replace("__", "-")).replace("-", "_")
    return type(
        f"SearchListFilter_{name}",
        (SearchListFilter,),
        {"title": title, "parameter_name": name, "fields": fields},
    )
