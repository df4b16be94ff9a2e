from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from songlo.navigation import visible_items


@lru_cache(maxsize=512)
def _url(url_name: str, urlconf: str, prefix: str, language: str | None) -> str:
    """A navigation entry's URL: the same for every request with the same URL configuration,
    script prefix and language (all in the key), so it is reversed once per process."""
    return reverse(url_name, urlconf=urlconf)


def nav_url(url_name: str) -> str:
    return _url(url_name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())


def navigation(request):
    """Navigation entries for the side bar; nothing for anonymous pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for item in visible_items(user):
        url = nav_url(item.url_name)
        active = current == item.url_name or bool(item.active_for and current.startswith(item.active_for))
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return {"nav_items": items}
