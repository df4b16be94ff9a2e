from organisation.selectors import user_grants


def grants(request):
    """The user's roles with their units, for the top bar; nothing for anonymous pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_grants": user_grants(user)}
