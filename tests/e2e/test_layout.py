"""Pages fit the screens officials use: a 1366 px desktop and a 390 px phone."""

import pytest


def _overlapping(boxes):
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            across = a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            down = a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]
            if across and down:
                return a, b
    return None


@pytest.mark.parametrize("width", [1366, 390])
def test_nomination_list_filter_bar_is_styled_and_fits(page, login, demo_data, width):
    """Bug: the filter bar was unstyled and overlapped at 1366 px; on a phone the page was 682 px wide."""
    page.set_viewport_size({"width": width, "height": 900})
    login("vanphong")
    page.goto("/awards/nominations/")

    controls = page.locator("main form[method=get] select, main form[method=get] input:not([type=hidden])")
    assert controls.count() >= 5
    for index in range(controls.count()):
        classes = controls.nth(index).get_attribute("class") or ""
        assert "form-select" in classes or "form-control" in classes
    boxes = [controls.nth(i).bounding_box() for i in range(controls.count())]
    assert _overlapping(boxes) is None
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# Every page without parameters, for each role that uses the site daily, on a 390 px phone.
PHONE_ROLES = {"office": "vanphong", "head": "truong.tan-lap", "member": "hoidong1", "chair": "chutich"}


def _pages() -> list[str]:
    from tests.demo.test_fuzz import ROUTES

    skip = {"logout", "login", "favicon.ico", "healthz"}
    return sorted(
        route.path({})
        for name, route in ROUTES.items()
        if not route.params and name.split(":")[-1] not in skip and not route.path({}).endswith((".ico", "/logout/"))
    )


@pytest.mark.parametrize("role", sorted(PHONE_ROLES))
def test_every_page_fits_a_390_px_phone(page, login, demo_data, role):
    """No page scrolls sideways at 390 px: wide tables scroll inside their own box."""
    page.set_viewport_size({"width": 390, "height": 844})
    login(PHONE_ROLES[role])
    too_wide, measured = [], []
    for path in _pages():
        probe = page.request.get(path, max_redirects=0)
        if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
            continue  # POST-only, downloads, redirects: not pages to read
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        measured.append(path)
        if width > 390:
            too_wide.append(f"{path}: {width} px")
        # A header squeezed to a letter per line: the table must scroll instead.
        tallest = page.evaluate("Math.max(0, ...[...document.querySelectorAll('main th')].map(th => th.offsetHeight))")
        if tallest > 80:
            too_wide.append(f"{path}: a table header {tallest} px tall")

    assert too_wide == []
    assert len(measured) >= 10, measured  # the role's pages were read, not skipped
