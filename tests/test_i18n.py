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
