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

    controls = page.locator("form[method=get] select, form[method=get] input:not([type=hidden])")
    assert controls.count() >= 5
    for index in range(controls.count()):
        classes = controls.nth(index).get_attribute("class") or ""
        assert "form-select" in classes or "form-control" in classes
    boxes = [controls.nth(i).bounding_box() for i in range(controls.count())]
    assert _overlapping(boxes) is None
    assert page.evaluate("document.documentElement.scrollWidth") <= width
