"""Unicode hygiene: text is stored NFC without surrounding whitespace, and compared folded.

A name typed on a Mac often arrives decomposed (NFD: "o" + combining circumflex + combining dot
below), the same name typed on Windows precomposed (NFC: "ộ"). They look the same and are
different strings, so every text is normalised where it enters (``TextInputMiddleware`` for
requests, ``normalise_instance`` on every save of the apps in ``settings.TEXT_NORMALISED_APPS``)
and codes are unique through ``Fold`` (NFC + lower case), in the database and in form validation.

Left verbatim: password hashes and tokens (``VERBATIM``), files (a FileField is not text) and
JSON (frozen snapshots must not change; what people type into JSON comes through requests,
which are normalised).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q, Transform, Value
from django.http import QueryDict

# Everything Python's str.strip() removes, so that SQL trims exactly what Python trims.
WHITESPACE = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())


def normalise(value: str) -> str:
    """NFC, surrounding whitespace removed."""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """The form under which two codes are the same code: NFC, lower case (as SQL ``Fold``)."""
    return unicodedata.normalize("NFC", value).lower()


def is_verbatim(field: models.Field) -> bool:
    """Password hashes and tokens are compared byte for byte: never rewrite them."""
    return field.name == "password" or field.name.endswith("token")


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete text columns of ``model`` that hold what people type."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not is_verbatim(field)
    ]


def normalise_instance(instance: models.Model, update_fields: Iterable[str] | None = None) -> None:
    """Normalise the text attributes of ``instance`` in place (only ``update_fields`` if given)."""
    only = set(update_fields) if update_fields is not None else None
    for field in text_fields(type(instance)):
        if only is not None and field.name not in only and field.attname not in only:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            clean = normalise(value)
            if clean != value:
                setattr(instance, field.attname, clean)


def normalise_on_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save receiver: every row of our apps is written with normalised text.

    This is also what covers the importer and the admin, which write through ``save()``.
    ``raw`` saves (loaddata) store fixtures as they are.
    """
    if raw or sender._meta.app_label not in settings.TEXT_NORMALISED_APPS:
        return
    normalise_instance(instance, update_fields)


def normalised_querydict(data: QueryDict, *, keep: Sequence[str] = ("password",)) -> QueryDict:
    """``data`` with every value NFC (the same object if nothing changes).

    Not trimmed here: form fields trim (``strip=True``), and a field that keeps its spaces on
    purpose keeps them. Keys containing one of ``keep`` (passwords) are left exactly as typed.
    """
    changed = False
    lists: dict[str, list] = {}
    for key, values in data.lists():
        if any(word in key for word in keep):
            lists[key] = values
            continue
        new = [
            unicodedata.normalize("NFC", v) if isinstance(v, str) and not unicodedata.is_normalized("NFC", v) else v
            for v in values
        ]
        changed = changed or new != values
        lists[key] = new
    if not changed:
        return data
    result = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in lists.items():
        result.setlist(key, values)
    result._mutable = False
    return result


class Fold(Func):
    """A text expression compared without regard to case or Unicode form (NFC + LOWER).

    ``UniqueConstraint(Fold("code"), name=...)`` makes "CB01" and "cb01" one code; on SQLite the
    function is ``songlo_fold``, registered on every connection (``register_sqlite_functions``).
    """

    template = "LOWER(NORMALIZE(%(expressions)s, NFC))"
    output_field = models.CharField()
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="SONGLO_FOLD(%(expressions)s)", **extra_context)


class Normalised(Func):
    """SQL for ``normalise``: NFC, trimmed of the same whitespace Python trims."""

    output_field = models.TextField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        inner = Func(self.source_expressions[0], template="NORMALIZE(%(expressions)s, NFC)")
        trimmed = Func(inner, Value(WHITESPACE), function="BTRIM", output_field=models.TextField())
        return compiler.compile(trimmed)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="SONGLO_NORMALISE(%(expressions)s)", **extra_context)


def _vietnamese_letters() -> tuple[str, str]:
    """Every Latin letter with Vietnamese (or other) diacritics, and its bare lower-case letter."""
    accented, bare = [], []
    for code in range(0x00C0, 0x1EFA):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base.isascii() and base.isalpha() and char != base:
            accented.append(char)
            bare.append(base.lower())
    accented += ["Đ", "đ"]
    bare += ["d", "d"]
    return "".join(accented), "".join(bare)


ACCENTED, BARE = _vietnamese_letters()
_UNACCENT = str.maketrans(ACCENTED, BARE)


def unaccent(value: str) -> str:
    """The form under which "Ngo Thi Nga" finds "Ngô Thị Nga" and "dong thinh" "Đồng Thịnh":
    NFC, lower case, diacritics and the bar of đ removed (as SQL ``Unaccent``)."""
    return unicodedata.normalize("NFC", value).lower().translate(_UNACCENT)


class Unaccent(Transform):
    """Text compared without case nor diacritics, for searching: the ``unaccented`` lookup of
    every text field (``full_name__unaccented__contains=unaccent(q)``, or ``search_q``).

    PostgreSQL: ``TRANSLATE`` over the NFC text, lower-cased (no extension to install); SQLite:
    the Python ``unaccent``, registered on every connection. Not indexed: a search scans the
    rows of the user's scope.
    """

    lookup_name = "unaccented"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        lowered = Func(
            Func(self.source_expressions[0], template="NORMALIZE(%(expressions)s, NFC)"),
            function="LOWER",
            output_field=models.TextField(),
        )
        translated = Func(lowered, Value(ACCENTED), Value(BARE), function="TRANSLATE", output_field=models.TextField())
        return compiler.compile(translated)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="SONGLO_UNACCENT(%(expressions)s)", **extra_context)


def _letter_classes() -> dict[str, str]:
    """For each bare lower-case letter, a regular-expression class of every way to write it."""
    spellings: dict[str, set[str]] = {letter: {letter, letter.upper()} for letter in "abcdefghijklmnopqrstuvwxyz"}
    for accented, bare in zip(ACCENTED, BARE, strict=True):
        spellings.setdefault(bare, {bare, bare.upper()}).add(accented)
    return {bare: "[" + "".join(sorted(chars)) + "]" for bare, chars in spellings.items()}


_LETTER_CLASSES = _letter_classes()


def spelling_pattern(word: str) -> str:
    """A regular expression (PostgreSQL's and Python's alike) that finds ``word``, already
    ``unaccent``-ed, in a text written with any case and diacritics: "dong" → "[dDĐđ][oOòóô…]ng…".

    Equivalent to ``Unaccent(text) contains word`` on NFC text (all stored text is), and fifty
    to a hundred times cheaper in PostgreSQL than TRANSLATE over a 490-letter map: a search over
    the 50,000 people of ``seed_scale`` takes 40-70 ms instead of 3-4 s.
    """
    return "".join(_LETTER_CLASSES.get(char, re.escape(char)) for char in word)


def search_q(query: str, *fields: str) -> Q:
    """Rows where every word of ``query`` is in one of ``fields``, ignoring case and diacritics
    ("Ngo Thi Nga" finds "Ngô Thị Nga", "dong thinh" finds "Đồng Thịnh"): ``spelling_pattern``."""
    words = unaccent(query).split()
    condition = Q()
    for word in words:
        pattern = spelling_pattern(word)
        condition &= reduce(or_, (Q(**{f"{field}__regex": pattern}) for field in fields))
    return condition


def _sqlite_unaccent(value):
    return unaccent(value) if isinstance(value, str) else value


def _sqlite_fold(value):
    return fold(value) if isinstance(value, str) else value


def _sqlite_normalise(value):
    return normalise(value) if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite's own lower() knows only ASCII."""
    if connection.vendor == "sqlite":
        raw: sqlite3.Connection = connection.connection
        raw.create_function("SONGLO_FOLD", 1, _sqlite_fold, deterministic=True)
        raw.create_function("SONGLO_UNACCENT", 1, _sqlite_unaccent, deterministic=True)
        raw.create_function("SONGLO_NORMALISE", 1, _sqlite_normalise, deterministic=True)


def normalise_stored_text(models_: Iterable[type[models.Model]], using: str = "default") -> int:
    """Rewrite the text columns of ``models_`` normalised: one UPDATE per table.

    For data migrations: only rows where some column differs from its normalised form (compared
    in SQL) are written, so a large, clean table costs one scan and no writes. Returns the
    number of rows changed.
    """
    changed = 0
    for model in models_:
        columns = [field.attname for field in text_fields(model)]
        if not columns:
            continue
        dirty = Q()
        for column in columns:
            dirty |= Q(**{f"{column}__isnull": False}) & ~Q(**{column: Normalised(F(column))})
        rows = model._base_manager.using(using).filter(dirty)
        changed += rows.update(**{column: Normalised(F(column)) for column in columns})
    return changed


def migration_normalising(app_label: str):
    """A RunPython function that normalises every text column of ``app_label``'s models."""

    def forwards(apps, schema_editor) -> None:
        models_ = apps.get_app_config(app_label).get_models()
        normalise_stored_text(models_, using=schema_editor.connection.alias)

    return forwards


def migration_refusing_folded_duplicates(app_label: str, model_name: str, column: str, *scope: str):
    """A RunPython function that stops the migration, with the offending values, when two rows
    of ``model_name`` share ``column`` up to case or Unicode form (within ``scope`` columns):
    the case-insensitive unique constraint that follows could not be created. Rename one of
    each pair (admin), then migrate again."""

    def forwards(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        clashes = (
            model._base_manager.using(schema_editor.connection.alias)
            .annotate(folded=Fold(column))
            .values(*scope, "folded")
            .annotate(rows=models.Count("pk"))
            .filter(rows__gt=1)
        )
        found = [row["folded"] for row in clashes[:20]]
        if found:
            raise ValueError(
                f"{app_label}.{model_name}.{column}: values that differ only by case or Unicode form: "
                f"{', '.join(found)}. Rename all but one of each, then migrate again."
            )

    return forwards


models.CharField.register_lookup(Unaccent)
models.TextField.register_lookup(Unaccent)
