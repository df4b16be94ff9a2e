from django.urls import reverse

from songlo.navigation import visible_items


def navigation(request):
    """Navigation entries for the side bar; nothing for anonymous pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for item in visible_items(user):
        url = reverse(item.url_name)
        active = current == item.url_name or bool(item.active_for and current.startswith(item.active_for))
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return {"nav_items": items}
