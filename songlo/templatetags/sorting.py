"""Sortable column headers and pagination links that keep the page's other parameters."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from songlo.sorting import PAGE, PARAM, SortState

register = template.Library()


@register.simple_tag
def sort_th(state: SortState | None, key: str, label: str, classes: str = "") -> SafeString:
    """A ``<th>`` whose label links to the list sorted by ``key`` (the other way when it already is)."""
    class_attr = format_html(' class="{}"', classes) if classes else ""
    if not isinstance(state, SortState):  # a page without a sort (or an include shared with one)
        return format_html('<th scope="col"{}>{}</th>', class_attr, label)
    aria = state.aria(key)
    if aria:
        icon = "bi-sort-up" if aria == "ascending" else "bi-sort-down"
        hint = gettext("đang xếp tăng dần") if aria == "ascending" else gettext("đang xếp giảm dần")
        return format_html(
            '<th scope="col"{} aria-sort="{}"><a class="sort-link" href="{}">{} '
            '<i class="bi {}" aria-hidden="true"></i><span class="visually-hidden"> ({})</span></a></th>',
            class_attr,
            aria,
            state.href(key),
            label,
            icon,
            hint,
        )
    return format_html(
        '<th scope="col"{}><a class="sort-link" href="{}">{} '
        '<i class="bi bi-arrow-down-up sort-idle" aria-hidden="true"></i></a></th>',
        class_attr,
        state.href(key),
        label,
    )


@register.simple_tag(takes_context=True)
def page_href(context, number: int) -> str:
    """The link to page ``number`` of the current list, keeping its filters, search and sort."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        return f"?{PAGE}={number}"
    params[PAGE] = str(number)
    return "?" + params.urlencode()


@register.filter
def sort_href(state: SortState, key: str) -> str:
    """The link to the list sorted by ``key`` ascending (for a link outside the headers)."""
    params = state.params.copy()
    params["sort"] = key
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def sort_input(context, state: SortState | None) -> SafeString:
    """In a list's filter form: the order the person chose, kept when they filter (nothing if none)."""
    request = context.get("request")
    if not isinstance(state, SortState) or not state.key or request is None or not request.GET.get(PARAM):
        return SafeString("")
    return format_html('<input type="hidden" name="{}" value="{}">', PARAM, state.value)


@register.simple_tag(takes_context=True)
def sort_param(context, state: SortState | None) -> str:
    """``&sort=...`` for a hand-built link of the list (a status tab), when the person chose an order."""
    request = context.get("request")
    if not isinstance(state, SortState) or not state.key or request is None or not request.GET.get(PARAM):
        return ""
    return f"&{PARAM}={state.value}"
