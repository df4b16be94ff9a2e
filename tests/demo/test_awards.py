from awards.eligibility import evaluate
from awards.enums import NominationStatus
from awards.models import Nomination, Person


def test_demo_shows_a_realistic_mix_of_cstd_tinh_candidates_and_nominations_in_every_state(demo):
    verdicts = evaluate(year=2024, persons=Person.objects.all(), awards=["CSTD_TINH"])
    eligible = {v.subject.code for v in verdicts if v.eligible}

    assert "tam-son-01" in eligible
    assert "cao-phong-01" not in eligible  # base-level initiative only
    assert "tam-son-02" not in eligible  # gap: no CSTĐCS in 2023
    assert 5 <= len(eligible) <= 17
    assert set(Nomination.objects.values_list("status", flat=True)) == set(NominationStatus.values)


def test_demo_council_closed_session_decision_and_open_session_with_ballots_to_cast(demo):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from council.enums import SessionStatus
    from council.models import CouncilSession, Decision, Objection
    from council.reminders import members_owing_ballots
    from demo.awards import YEAR_END_SESSION

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["hoidong1", "chutich", "vanphong"])}

    closed = CouncilSession.objects.get(status=SessionStatus.CLOSED, title=YEAR_END_SESSION)
    assert (closed.member_count, closed.present_count, closed.quorum_met) == (7, 6, True)
    tallies = {
        i.nomination.unit.code: (i.votes_agree, i.votes_disagree, i.result)
        for i in closed.items.select_related("nomination__unit")
    }
    assert tallies["hai-luu"] == (2, 4, "failed")
    assert tallies["duc-bac"] == (6, 0, "passed")
    decision = Decision.objects.get(number="125/QĐ-UBND")
    assert (decision.date.isoformat(), decision.signer_name, decision.session_id) == (
        "2024-12-25",
        "Trần Quang Minh",
        closed.pk,
    )
    entries = list(decision.entries.select_related("nomination__unit").order_by("ordinal"))
    assert [(e.ordinal, e.nomination.unit.code, e.reward) for e in entries] == [
        (1, "lang-cong", 702_000),
        (2, "nhao-son", 702_000),
        (3, "phuong-khoan", 702_000),
        (4, "quang-yen", 702_000),
    ]
    assert [e.nomination.unit.code for e in entries if e.revoked] == ["nhao-son"]
    assert Objection.objects.get(status="open").nomination.status == NominationStatus.APPROVED

    open_session = CouncilSession.objects.get(status=SessionStatus.OPEN)
    assert users["hoidong1"].pk in members_owing_ballots([open_session.pk])[open_session.pk]
    client = Client()
    client.force_login(users["hoidong1"])
    # Three dossiers, Như Thụy's list (one vote for its lines) and the line pulled out of it.
    assert "5 nội dung bạn chưa bỏ phiếu" in client.get("/").content.decode()
    client.force_login(users["chutich"])
    assert f"Kết thúc và kiểm phiếu: {open_session.title}" in client.get("/").content.decode()
    client.force_login(users["vanphong"])
    page = client.get("/").content.decode()
    assert "1 hồ sơ hợp lệ chờ đưa ra Hội đồng" in page
    assert "1 phản ánh của người dân chưa giải quyết" in page


def test_demo_registrations_by_name_of_the_year_end_in_progress(demo):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from awards.models import TitleRegistration

    rows = TitleRegistration.objects.filter(year=2024)
    by_status = {status: rows.filter(status=status).count() for status in ("registered", "accepted", "returned")}
    returned = rows.get(status="returned")

    assert set(rows.values_list("unit__code", flat=True)) == {"tam-son", "bach-luu", "cao-phong"}
    assert by_status["accepted"] > 0 and by_status["registered"] > 0 and by_status["returned"] == 1
    assert (returned.person.code, returned.award_type.code) == ("cao-phong-03", "CSTDCS")
    assert "sáng kiến" in returned.return_reason
    # Registered only those rated HTTNV or better the year before.
    assert not rows.filter(award_type__code="LDTT", person__ratings__year=2023, person__ratings__rating="HTNV").exists()
    client = Client()
    client.force_login(get_user_model().objects.get(username="truong.cao-phong"))
    page = client.get(reverse("awards:title_registrations"), {"year": 2024})
    assert page.status_code == 200 and "Chiến sĩ thi đua cơ sở" in page.content.decode()
    office = Client()
    office.force_login(get_user_model().objects.get(username="vanphong"))
    assert office.get(reverse("awards:registered_achieved"), {"year": 2024}).status_code == 200


def test_demo_has_a_forty_line_decision_printable_on_the_calibrated_giay_khen_blank(demo):
    import io

    from pypdf import PdfReader

    from council import certificates
    from council.models import BlankLayout, CertificateBatch, Decision
    from council.selectors import entries_for_decision
    from demo.awards import FORTY_DECISION

    decision = Decision.objects.get(number=FORTY_DECISION)
    entries = list(entries_for_decision(decision))
    assert len(entries) == 40
    assert [e.ordinal for e in entries] == list(range(5, 45))  # after 125/QĐ-UBND's four
    assert {e.nomination.award_type.code for e in entries} == {"LDTT"}
    layout = BlankLayout.objects.get(award_types__code="LDTT")
    assert layout.fields.count() == 9

    batch = CertificateBatch.objects.create(decision=decision, layout=layout, total=len(entries))
    certificates.build(batch.pk)
    batch.refresh_from_db()
    from songlo.uploads import private_storage

    with private_storage().open(batch.file, "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    assert len(pdf.pages) == 40
    assert entries[0].nomination.person.full_name in pdf.pages[0].extract_text()


def test_demo_open_session_votes_a_commune_list_at_once_with_one_line_apart(demo):
    from council.models import AgendaItem, CouncilSession
    from demo.awards import LIST_EXCEPTION, LIST_UNIT

    session = CouncilSession.objects.get(status="open")
    head = AgendaItem.objects.get(session=session, nomination__isnull=True)
    assert head.submission.unit.code == LIST_UNIT and head.lines.count() == 2
    exception = head.exceptions.get()
    assert exception.nomination.person.code == f"{LIST_UNIT}-{LIST_EXCEPTION:02d}"
    assert exception.pulled_reason and exception.pulled_by.username == "hoidong3"
    assert head.receipts.count() == 1  # the chair's ballot on the whole list
