"""Bundles (tờ trình) of proposals to the higher level: grouping, transitions, downloads, the
import of the higher level's decision list, scope and query counts."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import Workbook, load_workbook

from accounts.models import AuditEvent
from awards.enums import NominationStatus
from awards.models import AwardRecord, DossierFile
from council import bundles, services
from council.enums import BundleStatus, ProposalStatus
from council.models import BundleLine, HigherProposal
from organisation.enums import Role
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.council.helpers import screened
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

REAL_LIST = "/work/shared/real-world/nomination-list-filled.xlsx"
SENT = datetime.date(2025, 4, 2)


def proposal(body, unit, code="BK_TINH", authority="province_chair", name=None):
    nomination = screened(unit, code)
    nomination.status = NominationStatus.APPROVED
    nomination.save(update_fields=["status"])
    if name:
        nomination.person.full_name = name
        nomination.person.save(update_fields=["full_name"])
    return HigherProposal.objects.create(nomination=nomination, from_body=body, authority=authority)


@pytest.fixture
def drafted(district, office):
    proposal(district.district, district.commune, name="Ngô Thị Nga")
    proposal(district.district, district.other_commune, name="Trần Văn Đồng")
    proposal(district.district, district.commune, code="BK_TTG", authority="prime_minister", name="Lê Văn Hải")
    return services.bundle_create(actor=office, body=district.district)


def province_bundle(bundles_):
    return next(b for b in bundles_ if b.authority == "province_chair")


def test_bundle_create_groups_pending_proposals_by_authority(drafted, district, office):
    assert sorted((b.authority, b.status, b.lines.count()) for b in drafted) == [
        ("prime_minister", BundleStatus.DRAFTED, 1),
        ("province_chair", BundleStatus.DRAFTED, 2),
    ]
    assert AuditEvent.objects.filter(action="council.bundle_create").count() == 2
    # Everything pending is carried now: nothing more to draft.
    with pytest.raises(DomainError, match="Không có hồ sơ nào đang chờ trình cấp trên"):
        services.bundle_create(actor=office, body=district.district)


def test_send_receive_and_refusals(drafted, office):
    bundle = province_bundle(drafted)
    with pytest.raises(DomainError, match="Nhập số và ngày"):
        services.bundle_send(actor=office, bundle=bundle, number=" ", date=SENT)
    with pytest.raises(InvalidTransition):
        services.bundle_mark_received(actor=office, bundle=bundle, date=SENT)

    services.bundle_send(actor=office, bundle=bundle, number="12/TTr-UBND", date=SENT)
    with pytest.raises(InvalidTransition):
        services.bundle_send(actor=office, bundle=bundle, number="13/TTr-UBND", date=SENT)
    with pytest.raises(DomainError, match="Ngày nhận phải từ ngày gửi"):
        services.bundle_mark_received(actor=office, bundle=bundle, date=SENT - datetime.timedelta(days=1))
    services.bundle_mark_received(actor=office, bundle=bundle, date=SENT + datetime.timedelta(days=3))

    bundle.refresh_from_db()
    assert (bundle.status, bundle.number, bundle.sent_on, bundle.received_on) == (
        BundleStatus.RECEIVED,
        "12/TTr-UBND",
        SENT,
        datetime.date(2025, 4, 5),
    )
    assert AuditEvent.objects.filter(action__in=["council.bundle_send", "council.bundle_received"]).count() == 2


def test_returned_line_goes_into_the_next_bundle(drafted, district, office):
    bundle = province_bundle(drafted)
    line = bundle.lines.order_by("order").first()
    with pytest.raises(InvalidTransition, match="tờ trình đã gửi"):
        services.proposal_return(actor=office, line=line, reason="Thiếu báo cáo")
    services.bundle_send(actor=office, bundle=bundle, number="12/TTr-UBND", date=SENT)
    with pytest.raises(DomainError, match="lý do"):
        services.proposal_return(actor=office, line=line, reason="  ")

    services.proposal_return(actor=office, line=line, reason="Thiếu báo cáo thành tích có xác nhận")
    with pytest.raises(InvalidTransition, match="đã được ghi nhận trả lại"):
        services.proposal_return(actor=office, line=line, reason="Lần nữa")

    later = services.bundle_create(actor=office, body=district.district)
    assert [(b.authority, list(b.lines.values_list("proposal_id", flat=True))) for b in later] == [
        ("province_chair", [line.proposal_id])
    ]
    line.refresh_from_db()
    assert line.returned_reason == "Thiếu báo cáo thành tích có xác nhận"
    assert bundle.lines.filter(returned_at__isnull=True).count() == 1


def test_only_the_office_of_the_body_manages_bundles(drafted, district, office, chair, unit_head):
    bundle = province_bundle(drafted)
    other_office = UserFactory(username="vanphong.xa-b")
    MembershipFactory(user=other_office, unit=district.other_commune, role=Role.OFFICE)
    for actor in (chair, unit_head, other_office):
        with pytest.raises(NotAllowed):
            services.bundle_send(actor=actor, bundle=bundle, number="1/TTr", date=SENT)
        with pytest.raises(NotAllowed):
            services.bundle_create(actor=actor, body=district.district)


# Downloads ---------------------------------------------------------------------------------------
def test_list_xlsx_has_the_provinces_layout(drafted):
    real = load_workbook(REAL_LIST).worksheets[0]
    data = bundles.list_xlsx(province_bundle(drafted))

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A1"].value == real["A1"].value
    assert [c.value for c in sheet[3]] == [c.value for c in real[3]]
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:F1"]
    body = [row[:3] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert body == [(1, "CANHAN", "Ngô Thị Nga"), (2, "CANHAN", "Trần Văn Đồng")]


def test_docx_opens_with_the_bundles_text(drafted, office):
    bundle = province_bundle(drafted)
    services.bundle_send(actor=office, bundle=bundle, number="12/TTr-UBND", date=SENT)

    document = Document(io.BytesIO(bundles.bundle_docx(bundle)))

    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "TỜ TRÌNH" in text and "Kính gửi: Ủy ban nhân dân tỉnh." in text
    assert "Số: 12/TTr-UBND" in cells and "Ngô Thị Nga" in cells
    assert document.sections[0].page_width.mm == pytest.approx(210, abs=0.5)


def test_zip_lists_each_lines_files_named_as_offices_do(drafted, office, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    bundle = province_bundle(drafted)
    first, second = [line.proposal.nomination for line in bundle.lines.order_by("order")]
    for nomination, name in ((first, "bao-cao.pdf"), (first, "bien-ban.pdf"), (second, "bao-cao.pdf")):
        DossierFile.store(SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"), uploaded_by=office, nomination=nomination)

    response = bundles.dossier_zip(bundle)

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "1 - Ngô Thị Nga - bao-cao.pdf",
        "1 - Ngô Thị Nga - bien-ban.pdf",
        "2 - Trần Văn Đồng - bao-cao.pdf",
    ]
    assert archive.read("2 - Trần Văn Đồng - bao-cao.pdf").startswith(b"%PDF")


# The higher level's decision list -------------------------------------------------------------
def decision_list(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH KHEN THƯỞNG"])
    sheet.append(["STT", "Họ và tên", "Đơn vị", "Danh hiệu, hình thức"])
    for n, row in enumerate(rows, start=1):
        sheet.append([n, *row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_matches_any_spelling_and_records_outcomes(client, drafted, district, office):
    bundle = province_bundle(drafted)
    services.bundle_send(actor=office, bundle=bundle, number="12/TTr-UBND", date=SENT)
    client.force_login(office)
    url = reverse("council:bundle_import", args=[bundle.pk])
    award_name = HigherProposal.objects.get(nomination__person__full_name="Ngô Thị Nga").nomination.award_type.name
    data = decision_list([("NGO THI NGA", "xã a", award_name.upper()), ("Người Lạ", "", "")])

    review = client.post(
        url, {"number": "55/QĐ-UBND", "date": "10/05/2025", "file": SimpleUploadedFile("q.xlsx", data)}
    )

    assert review.status_code == 200
    matched = [m.line.proposal.nomination.person.full_name for m in review.context["matched"]]
    assert matched == ["Ngô Thị Nga"]
    assert [m.name for m in review.context["matches"] if m.line is None] == ["Người Lạ"]
    assert not AwardRecord.objects.filter(decision_number="55/QĐ-UBND").exists()  # nothing until confirmed

    line = review.context["matched"][0].line
    confirm = client.post(url, {"number": "55/QĐ-UBND", "date": "10/05/2025", "line": [line.pk]})

    assert confirm.status_code == 302
    record = AwardRecord.objects.get(decision_number="55/QĐ-UBND")
    assert (record.person.full_name, record.decision_date, record.award_type.code) == (
        "Ngô Thị Nga",
        datetime.date(2025, 5, 10),
        "BK_TINH",
    )
    line.proposal.refresh_from_db()
    assert line.proposal.status == ProposalStatus.AWARDED
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.SENT  # one line still waits


def test_bundle_is_decided_when_every_carried_line_has_its_outcome(drafted, office):
    bundle = province_bundle(drafted)
    services.bundle_send(actor=office, bundle=bundle, number="12/TTr-UBND", date=SENT)
    first, second = bundle.lines.order_by("order")
    services.proposal_return(actor=office, line=first, reason="Thiếu hồ sơ")
    with pytest.raises(DomainError, match="không thuộc tờ trình"):
        services.bundle_record_outcomes(
            actor=office, bundle=bundle, proposals=[first.proposal], number="1", date=datetime.date(2025, 5, 10)
        )
    services.bundle_record_outcomes(
        actor=office, bundle=bundle, proposals=[second.proposal], number="55/QĐ-UBND", date=datetime.date(2025, 5, 10)
    )

    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.DECIDED
    with pytest.raises(InvalidTransition, match="đã gửi, chưa có quyết định"):
        services.bundle_record_outcomes(
            actor=office, bundle=bundle, proposals=[second.proposal], number="1", date=datetime.date(2025, 5, 10)
        )


def test_import_of_a_file_that_is_not_a_workbook_is_refused(client, drafted, office):
    bundle = province_bundle(drafted)
    services.bundle_send(actor=office, bundle=bundle, number="12/TTr-UBND", date=SENT)
    client.force_login(office)
    response = client.post(
        reverse("council:bundle_import", args=[bundle.pk]),
        {"number": "55/QĐ-UBND", "date": "10/05/2025", "file": SimpleUploadedFile("q.xlsx", b"not a workbook")},
        follow=True,
    )
    assert "không phải bảng tính" in response.content.decode()
    assert not AwardRecord.objects.filter(decision_number="55/QĐ-UBND").exists()


# Pages: scope and queries ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["bundle_detail", "bundle_docx", "bundle_xlsx", "bundle_zip"])
def test_pages_are_scoped_to_the_office_of_the_body(client, drafted, district, unit_head, name, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    bundle = province_bundle(drafted)
    url = reverse(f"council:{name}", args=[bundle.pk])
    other_office = UserFactory(username="vanphong.khac")
    MembershipFactory(user=other_office, unit=OrgUnitFactory(code="huyen-khac"), role=Role.OFFICE)
    for user in (other_office, unit_head):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(district_office := UserFactory(username="vanphong2"))
    MembershipFactory(user=district_office, unit=district.district, role=Role.OFFICE)
    assert client.get(url).status_code == 200


def test_list_page_refuses_a_unit_head(client, unit_head):
    client.force_login(unit_head)
    assert client.get(reverse("council:bundle_list")).status_code == 403


def test_pages_queries_constant_in_the_number_of_lines(client, district, office):
    client.force_login(office)

    def counts():
        bundle = services.bundle_create(actor=office, body=district.district)[0]
        found = []
        for name in ("bundle_detail", "bundle_xlsx", "bundle_docx", "bundle_zip"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"council:{name}", args=[bundle.pk])).status_code == 200
            found.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("council:bundle_list")).status_code == 200
        found.append(len(queries))
        return found

    proposal(district.district, district.commune)
    few = counts()
    for _ in range(6):
        proposal(district.district, district.commune)
    many = counts()
    assert few == many


def test_demo_has_a_bundle_sent_to_the_province_with_one_line_returned(demo):
    from council.models import ProposalBundle

    bundle = ProposalBundle.objects.get(number="08/TTr-UBND")
    lines = list(bundles.lines_of(bundle))
    assert (bundle.status, bundle.authority, len(lines)) == (BundleStatus.SENT, "province_chair", 2)
    returned = {line.proposal.nomination.person.code: bool(line.returned_reason) for line in lines}
    assert returned == {"tam-son-01": False, "bach-luu-01": True}
    # The documents stay those of the bundle as sent; the import matches only the line still carried.
    assert [r.order for r in bundles.rows(bundle)] == [1, 2]
    names = [(line.proposal.nomination.person.full_name, "", "") for line in lines]
    matched = [m.line.proposal.nomination.person.code for m in bundles.match_decision_list(bundle, names) if m.line]
    assert matched == ["tam-son-01"]


def test_page_flow_create_send_return_and_refusal_messages(client, district, office):
    proposal(district.district, district.commune, name="Ngô Thị Nga")
    client.force_login(office)

    created = client.post(reverse("council:bundle_create"), {"body": district.district.pk})
    detail = created.url
    bundle_pk = int(detail.rstrip("/").rsplit("/", 1)[1])
    client.post(reverse("council:bundle_send", args=[bundle_pk]), {"number": "", "date": "10/01/2025"})
    assert BundleLine.objects.get(bundle_id=bundle_pk).bundle.status == BundleStatus.DRAFTED
    client.post(reverse("council:bundle_send", args=[bundle_pk]), {"number": "08/TTr-UBND", "date": "10/01/2025"})
    line = BundleLine.objects.get(bundle_id=bundle_pk)
    empty = client.post(reverse("council:bundle_line_return", args=[bundle_pk, line.pk]), {"reason": ""}, follow=True)
    assert "Nhập lý do cấp trên trả lại hồ sơ." in empty.content.decode()
    client.post(reverse("council:bundle_line_return", args=[bundle_pk, line.pk]), {"reason": "Thiếu tệp"})

    line.refresh_from_db()
    line.bundle.refresh_from_db()
    assert (line.bundle.status, line.bundle.number, line.returned_reason) == (
        BundleStatus.SENT,
        "08/TTr-UBND",
        "Thiếu tệp",
    )
    page = client.get(reverse("council:bundle_list")).content.decode()
    assert "08/TTr-UBND" in page and f'value="{district.district.pk}"' in page  # the returned dossier can go again


def test_another_office_cannot_post_to_a_bundle(client, drafted, district):
    bundle = province_bundle(drafted)
    other_office = UserFactory(username="vanphong.khac")
    MembershipFactory(user=other_office, unit=OrgUnitFactory(code="huyen-khac"), role=Role.OFFICE)
    client.force_login(other_office)

    for name, data in (("bundle_send", {"number": "1", "date": "10/01/2025"}), ("bundle_import", {"number": "1"})):
        assert client.post(reverse(f"council:{name}", args=[bundle.pk]), data).status_code == 404
    assert client.post(reverse("council:bundle_create"), {"body": district.district.pk}).status_code == 404
    bundle.refresh_from_db()
    assert bundle.status == BundleStatus.DRAFTED
