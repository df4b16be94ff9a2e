"""Lists sort by their column headers (issue 15, point 3): ``?sort=key`` / ``?sort=-key``.

For every list page, over the seeded demo: sorting by each declared key puts the rows in that
order both ways (empty values last), keeps the page's filter, and links the headers and the pages
with the filter and the sort; an unknown or malformed key gives the default order, never an error.
(The test databases compare text by code point, as Python does.)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from awards.enums import NominationStatus
from campaigns.enums import MovementStatus, PeriodStatus, RegistrationStatus, ReviewStatus
from council.enums import ObjectionStatus, ProposalStatus, SessionStatus
from songlo.sorting import ListSorts, Sorts


def _status(choices):
    values = list(choices.values)
    return lambda obj: values.index(obj.status)


@dataclass
class Listing:
    url: str  # "name" or ("name", kwargs-callable)
    user: str
    keys: dict[str, Any]  # key -> the value each row of the page is sorted by
    default: str
    filter: dict = field(default_factory=dict)
    kept: Any = None  # a row satisfies the filter
    kwargs: Any = None  # a function giving the URL's kwargs from the demo
    rows: Any = None  # the rows of the page from the context (default: page.object_list)
    unheaded: set = field(default_factory=set)  # keys with no column of their own (a default)


def _subject(n):
    if n.household_id:
        return n.household.head_name
    return n.person.full_name if n.person_id else n.subject_unit.name


def _first_movement():
    from campaigns.models import Movement

    return {"pk": Movement.objects.filter(registrations__isnull=False).order_by("pk").first().pk}


def _busy_period():
    from campaigns.models import ReviewPeriod

    period = max(ReviewPeriod.objects.all(), key=lambda p: p.reviews.exclude(status="not_started").count())
    return {"pk": period.pk}


LISTINGS = {
    "units": Listing(
        "organisation:unit_list",
        "vanphong",
        {
            "name": lambda u: u.name,
            "code": lambda u: u.code,
            "kind": lambda u: u.kind,
            "members": lambda u: u.member_count,
        },
        "name",
        {"q": "xã"},
        lambda u: "xã" in u.name.lower() or "xa" in u.code,
    ),
    "people": Listing(
        "awards:people",
        "vanphong",
        {
            "name": lambda p: p.full_name,
            "code": lambda p: p.code,
            "position": lambda p: p.position,
            "unit": lambda p: p.unit.name,
        },
        "name",
        {"q": "nguyễn"},
        lambda p: "nguyễn" in p.full_name.lower(),
    ),
    "nominations": Listing(
        "awards:nomination_list",
        "vanphong",
        {
            "subject": _subject,
            "award": lambda n: n.award_type.order,
            "year": lambda n: n.year,
            "unit": lambda n: n.unit.name,
            "movement": lambda n: n.movement.title if n.movement_id else None,
            "eligible": lambda n: n.eligible,
            "status": _status(NominationStatus),
        },
        "-year",
        {"status": NominationStatus.SUBMITTED},
        lambda n: n.status == NominationStatus.SUBMITTED,
    ),
    "eligibility": Listing(
        "awards:eligibility",
        "vanphong",
        {
            "subject": lambda r: r["verdict"].subject.name,
            "unit": lambda r: r["unit_name"],
            "award": lambda r: r["award_name"],
        },
        "",
        {"show": "all"},
        None,
        rows=lambda response: response.context["rows"],
    ),
    "sessions": Listing(
        "council:session_list",
        "vanphong",
        {
            "title": lambda s: s.title,
            "date": lambda s: s.date,
            "place": lambda s: s.place,
            "items": lambda s: s.n_items,
            "status": _status(SessionStatus),
        },
        "-date",
    ),
    "decisions": Listing(
        "council:decision_list",
        "vanphong",
        {
            "number": lambda d: d.number,
            "date": lambda d: d.date,
            "summary": lambda d: d.summary,
            "signer": lambda d: d.signer_name,
            "entries": lambda d: d.n_entries,
        },
        "-date",
    ),
    "proposals": Listing(
        "council:proposal_list",
        "vanphong",
        {
            "created": lambda p: p.created_at,
            "subject": lambda p: _subject(p.nomination),
            "award": lambda p: p.nomination.award_type.order,
            "source": lambda p: p.from_body.name,
            "authority": lambda p: p.authority,
            "status": _status(ProposalStatus),
        },
        "-created",
        unheaded={"created"},
    ),
    "objections": Listing(
        "council:objection_list",
        "vanphong",
        {"subject": lambda o: _subject(o.nomination), "sender": lambda o: o.name, "status": _status(ObjectionStatus)},
        "status",
    ),
    "movements": Listing(
        "campaigns:movement_list",
        "vanphong",
        {
            "title": lambda m: m.title,
            "kind": lambda m: m.kind,
            "time": lambda m: m.starts_on,
            "stage": lambda m: m.stage.name if m.stage_id else None,
            "participants": lambda m: m.participant_count,
            "status": _status(MovementStatus),
        },
        "-time",
        {"status": MovementStatus.LAUNCHED},
        lambda m: m.status == MovementStatus.LAUNCHED,
    ),
    "registrations": Listing(
        "campaigns:registration_status",
        "vanphong",
        {
            "unit": lambda r: r.unit.name,
            "status": _status(RegistrationStatus),
            "title": lambda r: r.collective_title,
            "ldtt": lambda r: r.ldtt_count,
            "cstdcs": lambda r: r.cstdcs_count,
            "registered": lambda r: r.registered_at,
        },
        "unit",
        kwargs=_first_movement,
    ),
    "periods": Listing(
        "campaigns:period_list",
        "vanphong",
        {
            "name": lambda p: p.name,
            "movement": lambda p: p.movement.title,
            "deadline": lambda p: p.deadline,
            "done": lambda p: p.done_count,
            "status": _status(PeriodStatus),
        },
        "-deadline",
    ),
    "dashboard": Listing(
        "campaigns:period_detail",
        "vanphong",
        {
            "unit": lambda r: r.unit.name,
            "status": _status(ReviewStatus),
            "deadline": lambda r: r.effective_deadline,
            "submitted": lambda r: r.submitted_at,
            "self_score": lambda r: r.self_total,
            "office_score": lambda r: r.office_total,
        },
        "unit",
        {"kind": "commune"},
        lambda r: r.unit.kind == "commune",
        kwargs=_busy_period,
    ),
    "reviews": Listing(
        "campaigns:review_list",
        "vanphong",
        {
            "period": lambda r: r.period.name,
            "unit": lambda r: r.unit.name,
            "deadline": lambda r: r.effective_deadline,
            "status": _status(ReviewStatus),
        },
        "-deadline",
        {"status": ReviewStatus.SUBMITTED},
        lambda r: r.status == ReviewStatus.SUBMITTED,
    ),
    "blocks": Listing(
        "campaigns:block_list",
        "vanphong",
        {"name": lambda b: b.name, "kind": lambda b: b.kind, "members": lambda b: b.member_count},
        "name",
    ),
    "golden_book": Listing(
        "council:golden_book",
        "vanphong",
        {
            "ordinal": lambda e: e.ordinal,
            "subject": lambda e: _subject(e.nomination),
            "unit": lambda e: e.nomination.unit.name,
            "award": lambda e: e.nomination.award_type.order,
            "decision": lambda e: e.decision.date,
        },
        "ordinal",
    ),
    "imports": Listing(
        "awards:import_history",
        "vanphong",
        {"at": lambda e: e.at, "actor": lambda e: e.actor.full_name if e.actor_id else None},
        "-at",
    ),
}


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _url(listing: Listing) -> str:
    return reverse(listing.url, kwargs=listing.kwargs() if listing.kwargs else None)


def _rows(listing: Listing, response) -> list:
    return list(listing.rows(response) if listing.rows else response.context["page"].object_list)


def _ident(row):
    if isinstance(row, dict):  # an eligibility row
        return (row["verdict"].subject.kind, row["verdict"].subject.pk, row["verdict"].award)
    return row.pk


def _is_sorted(values: list, descending: bool) -> bool:
    present = [v for v in values if v is not None]
    # Empty values come last, in both directions.
    if values[: len(present)] != present:
        return False
    if present and isinstance(present[0], datetime.datetime):
        present = [v.timestamp() for v in present]
    return present == sorted(present, reverse=descending)


def _hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a class="sort-link" href="([^"]*)"', html)]


def _ensure_rows(name: str) -> None:
    """A list the demo leaves (nearly) empty gets a few rows of its own, rolled back after."""
    User = get_user_model()
    office = User.objects.get(username="vanphong")
    if name == "imports":
        from accounts.models import AuditEvent
        from accounts.services import audit_record
        from awards.importer import IMPORT_ACTION
        from council.selectors import office_bodies

        root = office_bodies(office).get()
        for i, actor in enumerate([office, User.objects.get(username="admin"), None] * 2):
            audit_record(actor=actor, action=IMPORT_ACTION, target=root, summary=[], counts={}, scope_root=root.path)
            AuditEvent.objects.filter(pk=AuditEvent.objects.latest("pk").pk).update(
                at=datetime.datetime(2025, 1, 1 + i, tzinfo=datetime.UTC)
            )
    elif name == "decisions":
        from council.models import Decision

        decision = Decision.objects.order_by("pk").first()
        for i, (signer, summary) in enumerate(
            [("Trần Văn Bình", "Khen thưởng năm 2024"), ("Lê Thị An", "Tặng giấy khen")]
        ):
            decision.pk = None
            decision.number, decision.signer_name, decision.summary = f"9{i}/QĐ-UBND", signer, summary
            decision.date = datetime.date(2025, 3, 1 + i)
            decision.save()
    elif name == "objections":
        from council.models import Objection

        objection = Objection.objects.order_by("pk").first()
        for sender, status in [("Bùi Văn Cường", "resolved"), ("Âu Thị Dung", "open"), ("Đỗ Văn Em", "resolved")]:
            objection.pk = None
            objection.name, objection.status = sender, status
            objection.save()
    elif name == "proposals":
        from awards.models import Nomination
        from council.models import HigherProposal
        from council.selectors import office_bodies

        body = office_bodies(office).get()
        nominations = Nomination.objects.filter(higher_proposal__isnull=True)
        statuses = list(ProposalStatus.values)
        for i, nomination in enumerate(nominations.order_by("pk")[:4]):
            HigherProposal.objects.create(
                nomination=nomination,
                from_body=body,
                authority=["province", "ministry", "province", "state"][i],
                status=statuses[i % len(statuses)],
            )


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_demo_lists_sort_by_each_header_both_ways(demo, name):
    listing = LISTINGS[name]
    _ensure_rows(name)
    client = _client(listing.user)
    url = _url(listing)
    default = client.get(url)
    assert default.status_code == 200
    rows = _rows(listing, default)
    assert len(rows) >= 2, f"{name}: the demo shows too few rows to check an order"
    html = default.content.decode()
    # Every declared key has its header link; the default order is marked on its header.
    assert {parse_qs(urlsplit(h).query)["sort"][0].lstrip("-") for h in _hrefs(html)} == set(
        listing.keys
    ) - listing.unheaded
    if listing.default and listing.default.lstrip("-") not in listing.unheaded:
        assert html.count("aria-sort=") == 1
    for key, value in listing.keys.items():
        for descending in (False, True):
            response = client.get(url, {"sort": f"-{key}" if descending else key})
            assert response.status_code == 200
            values = [value(row) for row in _rows(listing, response)]
            assert _is_sorted(values, descending), f"{name} sorted by {'-' if descending else ''}{key}: {values}"
            body = response.content.decode()
            assert key in listing.unheaded or f'aria-sort="{"descending" if descending else "ascending"}"' in body
    # The default is one of the keys, in its direction.
    if listing.default:
        key = listing.default.lstrip("-")
        values = [listing.keys[key](row) for row in rows]
        assert _is_sorted(values, listing.default.startswith("-"))


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_demo_sorting_costs_no_query(demo, name):
    """Any order is the same queries as the default one: joins, never a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    listing = LISTINGS[name]
    _ensure_rows(name)
    client = _client(listing.user)
    url = _url(listing)
    client.get(url)  # the session and caches warmed
    with CaptureQueriesContext(connection) as default:
        client.get(url)
    for key in listing.keys:
        with CaptureQueriesContext(connection) as sorted_by:
            client.get(url, {"sort": f"-{key}"})
        assert len(sorted_by.captured_queries) == len(default.captured_queries), (name, key)


@pytest.mark.parametrize("name", sorted(LISTINGS))
def test_demo_lists_ignore_an_unknown_sort(demo, name):
    listing = LISTINGS[name]
    _ensure_rows(name)
    client = _client(listing.user)
    url = _url(listing)
    expected = [_ident(r) for r in _rows(listing, client.get(url))]
    for junk in ("zzz", "-", "--name", "name;drop table", "pk", "unit__path", "password", ""):
        response = client.get(url, {"sort": junk})
        assert response.status_code == 200, junk
        assert [_ident(r) for r in _rows(listing, response)] == expected, junk


@pytest.mark.parametrize("name", sorted(n for n, listing in LISTINGS.items() if listing.filter))
def test_demo_sorting_keeps_the_filter(demo, name):
    listing = LISTINGS[name]
    client = _client(listing.user)
    url = _url(listing)
    for key in listing.keys:
        response = client.get(url, {**listing.filter, "sort": f"-{key}"})
        assert response.status_code == 200
        rows = _rows(listing, response)
        assert rows, f"{name}: the filter {listing.filter} leaves nothing to check"
        if listing.kept:
            assert all(listing.kept(row) for row in rows), (name, key)
        # Filtering again keeps the chosen order.
        assert f'<input type="hidden" name="sort" value="-{key}">' in response.content.decode()
        # Each header links back with the filter (and to the first page).
        for href in _hrefs(response.content.decode()):
            query = parse_qs(urlsplit(href).query)
            for param, value in listing.filter.items():
                assert query[param] == [value], href
            assert "page" not in query


@pytest.mark.parametrize("name", ["dashboard", "registrations"])
def test_demo_status_tabs_keep_a_chosen_sort(demo, name):
    listing = LISTINGS[name]
    client = _client(listing.user)
    url = _url(listing)
    assert "sort=" not in " ".join(re.findall(r'href="(\?status=[^"]*)"', client.get(url).content.decode()))
    tabs = re.findall(r'href="(\?status=[^"]*)"', client.get(url, {"sort": "-status"}).content.decode())
    assert tabs and all(parse_qs(urlsplit(unescape(t)).query)["sort"] == ["-status"] for t in tabs)
    # Filtering with no order chosen adds none.
    assert 'name="sort"' not in client.get(url).content.decode()


def test_demo_pages_keep_the_sort_and_the_search(demo):
    client = _client("vanphong")
    url = reverse("awards:people")
    response = client.get(url, {"sort": "-name", "page": "1"})
    first = [p.pk for p in response.context["page"].object_list]
    assert response.context["page"].has_next(), "the demo has more than one page of people"
    next_link = unescape(re.search(r'href="(\?[^"]*page=2[^"]*)"', response.content.decode()).group(1))
    assert parse_qs(urlsplit(next_link).query) == {"sort": ["-name"], "page": ["2"]}
    second = list(client.get(url + next_link).context["page"].object_list)
    last_of_first = response.context["page"].object_list[len(first) - 1].full_name
    assert second and all(p.full_name <= last_of_first for p in second)
    assert not set(first) & {p.pk for p in second}


def test_unit_list_tree_order_indents_under_the_parent(demo):
    response = _client("vanphong").get(reverse("organisation:unit_list"), {"sort": "tree"})
    units = list(response.context["page"].object_list)
    assert [u.path for u in units] == sorted(u.path for u in units)
    assert 'class="tree-indent"' in response.content.decode()
    assert 'class="tree-indent"' not in _client("vanphong").get(reverse("organisation:unit_list")).content.decode()


# --- The kernel, without the database --------------------------------------------------------------


def test_sort_state_reads_the_key_and_direction_and_ignores_anything_else():
    sorts = Sorts("-date", date="date", name=("name", "code"))
    factory = RequestFactory()
    assert sorts.state(factory.get("/", {"sort": "name"})).value == "name"
    assert sorts.state(factory.get("/", {"sort": "-name"})).value == "-name"
    for junk in ("", "-", "--name", "code", "name ", "NAME", "date,name"):
        state = sorts.state(factory.get("/", {"sort": junk}))
        assert state.value in {"-date", "name"}, junk
        assert state.value == ("name" if junk == "name " else "-date"), junk
    state = sorts.state(factory.get("/", {"sort": ["name", "-date"], "q": "x", "page": "3"}))
    assert state.value == "-date"  # the last value wins, as QueryDict.get does
    assert dict(state.params) == {"q": ["x"]}  # the page is dropped: a new order starts at page 1


def test_header_links_toggle_the_direction_and_keep_other_parameters():
    sorts = Sorts("name", name="name", date="date")
    state = sorts.state(RequestFactory().get("/", {"q": "Ngô", "status": "open", "page": "2"}))
    assert parse_qs(urlsplit(state.href("name")).query) == {"q": ["Ngô"], "status": ["open"], "sort": ["-name"]}
    assert parse_qs(urlsplit(state.href("date")).query) == {"q": ["Ngô"], "status": ["open"], "sort": ["date"]}
    assert (state.aria("name"), state.aria("date")) == ("ascending", "")
    descending = sorts.state(RequestFactory().get("/", {"sort": "-name"}))
    assert parse_qs(urlsplit(descending.href("name")).query) == {"sort": ["name"]}
    assert descending.aria("name") == "descending"


def test_a_default_that_is_not_a_key_is_refused():
    with pytest.raises(ValueError):
        Sorts("title", name="name")


def test_python_lists_keep_their_order_unless_asked():
    items = [{"n": "b", "k": 1}, {"n": "a", "k": 2}, {"n": "b", "k": 0}]
    sorts = ListSorts(name=lambda i: i["n"])
    factory = RequestFactory()
    assert sorts.apply(factory.get("/"), items)[0] == items
    assert sorts.apply(factory.get("/", {"sort": "zzz"}), items)[0] == items
    assert [i["k"] for i in sorts.apply(factory.get("/", {"sort": "name"}), items)[0]] == [2, 1, 0]
    assert [i["k"] for i in sorts.apply(factory.get("/", {"sort": "-name"}), items)[0]] == [1, 0, 2]


def test_the_tags_render_plainly_on_a_page_without_a_sort():
    """An include shared by a page with no sort (the fund page's filter) renders no sort at all."""
    from django.template import Context, Template

    request = RequestFactory().get("/", {"sort": "name"})
    html = Template(
        '{% load sorting %}{% sort_th sort "name" "Tên" %}|{% sort_input sort %}|{% sort_param sort %}'
    ).render(Context({"request": request}))
    assert html == '<th scope="col">Tên</th>||'
