"""Pages around logging in: the lockout page, two-step verification, the forced password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import forms, gate, twofactor
from accounts.services import audit_record


def _next(request: HttpRequest, default: str = "home") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site, or an address on SITE_URL: never trust the Host the request named.
    allowed = {urlsplit(settings.SITE_URL).netloc}
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=allowed, require_https=False):
        return url
    return reverse(default)


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: too many wrong passwords for this account from here."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60),
        # Every further try while locked starts the wait again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT).
        "retry_at": timezone.localtime(timezone.now() + cool_off),
        "help_contact": settings.LOGIN_HELP_CONTACT,
    }
    return render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = self.request.user.must_change_password
        return context

    def form_valid(self, form):
        forced = form.user.must_change_password
        form.user.must_change_password = False  # saved with the new password
        response = super().form_valid(form)
        gate.done(self.request, gate.PASSWORD)
        audit_record(actor=form.user, action="account.password_changed", target=form.user, forced=forced)
        if forced:
            messages.success(self.request, _("Đã đặt mật khẩu mới. Từ nay hãy đăng nhập bằng mật khẩu này."))
            return redirect("home")
        return response


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The person's two-step verification: on or off, required or not."""
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": twofactor.confirmed_device(request.user),
            "required": twofactor.is_required(request.user),
            "form": forms.CodeForm(),
        },
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), then prove it with a first code."""
    user = request.user
    if twofactor.confirmed_device(user) is not None:
        if gate.SETUP in gate.pending(request):
            gate.done(request, gate.SETUP)
        return redirect("two_factor")
    device = twofactor.pending_device(user)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.confirm(device, form.cleaned_data["code"]):
            otp_login(request, device)
            gate.done(request, gate.SETUP)
            gate.done(request, gate.OTP)
            audit_record(actor=user, action="account.two_factor_on", target=user)
            messages.success(request, _("Đã bật xác thực hai bước. Từ lần đăng nhập sau, hãy nhập mã từ ứng dụng."))
            return HttpResponseRedirect(_next(request, "two_factor"))
        form.add_error(
            "code", _("Mã không đúng. Hãy kiểm tra giờ trên điện thoại và nhập mã đang hiện trong ứng dụng.")
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": twofactor.qr_svg(device),
            "secret": twofactor.secret(device),
            "required": gate.SETUP in gate.pending(request),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the current code from the person's authenticator app."""
    if gate.OTP not in gate.pending(request):
        return HttpResponseRedirect(_next(request))
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            gate.done(request, gate.OTP)
            return HttpResponseRedirect(_next(request))
        if twofactor.throttled(request.user):
            form.add_error("code", _("Mã không đúng. Đã nhập sai nhiều lần: hãy chờ một lúc rồi nhập mã mới."))
        else:
            form.add_error("code", _("Mã không đúng hoặc đã dùng. Hãy nhập mã đang hiện trong ứng dụng."))
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-step verification off (only when not required), proven with a current code."""
    user = request.user
    if twofactor.is_required(user):
        messages.error(request, _("Đơn vị yêu cầu xác thực hai bước với vai trò của bạn: không thể tắt."))
        return redirect("two_factor")
    form = forms.CodeForm(request.POST)
    if not form.is_valid() or twofactor.verify(user, form.cleaned_data["code"]) is None:
        messages.error(request, _("Mã không đúng: xác thực hai bước vẫn bật."))
        return redirect("two_factor")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=user, action="account.two_factor_off", target=user)
    messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("two_factor")


password_change = PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done"))
