from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from campaigns.selectors import user_grants


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"grants": user_grants(request.user)})
