"""The one way a view runs a service: a refusal becomes a 403, any other domain error a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpRequest

from songlo.exceptions import DomainError, NotAllowed
from songlo.permissions import require


class _Failed:
    """What ``run`` returns when the service refused (falsy; compare with ``is FAILED``)."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "FAILED"


FAILED: Any = _Failed()


def run(
    request: HttpRequest,
    service: Callable[..., Any],
    success: str | Callable[[Any], str] | None = None,
    *,
    form: BaseForm | None = None,
    **kwargs: Any,
) -> Any:
    """Call ``service(actor=request.user, **kwargs)`` and return its result, or FAILED.

    NotAllowed becomes PermissionDenied (403). Any other DomainError is shown to the person:
    as an error of ``form`` when given (the form is rendered again), else with
    ``messages.error``. On success, ``success`` (a text, or a function of the result) is shown
    with ``messages.success``.
    """
    try:
        result = service(actor=request.user, **kwargs)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        if form is not None:
            form.add_error(None, error.message)
        else:
            messages.error(request, error.message)
        return FAILED
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return result


def require_page(request: HttpRequest, perm: str, obj=None) -> None:
    """A page that only displays still checks its read permission: 403 without it.

    The same ``require`` the services use, turned into PermissionDenied for a view.
    """
    try:
        require(request.user, perm, obj)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from error
