"""Form fields that refuse what the database cannot hold, with the form's own error message."""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from songlo.params import YEAR_MAX, YEAR_MIN, id_param

__all__ = ["YEAR_MAX", "YEAR_MIN", "ModelMultipleChoiceField", "add_model_validators", "bound_integer"]


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, except that a posted id no database row can have (``99999999999999999999``,
    ``-1``, ``abc``) is an invalid choice, not a database overflow error (a 500) when the field
    looks all the ids up at once. Its messages are in Vietnamese (Django's catalogue lacks them)."""

    default_error_messages = {
        "invalid_choice": _("Lựa chọn “%(value)s” không có trong danh sách."),
        "invalid_pk_value": _("Lựa chọn “%(pk)s” không hợp lệ."),
    }

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for pk in value:
                if id_param(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)  # type: ignore[misc]  # Django private API, missing from the stubs


def add_model_validators(form: forms.ModelForm) -> None:
    """Give each field of a ModelForm the validators of its model field (the column's integer range
    among them), for a form that does not validate its instance (``_post_clean`` skipped because
    a service sets the rest): without them, a number the column cannot hold reaches the database."""
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        field.validators = [*field.validators, *model_field.validators]


def bound_integer(field: forms.Field, low: int, high: int) -> None:
    """Limit an integer form field to [low, high], with Django's messages and the input's min/max."""
    field.validators = [*field.validators, MinValueValidator(low), MaxValueValidator(high)]
    field.widget.attrs.update({"min": low, "max": high})
