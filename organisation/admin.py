from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from organisation.audit import record_unit_move
from organisation.models import DocumentTemplate, Membership, OrgUnit
from songlo.docx import DOCUMENTS, DocumentTemplateError, render, template_kinds


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

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # The form's refusal (OrgUnit.clean), against the tree as stored now: an earlier row of
        # the same file may have moved the new parent. A cycle would corrupt every path below.
        if instance.pk and instance.parent_id:
            paths = dict(OrgUnit.objects.filter(pk__in=[instance.pk, instance.parent_id]).values_list("pk", "path"))
            if paths.get(instance.parent_id, "").startswith(paths.get(instance.pk) or "\0"):
                raise ValidationError(
                    {"parent_code": _("Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó.")}
                )

    def before_save_instance(self, instance, row, **kwargs):
        self._stored = OrgUnit.objects.filter(pk=instance.pk).values_list("parent__code", "path").first()

    def after_save_instance(self, instance, row, **kwargs):
        stored, self._stored = getattr(self, "_stored", None), None
        if stored and (stored[0] or "") != (instance.parent.code if instance.parent_id else ""):
            old_parent, old_path = stored[0] or "", stored[1]
            record_unit_move(
                actor=kwargs.get("user"), unit=instance, old_parent_code=old_parent, old_path=old_path, source="admin"
            )


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

    def save_model(self, request, obj, form, change):
        before = None
        if change and "parent" in form.changed_data:
            before = OrgUnit.objects.filter(pk=obj.pk).values_list("parent__code", "path").first()
        super().save_model(request, obj, form, change)
        if before is not None:
            record_unit_move(
                actor=request.user, unit=obj, old_parent_code=before[0] or "", old_path=before[1], source="admin"
            )

    class Media:
        css = {"all": ["css/admin.css"]}


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


class DocumentTemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["body", "kind", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A kind that fills another's template (the list's letter) has none of its own to upload.
        self.fields["kind"].choices = [("", "---------"), *template_kinds()]

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload and kind:
            upload.seek(0)
            try:
                render(upload.read(), DOCUMENTS.get(kind).sample())
            except DocumentTemplateError as error:
                raise forms.ValidationError(str(error)) from error
            finally:
                upload.seek(0)
        return data


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):
    """A body's own DOCX template of any registered document (songlo.docx.DOCUMENTS, filled by each
    app that owns documents); every kind's default is downloadable to start from."""

    form = DocumentTemplateForm
    list_display = ("body", "kind", "uploaded_at")
    list_filter = ("kind",)
    raw_id_fields = ("body",)
    change_list_template = "admin/organisation/documenttemplate/change_list.html"

    def get_urls(self):
        urls = [
            path(
                "default/<str:kind>.docx",
                self.admin_site.admin_view(self.default),
                name="organisation_documenttemplate_default",
            )
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra = {"default_kinds": template_kinds(), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def default(self, request, kind):
        if kind not in DOCUMENTS or not self.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            DOCUMENTS.get(kind).default(),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="mau-{kind}.docx"'
        return response
