"""Admin for the council. Ballots are not registered: neither who voted (receipts) nor the sealed
ballot boxes are browsable, and the tallies are read-only. A session's quorum is refused below
the legal floor. Transitions go through the services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from council import certificates
from council.models import (
    AgendaItem,
    BlankField,
    BlankLayout,
    CouncilSession,
    Decision,
    DecisionEntry,
    FundIncome,
    HigherProposal,
    Objection,
    RecheckFlag,
    SessionMember,
)
from council.services import check_quorum
from songlo.exceptions import DomainError


class SessionMemberInline(admin.TabularInline):
    model = SessionMember
    extra = 0
    fields = ("user", "is_chair", "present")
    readonly_fields = fields
    can_delete = False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = (
        "order",
        "nomination",
        "title",
        "parent",
        "excepted_from",
        "votes_agree",
        "votes_disagree",
        "base_count",
        "pass_mark",
        "result",
    )
    readonly_fields = fields
    can_delete = False


class CouncilSessionAdminForm(forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = ("body", "title", "date", "place", "quorum_numerator", "quorum_denominator", "notice_days")

    def clean(self):
        data = super().clean()
        num, den, date = data.get("quorum_numerator"), data.get("quorum_denominator"), data.get("date")
        if date is not None and num is not None and den is not None:
            try:
                check_quorum(numerator=num, denominator=den, on_date=timezone.localdate(date))
            except DomainError as error:
                self.add_error("quorum_numerator", error.message)
        return data


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    form = CouncilSessionAdminForm
    list_display = ("title", "body", "date", "status", "member_count", "present_count", "quorum_met")
    list_filter = ("status",)
    search_fields = ("title", "place", "body__name")
    list_select_related = ("body",)
    autocomplete_fields = ("body",)
    readonly_fields = (
        "status",
        "member_count",
        "present_count",
        "quorum_met",
        "planned_by",
        "opened_at",
        "opened_by",
        "closed_at",
        "closed_by",
    )
    inlines = [SessionMemberInline, AgendaItemInline]


class DecisionEntryInline(admin.TabularInline):
    model = DecisionEntry
    extra = 0
    fields = ("ordinal", "nomination", "multiplier", "base_salary", "reward", "revoked_at", "recovery")
    readonly_fields = fields
    can_delete = False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "date", "body", "signer_name", "summary")
    list_filter = ("date",)
    search_fields = ("number", "summary", "signer_name", "body__name")
    list_select_related = ("body",)
    autocomplete_fields = ("body",)
    raw_id_fields = ("session",)
    readonly_fields = ("issued_by",)
    inlines = [DecisionEntryInline]


@admin.register(HigherProposal)
class HigherProposalAdmin(admin.ModelAdmin):
    list_display = ("nomination", "from_body", "to_body", "authority", "status", "outcome_number")
    list_filter = ("status", "authority")
    search_fields = ("nomination__person__full_name", "nomination__subject_unit__name", "outcome_number")
    list_select_related = (
        "nomination__award_type",
        "nomination__person",
        "nomination__subject_unit",
        "from_body",
        "to_body",
    )
    autocomplete_fields = ("from_body", "to_body", "recorded_by")
    raw_id_fields = ("nomination", "award_record")


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ("name", "nomination", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("name", "contact", "text")
    list_select_related = ("nomination__award_type", "nomination__person", "nomination__subject_unit")
    raw_id_fields = ("nomination",)
    readonly_fields = ("resolved_by", "resolved_at")


@admin.register(RecheckFlag)
class RecheckFlagAdmin(admin.ModelAdmin):
    list_display = ("award_record", "caused_by", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
    search_fields = ("award_record__person__full_name", "award_record__unit__name", "note")
    list_select_related = (
        "award_record__award_type",
        "award_record__person",
        "award_record__unit",
        "caused_by__award_type",
        "caused_by__person",
        "caused_by__unit",
    )
    raw_id_fields = ("award_record", "caused_by")


class BlankFieldInline(admin.TabularInline):
    model = BlankField
    extra = 0


@admin.register(BlankLayout)
class BlankLayoutAdmin(admin.ModelAdmin):
    """A blank's page and the place of each field, with a calibration page to print."""

    list_display = ("name", "page_width_mm", "page_height_mm", "calibration_link")
    search_fields = ("name",)
    filter_horizontal = ("award_types",)
    readonly_fields = ("calibration_link",)
    inlines = [BlankFieldInline]

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/calibration.pdf",
                self.admin_site.admin_view(self.calibration),
                name="council_blanklayout_calibration",
            )
        ]
        return urls + super().get_urls()

    @admin.display(description=_("Trang căn chỉnh"))
    def calibration_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:council_blanklayout_calibration", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("In trang căn chỉnh (PDF)"))

    def calibration(self, request, pk):
        layout = get_object_or_404(BlankLayout, pk=pk)
        if not self.has_view_permission(request, layout):
            raise PermissionDenied
        response = HttpResponse(certificates.calibration_pdf(layout), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="can-chinh-phoi-{layout.pk}.pdf"'
        return response


@admin.register(FundIncome)
class FundIncomeAdmin(admin.ModelAdmin):
    list_display = ("date", "body", "source", "amount", "reference", "recorded_by")
    list_filter = ("date",)
    search_fields = ("source", "reference", "body__name")
    raw_id_fields = ("body", "recorded_by")
    # Recorded from the fund page (council.services.fund_income_record, audited): read here.

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
