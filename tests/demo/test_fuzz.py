"""Bad input never gives a 5xx (docs/security.md, "Bad input").

Every URL pattern of the site (read from the resolver, so a new page is crawled without being
listed here; only the Django admin is left out) is requested by every demo role: first plainly,
then with fuzzed query strings (the parameters of the page's GET forms, those the views read, and
junk keys), with fuzzed path parameters (huge numbers, long and odd strings), and with fuzzed
POSTs (the fields of every form of the page that posts to it, and of the page's own forms). The
values: out-of-range and negative numbers, wrong types, very long strings, NUL bytes, impossible
dates, lists where one value is expected. Nothing may answer 500 or more.

Path parameters are filled from real demo objects by SAMPLES: a new URL with parameters fails
``test_demo_fuzz_every_url_has_a_sample`` until it has one.

The crawl (marked ``crawl``, some 20,000 requests) runs in the PostgreSQL pass of ``make test``,
the database production runs on, and not again on SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# --- The URL patterns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    parts: tuple  # the route, split into literal text and ("param", converter) pairs
    params: tuple[str, ...]
    defaults: tuple = ()

    def path(self, values: dict) -> str:
        return "/" + "".join(str(values[p[1]]) if isinstance(p, tuple) else p for p in self.parts)


_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _split(route: str) -> list:
    parts: list = []
    last = 0
    for match in _PARAM.finditer(route):
        parts.append(route[last : match.start()])
        parts.append((match.group("converter") or "str", match.group("name")))
        last = match.end()
    parts.append(route[last:])
    return [p for p in parts if p != ""]


def _walk(patterns, prefix: list, namespace: str) -> list[Route]:
    routes = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or route.startswith("admin/"):
                continue  # the Django admin: the library's own pages
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            routes += _walk(pattern.url_patterns, [*prefix, *_split(route)], inner)
        elif isinstance(pattern, URLPattern):
            parts = [*prefix, *_split(route)]
            params = tuple(p[1] for p in parts if isinstance(p, tuple))
            name = f"{namespace}{pattern.name}" if pattern.name else route
            routes.append(Route(name, tuple(parts), params, tuple(sorted(pattern.default_args))))
    return routes


ROUTES = {route.name: route for route in _walk(get_resolver().url_patterns, [], "")}


# --- Path parameters from the demo ------------------------------------------------------------


def _first(model_path: str, **filters):
    from django.apps import apps

    app_label, model_name = model_path.split(".")
    return apps.get_model(app_label, model_name).objects.filter(**filters).order_by("pk").first()


def _pk(obj) -> int:
    return obj.pk if obj is not None else 999_999


def _samples(head_unit) -> dict[str, dict]:
    from accounts.models import AuditEvent
    from awards.importer import IMPORT_ACTION
    from awards.models import DossierFile, ImportJob, Nomination, Person, Submission, TitleRegistration
    from campaigns.models import BlockTerm, Evidence, Movement, Notification, Registration, Review, ReviewPeriod, Stage
    from council.models import (
        AgendaItem,
        CouncilSession,
        Decision,
        DecisionEntry,
        HigherProposal,
        Objection,
        ProposalBundle,
    )
    from council.selectors import public_notice

    review = Review.objects.filter(unit=head_unit).order_by("-pk").first() or Review.objects.first()
    nomination = Nomination.objects.filter(unit=head_unit).order_by("pk").first() or Nomination.objects.first()
    period = review.period if review else ReviewPeriod.objects.first()
    movement = Movement.objects.order_by("pk").first()
    registration = Registration.objects.filter(unit=head_unit).first() or Registration.objects.first()
    term = BlockTerm.objects.select_related("block").order_by("-year").first()
    session = CouncilSession.objects.order_by("-pk").first()
    item = AgendaItem.objects.filter(session=session).first()
    closed = CouncilSession.objects.filter(status="closed").first() or session
    listed = AgendaItem.objects.filter(nomination__isnull=True).select_related("session").first() or item
    line = AgendaItem.objects.filter(parent__isnull=False).select_related("session").first() or item
    decision = Decision.objects.order_by("pk").first()
    entry = DecisionEntry.objects.filter(decision=decision).first()
    file = DossierFile.objects.filter(nomination=nomination).first()
    job = ImportJob.objects.order_by("pk").first()
    import_event = AuditEvent.objects.filter(action=IMPORT_ACTION).order_by("pk").first()
    notice = next(iter(public_notice()), None)
    noticed = getattr(notice, "nomination", notice)
    bundle = ProposalBundle.objects.order_by("pk").first()
    title_registration = (
        TitleRegistration.objects.filter(unit=head_unit).order_by("pk").first()
        or TitleRegistration.objects.order_by("pk").first()
    )
    submission = Submission.objects.filter(unit=head_unit).order_by("pk").first() or Submission.objects.first()
    return {
        "choose": {"name": "nomination-subject"},
        "organisation:unit_detail": {"code": head_unit.code},
        "organisation:document_docx": {"kind": "unit_submission", "pk": _pk(nomination)},
        "organisation:document_pdf": {"kind": "unit_submission", "pk": _pk(nomination)},
        "organisation:document_job": {"job_pk": 1},
        "organisation:document_job_file": {"job_pk": 1},
        "campaigns:movement_detail": {"pk": _pk(movement)},
        "campaigns:movement_edit": {"pk": _pk(movement)},
        "campaigns:movement_participants": {"pk": _pk(movement)},
        "campaigns:movement_close": {"pk": _pk(movement)},
        "campaigns:movement_plan": {"pk": _pk(movement)},
        "campaigns:registration_status": {"pk": _pk(movement)},
        "campaigns:period_create": {"pk": _pk(movement)},
        "campaigns:stage_detail": {"pk": _pk(Stage.objects.first())},
        "campaigns:stage_close": {"pk": _pk(Stage.objects.first())},
        "campaigns:registration_edit": {"pk": _pk(registration)},
        "campaigns:registration_reopen": {"pk": _pk(registration)},
        "campaigns:period_detail": {"pk": _pk(period)},
        "campaigns:period_edit": {"pk": _pk(period)},
        "campaigns:period_open": {"pk": _pk(period)},
        "campaigns:period_close": {"pk": _pk(period)},
        "campaigns:period_export": {"pk": _pk(period)},
        "campaigns:period_accept_many": {"pk": _pk(period)},
        "campaigns:period_remind_late": {"pk": _pk(period)},
        **{
            f"campaigns:review_{action}": {"pk": _pk(review)}
            for action in ("detail", "edit", "return", "accept", "extend")
        },
        "campaigns:evidence_upload": {"pk": _pk(review)},
        "campaigns:evidence_download": {"pk": _pk(Evidence.objects.first())},
        "campaigns:evidence_delete": {"pk": _pk(Evidence.objects.first())},
        **{
            f"campaigns:block_{page}": {"code": term.block.code, "year": term.year}
            for page in ("year", "criteria", "score", "vote")
        },
        "campaigns:notification_read": {"pk": _pk(Notification.objects.first())},
        "awards:person_detail": {
            "code": (Person.objects.filter(unit=head_unit).first() or Person.objects.first()).code
        },
        "awards:unit_history": {"code": head_unit.code},
        **{
            f"awards:nomination_{action}": {"pk": _pk(nomination)}
            for action in ("detail", "edit", "upload", "submit", "screen", "return")
        },
        "awards:nomination_file": {"pk": _pk(nomination), "file_id": _pk(file)},
        "awards:title_registration_remove": {"pk": _pk(title_registration)},
        "awards:title_registration_reregister": {"pk": _pk(title_registration)},
        **{
            f"awards:submission_{action}": {"pk": _pk(submission)}
            for action in (
                "detail",
                "edit",
                "add_line",
                "add_registered",
                "add_rated",
                "remove_lines",
                "submit",
                "screen",
                "return",
                "import",
                "import_review",
            )
        },
        **{f"awards:import_{page}": {"pk": _pk(job)} for page in ("job", "confirm", "cancel")},
        "awards:import_history_detail": {"pk": _pk(import_event)},
        "awards:nomination_remove_file": {"pk": _pk(nomination), "file_id": _pk(file)},
        **{f"council:session_{action}": {"pk": _pk(session)} for action in ("detail", "open", "close")},
        "council:ballot_cast_all": {"pk": _pk(session)},
        "council:list_detail": {"pk": _pk(listed and listed.session), "item_pk": _pk(listed)},
        "council:line_pull_out": {"pk": _pk(line and line.session), "item_pk": _pk(line)},
        **{
            f"council:ballot_{kind}": {"pk": _pk(session), "item_pk": _pk(item)}
            for kind in ("cast", "written", "paper")
        },
        "council:minutes_docx": {"pk": _pk(closed)},
        "council:minutes_pdf": {"pk": _pk(closed)},
        "council:decision_create": {"pk": _pk(closed)},
        "council:decision_detail": {"pk": _pk(decision)},
        "council:decision_docx": {"pk": _pk(decision)},
        "council:payout_xlsx": {"pk": _pk(decision)},
        "council:decision_pdf": {"pk": _pk(decision)},
        "council:pdf_job": {"job_pk": 1},
        "council:pdf_job_file": {"job_pk": 1},
        "council:certificate_batch_start": {"pk": _pk(decision)},
        "council:certificate_batch": {"pk": _pk(decision), "batch_pk": 1},
        "council:certificate_batch_file": {"pk": _pk(decision), "batch_pk": 1},
        "council:payout_pdf": {"pk": _pk(decision)},
        "council:reward_recovered": {"entry_pk": _pk(entry)},
        "council:certificate": {"pk": _pk(decision), "entry_pk": _pk(entry)},
        "council:entry_revoke": {"pk": _pk(decision), "entry_pk": _pk(entry)},
        "council:proposal_outcome": {"pk": _pk(HigherProposal.objects.first())},
        **{
            f"council:bundle_{page}": {"pk": _pk(bundle)}
            for page in ("detail", "send", "received", "docx", "xlsx", "zip", "import")
        },
        "council:bundle_line_return": {"pk": _pk(bundle), "line_pk": _pk(bundle.lines.first() if bundle else None)},
        "council:objection_resolve": {"pk": _pk(Objection.objects.first())},
        "public:objection": {"pk": _pk(noticed)},
        "public:verify": {"token": entry.token if entry else "khong-co"},
        **{f"reports:{name}": {"form": "0603.N"} for name in ("form", "cell", "form_xlsx", "form_docx")},
    }


# --- Fuzz values -------------------------------------------------------------------------------

FUZZ = [
    "",
    "-5",
    "0",
    "99999",
    "99999999999999999999999",
    "-99999999999999999999999",
    "1e309",
    "NaN",
    "1.5",
    "abc",
    "x" * 5000,
    "\x00",
    "a\x00b",
    "2024-13-45",
    "31/02/2024",
    "0000-00-00",
    "p:99999999999999999999",
    "u:abc",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "'; DROP TABLE x; --",
    "ⓐ𝔟\u202e\ufeff",
]
# Parameters the views read from request.GET, beside those of the pages' GET forms.
QUERY_KEYS = [
    "page",
    "year",
    "award",
    "show",
    "unit",
    "status",
    "block",
    "q",
    "export",
    "subject",
    "next",
    "kind",
    "movement",
    "level",
    "sort",
    "zzz",
]
PATH_FUZZ = {
    "int": ["0", "99999999999999999999999"],
    "slug": ["x" * 300, "khong-co"],
    "str": ["x" * 300, "%00", "%E2%80%AE", "..", "khong co"],
    "path": ["x" * 300, "%00"],
}


# What a person would type in an empty field of each kind (the base that one fuzzed field varies).
PLAUSIBLE = {
    "date": "2025-12-01",
    "datetime-local": "2025-12-01T08:00",
    "number": "1",
    "email": "thu@example.org",
    "tel": "0912345678",
    "text": "Thử nghiệm",
    "textarea": "Nội dung thử nghiệm đủ dài để gửi đi.",
}

# --- Reading the forms of a page ----------------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)

    def plausible(self) -> dict[str, str]:
        """A value for each field that a person might have entered: the page's own, else one by type."""
        data = {}
        for name, values in self.fields.items():
            given = [v for v in values if v]
            data[name] = given[0] if given else PLAUSIBLE.get(self.types.get(name, "text"), "Thử nghiệm")
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                Form(
                    (a.get("method") or "get").lower(),
                    a.get("action") or "",
                    (a.get("enctype") or "") == "multipart/form-data",
                )
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                form.files.add(name)
            else:
                form.fields.setdefault(name, []).append(a.get("value") or "")
                form.types.setdefault(name, kind)
        elif tag in {"textarea", "button"} and name:
            form.fields.setdefault(name, []).append(a.get("value") or "")
            form.types.setdefault(name, tag)
        elif tag == "select" and name:
            self._select = name
            form.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            form.fields[self._select].append(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


# --- The crawl ----------------------------------------------------------------------------------


class _KeysRead:
    """Which query parameters a view reads: QueryDict lookups are recorded while it runs."""

    def __init__(self, monkeypatch):
        from django.http import QueryDict

        self.keys: set[str] = set()
        for method in ("get", "__getitem__", "getlist", "__contains__"):
            original = getattr(QueryDict, method)
            monkeypatch.setattr(QueryDict, method, self._recording(original))

    def _recording(self, original):
        def lookup(querydict, key, *args, **kwargs):
            if isinstance(key, str):
                self.keys.add(key)
            return original(querydict, key, *args, **kwargs)

        return lookup

    def take(self) -> set[str]:
        keys, self.keys = self.keys, set()
        return keys


def _head_unit():
    from awards.models import Nomination

    return Nomination.objects.filter(status="draft").select_related("unit").order_by("pk").first().unit


def _clients(head_unit) -> dict[str, Client]:
    User = get_user_model()
    users = {
        "admin": "admin",
        "office": "vanphong",
        "chair": "chutich",
        "member": "hoidong1",
        "head": f"truong.{head_unit.code}",
    }
    clients = {"anonymous": Client()}
    for role, username in users.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[role] = client
    return clients


def _where(error: BaseException) -> str:
    """The last line of Songlo's code in the traceback."""
    import traceback

    ours = [
        f"{frame.filename.split('/wt-')[-1]}:{frame.lineno}"
        for frame in traceback.extract_tb(error.__traceback__)
        if "site-packages" not in frame.filename and "/tests/" not in frame.filename
    ]
    return ours[-1] if ours else "?"


@dataclass
class Crawl:
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def check(self, role: str, method: str, url: str, response, data=None) -> None:
        self.requests += 1
        if response.status_code >= 500:
            shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in (data or {}).items()}
            self.failures.append(f"{role} {method} {url[:200]} {shown} -> {response.status_code}")

    def get(self, role, client, url, params=None):
        query = ("?" + urlencode(params, doseq=True)) if params else ""
        try:
            response = client.get(url + query)
        except Exception as error:  # the test client re-raises a view's exception (a 500)
            self.failures.append(f"{role} GET {url[:120]}{query[:200]} -> {error!r:.200} at {_where(error)}")
            return None
        self.check(role, "GET", url + query, response)
        return response

    def post(self, role, client, url, data):
        try:
            response = client.post(url, data)
        except Exception as error:
            shown = {k: (v[:25] if isinstance(v, str) else v) for k, v in data.items()}
            where = _where(error)
            self.failures.append(f"{role} POST {url[:120]} -> {error!r:.200} at {where} | {shown}"[:900])
            return None
        self.check(role, "POST", url, response, data)
        return response


def _post_targets(route: Route, url: str, page_forms: list[Form]) -> list[Form]:
    """The forms that post to ``url``, or one with junk fields when no page shows one."""
    targets = []
    for form in page_forms:
        if form.method != "post":
            continue
        action = urlsplit(form.action).path or url
        if action == url:
            targets.append(form)
    return targets or [Form("post", url, False, {"zzz": [""]})]


def _fuzz_posts(form: Form) -> list[dict]:
    names = [n for n in form.fields if n != "csrfmiddlewaretoken"]
    posts = []
    for value in FUZZ:
        data: dict = dict.fromkeys(names, value)
        for name in form.files:
            data[name] = SimpleUploadedFile("a\x00b.pdf" if value == "a\x00b" else "x.pdf", value.encode()[:1000])
        posts.append(data)

    # A plausible submission (a small real PDF in file fields), then the same with one field fuzzed.
    def base() -> dict:
        data: dict = {name: value for name, value in form.plausible().items() if name != "csrfmiddlewaretoken"}
        for name in form.files:
            data[name] = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n")
        return data

    posts.append(base())
    shapes = set()
    for name in names:
        shape = re.sub(r"-\d+-", "-N-", name)  # a formset's rows are alike: fuzz the first of each
        if shape in shapes:
            continue
        shapes.add(shape)
        for value in ("99999999999999999999999", "99999", "-1", "x" * 5000, "2024-13-45"):
            posts.append({**base(), name: value})
    # A list where one value is expected.
    posts.append({name: ["1", "2"] for name in names})
    return posts


# Fewer values where many requests are made: one by one for each parameter, by the other roles.
KEY_FUZZ = ["", "-5", "0", "99999", "99999999999999999999999", "1e309", "abc", "x" * 5000, "a\x00b", "2024-13-45"]
SHORT_FUZZ = ["-5", "99999999999999999999999", "a\x00b", "x" * 5000, "2024-13-45"]
PRIMARY_ROLES = ["office", "admin", "head", "chair", "member", "anonymous"]


def crawl(route: Route, samples: dict, clients: dict[str, Client], keys_read: _KeysRead) -> Crawl:
    """Plain GET by every role; then the fuzzing: query parameters one by one (by the first role
    that may see the page) and all at once (by every role), the page's forms field by field, junk
    POSTs and out-of-range path parameters by every role."""
    result = Crawl()
    values = samples.get(route.name, {})
    url = route.path(values)
    seen: dict[str, tuple[int, set[str], list[Form]]] = {}
    for role, client in clients.items():
        keys_read.take()
        plain = result.get(role, client, url)
        if plain is None:
            continue
        is_html = plain.get("Content-Type", "").startswith("text/html")
        page_forms = forms_of(plain.content.decode(errors="replace")) if is_html else []
        keys = {key for key in keys_read.take() if key != "csrfmiddlewaretoken"} | {"zzz"}
        for form in page_forms:
            if form.method == "get":
                keys |= set(form.fields)
        seen[role] = (plain.status_code, keys, page_forms)

    allowed = [role for role in PRIMARY_ROLES if role in seen and seen[role][0] < 300]
    primary = allowed[0] if allowed else None
    for role, (_status, keys, _forms) in seen.items():
        client = clients[role]
        for value in FUZZ if role == primary else SHORT_FUZZ:
            result.get(role, client, url, dict.fromkeys(keys | set(QUERY_KEYS), value))
        if role == primary:
            for key in sorted(keys):
                for value in KEY_FUZZ:
                    result.get(role, client, url, {key: value})
                result.get(role, client, url, {key: ["1", "x"]})

    posted: set[tuple] = set()
    for role, (_status, _keys, page_forms) in seen.items():
        for form in _post_targets(route, url, page_forms):
            signature = (tuple(sorted(form.fields)), tuple(sorted(form.files)))
            if form.fields.keys() == {"zzz"} or signature not in posted:
                posted.add(signature)
                for data in _fuzz_posts(form) if form.fields.keys() != {"zzz"} else _junk_posts():
                    result.post(role, clients[role], url, data)

    params = [p for p in route.parts if isinstance(p, tuple)]
    for role, client in clients.items():
        for converter, name in params:
            for bad in PATH_FUZZ.get(converter, PATH_FUZZ["str"]):
                bad_url = route.path({**values, name: bad})
                try:
                    resolve(urlsplit(bad_url).path)
                except Resolver404:
                    continue
                result.get(role, client, bad_url)
                if role in {primary, "anonymous"}:
                    result.post(role, client, bad_url, {"zzz": "1"})
    return result


def _junk_posts() -> list[dict]:
    return [{"zzz": value, "pk": value, "next": value} for value in SHORT_FUZZ]


# --- The tests ------------------------------------------------------------------------------------

SKIPPED = {"logout"}  # logging out ends the session the crawl goes on with (its own test below)


def test_demo_fuzz_every_url_has_a_sample(demo):
    samples = _samples(_head_unit())

    missing = sorted(name for name, route in ROUTES.items() if route.params and name not in samples)
    stale = sorted(set(samples) - set(ROUTES))

    assert missing == [], "add these URLs to SAMPLES"
    assert stale == []


@pytest.mark.crawl
@pytest.mark.parametrize("name", sorted(set(ROUTES) - SKIPPED))
def test_demo_fuzz_no_5xx(demo, name, monkeypatch):
    head_unit = _head_unit()
    result = crawl(ROUTES[name], _samples(head_unit), _clients(head_unit), _KeysRead(monkeypatch))

    assert result.failures == [], "\n".join(result.failures[:40])
    assert result.requests > 0


@pytest.mark.crawl
def test_demo_fuzz_logout_with_junk_is_no_5xx(demo):
    head_unit = _head_unit()
    result = Crawl()
    for role, client in _clients(head_unit).items():
        for value in FUZZ:
            result.post(role, client, "/logout/", {"next": value, "zzz": value})

    assert result.failures == []
