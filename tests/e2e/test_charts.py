"""The office's charts load into its home after the page and are drawn by Chart.js, without
breaking the Content-Security-Policy (checked by the page fixture); a unit's page draws its own."""

from tests.e2e.conftest import screenshot


def test_office_home_draws_the_charts_it_loads_and_the_unit_page_its_own(page, login, demo_data):
    login("vanphong")

    charts = page.locator('[data-testid="home-charts"] canvas[data-drawn="1"]')
    charts.first.wait_for()
    assert charts.count() >= 3
    assert page.get_by_role("table").filter(has_text="Cơ sở").first.is_visible()
    # The year's pipeline per title, with its numbers table (eligible, nominated, passed, decided).
    assert page.locator('[data-testid="home-charts"] canvas#chart-eligibility-pipeline[data-drawn="1"]').count() == 1
    assert page.get_by_role("table").filter(has_text="Đủ điều kiện").filter(has_text="Đã có quyết định").is_visible()
    screenshot(page, "home-charts")

    page.goto("/units/tam-son/")
    unit_charts = page.locator('[data-testid="unit-charts"] canvas[data-drawn="1"]')
    unit_charts.first.wait_for()
    assert unit_charts.count() == 2
    screenshot(page, "unit-charts")
