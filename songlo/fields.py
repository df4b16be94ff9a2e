"""Form fields that refuse what the database cannot hold, with the form's own error message."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from songlo.params import id_param


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
        return super()._check_values(value)
