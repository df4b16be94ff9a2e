"""Apps depend one way beyond their imports too (import-linter checks those, in `make lint`).

A lower app does not name a higher app's URLs (``"awards:..."``), templates (``"council/..."``)
or award codes (``"TTLDXS"``), in its Python or its templates: what it needs from above comes
through a ``songlo.registry.Registry`` the higher app fills. The songlo kernel (its modules but
the project's URLs and settings, and the shared templates) names no app at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from awards.models import AwardType
from campaigns.forms import RegistrationForm

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# Lowest first, as in the import-linter layers contract of pyproject.toml.
LAYERS = ["accounts", "organisation", "campaigns", "awards", "council", "reports", "demo", "bench"]
# The project modules, which wire every app together.
PROJECT_MODULES = {"urls.py", "settings.py", "celery.py", "asgi.py", "wsgi.py"}
KERNEL_TEMPLATES = [p for p in TEMPLATES.iterdir() if p.name not in LAYERS]


def sources(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_file():
            found.append(path)
            continue
        for file in sorted(path.rglob("*")):
            if file.suffix in {".py", ".html", ".txt"} and "migrations" not in file.parts:
                found.append(file)
    return found


def app_sources(app: str) -> list[Path]:
    return sources([ROOT / app, TEMPLATES / app])


def kernel_sources() -> list[Path]:
    modules = [p for p in (ROOT / "songlo").rglob("*.py") if p.name not in PROJECT_MODULES]
    return sources([*modules, *KERNEL_TEMPLATES])


def naming(apps: list[str]) -> re.Pattern:
    """A URL name (``"app:..."``) or a template path (``"app/..."``) of one of ``apps``, quoted."""
    alternatives = "|".join(apps)
    return re.compile(rf"""["']({alternatives})[:/]""")


def offences(files: list[Path], pattern: re.Pattern) -> list[str]:
    found = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_app_names_no_url_or_template_of_a_higher_app(app):
    higher = LAYERS[LAYERS.index(app) + 1 :]

    assert offences(app_sources(app), naming(higher)) == []


def test_kernel_names_no_url_or_template_of_any_app():
    assert offences(kernel_sources(), naming(LAYERS)) == []


def test_naming_finds_a_higher_apps_url_and_template():
    pattern = naming(["awards", "council"])

    assert [bool(pattern.search(s)) for s in ("{% url 'awards:people' %}", '"council/verify.html"', '"awards"')] == [
        True,
        True,
        False,
    ]


@pytest.mark.django_db
def test_lower_apps_name_no_award_code():
    codes = sorted(AwardType.objects.values_list("code", flat=True))
    alternatives = "|".join(map(re.escape, codes))
    pattern = re.compile(rf"""["']({alternatives})["']""")
    files = [*kernel_sources(), *app_sources("accounts"), *app_sources("organisation"), *app_sources("campaigns")]

    assert {"LDTT", "CSTDCS", "TTLDXS"} <= set(codes)
    assert offences(files, pattern) == []


def test_registration_form_offers_the_collective_titles_awards_registers():
    choices = [(value, str(label)) for value, label in RegistrationForm().fields["collective_title"].choices]

    assert choices == [
        ("", "— Không đăng ký —"),
        ("TTLDTT", "Tập thể lao động tiên tiến"),
        ("TTLDXS", "Tập thể lao động xuất sắc"),
        ("CO_TINH", "Cờ thi đua cấp tỉnh"),
        ("XA_TIEU_BIEU", "Xã tiêu biểu"),
    ]


@pytest.mark.django_db
def test_top_bar_bell_leads_to_the_notifications(client_for):
    body = client_for("unit_head").get("/").content.decode()

    assert 'href="/notifications/" data-testid="notification-bell"' in body
