"""Scale data for the benchmarks, awards side: people, ratings, initiatives, disciplines, award
history, nominations in every state, council sessions with secret ballots, decisions, proposals
to the level above and public objections.

Everything is consistent with the rest of the data: a person has a yearly rating, an LĐTT
record for each past year rated HTTNV or better, a CSTĐCS record only with an initiative the
same year; nominations of the current year go through the states in order (a screened one was
submitted, an approved one sat on the agenda of a closed session where the present members
voted, a decided one has its decision entry and its award record). Ballots keep the schema's
secrecy: receipts (who voted) and votes (what) are inserted separately, votes shuffled, with
random UUIDs drawn from the seed, so nothing pairs a receipt with a vote.

Rows go in with ``bulk_create`` in batches; the content depends only on the seed and the years.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from awards.enums import AwardKind, DisciplineLevel, InitiativeLevel, NominationStatus, RatingValue
from awards.models import (
    Acclamation,
    AwardRecord,
    AwardType,
    Discipline,
    Initiative,
    Nomination,
    NominationVersion,
    Person,
    Rating,
)
from awards.models.nominations import refresh_unit_paths
from bench.scale.campaigns import CHAIR_USERNAME, COUNCIL_USERNAMES, PROVINCE_CODE, ScaleOrganisation, aware, bulk
from campaigns.models import BlockTerm, Movement
from council import ballot_box
from council.enums import ItemResult, ObjectionStatus, RecoveryStatus, RevocationGround, SessionStatus, VoteChoice
from council.models import (
    AgendaItem,
    BallotBox,
    BallotReceipt,
    CouncilSession,
    Decision,
    DecisionEntry,
    HigherProposal,
    Objection,
    SessionMember,
)
from demo.campaigns import vietnamese_name

BIG = 5000  # batch size for the narrow, numerous rows (ratings, award records, ballots)
SESSION_ITEMS = 250  # agenda items per council session
PERSON_RATINGS = [
    (RatingValue.EXCELLENT, 15),
    (RatingValue.GOOD, 55),
    (RatingValue.COMPLETED, 25),
    (RatingValue.NOT_COMPLETED, 5),
]
UNIT_RATINGS = [(RatingValue.EXCELLENT, 30), (RatingValue.GOOD, 50), (RatingValue.COMPLETED, 20)]
# Share of the nominations in each state (percent).
NOMINATION_MIX = [
    (NominationStatus.DRAFT, 15),
    (NominationStatus.SUBMITTED, 15),
    (NominationStatus.RETURNED, 5),
    (NominationStatus.SCREENED, 15),
    (NominationStatus.IN_COUNCIL, 10),
    (NominationStatus.APPROVED, 10),
    (NominationStatus.REJECTED, 5),
    (NominationStatus.DECIDED, 22),
    (NominationStatus.REVOKED, 3),
]
INDIVIDUAL_AWARDS = ["CSTDCS", "GIAY_KHEN", "BK_TINH", "CSTD_TINH", "CSTD_TQ", "BK_TTG"]
COLLECTIVE_AWARDS = ["TTLDXS", "BK_TINH", "GIAY_KHEN", "CO_TINH"]
ABOVE_PROVINCE = {"CSTD_TQ", "BK_TTG"}  # approved ones are proposed to the level above
POSITIONS = ["Chuyên viên", "Giáo viên", "Cán bộ", "Trưởng phòng", "Phó trưởng phòng", "Nhân viên"]


def _pick(rng: random.Random, mix) -> str:
    roll, total = rng.randrange(100), 0
    for value, share in mix:
        total += share
        if roll < total:
            return value
    return mix[-1][0]


@dataclass
class Council:
    office_id: int
    chair_id: int
    member_ids: list[int]  # chair first
    province_id: int
    number: int = 0  # decisions issued so far
    ordinals: dict[int, int] = field(default_factory=dict)  # year -> last số sổ vàng


def build(*, org: ScaleOrganisation, people: int, years: list[int], seed: int) -> dict:
    """Build the awards side; returns the row counts."""
    rng = random.Random(seed + 1)  # noqa: S311 - reproducible test data, not secrets
    counts: dict = {}
    awards = {a.code: a for a in AwardType.objects.all()}
    if not awards:
        raise RuntimeError("awards catalogue is empty: run the migrations first")
    units = org.reporting
    with transaction.atomic():
        persons = bulk(
            Person,
            [
                Person(
                    code=f"sc-p{i + 1}",
                    full_name=vietnamese_name(i),
                    gender=("nam", "nữ")[i % 2],
                    unit=units[i % len(units)],
                    position=POSITIONS[i % len(POSITIONS)],
                    joined_on=datetime.date(years[0] - 1 - i % 25, 1 + i % 12, 1 + i % 28),
                )
                for i in range(people)
            ],
            size=BIG,
        )
    counts["people"] = len(persons)
    person_ids = [p.pk for p in persons]
    unit_of = {p.pk: p.unit_id for p in persons}
    del persons
    _history(person_ids, units, awards, years, rng, counts)
    _disciplines(person_ids, rng, counts)
    _acclamations(org, years, counts)
    council = _council_people(org)
    _nominations(org, council, person_ids, unit_of, awards, years, rng, counts)
    return counts


def _history(person_ids, units, awards, years, rng, counts) -> None:
    """Ratings for every year; LĐTT / TTLĐTT for past years rated HTTNV or better; CSTĐCS with an initiative."""
    past = years[:-1]
    ldtt, cstdcs, ttldtt = awards["LDTT"], awards["CSTDCS"], awards["TTLDTT"]
    counts.update(ratings=0, award_records=0, initiatives=0)
    good = {RatingValue.EXCELLENT, RatingValue.GOOD}
    for year in years:
        with transaction.atomic():
            ratings, records, cstdcs_people = [], [], []
            for i, pk in enumerate(person_ids):
                value = _pick(rng, PERSON_RATINGS)
                ratings.append(Rating(year=year, person_id=pk, rating=value))
                if year in past and value in good:
                    records.append(_record(ldtt, year, person_id=pk))
                    # The year before the current one: CSTĐCS comes from decided nominations.
                    if value == RatingValue.EXCELLENT and i % 3 == 0 and year != past[-1]:
                        records.append(_record(cstdcs, year, person_id=pk))
                        cstdcs_people.append(pk)
            for unit in units:
                value = _pick(rng, UNIT_RATINGS)
                ratings.append(Rating(year=year, unit_id=unit.pk, rating=value))
                if year in past and value in good:
                    records.append(_record(ttldtt, year, unit_id=unit.pk))
            counts["ratings"] += len(bulk(Rating, ratings, size=BIG))
            counts["award_records"] += len(bulk(AwardRecord, records, size=BIG))
            # One initiative (base level) per CSTĐCS of the year, plus one in fifty at province level.
            authors = cstdcs_people + [pk for k, pk in enumerate(person_ids) if k % 50 == 7]
            start = counts["initiatives"]
            initiatives = bulk(
                Initiative,
                [
                    Initiative(
                        code=f"sc-sk{start + k + 1}",
                        title=f"Sáng kiến nâng cao hiệu quả công tác số {start + k + 1}",
                        level=InitiativeLevel.BASE if k < len(cstdcs_people) else InitiativeLevel.PROVINCE,
                        year=year,
                    )
                    for k in range(len(authors))
                ],
                size=BIG,
            )
            through = Initiative.authors.through
            bulk(
                through,
                [through(initiative_id=ini.pk, person_id=pk) for ini, pk in zip(initiatives, authors, strict=True)],
                size=BIG,
            )
            counts["initiatives"] += len(initiatives)


def _record(award_type, year: int, **subject) -> AwardRecord:
    return AwardRecord(
        award_type=award_type,
        year=year,
        kind=AwardKind.MERIT,
        decision_number=f"{100 + year % 100}/QĐ-UBND",
        decision_date=datetime.date(year, 12, 20),
        **subject,
    )


def _disciplines(person_ids, rng, counts) -> None:
    """One person in two hundred was disciplined (ended); one in a thousand has a matter pending."""
    rows = []
    for i, pk in enumerate(person_ids):
        if i % 200 == 13:
            start = datetime.date(2019 + i % 5, 1 + i % 12, 1)
            rows.append(
                Discipline(
                    person_id=pk,
                    level=DisciplineLevel.REPRIMAND,
                    start=start,
                    end=start + datetime.timedelta(days=365),
                )
            )
        elif i % 1000 == 501:
            rows.append(Discipline(person_id=pk, level=DisciplineLevel.WARNING, start=datetime.date(2025, 3, 1)))
    with transaction.atomic():
        counts["disciplines"] = len(bulk(Discipline, rows))


def _acclamations(org, years, counts) -> None:
    """Each block acclaimed its leader of every past year."""
    terms = BlockTerm.objects.filter(block__code__startswith="sc-", year__in=years[:-1]).values_list(
        "block_id", "year", "leader_id"
    )
    with transaction.atomic():
        counts["acclamations"] = len(
            bulk(Acclamation, [Acclamation(block_id=b, year=y, unit_id=u) for b, y, u in terms if u])
        )


def _council_people(org) -> Council:
    User = get_user_model()
    ids = dict(User.objects.filter(username__in=[CHAIR_USERNAME, *COUNCIL_USERNAMES]).values_list("username", "pk"))
    members = [ids[CHAIR_USERNAME], *(ids[name] for name in COUNCIL_USERNAMES)]
    return Council(office_id=org.office_id, chair_id=members[0], member_ids=members, province_id=org.province.pk)


def _nominations(org, council, person_ids, unit_of, awards, years, rng, counts) -> None:
    """Nominations in every state (nine in ten individual), and the council business behind them."""
    total = max(len(NOMINATION_MIX), len(person_ids) * 2 // 5)
    current, previous = years[-1], years[-2] if len(years) > 1 else years[-1] - 1
    movements = dict(Movement.objects.filter(owner__code=PROVINCE_CODE, kind="regular").values_list("year", "pk"))
    n_collective = min(total // 10, len(org.reporting))
    people = rng.sample(person_ids, min(total - n_collective, len(person_ids)))
    collectives = rng.sample([u.pk for u in org.reporting], n_collective)
    rows = []
    for i, subject in enumerate([("p", pk) for pk in people] + [("u", pk) for pk in collectives]):
        # The first nine take each state in turn, so that even tiny data has every state.
        status = NOMINATION_MIX[i][0] if i < len(NOMINATION_MIX) else _pick(rng, NOMINATION_MIX)
        # Decided (and revoked) titles are last year's; everything else is this year's round.
        year = previous if status in (NominationStatus.DECIDED, NominationStatus.REVOKED) else current
        kind, pk = subject
        codes = INDIVIDUAL_AWARDS if kind == "p" else COLLECTIVE_AWARDS
        code = codes[i % len(codes)]
        if status in (NominationStatus.DECIDED, NominationStatus.REVOKED) and code in ABOVE_PROVINCE:
            code = "CSTDCS"  # the province decides these itself
        unit_id = unit_of[pk] if kind == "p" else pk
        rows.append(_nomination(org, awards[code], kind, pk, unit_id, year, status, movements.get(year), rng))
    with transaction.atomic():
        nominations = bulk(Nomination, rows)
        refresh_unit_paths()  # bulk_create skips save(), which copies each unit's path
        counts["nominations"] = len(nominations)
        counts["nominations_by_status"] = {
            s: sum(1 for n in nominations if n.status == s) for s in NominationStatus.values
        }
        returned = [n for n in nominations if n.status == NominationStatus.RETURNED]
        bulk(
            NominationVersion,
            [
                NominationVersion(
                    nomination=n,
                    number=1,
                    snapshot={"letter_number": n.letter_number, "report_achievements": n.report_achievements},
                    submitted_at=n.submitted_at,
                    returned_by_id=council.office_id,
                    comment=n.return_reason,
                )
                for n in returned
            ],
        )
    by_status: dict[str, list[Nomination]] = {}
    for n in nominations:
        by_status.setdefault(n.status, []).append(n)
    with transaction.atomic():
        sessions = _sessions(council, by_status, current, previous, rng, counts)
        _decisions(council, sessions, awards, rng, counts)
        _proposals_and_objections(council, by_status, awards, counts)


def _nomination(org, award_type, kind, pk, unit_id, year, status, movement_id, rng) -> Nomination:
    n = Nomination(
        unit_id=unit_id,
        person_id=pk if kind == "p" else None,
        subject_unit_id=pk if kind == "u" else None,
        award_type=award_type,
        year=year,
        movement_id=movement_id,
        status=status,
        created_by_id=org.heads.get(unit_id),
        letter_number=f"{rng.randrange(1, 300)}/TTr",
        letter_date=datetime.date(year, 11, 1 + rng.randrange(20)),
        letter_signer=vietnamese_name(rng.randrange(10_000)),
        letter_summary=f"Đề nghị tặng {award_type.name} năm {year}.",
        report_situation="Đơn vị, cá nhân hoàn thành tốt nhiệm vụ được giao.",
        report_achievements="Hoàn thành xuất sắc các chỉ tiêu; tích cực tham gia phong trào thi đua.",
        minutes_date=datetime.date(year, 10, 20 + rng.randrange(8)),
        minutes_attendees=20,
        minutes_members=22,
        minutes_votes_for=18 + rng.randrange(3),
        minutes_summary="Hội nghị bình xét thống nhất đề nghị.",
    )
    if status == NominationStatus.DRAFT:
        return n
    n.version = 1
    n.submitted_at = aware(datetime.date(year, 11, 22 + rng.randrange(6)), 9)
    n.submitted_by_id = org.heads.get(unit_id)
    if status == NominationStatus.RETURNED:
        n.return_reason = "Bổ sung biên bản họp bình xét và minh chứng sáng kiến."
        return n
    if status == NominationStatus.SUBMITTED:
        return n
    n.eligible = True
    n.eligibility_reasons = ["đủ điều kiện theo các tiêu chí tự động"]
    n.screened_at = n.submitted_at + datetime.timedelta(days=3)
    n.screened_by_id = org.office_id
    return n


def _chunks(items: list, size: int) -> list[list]:
    return [items[k : k + size] for k in range(0, len(items), size)]


def _sessions(council, by_status, current, previous, rng, counts) -> list[tuple[CouncilSession, list]]:
    """Closed sessions (last year's decided titles, this year's approved and rejected ones), one
    open session being voted, and planned sessions for the rest of the dossiers in council."""
    plans = []  # (title, date, status, nominations)
    decided = by_status.get(NominationStatus.DECIDED, []) + by_status.get(NominationStatus.REVOKED, [])
    for k, chunk in enumerate(_chunks(decided, SESSION_ITEMS)):
        plans.append((previous, datetime.date(previous, 12, 1 + k % 25), SessionStatus.CLOSED, chunk))
    voted = by_status.get(NominationStatus.APPROVED, []) + by_status.get(NominationStatus.REJECTED, [])
    rng.shuffle(voted)
    for k, chunk in enumerate(_chunks(voted, SESSION_ITEMS)):
        plans.append((current, datetime.date(current, 12, 1 + k % 10), SessionStatus.CLOSED, chunk))
    waiting = by_status.get(NominationStatus.IN_COUNCIL, [])
    for k, chunk in enumerate(_chunks(waiting, SESSION_ITEMS)):
        status = SessionStatus.OPEN if k == 0 else SessionStatus.PLANNED
        plans.append((current, datetime.date(current, 12, 15 + k % 10), status, chunk))
    members = council.member_ids
    present = members[:-1]  # the last member is absent at every session
    sessions = bulk(
        CouncilSession,
        [
            CouncilSession(
                body_id=council.province_id,
                title=f"Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh số {k + 1}/{year}",
                date=aware(day, 8),
                place="Phòng họp số 1, UBND tỉnh",
                status=status,
                member_count=len(members),
                present_count=None if status == SessionStatus.PLANNED else len(present),
                quorum_met=None if status == SessionStatus.PLANNED else True,
                planned_by_id=council.office_id,
                opened_at=None if status == SessionStatus.PLANNED else aware(day, 8),
                opened_by_id=None if status == SessionStatus.PLANNED else council.chair_id,
                closed_at=aware(day, 11) if status == SessionStatus.CLOSED else None,
                closed_by_id=council.chair_id if status == SessionStatus.CLOSED else None,
            )
            for k, (year, day, status, _chunk) in enumerate(plans)
        ],
    )
    bulk(
        SessionMember,
        [
            SessionMember(
                session=s,
                user_id=uid,
                is_chair=uid == council.chair_id,
                present=s.opened_at is not None and uid in present,
            )
            for s in sessions
            for uid in members
        ],
    )
    items, tallies = [], []
    for session, (_year, _day, status, chunk) in zip(sessions, plans, strict=True):
        for order, nomination in enumerate(chunk):
            item = AgendaItem(session=session, nomination=nomination, order=order + 1)
            if status == SessionStatus.CLOSED:
                agree = len(present) - 1 if nomination.status != NominationStatus.REJECTED else 2
                item.votes_agree, item.votes_disagree, item.votes_missing = agree, len(present) - agree, 0
                item.base_count = len(present)
                item.rule_text = "quá bán số thành viên có mặt"
                item.result = ItemResult.FAILED if nomination.status == NominationStatus.REJECTED else ItemResult.PASSED
            items.append(item)
            tallies.append(status)
    items = bulk(AgendaItem, items)
    receipts, boxes = [], []
    for item, status in zip(items, tallies, strict=True):
        if status == SessionStatus.PLANNED:
            continue
        if status == SessionStatus.CLOSED:
            # A closed session keeps who voted and the tally on the item; its boxes are gone.
            receipts.extend(BallotReceipt(item=item, member_id=uid) for uid in present)
            continue
        if item.order % 2:  # the open session: about half the items voted on by four members so far
            continue
        voters = present[:4]
        agree = sum(1 for _ in voters if rng.randrange(10))
        receipts.extend(BallotReceipt(item=item, member_id=uid) for uid in voters)
        sealed = ballot_box.seal(item.pk, {VoteChoice.AGREE: agree, VoteChoice.DISAGREE: len(voters) - agree})
        boxes.append(BallotBox(item=item, sealed=sealed))
    bulk(BallotReceipt, receipts, size=BIG)
    bulk(BallotBox, boxes, size=BIG)
    counts.update(
        council_sessions=len(sessions),
        agenda_items=len(items),
        ballot_receipts=len(receipts),
        ballot_boxes=len(boxes),
    )
    return [(s, plan[3]) for s, plan in zip(sessions, plans, strict=True)]


def _decisions(council, sessions, awards, rng, counts) -> None:
    """One decision per closed session with decided titles; an entry and an award record each."""
    decisions, entries, records = [], [], []
    plans = []
    by_pk = {a.pk: a for a in awards.values()}
    for session, chunk in sessions:
        chosen = [n for n in chunk if n.status in (NominationStatus.DECIDED, NominationStatus.REVOKED)]
        if not chosen:
            continue
        council.number += 1
        day = session.date.date() + datetime.timedelta(days=10)
        decisions.append(
            Decision(
                body_id=council.province_id,
                session=session,
                number=f"{council.number}/QĐ-UBND-TĐKT",
                date=day,
                signer_name="Lê Văn Chủ Tịch",
                signer_title="Chủ tịch UBND tỉnh",
                summary=f"Về việc tặng danh hiệu thi đua, hình thức khen thưởng năm {chosen[0].year}",
                issued_by_id=council.office_id,
            )
        )
        plans.append(chosen)
    decisions = bulk(Decision, decisions)
    for decision, chosen in zip(decisions, plans, strict=True):
        for nomination in chosen:
            revoked = nomination.status == NominationStatus.REVOKED
            records.append(
                AwardRecord(
                    person_id=nomination.person_id,
                    unit_id=nomination.subject_unit_id,
                    award_type_id=nomination.award_type_id,
                    year=nomination.year,
                    kind=AwardKind.MERIT,
                    decision_number=decision.number,
                    decision_date=decision.date,
                    revoked=revoked,
                )
            )
    records = bulk(AwardRecord, records, size=BIG)
    records_iter = iter(records)
    for decision, chosen in zip(decisions, plans, strict=True):
        for nomination in chosen:
            record = next(records_iter)
            revoked = nomination.status == NominationStatus.REVOKED
            year = decision.date.year
            council.ordinals[year] = council.ordinals.get(year, 0) + 1
            award_type = by_pk[nomination.award_type_id]
            multiplier = (
                award_type.multiplier_collective if nomination.subject_unit_id else award_type.multiplier_individual
            )
            entries.append(
                DecisionEntry(
                    decision=decision,
                    body_id=council.province_id,
                    nomination=nomination,
                    award_record=record,
                    year=year,
                    ordinal=council.ordinals[year],
                    multiplier=multiplier,
                    base_salary=2_340_000,
                    reward=int(multiplier * 2_340_000) if multiplier else None,
                    token=f"{rng.getrandbits(192):048x}",
                    revoked_at=aware(decision.date + datetime.timedelta(days=60)) if revoked else None,
                    revoked_by_id=council.office_id if revoked else None,
                    revocation_ground=RevocationGround.FALSE_DOSSIER if revoked else "",
                    revocation_note="Hồ sơ kê khai không trung thực." if revoked else "",
                    recovery=RecoveryStatus.TO_RECOVER if revoked else RecoveryStatus.NONE,
                )
            )
    bulk(DecisionEntry, entries)
    counts["decisions"] = len(decisions)
    counts["decision_entries"] = len(entries)
    counts["award_records"] = counts.get("award_records", 0) + len(records)


def _proposals_and_objections(council, by_status, awards, counts) -> None:
    """Approved titles above the province's authority go up; a few noticed ones draw objections."""
    approved = by_status.get(NominationStatus.APPROVED, [])
    high = {awards[c].pk for c in ABOVE_PROVINCE if c in awards}
    proposals = [
        HigherProposal(
            nomination=n,
            from_body_id=council.province_id,
            authority="prime_minister",
            recorded_by_id=None,
        )
        for n in approved
        if n.award_type_id in high
    ]
    bulk(HigherProposal, proposals)
    noticed = [n for n in approved if n.award_type_id not in high]
    objections = [
        Objection(
            nomination=n,
            name=vietnamese_name(5000 + k),
            contact=f"09{k:08d}",
            text="Đề nghị xem xét lại thành tích của cá nhân, tập thể này.",
            status=ObjectionStatus.RESOLVED if k % 3 else ObjectionStatus.OPEN,
            resolution="Đã xác minh, thành tích đúng như hồ sơ." if k % 3 else "",
            resolved_by_id=council.office_id if k % 3 else None,
            resolved_at=aware(datetime.date(n.year, 12, 28)) if k % 3 else None,
        )
        for k, n in enumerate(noticed[::40])
    ]
    bulk(Objection, objections)
    counts["higher_proposals"] = len(proposals)
    counts["objections"] = len(objections)
