from tests.e2e.conftest import screenshot


def test_office_logs_in_sees_vietnamese_home_and_switches_language(page, login, demo_data):
    login("vanphong")

    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Thường trực thi đua").is_visible()
    assert page.get_by_role("link", name="Trang chủ").is_visible()
    screenshot(page, "home-vi")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Emulation office").is_visible()
    assert page.get_by_role("link", name="Home").is_visible()

    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Thường trực thi đua").is_visible()


def test_unit_head_sees_only_their_unit(page, login, demo_data):
    login("truong.duc-bac")

    page.get_by_role("link", name="Đơn vị", exact=True).click()

    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert rows.first.inner_text().startswith("Xã Đức Bác")
    page.goto("/units/tam-son/")
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
