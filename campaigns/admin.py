from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    BlockCriterion,
    BlockPeerScore,
    BlockTerm,
    BlockVote,
    Criterion,
    EmulationBlock,
    Evidence,
    Extension,
    Movement,
    MovementTarget,
    Notification,
    NotificationPreference,
    Participation,
    Registration,
    ReminderOutbox,
    Review,
    ReviewFigure,
    ReviewPeriod,
    ReviewScore,
    ReviewVersion,
    Stage,
)
from campaigns.reminders import outbox_send_again
from campaigns.templatetags.cycle import collective_title_name


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


# --- The emulation cycle -----------------------------------------------------------------


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "start_year", "end_year", "owner")
    search_fields = ("name",)
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)


class MovementTargetInline(admin.TabularInline):
    model = MovementTarget
    extra = 0


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "starts_on", "ends_on", "status", "owner")
    list_filter = ("status", "kind", "year", "stage")
    search_fields = ("title",)
    list_select_related = ("owner", "stage")
    autocomplete_fields = ("owner", "stage")
    inlines = [MovementTargetInline]
    date_hierarchy = "starts_on"


@admin.register(MovementTarget)
class MovementTargetAdmin(admin.ModelAdmin):
    list_display = ("name", "measure", "target", "total", "movement", "order")
    search_fields = ("name", "movement__title")
    list_select_related = ("movement",)
    autocomplete_fields = ("movement",)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("movement", "unit", "joined_at", "added_by")
    list_filter = ("movement__status",)
    search_fields = ("movement__title", "unit__name", "unit__code")
    list_select_related = ("movement", "unit", "added_by")
    autocomplete_fields = ("movement", "unit", "added_by")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = (
        "unit",
        "movement",
        "status",
        "collective_title_name",
        "ldtt_count",
        "cstdcs_count",
        "registered_at",
    )
    list_filter = ("status", "collective_title")
    search_fields = ("unit__name", "unit__code", "movement__title")
    list_select_related = ("unit", "movement")
    autocomplete_fields = ("unit", "movement", "registered_by")

    @admin.display(description=_("Danh hiệu tập thể đăng ký"), ordering="collective_title")
    def collective_title_name(self, obj):
        return collective_title_name(obj.collective_title) or "—"


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(ReviewPeriod)
class ReviewPeriodAdmin(admin.ModelAdmin):
    list_display = ("name", "movement", "kind", "opens_at", "deadline", "late_policy", "status")
    list_filter = ("status", "kind", "late_policy")
    search_fields = ("name", "movement__title")
    list_select_related = ("movement",)
    autocomplete_fields = ("movement",)
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "max_points", "weight", "period")
    search_fields = ("name", "group", "period__name")
    list_select_related = ("period__movement",)
    autocomplete_fields = ("period",)


class ReviewFigureInline(admin.TabularInline):
    model = ReviewFigure
    extra = 0
    autocomplete_fields = ("target",)


class ReviewScoreInline(admin.TabularInline):
    model = ReviewScore
    extra = 0
    autocomplete_fields = ("criterion",)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("unit", "period", "status", "version", "is_late", "submitted_at", "extended_deadline")
    list_filter = ("status", "is_late", "period__status")
    search_fields = ("unit__name", "unit__code", "period__name")
    list_select_related = ("unit", "period__movement")
    autocomplete_fields = ("unit", "period", "submitted_by", "decided_by")
    inlines = [ReviewScoreInline, ReviewFigureInline]


@admin.register(ReviewScore)
class ReviewScoreAdmin(admin.ModelAdmin):
    list_display = ("review", "criterion", "self_score", "office_score")
    search_fields = ("review__unit__name", "criterion__name")
    list_select_related = ("review__unit", "review__period", "criterion")
    autocomplete_fields = ("review", "criterion")


@admin.register(ReviewVersion)
class ReviewVersionAdmin(admin.ModelAdmin):
    list_display = ("review", "number", "submitted_at", "returned_at", "returned_by")
    search_fields = ("review__unit__name", "comment")
    list_select_related = ("review__unit", "review__period", "returned_by")
    autocomplete_fields = ("review", "returned_by")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "size", "review", "version", "uploaded_at")
    list_filter = ("kind",)
    search_fields = ("original_name", "review__unit__name")
    list_select_related = ("review__unit", "review__period")
    autocomplete_fields = ("review", "uploaded_by")


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("review", "new_deadline", "reason", "granted_at", "granted_by")
    search_fields = ("review__unit__name", "reason")
    list_select_related = ("review__unit", "review__period", "granted_by")
    autocomplete_fields = ("review", "granted_by")


@admin.register(BlockCriterion)
class BlockCriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "block", "year", "max_points")
    list_filter = ("year", "block")
    search_fields = ("name", "block__name")
    list_select_related = ("block",)
    autocomplete_fields = ("block",)


@admin.register(BlockPeerScore)
class BlockPeerScoreAdmin(admin.ModelAdmin):
    list_display = ("criterion", "scorer", "target", "points")
    list_filter = ("criterion__year",)
    search_fields = ("scorer__name", "target__name", "criterion__name")
    list_select_related = ("criterion__block", "scorer", "target")
    autocomplete_fields = ("criterion", "scorer", "target", "scored_by")


@admin.register(BlockVote)
class BlockVoteAdmin(admin.ModelAdmin):
    list_display = ("block", "year", "leading_unit", "next_leader", "next_deputy")
    list_filter = ("year", "block")
    search_fields = ("block__name", "leading_unit__name")
    list_select_related = ("block", "leading_unit", "next_leader", "next_deputy")
    autocomplete_fields = ("block", "leading_unit", "next_leader", "next_deputy", "recorded_by")


@admin.register(ReminderOutbox)
class ReminderOutboxAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "target_id", "recipient", "offset_days", "deadline", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "offset_days")
    search_fields = ("recipient__username", "recipient__full_name", "recipient__email", "message_id", "last_error")
    list_select_related = ("recipient",)
    autocomplete_fields = ("recipient",)
    date_hierarchy = "due_at"
    readonly_fields = (
        "claim_token",
        "claimed_at",
        "message_id",
        "created_at",
        "sent_at",
        "last_error",
        "attempts",
        "notification",
    )
    actions = ["send_again"]

    @admin.action(description=_("Gửi lại các thư nhắc đã chọn"))
    def send_again(self, request, queryset):
        count = outbox_send_again(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request, _("Đã đưa %(count)d thư nhắc vào hàng chờ gửi lại.") % {"count": count}, messages.SUCCESS
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel")
    list_filter = ("kind", "channel")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "text", "read_at")
    list_filter = ("read_at",)
    search_fields = ("user__username", "user__full_name", "text")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)
    date_hierarchy = "created_at"
