"""Bad input helpers of the kernel: bounded numbers, id lists, NUL characters (docs/security.md,
"Bad input"). The crawl that sends bad input to every page is tests/demo/test_fuzz.py."""

from __future__ import annotations

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from organisation.models import OrgUnit
from songlo.fields import ModelMultipleChoiceField
from songlo.params import bounded_int, id_param, year_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024", 2024),
        (" 1945 ", 1945),
        ("2100", 2100),
        ("1944", None),
        ("2101", None),
        ("-5", None),
        ("0", None),
        ("99999999999999999999999", None),
        ("1e3", None),
        ("abc", None),
        ("", None),
        (None, None),
        (["2024"], None),
    ],
)
def test_year_param_is_a_year_the_pages_can_show_or_none(value, expected):
    assert year_param(value) == expected


def test_id_param_and_bounded_int_refuse_what_a_database_cannot_hold():
    assert [id_param(v) for v in ["1", "9223372036854775807", "9223372036854775808", "0", "-1", "x" * 5000]] == [
        1,
        9223372036854775807,
        None,
        None,
        None,
        None,
    ]
    assert bounded_int(True, low=0, high=2) is None


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["99999999999999999999999", "-1", "abc", "1.5"])
def test_model_multiple_choice_field_refuses_impossible_ids_as_invalid_choices(district, bad):
    class Form(forms.Form):
        units = ModelMultipleChoiceField(queryset=OrgUnit.objects.all())

    form = Form({"units": [str(district.commune.pk), bad]})

    assert not form.is_valid()
    assert form.errors["units"] == [f"Lựa chọn “{bad}” không hợp lệ."]


@pytest.mark.django_db
def test_model_multiple_choice_field_keeps_valid_ids(district):
    class Form(forms.Form):
        units = ModelMultipleChoiceField(queryset=OrgUnit.objects.all())

    form = Form({"units": [str(district.commune.pk), str(district.village.pk)]})

    assert form.is_valid()
    assert set(form.cleaned_data["units"]) == {district.commune, district.village}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/awards/people/?q=a%00b", None),
        ("get", "/units/a%00b/", None),
        ("post", "/login/", {"username": "a\x00b", "password": "x"}),
        ("post", "/login/", {"a\x00b": "x"}),
    ],
)
def test_nul_character_anywhere_is_a_400_with_a_vietnamese_page(client_for, method, url, data):
    client = client_for("office") if method == "get" else Client()

    response = getattr(client, method)(url, data) if data else client.get(url)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_eligibility_with_an_impossible_year_shows_the_default_year_and_says_why(client_for):
    response = client_for("office").get(reverse("awards:eligibility"), {"year": "99999"})

    assert response.status_code == 200
    assert "Năm không hợp lệ: chọn một năm từ 1945 đến 2100." in response.content.decode()
    assert response.context["year"] != 99999


@pytest.mark.django_db
def test_login_with_a_very_long_name_is_a_form_error_not_a_throttle_row():
    from axes.models import AccessAttempt

    response = Client().post(reverse("login"), {"username": "x" * 5000, "password": "sai"})

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert AccessAttempt.objects.count() == 0
