from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from accounts.models import AuditEvent, TwoFactorPolicy, User
from accounts.services import audit_record
from accounts.twofactor import group_choices


class UserResource(resources.ModelResource):
    class Meta:
        model = User
        import_id_fields = ("username",)
        fields = ("username", "full_name", "email", "phone", "is_active")
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            # An imported account has no password yet: an admin sets one, the person then chooses their own.
            instance.set_unusable_password()
            instance.must_change_password = True


@admin.register(User)
class UserAdmin(ImportExportModelAdmin, DjangoUserAdmin):
    resource_classes = [UserResource]
    list_display = ("username", "full_name", "email", "phone", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "memberships__role")
    search_fields = ("username", "full_name", "email", "phone")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone")}),
        (
            _("Quyền hạn"),
            {
                "fields": (
                    "is_active",
                    "must_change_password",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "password1", "password2")}),
    )
    actions = ["unlock_logins", "remove_two_factor"]

    def save_model(self, request, obj, form, change):
        if not change:
            # The admin chose this password: the person sets their own at first login.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != str(id):
            User.objects.filter(pk=id).update(must_change_password=True)
        return response

    @admin.action(description=_("Mở khóa đăng nhập"), permissions=["change"])
    def unlock_logins(self, request, queryset):
        """Forget the failed logins of the selected accounts (from every address): they may log in again."""
        with transaction.atomic():
            for user in queryset:
                attempts = axes_reset(username=user.username)
                audit_record(actor=request.user, action="account.unlock", target=user, attempts=attempts)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "Đã mở khóa đăng nhập cho %(count)d tài khoản.",
                "Đã mở khóa đăng nhập cho %(count)d tài khoản.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Xóa thiết bị xác thực hai bước (mất điện thoại)"), permissions=["change"])
    def remove_two_factor(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                removed, _detail = TOTPDevice.objects.filter(user=user).delete()
                if removed:
                    audit_record(actor=request.user, action="account.two_factor_removed", target=user)
        self.message_user(
            request,
            _("Đã xóa thiết bị xác thực hai bước. Người dùng sẽ cài lại nếu đơn vị bắt buộc."),
            messages.SUCCESS,
        )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "content_type", "object_id")
    list_filter = ("action", "content_type")
    search_fields = ("action", "object_id", "actor__username", "actor__full_name")
    list_select_related = ("actor", "content_type")
    raw_id_fields = ("actor",)
    date_hierarchy = "at"

    # The audit trail is append-only, even for admins.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TwoFactorPolicyForm(forms.ModelForm):
    required_groups = forms.MultipleChoiceField(
        label=_("Bắt buộc xác thực hai bước với"),
        choices=group_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Người thuộc nhóm được chọn phải cài ứng dụng xác thực và nhập mã sau mật khẩu; "
            "áp dụng từ lần đăng nhập tiếp theo của họ. Người khác vẫn có thể tự bật ở trang tài khoản."
        ),
    )

    class Meta:
        model = TwoFactorPolicy
        fields = ["required_groups"]


@admin.register(TwoFactorPolicy)
class TwoFactorPolicyAdmin(admin.ModelAdmin):
    """One policy (row 1): it can be added while there is none, never deleted."""

    form = TwoFactorPolicyForm
    list_display = ("__str__", "required_groups_display", "updated_at")

    @admin.display(description=_("bắt buộc với"))
    def required_groups_display(self, obj):
        labels = dict(group_choices())
        return ", ".join(str(labels.get(key, key)) for key in obj.required_groups) or "—"

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not TwoFactorPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.pk = 1
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="two_factor.policy", target=obj, required=obj.required_groups)
