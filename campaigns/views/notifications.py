"""The user's in-app notifications: a list, and marking as read (POST only)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.enums import NotifyChannel
from campaigns.events import EVENT_KINDS, notification_preferences_set, preferences_of
from campaigns.models import Notification
from organisation.models import Membership
from songlo.views_support import FAILED, run

PAGE_SIZE = 30


@login_required
def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read (again: harmless) and open what it points to."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.link
    if request.POST.get("open") and target and _is_safe(request, target):
        return redirect(target)
    return redirect("campaigns:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("campaigns:notification_list")


@login_required
def notification_preferences(request):
    """How the user wants each kind of event: in the app only, by email at once, or in the daily digest."""
    if request.method == "POST":
        channels = {kind: request.POST[kind] for kind, _event in EVENT_KINDS.items() if kind in request.POST}
        done = run(request, notification_preferences_set, _("Đã lưu cách nhận thông báo."), channels=channels)
        if done is not FAILED:
            return redirect("campaigns:notification_preferences")
    current = preferences_of(request.user)
    roles = set(Membership.objects.filter(user_id=request.user.pk).values_list("role", flat=True))
    rows = [
        {
            "kind": kind,
            "label": event.label,
            "audience": event.audience,
            "channel": current[kind],
            "mine": bool(event.roles & roles) or not event.roles,
        }
        for kind, event in EVENT_KINDS.items()
    ]
    return render(
        request,
        "campaigns/notification_preferences.html",
        {
            "mine": [row for row in rows if row["mine"]],
            "others": [row for row in rows if not row["mine"]],
            "channels": NotifyChannel.choices,
        },
    )


def _is_safe(request, url: str) -> bool:
    # A path of this site, or an address on SITE_URL: never trust the Host the request named.
    allowed = {urlsplit(settings.SITE_URL).netloc}
    return url_has_allowed_host_and_scheme(url, allowed_hosts=allowed, require_https=False)
