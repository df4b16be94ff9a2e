"""Council forms: they only validate; labels, help and errors in Vietnamese."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import validate_email
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from awards.models import AwardType
from council.enums import RevocationGround, VoteChoice
from council.selectors import plannable_nominations
from council.services import check_quorum
from songlo import fields
from songlo.choosers import SearchMultipleChoiceField
from songlo.exceptions import DomainError
from songlo.widgets import DateInput, DateTimeInput

DATE_INPUT = DateInput()
DATETIME_INPUT = DateTimeInput()
PHONE = re.compile(r"^\+?[0-9 .-]{9,15}$")


class NominationChoiceField(fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.award_type.name} {obj.year}: {obj.subject} ({obj.unit.name})"


# The quorum as councils state it: a fraction of the members, never below the legal floor
# (checked against the legal version in force on the session's date).
QUORUM_CHOICES = [
    ("2/3", _("2/3 số thành viên (hai phần ba)")),
    ("3/4", _("3/4 số thành viên (ba phần tư)")),
    ("4/5", _("4/5 số thành viên (bốn phần năm)")),
    ("1/1", _("Toàn bộ thành viên")),
]


class AwardWaitingField(fields.ModelMultipleChoiceField):
    """Award types, each labelled with how many screened dossiers wait (``waiting``: id -> count)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.waiting: dict[int, int] = {}

    def label_from_instance(self, obj) -> str:
        n = self.waiting.get(obj.pk, 0)
        return ngettext("%(award)s (%(n)s hồ sơ)", "%(award)s (%(n)s hồ sơ)", n) % {"award": obj.name, "n": n}


class SessionPlanForm(forms.Form):
    """A session's agenda: nominations searched for one by one, and/or every screened dossier of
    some awards (a province has thousands of screened dossiers: never a list of them all)."""

    body = forms.ModelChoiceField(label=_("Hội đồng của"), queryset=None)
    title = forms.CharField(label=_("Tên phiên họp"), max_length=300)
    date = forms.DateTimeField(label=_("Thời gian họp"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    awards = AwardWaitingField(
        label=_("Mọi hồ sơ đã thẩm định hợp lệ của danh hiệu, hình thức"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Đưa vào phiên họp mọi hồ sơ đã thẩm định của các danh hiệu được chọn, thuộc Hội đồng đã chọn."),
    )
    nominations = SearchMultipleChoiceField(
        "session-nominations",
        label=_("Hồ sơ đưa ra xét"),
        required=False,
        help_text=_("Chỉ hồ sơ đã được thẩm định hợp lệ. Gõ họ tên, tên đơn vị hoặc danh hiệu rồi chọn."),
    )
    submissions = SearchMultipleChoiceField(
        "session-submissions",
        label=_("Tờ trình đưa ra xét (mọi hồ sơ đã thẩm định của tờ trình)"),
        required=False,
        help_text=_("Gõ tên đơn vị, số hoặc trích yếu tờ trình rồi chọn, hoặc đánh dấu trong bảng dưới đây."),
    )
    as_lists = forms.BooleanField(
        label=_("Biểu quyết một lần cho danh sách của mỗi tờ trình"),
        required=False,
        initial=True,
        help_text=_(
            "Các danh hiệu, hình thức xét theo đa số thành viên có mặt được biểu quyết một lần cho cả danh sách; "
            "danh hiệu phải bỏ phiếu kín (Chiến sĩ thi đua cơ sở, Cờ thi đua, …) vẫn bỏ phiếu từng hồ sơ."
        ),
    )
    quorum = forms.ChoiceField(
        label=_("Số thành viên có mặt tối thiểu"),
        choices=QUORUM_CHOICES,
        initial="2/3",
        help_text=_("Phần của tổng số thành viên Hội đồng phải có mặt để phiên họp được tiến hành."),
    )
    notice_days = forms.IntegerField(
        label=_("Số ngày công khai kết quả"),
        min_value=1,
        max_value=60,
        initial=7,
        help_text=_("Danh sách được Hội đồng thông qua được niêm yết công khai trong số ngày này."),
    )

    def __init__(self, *args, bodies, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["nominations"].bind(user)
        self.fields["submissions"].bind(user)
        self.plannable = plannable_nominations(user)
        # How many dossiers wait per award: one GROUP BY over the screened ones.
        waiting = dict(self.plannable.order_by().values_list("award_type").annotate(n=Count("pk")))
        self.fields["awards"].waiting = waiting
        self.fields["awards"].queryset = AwardType.objects.filter(pk__in=list(waiting)).order_by("order", "pk")
        if len(bodies) == 1:
            # One council to choose: chosen, with no empty choice offered.
            self.fields["body"].initial = bodies[0]
            self.fields["body"].empty_label = None

    def clean(self):
        data = super().clean()
        chosen = list(data.get("nominations") or [])
        if data.get("awards") and data.get("body"):
            ids = {n.pk for n in chosen}
            chosen += [
                n
                for n in self.plannable.filter(
                    award_type__in=data["awards"], unit__path__startswith=data["body"].path
                ).order_by("unit__path", "award_type__order", "pk")
                if n.pk not in ids
            ]
        data["nominations"] = chosen
        data["submissions"] = list(data.get("submissions") or [])
        if data["submissions"] and data.get("body"):
            outside = [s for s in data["submissions"] if not s.unit.path.startswith(data["body"].path)]
            if outside:
                self.add_error("submissions", _("Tờ trình “%(s)s” không thuộc Hội đồng đã chọn.") % {"s": outside[0]})
        if not chosen and not data["submissions"] and not {"nominations", "awards", "submissions"} & set(self.errors):
            self.add_error("nominations", _("Chọn ít nhất một hồ sơ đã thẩm định đưa vào chương trình phiên họp."))
        if data.get("quorum"):
            num, den = (int(part) for part in data["quorum"].split("/"))
            data["quorum_numerator"], data["quorum_denominator"] = num, den
            if data.get("date"):
                try:
                    check_quorum(numerator=num, denominator=den, on_date=timezone.localdate(data["date"]))
                except DomainError as error:
                    self.add_error("quorum", error.message)
        return data


class OpenForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Thành viên có mặt"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(m.user_id), m.user.full_name or m.user.username) for m in members]


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Lá phiếu"), choices=VoteChoice.choices, widget=forms.RadioSelect)


class WrittenVoteForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Thành viên vắng mặt"), coerce=int)
    choice = forms.ChoiceField(label=_("Nội dung phiếu bằng văn bản"), choices=VoteChoice.choices)

    def __init__(self, *args, absent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.user_id, m.user.full_name or m.user.username) for m in absent]


class PaperTallyForm(forms.Form):
    agree = forms.IntegerField(label=_("Số phiếu đồng ý"), min_value=0)
    disagree = forms.IntegerField(label=_("Số phiếu không đồng ý"), min_value=0)


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), max_length=50, help_text=_("Ví dụ: 125/QĐ-UBND"))
    date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_INPUT)
    signer_name = forms.CharField(label=_("Người ký"), max_length=200)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200, initial=_("Chủ tịch"))
    summary = forms.CharField(
        label=_("Trích yếu"), max_length=500, initial=_("Về việc tặng danh hiệu thi đua, hình thức khen thưởng")
    )
    nominations = NominationChoiceField(
        label=_("Người, tập thể được khen"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = nominations
        self.fields["nominations"].initial = list(nominations.values_list("pk", flat=True))

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not re.match(r"^\d+/[\wĐđ-]+", number):
            raise forms.ValidationError(_("Số quyết định có dạng số/ký hiệu, ví dụ 125/QĐ-UBND."))
        return number


class ProposalOutcomeForm(forms.Form):
    awarded = forms.TypedChoiceField(
        label=_("Kết quả của cấp trên"),
        choices=[("1", _("Đã khen thưởng")), ("0", _("Không khen thưởng"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    number = forms.CharField(label=_("Số quyết định"), max_length=50, required=False)
    date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_INPUT, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self):
        data = super().clean()
        if data.get("awarded") and not (data.get("number") and data.get("date")):
            raise forms.ValidationError(_("Nhập số và ngày quyết định khen thưởng của cấp trên."))
        return data


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), min_length=2, max_length=200)
    contact = forms.CharField(
        label=_("Điện thoại hoặc email"), max_length=200, help_text=_("Để cơ quan thi đua liên hệ trả lời.")
    )
    text = forms.CharField(
        label=_("Nội dung phản ánh"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Từ 20 đến 3.000 ký tự: nêu rõ sự việc, thời gian, người liên quan."),
    )
    # A field people do not see: bots fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if PHONE.match(contact):
            return contact
        try:
            validate_email(contact)
        except forms.ValidationError:
            raise forms.ValidationError(_("Nhập số điện thoại (9–15 chữ số) hoặc địa chỉ email hợp lệ.")) from None
        return contact

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Không gửi được phản ánh."))
        return ""


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Kết quả xem xét, giải quyết"), widget=forms.Textarea(attrs={"rows": 3}))


class RevokeForm(forms.Form):
    ground = forms.ChoiceField(label=_("Căn cứ hủy bỏ"), choices=RevocationGround.choices)
    note = forms.CharField(label=_("Nội dung, lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class AmountField(forms.IntegerField):
    """An amount in đồng as people type it: "2.340.000", "2 340 000" or "2340000 đ"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(min_value=1, max_value=10**15, **kwargs)
        self.error_messages["min_value"] = _("Số tiền phải lớn hơn 0.")
        self.error_messages["max_value"] = _("Số tiền quá lớn: kiểm tra lại số đã nhập.")

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s.₫]|đồng|đ", "", value.strip().lower())
        return super().to_python(value)


class FundIncomeForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DATE_INPUT)
    amount = AmountField(
        label=_("Số tiền (đồng)"), error_messages={"invalid": _("Nhập số tiền bằng số, ví dụ 2.340.000.")}
    )
    source = forms.CharField(
        label=_("Nguồn"), max_length=300, help_text=_("Ví dụ: ngân sách huyện năm 2025, đóng góp của doanh nghiệp.")
    )
    reference = forms.CharField(label=_("Số chứng từ"), max_length=100, required=False)


class RecoveryForm(forms.Form):
    date = forms.DateField(label=_("Ngày thu hồi"), widget=DATE_INPUT)


# Bundles (tờ trình to the higher level) ---------------------------------------------------------
class BundleSendForm(forms.Form):
    number = forms.CharField(label=_("Số tờ trình"), max_length=50)
    date = forms.DateField(label=_("Ngày tờ trình"), widget=DATE_INPUT)


class BundleReceivedForm(forms.Form):
    date = forms.DateField(label=_("Ngày cấp trên nhận"), widget=DATE_INPUT)


class LineReturnForm(forms.Form):
    reason = forms.CharField(label=_("Lý do cấp trên trả lại"), max_length=1000, widget=forms.TextInput)


class DecisionListForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định của cấp trên"), max_length=50)
    date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_INPUT)
    file = forms.FileField(
        label=_("Danh sách kèm quyết định (.xlsx)"),
        help_text=_(
            "Cột họ tên, đơn vị, danh hiệu hoặc hình thức khen thưởng; so khớp không phân biệt hoa thường, dấu."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        required=False,
    )

    MAX_SIZE = 10 * 1024 * 1024

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is not None and uploaded.size > self.MAX_SIZE:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 10 MB)."))
        return uploaded
