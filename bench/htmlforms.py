"""The forms of an HTML page as a browser would send them: shared by the rush's Locust users
(bench/locust_rush.py) and its in-process CPU measure (bench/rush_cpu.py)."""

from __future__ import annotations

from html.parser import HTMLParser

FILLER = "Nội dung báo cáo trong đợt nộp dồn trước hạn (thử tải)."


class Forms(HTMLParser):
    """The page's forms: their method, action and fields with a value to send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (a.get("method") or "get").lower(),
                    "action": a.get("action") or "",
                    "fields": {},
                    "multipart": "multipart" in (a.get("enctype") or ""),
                }
            )
            return
        if not self.forms or not a.get("name"):
            return
        fields = self.forms[-1]["fields"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
                return
            value = a.get("value") or ""
            if not value and kind != "hidden":
                value = a.get("min") or "1" if kind == "number" else "1"
            fields[a["name"]] = value
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and self._select not in fields:
            fields[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            fields = self.forms[-1]["fields"]
            fields[self._textarea] = fields[self._textarea].strip() or FILLER
            self._textarea = None
        elif tag == "select":
            self._select = None


def review_form(html: str) -> dict | None:
    parser = Forms()
    parser.feed(html)
    candidates = [
        f for f in parser.forms if f["method"] == "post" and not f["multipart"] and "csrfmiddlewaretoken" in f["fields"]
    ]
    return max(candidates, key=lambda f: len(f["fields"]), default=None)
