"""Templates compare statuses with the apps' enums (exposed by their context processors), never
with string literals that would silently stop matching when a value changes."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
LITERAL = re.compile(r"""\bstatus\s*(==|!=|in)\s*["']""")


def test_templates_compare_statuses_with_enums_not_literals():
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:80]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if LITERAL.search(line)
    ]

    assert found == []


def test_no_page_asks_with_the_browsers_own_confirm():
    """One way to confirm (static/js/confirm.js and includes/confirm_modal.html): never confirm()."""
    static = TEMPLATES.parent / "static" / "js"
    native = re.compile(r"""(?<![\w-])confirm\s*\(|onclick\s*=\s*["'][^"']*confirm""")
    found = [
        str(path.relative_to(TEMPLATES.parent))
        for path in [*sorted(TEMPLATES.rglob("*.html")), *sorted(static.glob("*.js"))]
        if native.search(path.read_text())
    ]

    assert found == []
    assert 'include "includes/confirm_dialog.html"' in (TEMPLATES / "base.html").read_text()
