"""Small helpers shared by the cycle's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest

from songlo.exceptions import DomainError

PAGE_SIZE = 50


def require(request: HttpRequest, perm: str, obj=None) -> None:
    """403 for someone who may see the object but not do this."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def paginate(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def run(request: HttpRequest, action, success: str, **kwargs) -> bool:
    """Call a service; show its message on failure, ``success`` on success."""
    try:
        action(actor=request.user, **kwargs)
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


def query_string_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
