"""Sông Lô demo: people, ratings, initiatives and award history 2020-2024, nominations in every
state, and the district council (a closed year-end session with decision 125/QĐ-UBND, a second one
with decision 140/QĐ-UBND of 40 lines, and an open
session with ballots to cast).

Keyed by codes so that loading twice changes nothing. The story: in each commune the chair
(person 0) has CSTĐCS in 2022 and 2023, HTXSNV in 2024 and a province-level initiative, so is a
CSTĐ cấp tỉnh candidate for 2024; person 1 has a gap (no CSTĐCS in 2023); person 2 has only a
base-level initiative; the others are mostly LĐTT.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards import services
from awards.enums import NominationStatus, SubmissionStatus
from awards.models import Acclamation, AwardRecord, AwardType, Initiative, Nomination, Person, Rating, Submission
from campaigns.models import EmulationBlock
from council import services as council_services
from council.enums import RevocationGround
from council.models import CouncilSession, Decision, DecisionEntry, Objection
from demo.campaigns import COMMUNES, DemoOrganisation, vietnamese_name

YEARS = range(2020, 2025)
POSITIONS = [
    "Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Công chức Văn phòng - Thống kê",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng",
    "Công chức Văn hóa - Xã hội",
]
DEMO_DOSSIER = {
    "letter_number": "15/TTr-UBND",
    "letter_date": datetime.date(2024, 12, 2),
    "letter_signer": "Chủ tịch UBND",
    "letter_summary": "Đề nghị Chủ tịch UBND huyện tặng danh hiệu thi đua năm 2024.",
    "report_situation": "Công chức cấp xã, công tác liên tục từ năm 2015.",
    "report_achievements": "Hoàn thành xuất sắc nhiệm vụ được giao; tích cực xây dựng nông thôn mới.",
    "report_measures": "Chủ động tham mưu, cải cách thủ tục hành chính.",
    "minutes_date": datetime.date(2024, 11, 28),
    "minutes_members": 9,
    "minutes_attendees": 9,
    "minutes_votes_for": 9,
}


def _record(person, code: str, year: int, awards: dict[str, AwardType]) -> None:
    AwardRecord.objects.get_or_create(
        person=person,
        award_type=awards[code],
        year=year,
        defaults={"decision_number": f"{200 + year % 100}/QĐ-UBND", "decision_date": datetime.date(year, 12, 25)},
    )


def seed_people(org: DemoOrganisation) -> list[Person]:
    awards = {a.code: a for a in AwardType.objects.all()}
    people = []
    n = 0
    for unit_index, (code, _name, _kind) in enumerate(COMMUNES):
        unit = org.units[code]
        for i, position in enumerate(POSITIONS):
            n += 1
            name = vietnamese_name(300 + n)
            person, _ = Person.objects.update_or_create(
                code=f"{code}-{i + 1:02d}",
                defaults={
                    "full_name": name,
                    "gender": "nữ" if " Thị " in name or " Thu " in name else "nam",
                    "unit": unit,
                    "position": position,
                    "joined_on": datetime.date(2010 + (n % 10), 1 + n % 12, 1),
                },
            )
            people.append(person)
            for year in YEARS:
                if i == 0 or (i == 1 and year != 2023) or (i == 2 and year >= 2022):
                    rating = "HTXSNV"
                elif (n + year) % 7 == 0:
                    rating = "HTNV"
                else:
                    rating = "HTTNV"
                Rating.objects.update_or_create(person=person, year=year, defaults={"rating": rating})
                if year < 2024 and rating in ("HTXSNV", "HTTNV"):
                    _record(person, "LDTT", year, awards)
            if i == 0:
                for year in (2022, 2023):
                    _record(person, "CSTDCS", year, awards)
                level = "tinh" if unit_index % 3 != 2 else "co_so"
                _initiative(f"SK-{code}-2024", f"Giải pháp số hóa hồ sơ một cửa xã {unit.name}", person, level, 2024)
            elif i == 1:
                _record(person, "CSTDCS", 2022, awards)
                _initiative(f"SK-{code}-2024b", "Mô hình dân vận khéo trong dồn điền đổi thửa", person, "tinh", 2024)
            elif i == 2:
                for year in (2022, 2023):
                    _record(person, "CSTDCS", year, awards)
                _initiative(f"SK-{code}-2023", "Cải tiến sổ theo dõi hộ tịch", person, "co_so", 2023)
        for year in YEARS:
            rating = "HTXSNV" if (unit_index + year) % 3 == 0 else "HTTNV"
            Rating.objects.update_or_create(unit=unit, year=year, defaults={"rating": rating})
    for block_code, year, unit_code in [
        ("cum-1", 2024, "duc-bac"),
        ("cum-2", 2024, "nhan-dao"),
        ("cum-1", 2023, "hai-luu"),
    ]:
        Acclamation.objects.update_or_create(
            block=EmulationBlock.objects.get(code=block_code), year=year, defaults={"unit": org.units[unit_code]}
        )
    return people


def _initiative(code, title, person, level, year) -> None:
    item, _ = Initiative.objects.update_or_create(code=code, defaults={"title": title, "level": level, "year": year})
    item.authors.set([person])


def _nominate(person: Person, year: int, status: str, office, *, reason: str = "") -> Nomination | None:
    """A LĐTT nomination of ``person`` taken through the real services up to ``status``
    (draft, submitted, returned or screened); None when it exists already (idempotent)."""
    User = get_user_model()
    ldtt = AwardType.objects.get(code="LDTT")
    if Nomination.objects.filter(person=person, award_type=ldtt, year=year).exists():
        return None
    head = User.objects.get(username=f"truong.{person.unit.code}")
    nomination = services.nomination_create(actor=head, unit=person.unit, award=ldtt, year=year, person=person)
    if status == NominationStatus.DRAFT:
        return nomination
    dossier = dict(DEMO_DOSSIER)
    if year != 2024:
        dossier.update(
            letter_date=datetime.date(year, 12, 2),
            letter_summary=f"Đề nghị Chủ tịch UBND huyện tặng danh hiệu thi đua năm {year}.",
            minutes_date=datetime.date(year, 11, 28),
        )
    services.nomination_update(actor=head, nomination=nomination, data=dossier)
    services.nomination_submit(actor=head, nomination=nomination)
    if status == NominationStatus.SUBMITTED:
        return nomination
    if status == NominationStatus.RETURNED:
        services.nomination_return(actor=office, nomination=nomination, reason=reason)
        return nomination
    services.nomination_screen(
        actor=office,
        nomination=nomination,
        override_reason="Thường trực đã đối chiếu bản gốc kết quả đánh giá, xếp loại do đơn vị gửi kèm.",
    )
    return nomination


def seed_nominations(org: DemoOrganisation) -> None:
    """2024 LĐTT nominations still with the units or the office: a draft in Tam Sơn, two
    submitted, one screened and awaiting a session, one returned for a missing signature."""
    office = get_user_model().objects.get(username="vanphong")
    plan = [
        ("tam-son", NominationStatus.DRAFT),
        ("bach-luu", NominationStatus.SUBMITTED),
        ("cao-phong", NominationStatus.SUBMITTED),
        ("don-nhan", NominationStatus.SCREENED),
        ("dong-que", NominationStatus.RETURNED),
    ]
    for unit_code, status in plan:
        person = Person.objects.get(code=f"{unit_code}-04")
        _nominate(person, 2024, status, office, reason="Tờ trình chưa có chữ ký, đóng dấu; bổ sung bản ký.")


# --- The council ---------------------------------------------------------------------------------
YEAR_END_SESSION = "Phiên họp Hội đồng Thi đua - Khen thưởng huyện xét khen thưởng năm 2024"
DECISION_NUMBER = "125/QĐ-UBND"
# (unit, agree, disagree) among the six members present on 18/12/2024; Hải Lựu's dossier fails.
YEAR_END_VOTES = [
    ("duc-bac", 6, 0),
    ("hai-luu", 2, 4),
    ("lang-cong", 6, 0),
    ("nhao-son", 5, 1),
    ("phuong-khoan", 6, 0),
    ("quang-yen", 5, 1),
]
# Awarded by decision 125/QĐ-UBND; Đức Bác's waits for a citizen's objection to be resolved.
DECIDED_UNITS = ["lang-cong", "nhao-son", "phuong-khoan", "quang-yen"]
OPEN_SESSION_UNITS = ["dong-thinh", "tan-lap", "tu-yen"]


def _tz_moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def seed_council(org: DemoOrganisation) -> None:
    """The district council through the real services (council.services).

    The year-end 2024 session (18/12/2024, closed): six of seven members present, six LĐTT
    dossiers, five passed by a majority of those present and Hải Lựu's refused; decision
    125/QĐ-UBND of 25/12/2024 signed by the chair awards four of them (số sổ vàng 1-4, reward
    0.3 × the base salary); one of those (Nhạo Sơn) was later revoked for a false dossier. Đức
    Bác's approved dossier waits on a citizen's objection. Then the current year-end session,
    opened this morning: three 2025 dossiers on the agenda and Như Thụy's list of LĐTT put to one
    vote, one of its lines pulled out by hoidong3 to be voted on apart; the chair and hoidong2
    have voted on part of them, hoidong1 has ballots to cast, hoidong6 is absent and chutich has
    it to close.
    Idempotent: a session that exists (by body and title) is left as it is.
    """
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["vanphong", "chutich", *_members()])}
    office, chair = users["vanphong"], users["chutich"]
    body = org.district
    present = [chair] + [users[f"hoidong{i}"] for i in range(1, 6)]  # hoidong6 on leave

    if not CouncilSession.objects.filter(body=body, title=YEAR_END_SESSION).exists():
        day = datetime.date(2024, 12, 18)
        nominations = {
            code: _nominate(Person.objects.get(code=f"{code}-04"), 2024, NominationStatus.SCREENED, office)
            for code, _agree, _disagree in YEAR_END_VOTES
        }
        nominations = {code: n or _existing(code, 2024) for code, n in nominations.items()}
        if any(n.status != NominationStatus.SCREENED for n in nominations.values()):
            return  # a database seeded by an older demo: its nominations went another way
        session = council_services.session_plan(
            actor=office,
            body=body,
            title=YEAR_END_SESSION,
            date=_tz_moment(day, 8),
            place="Hội trường UBND huyện Sông Lô",
            nominations=list(nominations.values()),
        )
        session = council_services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in present])
        items = {i.nomination_id: i for i in session.items.all()}
        for code, agree, disagree in YEAR_END_VOTES:
            item = items[nominations[code].pk]
            for k, member in enumerate(present[: agree + disagree]):
                council_services.ballot_cast(actor=member, item=item, choice="agree" if k < agree else "disagree")
        session = council_services.session_close(actor=chair, session=session)
        CouncilSession.objects.filter(pk=session.pk).update(
            opened_at=_tz_moment(day, 8, 10), closed_at=_tz_moment(day, 11, 30)
        )
        objection = council_services.objection_submit(
            nomination=nominations["duc-bac"],
            name="Nguyễn Văn Toàn",
            contact="0912 345 678",
            text="Năm 2024 ông có thời gian nghỉ ốm dài ngày, đề nghị Hội đồng xem lại việc hoàn thành nhiệm vụ.",
        )
        Objection.objects.filter(pk=objection.pk).update(created_at=_tz_moment(datetime.date(2024, 12, 20), 9, 15))
        decision = council_services.decision_issue(
            actor=office,
            body=body,
            number=DECISION_NUMBER,
            date=datetime.date(2024, 12, 25),
            signer_name=chair.full_name,
            signer_title="Chủ tịch UBND huyện Sông Lô",
            summary="Về việc tặng danh hiệu “Lao động tiên tiến” năm 2024",
            nominations=[nominations[code] for code in DECIDED_UNITS],
            session=session,
        )
        Decision.objects.filter(pk=decision.pk).update(issued_at=_tz_moment(datetime.date(2024, 12, 25), 15))
        revoked = decision.entries.get(nomination=nominations["nhao-son"])
        council_services.award_revoke(
            actor=office,
            entry=revoked,
            ground=RevocationGround.FALSE_DOSSIER,
            note="Thanh tra huyện (Kết luận số 12/KL-TTr ngày 10/6/2025) xác định báo cáo thành tích "
            "kê khai kết quả công việc không đúng thực tế.",
        )
        DecisionEntry.objects.filter(pk=revoked.pk).update(revoked_at=_tz_moment(datetime.date(2025, 6, 20), 10))

    title = "Phiên họp Hội đồng Thi đua - Khen thưởng huyện xét khen thưởng năm 2025"
    if not CouncilSession.objects.filter(body=body, title=title).exists():
        nominations = []
        for code in OPEN_SESSION_UNITS:
            person = Person.objects.get(code=f"{code}-05")
            Rating.objects.update_or_create(person=person, year=2025, defaults={"rating": "HTXSNV"})
            nominations.append(_nominate(person, 2025, NominationStatus.SCREENED, office) or _existing(code, 2025, 5))
        submission = _list_submission(office)
        if any(n.status != NominationStatus.SCREENED for n in nominations) or submission is None:
            return
        session = council_services.session_plan(
            actor=office,
            body=body,
            title=title,
            date=_tz_moment(timezone.localdate(), 8),
            place="Phòng họp trực tuyến, UBND huyện Sông Lô",
            nominations=nominations,
            submissions=[submission],
        )
        # The list of Như Thụy goes to one vote, but for one line a member asked to vote on apart.
        head = session.items.get(submission=submission)
        council_services.agenda_line_pull_out(
            actor=users["hoidong3"],
            item=head.lines.get(nomination__person__code=f"{LIST_UNIT}-{LIST_EXCEPTION:02d}"),
            reason="Có ý kiến phản ánh về thời gian nghỉ ốm trong năm; đề nghị biểu quyết riêng.",
        )
        session = council_services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in present])
        items = list(session.items.filter(parent__isnull=True).order_by("order"))
        for item in items:
            council_services.ballot_cast(actor=chair, item=item, choice="agree")
        council_services.ballot_cast(actor=users["hoidong2"], item=items[0], choice="agree")


# A commune's list (tờ trình) of 2025 LĐTT put before the open session as one vote, one line apart.
LIST_UNIT = "nhu-thuy"
LIST_PEOPLE = [1, 2, 3]
LIST_EXCEPTION = 3


def _list_submission(office) -> Submission | None:
    """Như Thụy's 2025 submission: three LĐTT lines taken through the real services to screened."""
    unit = Person.objects.get(code=f"{LIST_UNIT}-01").unit
    submission, _created = Submission.objects.get_or_create(
        unit=unit,
        year=2025,
        letter_number="21/TTr-UBND",
        defaults={
            "title": "Đề nghị tặng danh hiệu Lao động tiên tiến năm 2025",
            "status": SubmissionStatus.SCREENED,
            "letter_date": datetime.date(2025, 12, 2),
            "letter_signer": "Chủ tịch UBND xã Như Thụy",
        },
    )
    for index in LIST_PEOPLE:
        person = Person.objects.get(code=f"{LIST_UNIT}-{index:02d}")
        Rating.objects.update_or_create(person=person, year=2025, defaults={"rating": "HTXSNV"})
        line = _nominate(person, 2025, NominationStatus.SCREENED, office) or _existing(LIST_UNIT, 2025, index)
        if line.status != NominationStatus.SCREENED or line.submission_id not in (None, submission.pk):
            return None
        Nomination.objects.filter(pk=line.pk).update(submission=submission)
    return submission


BUNDLE_SESSION = "Phiên họp Hội đồng Thi đua - Khen thưởng huyện xét đề nghị khen cao năm 2024"
BUNDLE_UNITS = ["tam-son", "bach-luu"]
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_bundles(org: DemoOrganisation) -> None:
    """Khen cao through the real services: the chairs of Tam Sơn and Bạch Lưu (CSTĐ cấp tỉnh 2024
    candidates) approved by the district council on 08/01/2025, beyond its authority, so proposed
    to the province; tờ trình 08/TTr-UBND of 10/01/2025 sent; the province returned Bạch Lưu's
    dossier (the initiative's certificate missing). Idempotent: by the session's title.
    """
    User = get_user_model()
    body = org.district
    if CouncilSession.objects.filter(body=body, title=BUNDLE_SESSION).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=["vanphong", "chutich", *_members()])}
    office, chair = users["vanphong"], users["chutich"]
    present = [chair] + [users[name] for name in _members()]  # CSTĐ cấp tỉnh: ≥ 90% of all members
    award = AwardType.objects.get(code="CSTD_TINH")
    nominations = []
    for code in BUNDLE_UNITS:
        person = Person.objects.get(code=f"{code}-01")
        if Nomination.objects.filter(person=person, award_type=award, year=2024).exists():
            return
        head = User.objects.get(username=f"truong.{code}")
        nomination = services.nomination_create(actor=head, unit=person.unit, award=award, year=2024, person=person)
        dossier = {**DEMO_DOSSIER, "letter_summary": "Đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2024."}
        services.nomination_update(actor=head, nomination=nomination, data=dossier)
        for part, name in (("ballot", "Biên bản kiểm phiếu.pdf"), ("initiative", "QĐ công nhận sáng kiến.pdf")):
            uploaded = SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")
            services.nomination_add_file(actor=head, nomination=nomination, uploaded=uploaded, part=part)
        services.nomination_submit(actor=head, nomination=nomination)
        services.nomination_screen(
            actor=office, nomination=nomination, override_reason="Đã đối chiếu quyết định công nhận sáng kiến cấp tỉnh."
        )
        nominations.append(nomination)
    day = datetime.date(2025, 1, 8)
    session = council_services.session_plan(
        actor=office, body=body, title=BUNDLE_SESSION, date=_tz_moment(day, 14), place="Hội trường UBND huyện Sông Lô",
        nominations=nominations,
    )  # fmt: skip
    session = council_services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in present])
    for item in session.items.all():
        for member in present:
            council_services.ballot_cast(actor=member, item=item, choice="agree")
    council_services.session_close(actor=chair, session=session)
    (bundle,) = council_services.bundle_create(actor=office, body=body)
    council_services.bundle_send(actor=office, bundle=bundle, number="08/TTr-UBND", date=datetime.date(2025, 1, 10))
    council_services.proposal_return(
        actor=office,
        line=bundle.lines.get(proposal__nomination=nominations[1]),
        reason="Thiếu bản sao quyết định công nhận sáng kiến cấp tỉnh; bổ sung và gửi lại.",
    )


FORTY_SESSION = "Phiên họp Hội đồng Thi đua - Khen thưởng huyện xét Lao động tiên tiến năm 2024 (đợt 2)"
FORTY_DECISION = "140/QĐ-UBND"
FORTY = 40


def seed_forty(org: DemoOrganisation) -> None:
    """A decision at volume: the district council's second 2024 session (20/12/2024) passes forty
    LĐTT dossiers of the communes' civil servants (persons 02, 03 and 06 rated at least HTTNV in
    2024), and decision 140/QĐ-UBND of 30/12/2024 awards all forty (số sổ vàng 5-44), printable
    on the calibrated Giấy khen blank. Idempotent: by the session's title.
    """
    body = org.district
    if CouncilSession.objects.filter(body=body, title=FORTY_SESSION).exists():
        return
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["vanphong", "chutich", *_members()])}
    office, chair = users["vanphong"], users["chutich"]
    present = [chair] + [users[f"hoidong{i}"] for i in range(1, 6)]
    good = set(Rating.objects.filter(year=2024, rating__in=["HTXSNV", "HTTNV"]).values_list("person__code", flat=True))
    codes = [f"{code}-{i:02d}" for i in (2, 3, 6) for code, _name, _kind in COMMUNES]
    people = list(Person.objects.filter(code__in=[c for c in codes if c in good]).select_related("unit"))
    people.sort(key=lambda p: codes.index(p.code))
    nominations = [n for n in (_nominate(p, 2024, NominationStatus.SCREENED, office) for p in people[:FORTY]) if n]
    if len(nominations) != FORTY:
        return  # a database seeded by an older demo: some of these people were nominated already
    day = datetime.date(2024, 12, 20)  # the approved list then stays public for 7 days
    session = council_services.session_plan(
        actor=office, body=body, title=FORTY_SESSION, date=_tz_moment(day, 8), place="Hội trường UBND huyện Sông Lô",
        nominations=nominations,
    )  # fmt: skip
    session = council_services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in present])
    for item in session.items.all():
        for member in present:
            council_services.ballot_cast(actor=member, item=item, choice="agree")
    session = council_services.session_close(actor=chair, session=session)
    CouncilSession.objects.filter(pk=session.pk).update(opened_at=_tz_moment(day, 8, 5), closed_at=_tz_moment(day, 10))
    decision = council_services.decision_issue(
        actor=office,
        body=body,
        number=FORTY_DECISION,
        date=datetime.date(2024, 12, 30),
        signer_name=chair.full_name,
        signer_title="Chủ tịch UBND huyện Sông Lô",
        summary="Về việc tặng danh hiệu “Lao động tiên tiến” năm 2024 (đợt 2)",
        nominations=nominations,
        session=session,
    )
    Decision.objects.filter(pk=decision.pk).update(issued_at=_tz_moment(datetime.date(2024, 12, 30), 16))


def _members() -> list[str]:
    return [f"hoidong{i}" for i in range(1, 7)]


def _existing(unit_code: str, year: int, index: int = 4) -> Nomination:
    return Nomination.objects.get(person__code=f"{unit_code}-{index:02d}", award_type__code="LDTT", year=year)


def seed(org: DemoOrganisation) -> int:
    people = seed_people(org)
    seed_nominations(org)
    seed_council(org)
    seed_bundles(org)
    seed_forty(org)
    seed_registers(org)
    seed_title_registrations(org)
    return len(people)


# Registrations by name of the year 2024 (the year whose year end is in progress): three communes
# registered at the start of the year everyone rated HTTNV or better in 2023 for LĐTT, those rated
# HTXSNV for CSTĐCS and the commune itself for TTLĐTT; the office accepted them, except one
# CSTĐCS returned with its reason.
TITLE_REGISTRATION_YEAR = 2024
TITLE_REGISTRATION_UNITS = ("tam-son", "bach-luu", "cao-phong")
TITLE_REGISTRATION_RETURN = (
    "Chưa có sáng kiến được công nhận cấp cơ sở trong năm 2024: đề nghị bổ sung minh chứng "
    "hoặc chuyển sang đăng ký Lao động tiên tiến."
)


def seed_title_registrations(org: DemoOrganisation) -> None:
    from awards import registrations
    from awards.models import TitleRegistration

    units = [org.units[code] for code in TITLE_REGISTRATION_UNITS]
    if TitleRegistration.objects.filter(unit__in=units, year=TITLE_REGISTRATION_YEAR).exists():
        return
    User = get_user_model()
    office = User.objects.get(username="vanphong")
    for unit in units:
        head = User.objects.get(username=f"truong.{unit.code}")
        for key in ("ldtt", "cstdcs", "ttldtt"):
            registrations.apply_shortcut(actor=head, unit=unit, year=TITLE_REGISTRATION_YEAR, key=key)
    chosen = TitleRegistration.objects.filter(unit__in=units, year=TITLE_REGISTRATION_YEAR).select_related("unit")
    returned = chosen.filter(unit__code="cao-phong", award_type__code="CSTDCS", person__code="cao-phong-03").first()
    if returned is not None:
        registrations.return_registrations(actor=office, registrations=[returned], reason=TITLE_REGISTRATION_RETURN)
    registrations.accept_registrations(
        actor=office, registrations=list(chosen.exclude(unit__code="cao-phong").exclude(status="returned"))
    )


# A4 landscape Giấy khen blank of the district: where each value goes, measured on a blank with a
# ruler (mm from the top left); the labels ("Tặng", "Số sổ vàng"…) are pre-printed.
GIAY_KHEN_FIELDS = [
    ("award", 35, 62, 227, 24, True),
    ("name", 35, 88, 227, 22, True),
    ("unit", 35, 102, 227, 14, False),
    ("achievement", 45, 113, 207, 13, False),
    ("place_date", 150, 140, 120, 13, False),
    ("signer_title", 150, 148, 120, 13, True),
    ("signer_name", 150, 180, 120, 14, True),
    ("decision", 48, 167, 80, 11, False),
    ("ordinal", 58, 174, 40, 11, False),
]


def seed_registers(org: DemoOrganisation) -> None:
    """A calibrated Giấy khen blank for LĐTT, and the 2024 money paid into the district's fund
    (its decision's rewards are the payouts; the revoked one is still to be recovered)."""
    from council.models import BlankField, BlankLayout, FundIncome

    layout, created = BlankLayout.objects.get_or_create(
        name="Phôi Giấy khen UBND huyện (A4 ngang)", defaults={"offset_x_mm": 0, "offset_y_mm": 1}
    )
    if created:
        layout.award_types.set(AwardType.objects.filter(code="LDTT"))
        for field, x, y, width, size, bold in GIAY_KHEN_FIELDS:
            align = "L" if field in {"decision", "ordinal"} else "C"
            BlankField.objects.create(
                layout=layout, field=field, x_mm=x, y_mm=y, width_mm=width, font_size=size, bold=bold, align=align
            )
    if not FundIncome.objects.filter(body=org.district).exists():
        office = get_user_model().objects.get(username="vanphong")
        council_services.fund_income_record(
            actor=office,
            body=org.district,
            date=datetime.date(2024, 1, 15),
            amount=50_000_000,
            source="Ngân sách huyện năm 2024 (Quyết định giao dự toán số 1520/QĐ-UBND)",
            reference="GBC 0012",
        )
