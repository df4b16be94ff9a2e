"""The one way to change the state of a row: a conditional UPDATE checked against the transition table.

``transition`` refuses a move the table does not allow (before touching anything), then moves
the rows with one ``filter(pk__in=..., status__in=old).update(status=new, ...)``. The UPDATE must
touch every row it was given: when another request acted first, nothing matches and the
person gets a clear message instead of a silent double change (on SQLite and PostgreSQL alike).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _

from songlo.exceptions import InvalidTransition
from songlo.text import normalise, text_fields

# Keys are a model's status enum (a str subclass), values the statuses it may move to.
Table = Mapping[Any, Iterable[str]]


def _label(table: Table, status: str) -> str:
    for key in table:
        if key == status:
            return str(getattr(key, "label", key))
    return str(status)


def check_transition(table: Table, old: str, new: str) -> None:
    """Raise InvalidTransition unless ``old -> new`` is in ``table``."""
    if old not in table or new not in table[old]:
        raise InvalidTransition(
            _("Không thể chuyển từ trạng thái “%(old)s” sang “%(new)s”.")
            % {"old": _label(table, old), "new": _label(table, new)}
        )


def transition(
    target: models.Model | type[models.Model],
    pks: Iterable[Any] | None = None,
    *,
    table: Table,
    old: str | Iterable[str],
    new: str | None,
    message: str | None = None,
    where: Mapping[str, Any] | None = None,
    field: str = "status",
    **changes: Any,
) -> int:
    """Move rows from one of the ``old`` statuses to ``new`` (with further ``changes``), or refuse.

    ``target`` is a model instance (its row is moved and its attributes follow), or a model
    class with the primary keys of the rows in ``pks``. ``where`` narrows the rows further
    (e.g. the version the person was looking at). ``new=None`` keeps each row's status and only
    guards the write: the rows must still be in ``old``.

    Refuses, without writing, any (old, new) pair not in ``table``; raises InvalidTransition
    with ``message`` when fewer rows than given were in an expected state. Returns the rows moved.
    """
    olds = [old] if isinstance(old, str) else list(old)
    if not olds:
        raise ValueError("transition() needs at least one expected status")
    if new is not None:
        for status in olds:
            check_transition(table, status, new)
    if isinstance(target, models.Model):
        instance: models.Model | None = target
        model: type[models.Model] = type(target)
        ids = [target.pk]
    else:
        instance, model, ids = None, target, list(pks or ())
    if new is not None:
        changes[field] = new
    # An UPDATE does not pass through pre_save: normalise typed text here (songlo/text.py).
    text = {f.attname for f in text_fields(model)}
    changes = {k: normalise(v) if k in text and isinstance(v, str) else v for k, v in changes.items()}
    touched = model._default_manager.filter(pk__in=ids, **{f"{field}__in": olds}, **(where or {})).update(**changes)
    if touched != len(ids):
        raise InvalidTransition(
            message or _("Đã có người xử lý trước hoặc trạng thái không còn cho phép thao tác này.")
        )
    if instance is not None:
        expressions = [name for name, value in changes.items() if isinstance(value, Combinable)]
        for name, value in changes.items():
            if name not in expressions:
                setattr(instance, name, value)
        if expressions:
            instance.refresh_from_db(fields=expressions)
    return touched
