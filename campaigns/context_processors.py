from django.urls import reverse

from campaigns.enums import REVIEW_PENDING, MovementStatus, PeriodStatus, RegistrationStatus, ReviewStatus
from campaigns.models import Notification


def notifications(request):
    """The bell in the top bar: where it leads and the unread count (one COUNT query on
    authenticated pages). The top bar belongs to the kernel, which names no app's URLs."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notifications_url": reverse("campaigns:notification_list"),
        "unread_notifications": Notification.objects.for_user(user).unread().count(),
    }


def statuses(request):
    """The cycle's status enums, so that templates compare with them and never with literals."""
    return {
        "MovementStatus": MovementStatus,
        "PeriodStatus": PeriodStatus,
        "RegistrationStatus": RegistrationStatus,
        "ReviewStatus": ReviewStatus,
        "REVIEW_PENDING": REVIEW_PENDING,
    }
