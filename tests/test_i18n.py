"""The English catalogue is complete and role names are shown as words."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

EN_PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(EN_PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


@pytest.mark.django_db
def test_profile_shows_role_label_not_code(client_for):
    response = client_for("unit_head").get(reverse("profile"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thủ trưởng đơn vị" in html
    assert ": unit_head" not in html


# Text produced in Python: eligibility reasons and award names ---------------------------------
VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
# Every reason code with sample parameters, covering its variants (awards/reasons.py).
REASON_SAMPLES = {
    "award_unknown": [{"award": "XYZ"}],
    "kind_wrong": [{"wanted": ["collective", "household"], "actual": "individual"}],
    "kind_ok": [{"wanted": ["individual"]}],
    "once_per_year": [
        {"award": "LDTT", "label": "LĐTT", "year": 2024, "given": False},
        {"award": "LDTT", "label": "LĐTT", "year": 2024, "given": True, "number": "12/QD-UBND"},
        {"award": "LDTT", "label": "LĐTT", "year": 2024, "given": True, "number": ""},
        {"award": "GDVH", "label": "GĐVH", "year": 2024, "household": True},
    ],
    "pending_discipline": [{}, {"level": "khien_trach", "start": "2024-03-01"}],
    "manual": [{"award": "GIAY_KHEN", "name": "Giấy khen"}],
    "rating_min": [
        {"minimum": "HTTNV", "year": 2024, "rating": "HTXSNV"},
        {"minimum": "HTTNV", "year": 2024, "rating": None},
        {"minimum": "HTTNV", "year": 2024, "disciplined": True},
    ],
    "service": [
        {"months": 1, "year": 2024},
        {"months": 6, "year": 2024, "joined": "2024-02-01", "enough": True},
        {"months": 6, "year": 2024, "joined": "2024-09-01", "enough": False},
    ],
    "title": [
        {"award": "LDTT", "year": 2024, "status": {"s": "none"}},
        {"award": "CSTDCS", "year": 2023, "status": {"s": "decision", "number": "5/QD"}},
        {"award": "CSTD_TINH", "year": 2024, "status": {"s": "eligible"}},
        {"award": "CSTDCS", "year": 2022, "status": {"s": "has"}},
        {"award": "CSTDCS", "year": 2022, "status": {"s": "not_counted", "cutoff": 2022}},
    ],
    "excellence": [
        {"year": 2024, "found": []},
        {
            "year": 2024,
            "found": [{"kind": "rating"}, {"kind": "science", "code": "DT-1"}, {"kind": "initiative", "code": "SK-1"}],
        },
    ],
    "cap": [{"cap": 15.0, "year": 2024, "count": 2, "ldtt": 10}],
    "initiative_level": [
        {"level": "tinh", "first": 2022, "last": 2024},
        {"level": "tinh", "first": 2022, "last": 2024, "good": {"code": "SK-1", "level": "toan_quoc"}},
        {"level": "tinh", "first": 2024, "last": 2024, "items": [["SK-1", "co_so"]]},
    ],
    "members_ldtt": [
        {"threshold": 70.0, "year": 2024, "hits": 7, "total": 9},
        {"threshold": 70.0, "year": 2024, "hits": 0, "total": 0},
    ],
    "members_complete": [{"threshold": 100.0, "year": 2024, "hits": 9, "total": 9}],
    "members_discipline": [
        {"level": "canh_cao", "year": 2024, "names": []},
        {"level": "canh_cao", "year": 2024, "names": ["Nguyen Van A"]},
        {"level": "canh_cao", "year": 2024, "names": ["Nguyen Van A", "Tran Thi B"]},
    ],
    "unit_rating": [{"wanted": "HTXSNV", "year": 2024, "rating": "HTTNV"}],
    "members_cstdcs": [{"minimum": 1, "year": 2024, "count": 0}, {"minimum": 2, "year": 2024, "count": 3}],
    "bk_person": [
        {"span": 2, "first": 2023, "last": 2024, "cstdcs": 1, "excellent": 2, "initiatives": 1},
        {
            "span": 1,
            "first": 2024,
            "last": 2024,
            "cstdcs": 0,
            "excellent": 1,
            "initiatives": 2,
            "excluded": [
                {"code": "SK-2", "award": "BK_TINH", "label": "Bằng khen tỉnh", "year": 2023, "nomination": True}
            ],
        },
    ],
    "bk_unit": [{"span": 2, "first": 2023, "last": 2024, "good": 1}],
    "gdvh": [{"year": 2024}],
    "block_leader": [{"year": 2024, "block": None}, {"year": 2024, "block": "Cum 1"}],
}


def _rendered(language):
    from django.utils import translation

    from awards.reasons import render

    with translation.override(language):
        return [(code, render(code, params)) for code, samples in REASON_SAMPLES.items() for params in samples]


def _without_award_names(text):
    """Award names stay Vietnamese (official names); in English each is followed by its gloss."""
    from awards.reasons import AWARD_NAMES, AWARD_SHORT

    names = sorted({*AWARD_NAMES.values(), *AWARD_SHORT.values(), "Bằng khen tỉnh", "GĐVH"}, key=len, reverse=True)
    for name in names:
        while name in text:
            after = text[text.index(name) + len(name) :]
            assert after.startswith(" ("), f"no English gloss after {name!r}: {text}"
            text = text.replace(name, "", 1)
    return text


def test_every_reason_code_has_samples():
    from awards.reasons import RENDERERS

    assert set(REASON_SAMPLES) == set(RENDERERS)


def test_reasons_in_english_have_no_vietnamese_left():
    for code, text in _rendered("en"):
        rest = _without_award_names(text)
        assert not (set(rest.lower()) & VIETNAMESE_LETTERS), f"{code}: untranslated in {text!r}"
        assert "%(" not in text and "None" not in text, text


def test_reasons_in_english_count_properly():
    rendered = [text for _code, text in _rendered("en")]
    assert any("1 person (Nguyen Van A)" in t for t in rendered)
    assert any("2 people (Nguyen Van A, Tran Thi B)" in t for t in rendered)
    assert any("at least 1 month of service" in t for t in rendered)
    assert any("at least 6 months of service" in t for t in rendered)


def test_reasons_in_vietnamese_read_naturally():
    for code, text in _rendered("vi"):
        assert "%(" not in text and "None" not in text, text
        # "cần chưa được tặng", "cần không đang bị...": a requirement is not phrased as "needs not".
        assert "cần chưa" not in text and "cần không" not in text, f"{code}: {text}"
        assert "  " not in text and not text.endswith(": "), text


def test_award_names_in_english_carry_a_gloss():
    from django.utils import translation

    from awards.reasons import AWARD_NAMES, award_name

    with translation.override("en"):
        for code, name in AWARD_NAMES.items():
            shown = award_name(code, name)
            assert shown.startswith(f"{name} (") and shown.endswith(")"), shown
            gloss = shown[len(name) + 2 : -1]
            assert gloss and not (set(gloss.lower()) & VIETNAMESE_LETTERS), shown
    with translation.override("vi"):
        assert award_name("LDTT", "Lao động tiên tiến") == "Lao động tiên tiến"


@pytest.mark.django_db
def test_nomination_reasons_are_stored_as_data_and_shown_in_the_readers_language(client_for, district, unit_head):
    from django.conf import settings

    from awards import services
    from tests.awards.factories import PersonFactory, award, rate

    person = PersonFactory(code="cb-en", full_name="Pham Thi Mai", unit=district.commune)
    rate(person, 2024, "HTXSNV")
    client = client_for("unit_head")
    nomination = services.nomination_create(
        actor=unit_head, unit=person.unit, award=award("LDTT"), year=2024, person=person
    )
    assert all(isinstance(r, dict) and r["code"] for r in nomination.eligibility_reasons)

    vietnamese = client.get(nomination.get_absolute_url()).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(nomination.get_absolute_url()).content.decode()

    assert "cần xếp loại HTTNV trở lên năm 2024: HTXSNV" in vietnamese
    assert "requires a rating of good or better in 2024: outstanding" in english
    assert "cần xếp loại" not in english


def test_council_pass_rule_is_shown_in_the_readers_language():
    from decimal import Decimal

    from django.utils import translation

    from council.models import AgendaItem

    stored = "≥ 66.67% tổng số thành viên Hội đồng (Nghị định 98/2023/NĐ-CP)"
    item = AgendaItem(pass_mark=Decimal("66.67"), rule_text=stored)
    simple = AgendaItem(pass_mark=None, rule_text="Quá bán số thành viên có mặt (Nghị định 98/2023/NĐ-CP)")

    with translation.override("en"):
        assert item.rule_display == "≥ 66.67% of all council members (Nghị định 98/2023/NĐ-CP)"
        assert simple.rule_display == "More than half of the members present (Nghị định 98/2023/NĐ-CP)"
    with translation.override("vi"):
        assert item.rule_display == "≥ 66,67% tổng số thành viên Hội đồng (Nghị định 98/2023/NĐ-CP)"
        assert AgendaItem(pass_mark=None, rule_text="").rule_display == ""


@pytest.mark.django_db
def test_eligibility_page_in_english(client_for, district):
    from django.conf import settings

    from tests.awards.factories import PersonFactory, rate

    rate(PersonFactory(full_name="Pham Thi Mai", unit=district.commune), 2024, "HTXSNV")
    client = client_for("office")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("awards:eligibility"), {"year": 2024, "award": "LDTT"}).content.decode()

    assert "Lao động tiên tiến (Advanced Worker)" in html
    assert "requires a rating of good or better in 2024: outstanding" in html
    assert "not under disciplinary review: met" in html
