"""Forms of the emulation cycle: they validate, services write."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _

from campaigns.enums import IndicatorTotal
from campaigns.models import EmulationBlock, Movement, ReviewPeriod
from campaigns.models.cycle import default_reminder_offsets
from campaigns.services import check_rubric
from organisation.enums import UnitKind
from organisation.models import OrgUnit
from songlo import fields
from songlo.choosers import SearchMultipleChoiceField
from songlo.registry import Registry
from songlo.uploads import ACCEPT_ATTR, HELP_TEXT, validate_evidence
from songlo.widgets import DateInput, DateTimeInput, decimal_field, figure_field

# The collective titles a unit may register for when it joins a movement: award codes and their
# labels, which the awards app owns and registers from its AppConfig.ready().
COLLECTIVE_TITLES: Registry = Registry("collective titles")


def collective_title_choices() -> list[tuple[str, str]]:
    return [("", _("— Không đăng ký —")), *COLLECTIVE_TITLES.items()]


def _helper(*, form_tag: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.disable_csrf = True
    return helper


class EvidenceFileField(forms.FileField):
    """A file input that says what it accepts and checks the real content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", HELP_TEXT)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if uploaded and hasattr(uploaded, "size") and uploaded is not initial:
            validate_evidence(uploaded)
        return uploaded


class MovementForm(forms.ModelForm):
    launch_plan = EvidenceFileField(label=_("Kế hoạch phát động (tệp đính kèm)"), required=False)

    class Meta:
        model = Movement
        fields = [
            "title",
            "kind",
            "stage",
            "year",
            "starts_on",
            "ends_on",
            "summary_on",
            "legal_basis",
            "description",
            "registration_deadline",
            "quota_collectives",
            "quota_individuals",
            "dossier_deadline",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "summary_on": DateInput(),
            "registration_deadline": DateTimeInput(),
            "dossier_deadline": DateTimeInput(),
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "year": _("Với phong trào thường xuyên: năm thi đua."),
            "legal_basis": _("Ví dụ: Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP."),
            "quota_collectives": _("Để trống nếu không giới hạn."),
            "quota_individuals": _("Để trống nếu không giới hạn."),
        }

    def __init__(self, *args, stages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stages is not None:
            self.fields["stage"].queryset = stages
        fields.add_model_validators(self)  # the instance is not validated (_post_clean below)
        fields.bound_integer(self.fields["year"], fields.YEAR_MIN, fields.YEAR_MAX)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def _post_clean(self):
        # The owner is set by the service; do not validate the instance here.
        pass


class RowsFormSet(forms.BaseFormSet):
    """A table of rows typed on one page. A posted row count above ``max_num`` is refused
    with a message instead of building (and showing again) that many empty forms: Django's
    own ceiling is 2,000 forms, half a second of work for a request that says "99999"."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _("Mỗi lần lưu được tối đa %(num)d dòng."),
    }


def rows_formset(form, *, extra: int, max_rows: int, formset=RowsFormSet):
    return forms.formset_factory(
        form, formset=formset, extra=extra, max_num=max_rows, absolute_max=max_rows, validate_max=True
    )


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Chỉ tiêu"), max_length=300, required=False)
    measure = forms.CharField(label=_("Đơn vị tính"), max_length=50, required=False)
    target = figure_field(
        label=_("Mức phải đạt"), max_digits=14, decimal_places=2, required=False, min_value=Decimal("-1e12")
    )
    total = forms.ChoiceField(
        label=_("Cách tổng hợp"), choices=IndicatorTotal.choices, initial=IndicatorTotal.SUM, required=False
    )

    def row(self) -> tuple:
        data = self.cleaned_data
        return (data.get("name"), data.get("measure"), data.get("target"), data.get("total") or IndicatorTotal.SUM)


TargetFormSet = rows_formset(TargetForm, extra=3, max_rows=100)


class ParticipantsForm(forms.Form):
    """Choose participants by hand, by unit kind, by block, or every unit under a parent.

    A province has ten thousand units: the units are searched for and added one by one
    (songlo/choosers.py), never listed in a drop-down."""

    units = SearchMultipleChoiceField(
        "movement-units",
        label=_("Chọn từng đơn vị"),
        required=False,
        help_text=_("Gõ tên hoặc mã đơn vị rồi chọn trong danh sách gợi ý; bỏ dấu chọn để bỏ một đơn vị."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Theo loại đơn vị"), choices=UnitKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    blocks = fields.ModelMultipleChoiceField(
        label=_("Theo cụm, khối thi đua"),
        queryset=EmulationBlock.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parents = SearchMultipleChoiceField(
        "movement-parents",
        label=_("Mọi đơn vị trực thuộc"),
        required=False,
        help_text=_("Ví dụ: chọn Phòng Giáo dục và Đào tạo để thêm mọi trường học trực thuộc."),
    )

    def __init__(self, *args, movement, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].bind(user, movement=movement)
        self.fields["parents"].bind(user, movement=movement)
        self.fields["blocks"].queryset = EmulationBlock.objects.filter(owner=movement.owner)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("units", "kinds", "blocks", "parents")):
            raise ValidationError(_("Chọn ít nhất một đơn vị, một loại đơn vị, một cụm hoặc một đơn vị cấp trên."))
        return data


MAX_PEOPLE = 100_000


class RegistrationForm(forms.Form):
    collective_title = forms.ChoiceField(
        label=_("Danh hiệu tập thể đăng ký"), choices=collective_title_choices, required=False
    )
    # A unit registers its own staff: far below the column's range (PostgreSQL refuses more than 2**31 - 1).
    ldtt_count = forms.IntegerField(
        label=_("Số cá nhân đăng ký Lao động tiên tiến"), min_value=0, max_value=MAX_PEOPLE, initial=0
    )
    cstdcs_count = forms.IntegerField(
        label=_("Số cá nhân đăng ký Chiến sĩ thi đua cơ sở"), min_value=0, max_value=MAX_PEOPLE, initial=0
    )
    pledge = forms.CharField(label=_("Nội dung giao ước"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.target_fields = []
        for target in targets:
            name = f"target_{target.pk}"
            label = f"{target.name} ({target.measure})" if target.measure else target.name
            self.fields[name] = forms.CharField(label=label, max_length=100, required=False)
            self.target_fields.append((target.pk, name))
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if (
            data.get("cstdcs_count")
            and data.get("ldtt_count") is not None
            and data["cstdcs_count"] > data["ldtt_count"]
        ):
            self.add_error("cstdcs_count", _("Số Chiến sĩ thi đua cơ sở không thể nhiều hơn số Lao động tiên tiến."))
        data["targets"] = {str(pk): data[name] for pk, name in self.target_fields if data.get(name)}
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}))


class StageForm(forms.Form):
    name = forms.CharField(label=_("Tên giai đoạn"), max_length=200)
    start_year = forms.IntegerField(label=_("Từ năm"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("Đến năm"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("end_year") and data["end_year"] < data["start_year"]:
            self.add_error("end_year", _("Năm kết thúc phải sau năm bắt đầu."))
        return data


class ReminderOffsetsField(forms.CharField):
    """Days before the deadline to remind, typed as "7, 3, 1, -1" (negative: days after it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Nhắc hạn (số ngày)"))
        kwargs.setdefault(
            "help_text",
            _("Số ngày trước hạn để nhắc, cách nhau bằng dấu phẩy, ví dụ 7, 3, 1; số âm là sau hạn, ví dụ -1."),
        )
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value) -> list[int]:  # type: ignore[override]
        text = super().to_python(value)
        days: list[int] = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                day = int(part)
            except ValueError:
                raise ValidationError(
                    _("“%(value)s” không phải số ngày: nhập các số nguyên cách nhau bằng dấu phẩy."),
                    params={"value": part[:20]},
                ) from None
            if not -60 <= day <= 365:
                raise ValidationError(_("Số ngày nhắc phải từ -60 đến 365."))
            days.append(day)
        return sorted(set(days), reverse=True)


class PeriodForm(forms.ModelForm):
    reminder_offsets = ReminderOffsetsField(required=False, initial=default_reminder_offsets)

    class Meta:
        model = ReviewPeriod
        fields = ["name", "kind", "opens_at", "deadline", "late_policy", "reminder_offsets"]
        widgets = {"opens_at": DateTimeInput(), "deadline": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields.add_model_validators(self)  # the instance is not validated (_post_clean below)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("deadline") and data["deadline"] <= data["opens_at"]:
            self.add_error("deadline", _("Hạn nộp phải sau ngày mở."))
        return data

    def _post_clean(self):
        pass


class CriterionForm(forms.Form):
    group = forms.CharField(label=_("Nhóm tiêu chí"), max_length=200, required=False)
    name = forms.CharField(label=_("Tiêu chí"), max_length=300, required=False)
    max_points = decimal_field(
        label=_("Điểm tối đa"), max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    weight = decimal_field(
        label=_("Trọng số (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("name") and (data.get("max_points") is None or data.get("weight") is None):
            raise ValidationError(_("Tiêu chí cần điểm tối đa và trọng số."))
        return data


class BaseCriterionFormSet(RowsFormSet):
    def rows(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("name")]

    def clean(self):
        if any(self.errors):
            return
        check_rubric(self.rows())


CriterionFormSet = rows_formset(CriterionForm, formset=BaseCriterionFormSet, extra=2, max_rows=200)


class ReviewForm(forms.Form):
    """The unit's review: a self-score per criterion, the four-part narrative (figures: ReviewFiguresForm).

    Shown by campaigns/includes/review_fields.html from ``fieldsets()``, not through crispy and
    the widget templates: the form is on the deadline rush's path, where those cost 4-5 ms a page
    (docs/performance.md).
    """

    results = forms.CharField(label=_("1. Kết quả đạt được"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    limitations = forms.CharField(
        label=_("2. Hạn chế, nguyên nhân"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    lessons = forms.CharField(
        label=_("3. Bài học kinh nghiệm"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    direction = forms.CharField(
        label=_("4. Phương hướng, nhiệm vụ kỳ tới"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    NARRATIVE = ("results", "limitations", "lessons", "direction")

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.score_fields = []
        for criterion in criteria:
            name = f"score_{criterion.pk}"
            self.fields[name] = decimal_field(
                label=criterion.name,
                required=False,
                min_value=0,
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
                help_text=_("Tối đa %(max)s điểm; trọng số %(weight)s%%")
                % {"max": localize(criterion.max_points.normalize()), "weight": localize(criterion.weight.normalize())},
                error_messages={
                    "max_value": _("Điểm tối đa của tiêu chí này là %(limit_value)s."),
                    "min_value": _("Điểm không được âm."),
                },
            )
            self.score_fields.append((criterion, name))

    def fieldsets(self) -> list[tuple[str, list[dict]]]:
        """The groups of fields with what each one's markup needs (value as the widget would
        show it, errors, the ids its label, help and errors are tied with)."""
        groups = [
            (_("Tự chấm điểm"), [n for _c, n in self.score_fields]),
            (_("Báo cáo"), list(self.NARRATIVE)),
        ]
        return [(legend, [self._markup(name) for name in names]) for legend, names in groups]

    def _markup(self, name: str) -> dict:
        bound = self[name]
        field, widget = bound.field, bound.field.widget
        errors = list(bound.errors) if self.is_bound else []
        describedby = [f"{bound.auto_id}_helptext"] if field.help_text else []
        if errors:
            describedby.append(f"{bound.auto_id}_error")
        return {
            "name": bound.html_name,
            "id": bound.auto_id,
            "label": field.label,
            "help": field.help_text,
            "value": widget.format_value(bound.value()),
            "errors": errors,
            "describedby": " ".join(describedby),
            "rows": widget.attrs.get("rows"),
            "decimal": isinstance(field, forms.DecimalField),
            "maxlength": getattr(field, "max_length", None),
        }

    def content(self) -> dict:
        data = self.cleaned_data
        return {
            "results": data["results"],
            "limitations": data["limitations"],
            "lessons": data["lessons"],
            "direction": data["direction"],
        }

    def scores(self) -> dict[int, Decimal | None]:
        return {c.pk: self.cleaned_data.get(n) for c, n in self.score_fields}


class ReviewFiguresForm(forms.Form):
    """The unit's number for each target of the movement ("44,5"), shown below the review form."""

    def __init__(self, *args, targets=(), legacy: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        legacy = legacy or {}
        self.figure_fields = []
        for target in targets:
            name = f"figure_{target.pk}"
            hints = []
            if target.target is not None:
                hints.append(
                    _("Mức phải đạt: %(target)s %(measure)s")
                    % {"target": localize(target.target.normalize()), "measure": target.measure}
                )
            if legacy.get(str(target.pk)):
                hints.append(_("Đã ghi trước đây: “%(text)s”") % {"text": legacy[str(target.pk)]})
            self.fields[name] = figure_field(
                label=f"{target.name} ({target.measure})" if target.measure else target.name,
                required=False,
                max_digits=14,
                decimal_places=2,
                help_text="; ".join(str(h) for h in hints),
                error_messages={"invalid": _("Nhập một số, ví dụ 44,5 hoặc 1.250.")},
            )
            self.figure_fields.append((target, name))
        self.helper = _helper()
        self.helper.layout = Layout(Fieldset(_("Số liệu chỉ tiêu"), *[n for _t, n in self.figure_fields]))

    def values(self) -> dict[int, Decimal | None]:
        return {t.pk: self.cleaned_data.get(n) for t, n in self.figure_fields}


class EvidenceForm(forms.Form):
    file = EvidenceFileField(label=_("Tệp minh chứng"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Lý do trả lại, nội dung cần sửa"), widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=_("Nhận xét (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, criteria=(), initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.score_fields = []
        for criterion in criteria:
            name = f"office_{criterion.pk}"
            self.fields[name] = decimal_field(
                label=criterion.name,
                min_value=0,
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
                initial=initial_scores.get(criterion.pk),
                help_text=_("Tối đa %(max)s điểm") % {"max": localize(criterion.max_points.normalize())},
            )
            self.score_fields.append((criterion, name))

    def scores(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[n] for c, n in self.score_fields}


class ExtensionForm(forms.Form):
    new_deadline = forms.DateTimeField(label=_("Hạn mới"), widget=DateTimeInput())
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 2}))


class DashboardFilterForm(forms.Form):
    block = forms.ModelChoiceField(
        label=_("Cụm, khối"), queryset=EmulationBlock.objects.none(), required=False, empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=[("", _("Tất cả")), *UnitKind.choices], required=False)
    status = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = blocks
        for name in ("block", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"


class BlockCriterionForm(forms.Form):
    name = forms.CharField(label=_("Tiêu chí"), max_length=300, required=False)
    max_points = decimal_field(
        label=_("Điểm tối đa"), max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False
    )


BlockCriterionFormSet = rows_formset(BlockCriterionForm, extra=3, max_rows=100)


class BlockScoreForm(forms.Form):
    """One field per (criterion, other member unit)."""

    def __init__(self, *args, criteria, targets, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_scores = initial_scores or {}
        self.grid = []
        for target in targets:
            cells = []
            for criterion in criteria:
                name = f"s_{criterion.pk}_{target.pk}"
                self.fields[name] = decimal_field(
                    label=f"{target.name} – {criterion.name}",
                    min_value=0,
                    max_value=criterion.max_points,
                    max_digits=6,
                    decimal_places=2,
                    required=False,
                    initial=initial_scores.get((criterion.pk, target.pk)),
                )
                cells.append((criterion, self[name]))
            self.grid.append((target, cells))

    def scores(self) -> dict[tuple[int, int], Decimal]:
        result = {}
        for name, value in self.cleaned_data.items():
            if value is not None:
                _s, criterion_id, target_id = name.split("_")
                result[(int(criterion_id), int(target_id))] = value
        return result


class BlockVoteForm(forms.Form):
    leading_unit = forms.ModelChoiceField(label=_("Đơn vị dẫn đầu (suy tôn)"), queryset=OrgUnit.objects.none())
    next_leader = forms.ModelChoiceField(label=_("Trưởng cụm năm sau"), queryset=OrgUnit.objects.none())
    next_deputy = forms.ModelChoiceField(label=_("Phó cụm năm sau"), queryset=OrgUnit.objects.none())
    minutes = forms.CharField(label=_("Ghi chú biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("leading_unit", "next_leader", "next_deputy"):
            self.fields[name].queryset = members
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        if data.get("next_leader") and data.get("next_leader") == data.get("next_deputy"):
            self.add_error("next_deputy", _("Trưởng và phó cụm phải là hai đơn vị khác nhau."))
        return data
