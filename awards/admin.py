from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import (
    Acclamation,
    AwardRecord,
    AwardRule,
    AwardType,
    BaseSalary,
    Discipline,
    DossierFile,
    Household,
    Initiative,
    LegalVersion,
    Nomination,
    NominationVersion,
    Person,
    Rating,
    TitleRegistration,
)
from songlo.admin_filters import search_filter


class AwardRuleInline(admin.TabularInline):
    model = AwardRule
    extra = 0
    fields = ("award_type", "authority", "ballot_required", "pass_mark", "conditions")
    autocomplete_fields = ("award_type",)


@admin.register(LegalVersion)
class LegalVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "valid_from", "valid_to", "quorum_numerator", "quorum_denominator")
    search_fields = ("name", "code")
    inlines = [AwardRuleInline]


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "category",
        "level",
        "for_individual",
        "for_collective",
        "for_household",
        "yearly",
        "multiplier_individual",
        "multiplier_collective",
        "active",
    )
    list_filter = ("category", "level", "yearly", "active")
    search_fields = ("code", "name")
    ordering = ("order",)


@admin.register(AwardRule)
class AwardRuleAdmin(admin.ModelAdmin):
    list_display = ("award_type", "legal_version", "authority", "ballot_required", "pass_mark")
    list_filter = ("legal_version", "authority", "ballot_required")
    search_fields = ("award_type__code", "award_type__name")
    list_select_related = ("award_type", "legal_version")
    autocomplete_fields = ("award_type", "legal_version")


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ("amount", "valid_from", "legal_basis")
    search_fields = ("legal_basis",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name", "code", "gender", "unit", "position", "joined_on", "subject_class")
    list_filter = ("gender", "subject_class", "unit__kind")
    search_fields = ("full_name", "code", "unit__name")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("code", "head_name", "unit", "members_count")
    list_filter = (search_filter(_("đơn vị"), "unit__name", "unit__code"),)
    search_fields = ("code", "head_name", "unit__name")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("year", "person", "unit", "rating")
    list_filter = ("year", "rating")
    search_fields = ("person__full_name", "person__code", "unit__name", "unit__code")
    list_select_related = ("person", "unit")
    autocomplete_fields = ("person", "unit")


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "level", "year")
    list_filter = ("level", "kind", "year")
    search_fields = ("code", "title", "authors__full_name")
    autocomplete_fields = ("authors",)


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ("person", "unit", "level", "start", "end")
    list_filter = ("level",)
    search_fields = ("person__full_name", "unit__name")
    list_select_related = ("person", "unit")
    autocomplete_fields = ("person", "unit")


@admin.register(AwardRecord)
class AwardRecordAdmin(admin.ModelAdmin):
    list_display = ("year", "award_type", "person", "unit", "kind", "decision_number", "decision_date", "revoked")
    list_filter = ("year", "award_type", "kind", "revoked")
    search_fields = ("person__full_name", "person__code", "unit__name", "decision_number")
    list_select_related = ("award_type", "person", "unit")
    autocomplete_fields = ("person", "unit", "household", "award_type", "initiatives")


@admin.register(Acclamation)
class AcclamationAdmin(admin.ModelAdmin):
    list_display = ("year", "block", "unit")
    list_filter = ("year",)
    search_fields = ("block__name", "unit__name")
    list_select_related = ("block", "unit")
    autocomplete_fields = ("block", "unit")


class DossierFileInline(admin.TabularInline):
    model = DossierFile
    extra = 0
    fields = ("part", "original_name", "kind", "size", "version")
    readonly_fields = fields
    can_delete = False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("award_type", "year", "person", "subject_unit", "unit", "status", "eligible")
    list_filter = ("status", "year", "award_type", "eligible")
    search_fields = ("person__full_name", "subject_unit__name", "unit__name")
    list_select_related = ("award_type", "person", "subject_unit", "unit")
    autocomplete_fields = (
        "person",
        "subject_unit",
        "household",
        "unit",
        "award_type",
        "initiatives",
        "created_by",
        "submitted_by",
        "screened_by",
        "overridden_by",
    )
    raw_id_fields = ("movement", "submission")
    readonly_fields = ("status", "version", "submitted_at", "screened_at", "eligibility_reasons")
    inlines = [DossierFileInline]


@admin.register(NominationVersion)
class NominationVersionAdmin(admin.ModelAdmin):
    list_display = ("nomination", "number", "returned_at", "returned_by")
    search_fields = ("nomination__person__full_name", "comment")
    list_select_related = ("nomination__award_type", "nomination__person", "nomination__subject_unit", "returned_by")
    readonly_fields = ("nomination", "number", "snapshot", "submitted_at", "returned_by", "comment")


@admin.register(TitleRegistration)
class TitleRegistrationAdmin(admin.ModelAdmin):
    list_display = ("award_type", "year", "movement", "person", "subject_unit", "household", "unit", "status")
    list_filter = ("status", "year", "award_type")
    search_fields = ("person__full_name", "subject_unit__name", "household__head_name", "unit__name")
    list_select_related = ("award_type", "movement", "person", "subject_unit", "household", "unit")
    autocomplete_fields = ("person", "subject_unit", "household", "unit", "award_type")
    raw_id_fields = ("movement", "registered_by", "decided_by")
    readonly_fields = ("registered_at", "decided_at")
