from campaigns.models import Notification


def notifications(request):
    """The unread count for the bell in the top bar (one COUNT query on authenticated pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.for_user(user).unread().count()}
