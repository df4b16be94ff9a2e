"""Council pages: the permission matrix over every view, documents, the public pages."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import services
from council.models import CouncilSession, Decision, DecisionEntry, Objection
from tests.council.helpers import BEFORE, council, item_of, notice_over, opened, screened, vote_all

pytestmark = pytest.mark.django_db
ACTORS = ("anonymous", "unit_head", "stranger", "office", "council_member", "chair", "admin")


@dataclass
class World:
    session: CouncilSession
    open_session: CouncilSession
    decision: Decision
    entry: DecisionEntry
    noticed: object
    objection: Objection


@pytest.fixture
def world(district, office, chair, council_member, actors):
    cache.clear()
    members = council(district.district, chair, 3)
    decided, noticed = screened(district.commune, "LDTT"), screened(district.commune, "LDTT")
    # An earlier session whose list has been public long enough and is decided ...
    earlier = opened(office, chair, district.district, [decided], members)
    vote_all(item_of(earlier, decided), members, 3)
    earlier = notice_over(services.session_close(actor=chair, session=earlier))
    # ... and the session that closed today: its approved list is on public notice.
    session = opened(office, chair, district.district, [noticed], members)
    vote_all(item_of(session, noticed), members, 3)
    session = services.session_close(actor=chair, session=session)
    decision = services.decision_issue(
        actor=office,
        body=district.district,
        session=earlier,
        number="125/QĐ-UBND",
        date=datetime.date(2025, 3, 20),
        signer_name="Nguyễn Văn Chủ",
        signer_title="Chủ tịch",
        summary="Về việc tặng danh hiệu Lao động tiên tiến năm 2024",
        nominations=[decided],
    )
    objection = services.objection_submit(
        nomination=noticed, name="Trần Văn Dân", contact="dan@example.org", text="Nội dung phản ánh đủ dài để gửi."
    )
    open_session = opened(office, chair, district.district, [screened(district.commune, "LDTT")], members)
    return World(session, open_session, decision, decision.entries.get(), noticed, objection)


def _status_for(client_for, name, method, url, data=None):
    client = client_for(name)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


# name: expected status per actor (anonymous, unit head, stranger, office, council member, chair, admin)
GET_MATRIX = {
    "my_council": [302, 403, 403, 200, 200, 200, 200],
    "session_list": [302, 403, 403, 200, 200, 200, 200],
    "session_plan": [302, 403, 403, 200, 403, 403, 200],
    "session_detail": [302, 404, 404, 200, 200, 200, 200],
    "minutes_docx": [302, 404, 404, 200, 200, 200, 200],
    "decision_list": [302, 403, 403, 200, 200, 200, 200],
    "decision_create": [302, 404, 404, 200, 403, 200, 200],
    "decision_detail": [302, 404, 404, 200, 200, 200, 200],
    "decision_docx": [302, 404, 404, 200, 200, 200, 200],
    "certificate": [302, 404, 404, 200, 200, 200, 200],
    "proposal_list": [302, 403, 403, 200, 403, 403, 200],
    "objection_list": [302, 403, 403, 200, 403, 403, 200],
    "public_notice": [200] * 7,
    "public_objection": [200] * 7,
    "verify": [200] * 7,
}


def _url(name, world):
    args = {
        "session_detail": [world.session.pk],
        "minutes_docx": [world.session.pk],
        "decision_create": [world.session.pk],
        "decision_detail": [world.decision.pk],
        "decision_docx": [world.decision.pk],
        "certificate": [world.decision.pk, world.entry.pk],
        "public_objection": [world.noticed.pk],
        "verify": [world.entry.token],
    }.get(name, [])
    namespace = "public" if name in {"public_notice", "public_objection", "verify"} else "council"
    short = {"public_notice": "notice", "public_objection": "objection"}.get(name, name)
    return reverse(f"{namespace}:{short}", args=args)


@pytest.mark.parametrize("view", sorted(GET_MATRIX))
def test_permission_matrix_get(world, client_for, view):
    url = _url(view, world)

    statuses = [_status_for(client_for, name, "get", url) for name in ACTORS]

    assert statuses == GET_MATRIX[view]


def test_permission_matrix_close_session(world, client_for):
    url = reverse("council:session_close", args=[world.open_session.pk])

    statuses = [_status_for(client_for, name, "post", url) for name in ACTORS[:5]]
    world.open_session.refresh_from_db()
    assert world.open_session.status == "open"
    chair = _status_for(client_for, "chair", "post", url)

    assert statuses == [302, 404, 404, 403, 403]
    assert chair == 302
    world.open_session.refresh_from_db()
    assert world.open_session.status == "closed"


def test_permission_matrix_vote(world, client_for, council_member):
    item = world.open_session.items.get()
    url = reverse("council:ballot_cast", args=[world.open_session.pk, item.pk])

    statuses = [_status_for(client_for, name, "post", url, {"choice": "agree"}) for name in ACTORS]

    # The admin passes the permission but is no present member: the service refuses him (403).
    assert statuses == [302, 404, 404, 403, 302, 302, 403]
    assert item.receipts.count() == 2


def test_permission_matrix_revoke(world, client_for):
    url = reverse("council:entry_revoke", args=[world.decision.pk, world.entry.pk])
    data = {"ground": "fraud", "note": "Khai man thành tích."}

    refused = ("anonymous", "unit_head", "stranger", "council_member")
    statuses = [_status_for(client_for, name, "post", url, data) for name in refused]
    world.entry.refresh_from_db()
    assert world.entry.revoked_at is None
    office = _status_for(client_for, "office", "post", url, data)

    assert statuses == [302, 404, 404, 403]
    assert office == 302
    world.entry.refresh_from_db()
    assert world.entry.revoked_at is not None


def test_state_changes_refuse_get(world, client_for):
    client = client_for("chair")

    assert client.get(reverse("council:session_close", args=[world.open_session.pk])).status_code == 405


# Pages ---------------------------------------------------------------------------------------
def test_session_results_hidden_until_close(world, client_for):
    item = world.open_session.items.get()
    services.ballot_cast(actor=world.open_session.members.get(is_chair=True).user, item=item, choice="agree")

    body = client_for("office").get(reverse("council:session_detail", args=[world.open_session.pk])).content.decode()

    assert "1/3" in body
    assert "Thông qua" not in body and "Tỷ lệ" not in body


def test_member_page_lists_dossiers_with_reasons_and_my_ballot(world, client_for, council_member):
    body = client_for("council_member").get(reverse("council:my_council")).content.decode()

    assert world.open_session.title in body
    assert "Còn 1 nội dung bạn chưa bỏ phiếu." in body
    assert reverse("council:ballot_cast", args=[world.open_session.pk, world.open_session.items.get().pk]) in body


def test_list_pages_same_queries_for_1_and_20_rows(world, district, client_for):
    client = client_for("office")
    url = reverse("council:session_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(20):
        CouncilSession.objects.create(body=district.district, title=f"Phiên {i}", date=BEFORE, place="Hội trường")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(one) == len(many)


def test_minutes_docx_has_the_tally(world, client_for):
    from docx import Document

    response = client_for("office").get(reverse("council:minutes_docx", args=[world.session.pk]))

    doc = Document(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BIÊN BẢN" in text and "Họp Hội đồng Thi đua - Khen thưởng" in text
    assert "Thành viên Hội đồng: 3; có mặt: 3; vắng mặt: 0." in text
    assert cells.count("Thông qua") == 1


def test_decision_docx_lists_awardees_with_ordinals_and_rewards(world, client_for):
    from docx import Document

    response = client_for("office").get(reverse("council:decision_docx", args=[world.decision.pk]))

    doc = Document(io.BytesIO(response.content))
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert rows[1][0] == "1"
    assert rows[1][1] == world.entry.nomination.person.full_name
    assert rows[1][4] == "702.000"
    assert doc.tables[0].rows[1].cells[0].text == "Số: 125/QĐ-UBND"


def test_certificate_pdf_is_a4_landscape_with_embedded_font(world, client_for):
    response = client_for("office").get(reverse("council:certificate", args=[world.decision.pk, world.entry.pk]))

    data = response.content
    assert response["Content-Type"] == "application/pdf"
    assert data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 841.89 595.28]" in data
    assert b"FontFile2" in data  # a TrueType font is embedded: Vietnamese glyphs print as typed


def test_certificate_qr_code_points_at_site_url_whatever_host_the_request_named(world, client_for, settings):
    import time_machine
    from django.utils import timezone

    from council import documents

    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://thidua.songlo.gov.vn"
    path = world.entry.get_verify_url()
    url = reverse("council:certificate", args=[world.decision.pk, world.entry.pk])
    with time_machine.travel(timezone.now(), tick=False):  # the PDF carries its creation time
        response = client_for("office").get(url, HTTP_HOST="evil.example")
        expected = documents.certificate_pdf(world.entry, "https://thidua.songlo.gov.vn" + path)
        from_host = documents.certificate_pdf(world.entry, "http://evil.example" + path)

    assert response.content == expected
    assert response.content != from_host


def test_verify_page_confirms_and_then_shows_revocation(world, client_for, office):
    url = reverse("public:verify", args=[world.entry.token])

    before = Client().get(url).content.decode()
    services.award_revoke(actor=office, entry=world.entry, ground="fraud", note="Khai man.")
    after = Client().get(url).content.decode()

    assert world.entry.nomination.person.full_name in before
    assert "125/QĐ-UBND" in before and "20/03/2025" in before and "Hợp lệ" in before
    assert "Đã bị hủy bỏ" in after
    assert world.entry.nomination.unit.name not in before.split("<main", 1)[1]
    assert Client().get(reverse("public:verify", args=["khong-co"])).status_code == 404


def test_an_unknown_verification_code_gets_a_friendly_page(db):
    response = Client().get(reverse("public:verify", args=["khong-co"]))

    assert response.status_code == 404
    assert "Không có khen thưởng nào mang mã xác minh này." in response.content.decode()
    assert "Không tìm thấy trang" not in response.content.decode()


# Public notice and objections ------------------------------------------------------------------
def test_public_notice_lists_approved_not_decided(world):
    body = Client().get(reverse("public:notice")).content.decode()

    assert world.noticed.person.full_name in body
    assert world.entry.nomination.person.full_name not in body


def test_public_notice_ends_after_the_configured_days(world, time_machine):
    time_machine.move_to(world.session.closed_at + datetime.timedelta(days=8))

    body = Client().get(reverse("public:notice")).content.decode()

    assert world.noticed.person.full_name not in body
    assert Client().get(reverse("public:objection", args=[world.noticed.pk])).status_code == 404


def test_objection_form_accepts_valid_input(world):
    url = reverse("public:objection", args=[world.noticed.pk])

    response = Client().post(
        url,
        {"name": "Lê Thị Hoa", "contact": "0987 654 321", "text": "Tôi biết người này đã vi phạm quy định năm 2024."},
    )

    assert response.status_code == 302
    assert Objection.objects.filter(nomination=world.noticed, name="Lê Thị Hoa", status="open").count() == 1


def test_the_public_notice_names_the_body_and_each_objection_gets_a_reference(world, client_for):
    url = reverse("public:objection", args=[world.noticed.pk])
    citizen = Client()

    notice = citizen.get(reverse("public:notice")).content.decode()
    thanked = citizen.post(
        url,
        {"name": "Lê Thị Hoa", "contact": "0987 654 321", "text": "Tôi biết người này đã vi phạm quy định năm 2024."},
        follow=True,
    ).content.decode()
    objection = Objection.objects.get(nomination=world.noticed, name="Lê Thị Hoa")
    office_list = client_for("office").get(reverse("council:objection_list")).content.decode()

    assert world.session.body.name in notice.split("<tbody", 1)[1]
    assert objection.reference == f"PA-{objection.created_at:%Y}-{objection.pk:06d}"
    assert f"Mã phản ánh của bạn là {objection.reference}" in thanked
    assert objection.reference in office_list


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Lê Thị Hoa", "contact": "abc", "text": "Nội dung phản ánh đủ dài để gửi."}, "contact"),
        ({"name": "Lê Thị Hoa", "contact": "hoa@example.org", "text": "ngắn"}, "text"),
        ({"name": "", "contact": "hoa@example.org", "text": "Nội dung phản ánh đủ dài để gửi."}, "name"),
        (
            {"name": "Bot", "contact": "hoa@example.org", "text": "Nội dung phản ánh đủ dài để gửi.", "website": "x"},
            "website",
        ),
    ],
    ids=["bad-contact", "short-text", "no-name", "honeypot"],
)
def test_objection_form_refuses_bad_input(world, data, field):
    before = Objection.objects.count()

    response = Client().post(reverse("public:objection", args=[world.noticed.pk]), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Objection.objects.count() == before


def test_objection_form_is_rate_limited_per_address(world):
    client = Client(REMOTE_ADDR="203.0.113.9")
    url = reverse("public:objection", args=[world.noticed.pk])
    data = {"name": "Lê Thị Hoa", "contact": "hoa@example.org", "text": "Nội dung phản ánh đủ dài để gửi."}

    statuses = [client.post(url, data).status_code for _ in range(6)]
    other = Client(REMOTE_ADDR="203.0.113.10").post(url, data).status_code

    assert statuses == [302, 302, 302, 302, 302, 429]
    assert other == 302
    assert Objection.objects.filter(name="Lê Thị Hoa").count() == 6


def test_objection_form_behind_the_proxy_limits_each_citizen_not_everyone(world, settings):
    settings.TRUSTED_PROXIES = 1
    url = reverse("public:objection", args=[world.noticed.pk])
    data = {"name": "Lê Thị Hoa", "contact": "hoa@example.org", "text": "Nội dung phản ánh đủ dài để gửi."}
    # Every request arrives from the proxy (10.0.0.2); the citizen is in X-Forwarded-For.
    first = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    second = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")

    statuses = [first.post(url, data).status_code for _ in range(6)]
    other = second.post(url, data).status_code

    assert statuses == [302, 302, 302, 302, 302, 429]
    assert other == 302


def test_no_decision_while_the_approved_list_is_on_public_notice(world, client_for, office, time_machine):
    """Bug: the office could issue a decision the minute the council closed, skipping the notice."""
    services.objection_resolve(actor=office, objection=world.objection, resolution="Đã xác minh: không đúng.")
    url = reverse("council:decision_create", args=[world.session.pk])
    data = {
        "number": "126/QĐ-UBND",
        "date": timezone.localdate().strftime("%d/%m/%Y"),
        "signer_name": "Nguyễn Văn Chủ",
        "signer_title": "Chủ tịch",
        "summary": "Về việc tặng danh hiệu Lao động tiên tiến năm 2024",
        "nominations": [world.noticed.pk],
    }

    page = client_for("office").get(url).content.decode()
    refused = client_for("office").post(url, data).content.decode()
    public = Client().get(reverse("public:notice")).content.decode()
    world.noticed.refresh_from_db()

    ends = timezone.localtime(world.session.notice_ends_at)
    assert f"đến {ends:%H:%M} ngày {ends:%d/%m/%Y}" in page
    assert "đang được công khai đến" in refused
    assert world.noticed.status == "approved" and world.noticed.person.full_name in public

    time_machine.move_to(world.session.notice_ends_at + datetime.timedelta(minutes=1))
    data["date"] = timezone.localdate().strftime("%d/%m/%Y")
    issued = client_for("office").post(url, data)
    world.noticed.refresh_from_db()
    assert issued.status_code == 302 and world.noticed.status == "decided"


def test_objection_reaches_office_and_blocks_decision_page(world, client_for):
    listing = client_for("office").get(reverse("council:objection_list")).content.decode()
    page = client_for("office").get(reverse("council:decision_create", args=[world.session.pk])).content.decode()

    assert "Trần Văn Dân" in listing
    assert "Còn phản ánh chưa giải quyết" in page


def test_member_casts_several_ballots_at_once_each_a_secret_ballot(district, office, chair, client):
    from council.models import AgendaItem, BallotReceipt

    members = council(district.district, chair, 3)
    first, second, third = (screened(district.commune, "LDTT") for _ in range(3))
    session = opened(office, chair, district.district, [first, second, third], members)
    items = {n.pk: item_of(session, n) for n in (first, second, third)}
    client.force_login(chair)

    page = client.get(reverse("council:my_council")).content.decode()
    response = client.post(
        reverse("council:ballot_cast_all", args=[session.pk]),
        {f"choice_{items[first.pk].pk}": "agree", f"choice_{items[second.pk].pk}": "disagree"},
        follow=True,
    )

    assert 'data-testid="ballot-all-submit"' in page
    assert "Đã ghi nhận 2 lá phiếu của bạn." in response.content.decode()
    voted = set(BallotReceipt.objects.filter(member=chair).values_list("item_id", flat=True))
    assert voted == {items[first.pk].pk, items[second.pk].pk}  # the third was left unchosen
    for member in members[1:]:
        for n in (first, second, third):
            services.ballot_cast(actor=member, item=items[n.pk], choice="agree")
    services.ballot_cast(actor=chair, item=items[third.pk], choice="agree")
    services.session_close(actor=chair, session=session)
    tallies = dict(AgendaItem.objects.filter(session=session).values_list("nomination_id", "votes_agree"))
    assert tallies == {first.pk: 3, second.pk: 2, third.pk: 3}


def test_casting_all_is_refused_to_someone_not_on_the_council(world, client_for):
    item = world.open_session.items.get()
    url = reverse("council:ballot_cast_all", args=[world.open_session.pk])

    assert client_for("unit_head").post(url, {f"choice_{item.pk}": "agree"}).status_code in (403, 404)
    assert item.receipts.count() == 0
