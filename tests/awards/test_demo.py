import pytest
from django.core.management import call_command

from awards.eligibility import evaluate
from awards.enums import NominationStatus
from awards.models import Nomination, Person

pytestmark = pytest.mark.django_db


def test_demo_shows_a_realistic_mix_of_cstd_tinh_candidates_and_nominations_in_every_state():
    call_command("seed_demo", verbosity=0)

    verdicts = evaluate(year=2024, persons=Person.objects.all(), awards=["CSTD_TINH"])
    eligible = {v.subject.code for v in verdicts if v.eligible}

    assert "tam-son-01" in eligible
    assert "cao-phong-01" not in eligible  # base-level initiative only
    assert "tam-son-02" not in eligible  # gap: no CSTĐCS in 2023
    assert 5 <= len(eligible) <= 17
    assert set(Nomination.objects.values_list("status", flat=True)) == set(NominationStatus.values)
