from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from campaigns.models import BlockTerm, EmulationBlock, Membership, Notification, OrgUnit, ReminderOutbox
from campaigns.reminders import outbox_send_again


class OrgUnitResource(resources.ModelResource):
    parent_code = fields.Field(
        attribute="parent", column_name="parent_code", widget=widgets.ForeignKeyWidget(OrgUnit, field="code")
    )
    successor_code = fields.Field(
        attribute="successor", column_name="successor_code", widget=widgets.ForeignKeyWidget(OrgUnit, field="code")
    )

    class Meta:
        model = OrgUnit
        import_id_fields = ("code",)
        fields = ("code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_code", "email")
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("parent", "successor")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(OrgUnit)
class OrgUnitAdmin(ImportExportModelAdmin):
    resource_classes = [OrgUnitResource]
    list_display = ("indented_name", "code", "kind", "valid_from", "valid_to", "successor")
    list_filter = ("kind", "valid_to")
    search_fields = ("name", "code")
    list_select_related = ("successor",)
    autocomplete_fields = ("parent", "successor")
    inlines = [MembershipInline]
    ordering = ("path",)
    list_per_page = 100

    @admin.display(description=_("tên đơn vị"), ordering="path")
    def indented_name(self, obj):
        return format_html('<span class="tree-indent" data-depth="{}">{}</span>', obj.depth, obj.name)

    class Media:
        css = {"all": ["css/admin.css"]}


class BlockTermInline(admin.TabularInline):
    model = BlockTerm
    extra = 0
    autocomplete_fields = ("leader", "deputy")


@admin.register(EmulationBlock)
class EmulationBlockAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "owner")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner", "members")
    inlines = [BlockTermInline]


@admin.register(BlockTerm)
class BlockTermAdmin(admin.ModelAdmin):
    list_display = ("block", "year", "leader", "deputy")
    list_filter = ("year", "block")
    search_fields = ("block__name", "leader__name", "deputy__name")
    list_select_related = ("block", "leader", "deputy")
    autocomplete_fields = ("block", "leader", "deputy")


class MembershipResource(resources.ModelResource):
    username = fields.Field(
        attribute="user", column_name="username", widget=widgets.ForeignKeyWidget("accounts.User", field="username")
    )
    unit_code = fields.Field(
        attribute="unit", column_name="unit_code", widget=widgets.ForeignKeyWidget(OrgUnit, field="code")
    )

    class Meta:
        model = Membership
        import_id_fields = ("username", "unit_code", "role")
        fields = ("username", "unit_code", "role")
        skip_unchanged = True


@admin.register(Membership)
class MembershipAdmin(ImportExportModelAdmin):
    resource_classes = [MembershipResource]
    list_display = ("user", "unit", "role")
    list_filter = ("role", "unit__kind")
    search_fields = ("user__username", "user__full_name", "unit__name", "unit__code")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")


@admin.register(ReminderOutbox)
class ReminderOutboxAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "target_id", "recipient", "offset_days", "deadline", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "offset_days")
    search_fields = ("recipient__username", "recipient__full_name", "recipient__email", "message_id", "last_error")
    list_select_related = ("recipient",)
    autocomplete_fields = ("recipient",)
    date_hierarchy = "due_at"
    readonly_fields = ("claim_token", "claimed_at", "message_id", "created_at", "sent_at", "last_error", "attempts")
    actions = ["send_again"]

    @admin.action(description=_("Gửi lại các thư nhắc đã chọn"))
    def send_again(self, request, queryset):
        count = outbox_send_again(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request, _("Đã đưa %(count)d thư nhắc vào hàng chờ gửi lại.") % {"count": count}, messages.SUCCESS
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "text", "read_at")
    list_filter = ("read_at",)
    search_fields = ("user__username", "user__full_name", "text")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    date_hierarchy = "created_at"
