"""Forms only validate; labels, help and errors in Vietnamese."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.enums import NominationStatus
from awards.models import DOSSIER_FIELDS, AwardType, DossierFile, Nomination
from campaigns.models import Movement
from songlo import fields
from songlo.choosers import SearchChoiceField
from songlo.fastselect import FastSelect
from songlo.text import search_q
from songlo.uploads import ACCEPT_ATTR, HELP_TEXT, validate_evidence
from songlo.widgets import DateInput

DATE_INPUT = DateInput()


def year_choices() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(y, y) for y in range(this_year + 1, this_year - 6, -1)]


class NominationStartForm(forms.Form):
    """Subject (a person of the unit, or the unit itself / a sub-unit), award, year, movement."""

    # A head of a district may choose among thousands of people: a search, not a drop-down.
    subject = SearchChoiceField(
        "nomination-subject",
        label=_("Đối tượng đề nghị"),
        help_text=_("Gõ họ tên, tên đơn vị hoặc mã rồi chọn trong danh sách gợi ý."),
    )
    award = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng"),
        queryset=AwardType.objects.filter(active=True),
        to_field_name="code",
    )
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    movement = forms.ModelChoiceField(
        label=_("Phong trào (nếu có)"),
        queryset=Movement.objects.launched(),
        required=False,
        help_text=_("Chọn phong trào chuyên đề để áp dụng số lượng tối đa và hạn nộp hồ sơ của phong trào."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].bind(user)
        self.fields["year"].choices = year_choices()


class DossierForm(forms.ModelForm):
    class Meta:
        model = Nomination
        fields = DOSSIER_FIELDS
        widgets = {
            "letter_date": DATE_INPUT,
            "minutes_date": DATE_INPUT,
            "letter_summary": forms.Textarea(attrs={"rows": 3}),
            "report_situation": forms.Textarea(attrs={"rows": 4}),
            "report_achievements": forms.Textarea(attrs={"rows": 6}),
            "report_measures": forms.Textarea(attrs={"rows": 4}),
            "report_initiatives": forms.Textarea(attrs={"rows": 3}),
            "report_prior_awards": forms.Textarea(attrs={"rows": 3}),
            "report_discipline": forms.Textarea(attrs={"rows": 2}),
            "minutes_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.instance.person if self.instance.person_id else None
        if person is None:
            return
        # docs/domain.md#rule-9: which of the person's initiatives this nomination relies on.
        self.fields["initiatives"] = fields.ModelMultipleChoiceField(
            label=_("Sáng kiến, đề tài làm căn cứ"),
            queryset=person.initiatives.order_by("-year", "code"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=list(self.instance.initiatives.values_list("pk", flat=True)) if self.instance.pk else [],
            help_text=_("Mỗi sáng kiến chỉ làm căn cứ cho một hình thức khen thưởng."),
        )

    def clean(self):
        data = super().clean()
        votes, members, attendees = (
            data.get("minutes_votes_for"),
            data.get("minutes_members"),
            data.get("minutes_attendees"),
        )
        if votes is not None and members and votes > members:
            self.add_error("minutes_votes_for", _("Số phiếu đồng ý không thể lớn hơn tổng số thành viên."))
        if attendees is not None and members and attendees > members:
            self.add_error("minutes_attendees", _("Số người dự họp không thể lớn hơn tổng số thành viên."))
        letter_date = data.get("letter_date")
        if letter_date and letter_date > timezone.localdate() + datetime.timedelta(days=1):
            self.add_error("letter_date", _("Ngày tờ trình không thể ở tương lai."))
        return data


class DossierFileForm(forms.Form):
    part = forms.ChoiceField(label=_("Thành phần hồ sơ"), choices=DossierFile.Part.choices)
    file = forms.FileField(
        label=_("Tệp"), help_text=HELP_TEXT, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR})
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_evidence(uploaded)
        return uploaded


class ScreenForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Lý do chấp nhận dù chưa đủ điều kiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi đối tượng chưa đủ điều kiện theo quy định; được lưu và hiển thị cùng hồ sơ."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Đơn vị sẽ thấy lý do này.")
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        help_text=_("Các trang tính units, people, ratings, initiatives, awards, disciplines theo mẫu; tối đa 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        validate_evidence(uploaded)
        return uploaded


class NominationFilter(django_filters.FilterSet):
    # FastSelect: the same markup as Django's Select, written without a template per option.
    movement = django_filters.ModelChoiceFilter(
        label=_("Phong trào"), queryset=Movement.objects.all(), widget=FastSelect
    )
    award_type = django_filters.ModelChoiceFilter(
        label=_("Danh hiệu, hình thức"), queryset=AwardType.objects.all(), widget=FastSelect
    )
    # A text search, not a drop-down: a province has ten thousand units.
    unit = django_filters.CharFilter(label=_("Đơn vị đề nghị"), method="filter_unit", help_text=_("Tên hoặc mã đơn vị"))
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=NominationStatus.choices, widget=FastSelect)
    eligible = django_filters.BooleanFilter(
        label=_("Điều kiện"),
        widget=FastSelect(choices=[("", _("Tất cả")), ("true", _("Đủ điều kiện")), ("false", _("Chưa đủ điều kiện"))]),
    )
    year = django_filters.NumberFilter(label=_("Năm"))

    class Meta:
        model = Nomination
        fields = ["year", "movement", "award_type", "unit", "status", "eligible"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            widget.attrs["class"] = (
                "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            )

    def filter_unit(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(unit__code=value) | search_q(value, "unit__name")) if value else queryset
