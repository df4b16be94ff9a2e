"""The search that replaces a long drop-down (songlo/choosers.py), in a browser, desktop and phone.

Issue 16, point 6: a unit head picks the subject of a nomination by typing any spelling of a
name or a code; the keyboard works (arrows, Enter) and so does a tap; the live verdict follows.
"""

import pytest
from playwright.sync_api import expect

from awards.models import Person
from songlo.text import unaccent
from tests.e2e.conftest import screenshot


@pytest.mark.parametrize("width", [1366, 390])
def test_unit_head_picks_a_subject_through_the_search(page, login, demo_data, width):
    page.set_viewport_size({"width": width, "height": 900})
    by_keyboard = Person.objects.get(code="tu-yen-03")
    by_tap = Person.objects.get(code="tu-yen-04")
    login("truong.tu-yen")
    page.goto("/awards/nominations/new/?award=LDTT&year=2024")

    search = page.get_by_role("combobox", name="Đối tượng đề nghị")
    hidden = page.locator("input[type=hidden][name=subject]")
    listbox = page.locator("#id_subject-options")

    # The keyboard: type a code, arrow down to the option, Enter picks it.
    search.press_sequentially("TU-YEN-03", delay=30)
    expect(listbox.get_by_role("option")).to_have_count(1)
    expect(search).to_have_attribute("aria-expanded", "true")
    search.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    expect(hidden).to_have_value(f"p:{by_keyboard.pk}")
    expect(search).to_have_value(f"{by_keyboard.full_name} – Xã Tứ Yên")
    expect(listbox).to_be_hidden()
    expect(page.locator("#verdict")).to_contain_text("điều kiện theo quy định")  # the live verdict (htmx)

    # Typing again forgets the choice; a name typed without diacritics is found, a tap picks it.
    search.fill("")
    search.press_sequentially(unaccent(by_tap.full_name), delay=20)
    expect(hidden).to_have_value("")
    expect(page.locator("#verdict")).to_contain_text("Chọn đối tượng")
    option = listbox.get_by_role("option", name=f"{by_tap.full_name} – Xã Tứ Yên")
    option.click()
    expect(hidden).to_have_value(f"p:{by_tap.pk}")
    expect(page.locator("#verdict")).to_contain_text("điều kiện theo quy định")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"search-select-{width}")

    # Escape closes the suggestions.
    search.fill("")
    search.press_sequentially("tu yen", delay=20)
    expect(listbox).to_be_visible()
    search.press("Escape")
    expect(listbox).to_be_hidden()
