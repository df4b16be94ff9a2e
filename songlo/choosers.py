"""Choosing one (or several) among thousands: a search box instead of a drop-down (ui.md).

A province has ten thousand units and fifty thousand people: a ``<select>`` of them weighs
megabytes and nobody finds a name in it. Every choice that can hold more than ``MAX_OPTIONS``
options is a ``SearchChoiceField`` / ``SearchMultipleChoiceField`` instead:

- a text input where one types any spelling of a name or a code (case and Vietnamese diacritics
  ignored: ``songlo.text.search_q``) and a hidden input with the chosen value;
- as one types, htmx asks ``/choose/<chooser>/`` for the first ``LIMIT`` matches, shown as a
  listbox navigable with the arrow keys, Enter and Escape (static/js/search-select.js);
- without JavaScript it is a plain input: the server takes the one row the text designates
  (its code, or the only row it matches) and says in Vietnamese when none or several match.

A ``Chooser`` says what a user may choose: ``queryset(user, **scope)`` is the one queryset both
the endpoint searches and the form validates against (a forged id is "not in the list"). Apps
register their choosers in ``CHOOSERS`` from ``AppConfig.ready()`` (``songlo.registry``); a form
binds its field to the user and scope with ``field.bind(user, **scope)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from songlo.params import id_param
from songlo.registry import Registry
from songlo.text import search_q, unaccent

# A choice with more possible options than this is a search (issue 16).
MAX_OPTIONS = 100
# Options the endpoint answers per keystroke.
LIMIT = 20
# Longest text searched (a name, a code: anything longer is a typing accident).
MAX_QUERY = 100
# Several choices typed without JavaScript are separated by ";" or new lines.
SEPARATORS = re.compile(r"[;\n]+")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    obj: Any = None


def _folded(value) -> str:
    return unaccent(str(value)).casefold()


def _attr(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part, None)
    return obj or ""


@dataclass(frozen=True)
class Chooser:
    """Rows of one model a user may choose, found by any spelling.

    ``queryset(user, **scope)`` returns what this user may choose in this scope (``scope`` holds
    ids named in ``scope_params``, read from the request by the endpoint: check them there, the
    endpoint trusts nothing). ``prefix`` (e.g. "p") makes values "p:12", so that two choosers can
    share one field (``MixedChooser``).
    """

    queryset: Callable[..., QuerySet]
    search_fields: tuple[str, ...]
    label: Callable[[Any], str] = str
    order_by: tuple[str, ...] = ("pk",)
    code_field: str | None = None
    scope_params: tuple[str, ...] = ()
    prefix: str = ""
    select_related: tuple[str, ...] = ()

    def rows(self, user, scope: dict) -> QuerySet:
        rows = self.queryset(user, **scope)
        return rows.select_related(*self.select_related) if self.select_related else rows

    def option(self, obj: Model) -> Option:
        value = f"{self.prefix}:{obj.pk}" if self.prefix else str(obj.pk)
        return Option(value, self.label(obj), obj)

    def find(self, user, scope: dict, query: str, limit: int) -> list[Option]:
        """The first ``limit`` rows matching every word of ``query`` (an exact code first)."""
        query = query.strip()[:MAX_QUERY]
        if not unaccent(query).split():
            return []
        rows = self.rows(user, scope)
        condition = search_q(query, *self.search_fields)
        if self.code_field:
            condition |= Q(**{f"{self.code_field}__iexact": query})
        return [self.option(obj) for obj in rows.filter(condition).order_by(*self.order_by)[:limit]]

    def get(self, user, scope: dict, value: str) -> Option | None:
        """The option ``value`` names if this user may choose it, else None."""
        prefix, _sep, pk = value.rpartition(":")
        if prefix != self.prefix or id_param(pk) is None:
            return None
        obj = self.rows(user, scope).filter(pk=pk).first()
        return self.option(obj) if obj else None

    def get_many(self, user, scope: dict, values: Iterable[str]) -> tuple[list[Option], list[str]]:
        """The options among ``values`` this user may choose, and the values that are not."""
        pks, bad = {}, []
        for value in values:
            prefix, _sep, pk = value.rpartition(":")
            number = id_param(pk)
            if prefix != self.prefix or number is None:
                bad.append(value)
            else:
                pks[number] = value
        found = {obj.pk: obj for obj in self.rows(user, scope).filter(pk__in=list(pks))} if pks else {}
        bad += [value for number, value in pks.items() if number not in found]
        return [self.option(found[n]) for n in pks if n in found], bad

    def designated(self, user, scope: dict, text: str) -> list[Option]:
        """What a typed text designates (no JavaScript): the row with that code, else up to two matches."""
        text = text.strip()[:MAX_QUERY]
        rows = self.rows(user, scope)
        if self.code_field:
            exact = list(rows.filter(**{f"{self.code_field}__iexact": text})[:2])
            if len(exact) == 1:
                return [self.option(exact[0])]
        matches = self.find(user, scope, text, 2)
        if len(matches) == 2:
            # Several match, but one may be named exactly as typed ("Xã A" among "Xã A", "Xã An").
            wanted = unaccent(text).casefold()
            exact = [
                m
                for m in self.find(user, scope, text, LIMIT)
                if wanted
                in (unaccent(m.label).casefold(), unaccent(str(_attr(m.obj, self.search_fields[0]))).casefold())
            ]
            if len(exact) == 1:
                return exact
        return matches


@dataclass(frozen=True)
class MixedChooser:
    """Several choosers in one field (a person or a unit): values are "<prefix>:<pk>"."""

    parts: tuple[Chooser, ...]
    scope_params: tuple[str, ...] = ()

    def _part(self, value: str) -> Chooser | None:
        prefix = value.partition(":")[0]
        return next((part for part in self.parts if part.prefix == prefix), None)

    def find(self, user, scope: dict, query: str, limit: int) -> list[Option]:
        found: list[Option] = []
        for part in self.parts:
            found += part.find(user, scope, query, limit - len(found))
            if len(found) >= limit:
                break
        return found

    def get(self, user, scope: dict, value: str) -> Option | None:
        part = self._part(value)
        return part.get(user, scope, value) if part else None

    def get_many(self, user, scope: dict, values: Iterable[str]) -> tuple[list[Option], list[str]]:
        options, bad = [], []
        for part in self.parts:
            mine = [v for v in values if self._part(v) is part]
            got, wrong = part.get_many(user, scope, mine)
            options += got
            bad += wrong
        bad += [v for v in values if self._part(v) is None]
        return options, bad

    def designated(self, user, scope: dict, text: str) -> list[Option]:
        found: list[Option] = []
        for part in self.parts:
            found += part.designated(user, scope, text)
        return found[:2]


CHOOSERS: Registry[Chooser | MixedChooser] = Registry("choosers")


def chooser(name: str) -> Chooser | MixedChooser:
    found = CHOOSERS.get(name)
    if found is None:
        raise LookupError(f"No chooser {name!r} in songlo.choosers.CHOOSERS")
    return found


# Widgets -----------------------------------------------------------------------------------
TEXT_SUFFIX = "__text"


class SearchSelect(forms.Widget):
    """A text input that searches as one types, and the chosen value in a hidden input."""

    template_name = "songlo/search_select.html"
    multiple = False

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.url = ""
        self.placeholder = _("Gõ tên hoặc mã để tìm")

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [v for v in values if v]
        text = data.get(name + TEXT_SUFFIX) or ""
        return {"values": values if self.multiple else values[:1], "text": text}

    def use_required_attribute(self, initial):
        # The server says what is missing, in Vietnamese; a browser's "required" would also stop
        # htmx from asking about a form whose search box is being retyped.
        return False

    def format_value(self, value):
        """The field's ``prepare_value`` gives {"chosen": [Option], "text": str}: kept as it is."""
        return value if isinstance(value, dict) else {"chosen": [], "text": ""}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            text_name=name + TEXT_SUFFIX,
            url=self.url,
            multiple=self.multiple,
            placeholder=self.placeholder,
            limit=LIMIT,
        )
        return context


class SearchSelectMultiple(SearchSelect):
    template_name = "songlo/search_select.html"
    multiple = True

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.placeholder = _("Gõ tên hoặc mã để tìm và thêm")


# Fields ------------------------------------------------------------------------------------
@dataclass
class _Binding:
    user: Any = None
    scope: dict = field(default_factory=dict)


class _SearchField(forms.Field):
    """What the single and multiple search fields share: the chooser, the user and the scope."""

    default_error_messages = {
        "invalid_choice": _("Lựa chọn “%(value)s” không có trong danh sách bạn được chọn."),
        "not_found": _("Không tìm thấy “%(value)s”. Gõ tên hoặc mã rồi chọn trong danh sách gợi ý."),
        "ambiguous": _(
            "Có nhiều kết quả khớp với “%(value)s”: gõ cụ thể hơn (tên đầy đủ hoặc mã) rồi chọn trong danh sách gợi ý."
        ),
        "unbound": _("Trường này chưa sẵn sàng: tải lại trang."),
    }

    def __init__(self, chooser_name: str, **kwargs):
        self.chooser_name = chooser_name
        self.binding = _Binding()
        super().__init__(**kwargs)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)  # type: ignore[misc]  # Field.__deepcopy__, missing from the stubs
        result.binding = _Binding(self.binding.user, dict(self.binding.scope))
        return result

    def bind(self, user, **scope) -> None:
        """Whom the choice is for and in which scope; sets the search URL of the widget."""
        self.binding = _Binding(user, dict(scope))
        params = urlencode({k: getattr(v, "pk", v) for k, v in scope.items()})
        assert isinstance(self.widget, SearchSelect)
        self.widget.url = reverse("choose", args=[self.chooser_name]) + (f"?{params}" if params else "")

    @property
    def chooser(self) -> Chooser | MixedChooser:
        return chooser(self.chooser_name)

    def _scope(self) -> dict:
        return {k: getattr(v, "pk", v) for k, v in self.binding.scope.items()}

    def queryset(self) -> QuerySet | None:
        """The rows this field validates against (for a single-model chooser)."""
        found = self.chooser
        if isinstance(found, Chooser) and self.binding.user is not None:
            return found.rows(self.binding.user, self._scope())
        return None

    def _designated(self, text: str) -> Option:
        matches = self.chooser.designated(self.binding.user, self._scope(), text)
        if not matches:
            raise ValidationError(self.error_messages["not_found"], code="not_found", params={"value": text})
        if len(matches) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"value": text})
        return matches[0]


class SearchChoiceField(_SearchField):
    """One row among many, chosen by searching; cleans to the row (``Option.obj``)."""

    widget = SearchSelect

    def prepare_value(self, value):
        """What the widget shows: the chosen value and its label (a posted text stays as typed)."""
        if isinstance(value, dict):
            if value.get("values") and self.binding.user is not None:
                option = self.chooser.get(self.binding.user, self._scope(), value["values"][0])
                if option:
                    return {"chosen": [option], "text": option.label}
            return {"chosen": [], "text": value.get("text", "")}
        if isinstance(value, Model):
            value = str(value.pk)
        if value and self.binding.user is not None:
            option = self.chooser.get(self.binding.user, self._scope(), str(value))
            if option:
                return {"chosen": [option], "text": option.label}
        return {"chosen": [], "text": ""}

    def to_python(self, value):
        if self.binding.user is None:
            raise ValidationError(self.error_messages["unbound"], code="unbound")
        values = (value or {}).get("values") or []
        text = ((value or {}).get("text") or "").strip()
        if values:
            option = self.chooser.get(self.binding.user, self._scope(), values[0])
            if option is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": values[0][:50]}
                )
            if not text or text == option.label:
                return option.obj
            # Retyped without JavaScript (which empties the hidden value as one types): the text wins.
        if text:
            return self._designated(text).obj
        return None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return bool(data)


class SearchMultipleChoiceField(_SearchField):
    """Several rows among many: each added by searching; cleans to a list of rows."""

    widget = SearchSelectMultiple

    def prepare_value(self, value):
        if isinstance(value, dict):
            chosen: list[Option] = []
            if value.get("values") and self.binding.user is not None:
                chosen, _bad = self.chooser.get_many(self.binding.user, self._scope(), value["values"])
            return {"chosen": chosen, "text": value.get("text", "")}
        values = [str(getattr(v, "pk", v)) for v in (value or [])]
        chosen = []
        if values and self.binding.user is not None:
            chosen, _bad = self.chooser.get_many(self.binding.user, self._scope(), values)
        return {"chosen": chosen, "text": ""}

    def to_python(self, value):
        if self.binding.user is None:
            raise ValidationError(self.error_messages["unbound"], code="unbound")
        values = list(dict.fromkeys((value or {}).get("values") or []))
        text = (value or {}).get("text") or ""
        options, bad = self.chooser.get_many(self.binding.user, self._scope(), values) if values else ([], [])
        if bad:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": bad[0][:50]}
            )
        errors = []
        for typed in SEPARATORS.split(text):
            if typed.strip():
                try:
                    options.append(self._designated(typed.strip()))
                except ValidationError as error:
                    errors.append(error)
        if errors:
            raise ValidationError(errors)
        seen: dict[str, Option] = {}
        for option in options:
            seen.setdefault(option.value, option)
        return [option.obj for option in seen.values()]

    def validate(self, value):
        if not value and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data):
        return bool(data)
