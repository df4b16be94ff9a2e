"""Forms of the submissions (tờ trình) and their lines: they only validate."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardKind, RatingValue
from awards.forms import DATE_INPUT, year_choices
from awards.models import AwardType, Submission
from campaigns.models import Movement
from songlo.choosers import SearchChoiceField
from songlo.uploads import validate_evidence


def _awards():
    return AwardType.objects.filter(active=True)


class SubmissionForm(forms.ModelForm):
    """The letter of a submission; a new one also chooses its unit, year and movement."""

    class Meta:
        model = Submission
        fields = ("title", "letter_number", "letter_date", "letter_signer", "letter_summary")
        widgets = {"letter_date": DATE_INPUT, "letter_summary": forms.Textarea(attrs={"rows": 3})}


class SubmissionStartForm(SubmissionForm):
    unit = SearchChoiceField(
        "submission-units", label=_("Đơn vị trình"), help_text=_("Gõ tên đơn vị rồi chọn trong danh sách gợi ý.")
    )
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    movement = forms.ModelChoiceField(
        label=_("Phong trào (nếu có)"),
        queryset=Movement.objects.launched(),
        required=False,
        help_text=_(
            "Phong trào chuyên đề: các dòng có loại hình theo phong trào, tính số lượng tối đa của phong trào."
        ),
    )

    class Meta(SubmissionForm.Meta):
        fields = ("unit", "year", "movement", *SubmissionForm.Meta.fields)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].bind(user)
        self.fields["year"].choices = year_choices()


class LineForm(forms.Form):
    """One line: a subject of the unit (person, collective or household), an award, its kind."""

    subject = SearchChoiceField(
        "list-subject",
        label=_("Đối tượng đề nghị"),
        help_text=_("Gõ họ tên, tên tập thể, tên chủ hộ hoặc mã rồi chọn trong danh sách gợi ý."),
    )
    award = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng"), queryset=_awards(), to_field_name="code"
    )
    kind = forms.ChoiceField(
        label=_("Loại hình khen thưởng"),
        choices=AwardKind.choices,
        initial=AwardKind.MERIT,
        help_text=_("Phong trào chuyên đề: loại hình theo phong trào, không cần chọn."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].bind(user)
        self.fields["award"].queryset = _awards()


class FromRegistrationsForm(forms.Form):
    award = forms.ModelChoiceField(label=_("Danh hiệu đã đăng ký"), queryset=_awards(), to_field_name="code")
    only_eligible = forms.BooleanField(label=_("Chỉ thêm người, tập thể đủ điều kiện"), required=False, initial=True)


class FromRatingsForm(forms.Form):
    award = forms.ModelChoiceField(label=_("Danh hiệu đề nghị"), queryset=_awards(), to_field_name="code")
    minimum = forms.ChoiceField(
        label=_("Xếp loại trong năm từ"),
        choices=[(v, label) for v, label in RatingValue.choices if v != RatingValue.NOT_COMPLETED],
        initial=RatingValue.GOOD,
    )


class ListImportForm(forms.Form):
    file = forms.FileField(
        label=_("Danh sách đề nghị (.xlsx)"),
        help_text=_(
            "Mẫu danh sách các cơ quan thường gửi: hàng tiêu đề có cột Phân loại khen thưởng (CANHAN, TAPTHE, "
            "HOGIADINH), Tên tập thể/cá nhân/hộ gia đình, Chức vụ, Đơn vị công tác, Danh hiệu thi đua/Hình thức "
            "khen thưởng; có thể thêm cột Mã, Ngày sinh."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    default_award = forms.ModelChoiceField(
        label=_("Danh hiệu mặc định"),
        queryset=_awards(),
        to_field_name="code",
        required=False,
        help_text=_("Dùng cho dòng không ghi danh hiệu, hoặc ghi chung chung (ví dụ “Bằng khen”)."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        validate_evidence(uploaded)
        return uploaded
