"""Pages: permission matrix, constant query counts, export layout, import preview, the htmx verdict."""

import io
import mimetypes
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards import services
from awards.models import DossierFile, Nomination, Person, Rating
from tests.awards.factories import NominationFactory, PersonFactory, award, rate

pytestmark = pytest.mark.django_db
# A spreadsheet offices really exchange, from the project's shared folder beside the repository.
REAL_LIST = next(
    path
    for path in (
        Path(__file__).resolve().parents[2].parent / "shared/real-world/nomination-list-filled.xlsx",
        Path("/work/shared/real-world/nomination-list-filled.xlsx"),
    )
    if path.exists()
)


@pytest.fixture
def person(district):
    p = PersonFactory(code="cb-a1", full_name="Phạm Thị Mai", unit=district.commune)
    rate(p, 2024, "HTXSNV")
    return p


@pytest.fixture
def nomination(person, unit_head):
    return services.nomination_create(actor=unit_head, unit=person.unit, award=award("LDTT"), year=2024, person=person)


def status_of(client_for, who, url, method="get", data=None):
    client = client_for(who)
    response = getattr(client, method)(url, data or {})
    if who == "anonymous" and response.status_code == 302:
        assert "/login" in response["Location"] or "login" in response["Location"]
    return response.status_code


ACTORS = ["anonymous", "unit_head", "stranger", "office", "council_member", "admin"]


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(ACTORS, [302, 200, 404, 200, 200, 200], strict=True)),
)
def test_nomination_detail_permissions(client_for, nomination, who, expected):
    assert status_of(client_for, who, nomination.get_absolute_url()) == expected


@pytest.mark.parametrize(("who", "expected"), list(zip(ACTORS, [302, 200, 404, 403, 403, 200], strict=True)))
def test_nomination_edit_permissions(client_for, nomination, who, expected):
    assert status_of(client_for, who, reverse("awards:nomination_edit", args=[nomination.pk])) == expected


@pytest.mark.parametrize(("who", "expected"), list(zip(ACTORS, [302, 200, 200, 200, 403, 200], strict=True)))
def test_nomination_list_permissions(client_for, nomination, who, expected):
    assert status_of(client_for, who, reverse("awards:nomination_list")) == expected


@pytest.mark.parametrize(("who", "expected"), list(zip(ACTORS, [302, 200, 200, 200, 403, 200], strict=True)))
def test_eligibility_page_permissions(client_for, person, who, expected):
    assert status_of(client_for, who, reverse("awards:eligibility") + "?year=2024") == expected


@pytest.mark.parametrize(("who", "expected"), list(zip(ACTORS, [302, 403, 403, 200, 403, 200], strict=True)))
def test_import_page_permissions(client_for, db, district, who, expected):
    assert status_of(client_for, who, reverse("awards:import")) == expected


@pytest.mark.parametrize(("who", "expected"), list(zip(ACTORS, [302, 200, 404, 200, 200, 200], strict=True)))
def test_person_page_permissions(client_for, person, who, expected):
    assert status_of(client_for, who, reverse("awards:person_detail", args=["cb-a1"])) == expected


@pytest.mark.parametrize(("who", "expected"), list(zip(ACTORS, [302, 302, 404, 403, 403, 302], strict=True)))
def test_submit_permissions(client_for, nomination, who, expected):
    assert status_of(client_for, who, reverse("awards:nomination_submit", args=[nomination.pk]), "post") == expected


@pytest.mark.parametrize(("who", "expected"), list(zip(ACTORS, [302, 403, 404, 302, 403, 302], strict=True)))
def test_screen_permissions(client_for, nomination, unit_head, who, expected):
    services.nomination_update(
        actor=unit_head,
        nomination=nomination,
        data={
            "letter_number": "1/TTr",
            "letter_date": "2024-12-01",
            "letter_summary": "x",
            "report_situation": "x",
            "report_achievements": "x",
            "minutes_date": "2024-12-01",
            "minutes_members": 5,
            "minutes_votes_for": 5,
        },
    )
    services.nomination_submit(actor=unit_head, nomination=nomination)

    assert status_of(client_for, who, reverse("awards:nomination_screen", args=[nomination.pk]), "post") == expected


def test_unit_head_list_shows_only_their_units_nominations(client_for, nomination, district):
    other = PersonFactory(code="cb-b1", full_name="Người Xã B", unit=district.other_commune)
    NominationFactory(person=other)

    own = client_for("unit_head").get(reverse("awards:nomination_list")).content.decode()
    theirs = client_for("stranger").get(reverse("awards:nomination_list")).content.decode()

    assert "Phạm Thị Mai" in own and "Người Xã B" not in own
    assert "Người Xã B" in theirs and "Phạm Thị Mai" not in theirs


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_nomination_list_query_count_is_constant(client_for, district):
    client = client_for("office")
    url = reverse("awards:nomination_list")
    NominationFactory(person=PersonFactory(unit=district.commune))
    one = _queries(client, url)
    for _ in range(19):
        NominationFactory(person=PersonFactory(unit=district.commune))

    assert _queries(client, url) == one


def test_person_list_query_count_is_constant(client_for, district):
    client = client_for("office")
    url = reverse("awards:people")
    PersonFactory(unit=district.commune)
    one = _queries(client, url)
    for _ in range(19):
        PersonFactory(unit=district.other_commune)

    assert _queries(client, url) == one


def _bulk_people(unit, start, count):
    people = Person.objects.bulk_create(
        Person(code=f"p-{i:05d}", full_name=f"Cán bộ {i}", gender="nữ", unit=unit) for i in range(start, start + count)
    )
    Rating.objects.bulk_create(Rating(person=p, year=2024, rating="HTXSNV") for p in people)


def test_eligibility_page_for_1000_people_runs_a_bounded_number_of_queries(client_for, district):
    client = client_for("office")
    url = reverse("awards:eligibility") + "?year=2024"
    _bulk_people(district.commune, 0, 5)
    few = _queries(client, url)

    _bulk_people(district.commune, 5, 995)
    many = _queries(client, url)

    assert many == few
    # The page, the prefilter (each fact of the year read once) and the engine's dozen queries.
    assert many <= 45


def test_eligibility_page_lists_women_first_among_equals(client_for, person, district):
    man = PersonFactory(code="cb-a0", full_name="Hoàng Văn Anh", gender="nam", unit=district.commune)
    rate(man, 2024, "HTXSNV")
    content = client_for("office").get(reverse("awards:eligibility") + "?year=2024&award=LDTT").content.decode()

    assert content.index("Phạm Thị Mai") < content.index("Hoàng Văn Anh")
    assert "ưu tiên cá nhân là nữ" in content


def test_eligibility_page_offers_a_nomination_to_the_head(client_for, person):
    content = client_for("unit_head").get(reverse("awards:eligibility") + "?year=2024&award=LDTT").content.decode()

    assert f"?subject=p:{person.pk}&amp;award=LDTT&amp;year=2024" in content
    assert "Lập hồ sơ đề nghị" in content


def test_eligibility_page_office_sees_reasons_but_no_nominate_button(client_for, person):
    content = client_for("office").get(reverse("awards:eligibility") + "?year=2024&award=LDTT").content.decode()

    assert "cần xếp loại HTTNV trở lên năm 2024: HTXSNV" in content
    assert "Lập hồ sơ đề nghị</a>" not in content


def test_live_eligibility_partial(client_for, person):
    response = client_for("unit_head").get(
        reverse("awards:nomination_check"), {"subject": f"p:{person.pk}", "award": "CSTDCS", "year": "2024"}
    )

    content = response.content.decode()
    assert "Đủ điều kiện theo quy định" in content
    assert "cần HTXSNV, sáng kiến hoặc đề tài khoa học năm 2024: HTXSNV" in content


def test_live_eligibility_partial_hides_other_units_people(client_for, person):
    response = client_for("stranger").get(
        reverse("awards:nomination_check"), {"subject": f"p:{person.pk}", "award": "LDTT", "year": "2024"}
    )

    assert "Chọn đối tượng" in response.content.decode()


def test_start_nomination_from_the_form(client_for, person):
    response = client_for("unit_head").post(
        reverse("awards:nomination_create"), {"subject": f"p:{person.pk}", "award": "LDTT", "year": "2024"}
    )

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:nomination_edit", args=[nomination.pk])
    assert (nomination.unit.code, nomination.person, nomination.created_by.username) == ("xa-a", person, "truong.xa-a")


def test_export_follows_the_layout_offices_send_upward(client_for, nomination):
    real = load_workbook(REAL_LIST, read_only=True)["DANHSACH"]
    real_rows = [[c for c in row if c is not None] for row in real.iter_rows(max_row=3, values_only=True)]

    response = client_for("office").get(reverse("awards:nomination_list") + "?export=xlsx")

    sheet = load_workbook(io.BytesIO(response.content))["DANHSACH"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == real_rows[0][0] == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    assert rows[2][:8] == real_rows[2][:8]
    assert rows[3][:7] == [1, "CANHAN", "Phạm Thị Mai", "Chuyên viên", "Xã A", "Lao động tiên tiến", "Cá nhân"]


def test_timeline_pages_show_history(client_for, person, district):
    response = client_for("unit_head").get(reverse("awards:person_detail", args=["cb-a1"]))
    unit_page = client_for("office").get(reverse("awards:unit_history", args=["xa-a"]))

    assert "Hoàn thành xuất sắc nhiệm vụ (HTXSNV)" in response.content.decode()
    assert unit_page.status_code == 200


def test_nomination_list_filters_by_unit_name_or_code(client_for, district):
    in_a = NominationFactory(person=PersonFactory(unit=district.commune))
    in_b = NominationFactory(person=PersonFactory(unit=district.other_commune))
    client = client_for("office")
    url = reverse("awards:nomination_list")

    by_code = client.get(url, {"unit": "xa-a"}).context["page"].object_list
    by_name = client.get(url, {"unit": "xã b"}).context["page"].object_list
    unfiltered = client.get(url).context["page"].object_list

    assert [n.pk for n in by_code] == [in_a.pk]
    assert [n.pk for n in by_name] == [in_b.pk]
    assert {n.pk for n in unfiltered} == {in_a.pk, in_b.pk}


# --- Dossier files ---------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attach(unit_head, nomination, name="to-trinh.docx", content=None) -> DossierFile:
    uploaded = SimpleUploadedFile(name, docx_bytes() if content is None else content)
    return services.nomination_add_file(actor=unit_head, nomination=nomination, uploaded=uploaded, part="letter")


def file_url(item: DossierFile) -> str:
    return reverse("awards:nomination_file", args=[item.nomination_id, item.pk])


def test_dossier_file_download_content_type_comes_from_the_checked_kind(client_for, nomination, unit_head, monkeypatch):
    item = attach(unit_head, nomination)
    # A host without /etc/mime.types: Python's own table does not know .docx.
    monkeypatch.setattr(mimetypes, "guess_type", mimetypes.MimeTypes().guess_type)

    response = client_for("unit_head").get(file_url(item))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="to-trinh.docx"'
    assert b"".join(response.streaming_content) == docx_bytes()


def test_private_file_response_is_never_cached(nomination, unit_head):
    from songlo.files import private_file_response

    response = private_file_response(attach(unit_head, nomination))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_dossier_file_download_encodes_a_vietnamese_name(client_for, nomination, unit_head):
    item = attach(unit_head, nomination, name="Biên bản họp.pdf", content=b"%PDF-1.4\n%%EOF\n")

    response = client_for("office").get(file_url(item))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf"


def test_dossier_file_download_of_a_file_missing_on_disk_is_404(client_for, nomination, unit_head):
    item = attach(unit_head, nomination)
    item.file.storage.delete(item.file.name)

    assert client_for("unit_head").get(file_url(item)).status_code == 404


def test_dossier_file_download_hidden_from_another_unit(client_for, nomination, unit_head):
    item = attach(unit_head, nomination)

    assert client_for("stranger").get(file_url(item)).status_code == 404


def test_dossier_file_remove_page_deletes_the_stored_file(
    client_for, nomination, unit_head, django_capture_on_commit_callbacks
):
    item = attach(unit_head, nomination)
    storage, name = item.file.storage, item.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("unit_head").post(reverse("awards:nomination_remove_file", args=[nomination.pk, item.pk]))

    assert response.status_code == 302
    assert DossierFile.objects.filter(pk=item.pk).exists() is False
    assert storage.exists(name) is False


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, no attribute values (codes may live in URLs and values)."""
    from html.parser import HTMLParser

    chunks: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data):
            chunks.append(data)

    Text().feed(html)
    return " ".join(chunks)


def test_eligibility_page_names_awards_never_by_code(client_for, person):
    from awards.eligibility import SUGGESTED_AWARDS

    html = client_for("office").get(reverse("awards:eligibility") + "?year=2024&show=all").content.decode()
    text = visible_text(html.split("<tbody", 1)[1])

    assert "Lao động tiên tiến" in text
    shown = {code for code in SUGGESTED_AWARDS if f" {code} " in f" {text} " or f"{code}\n" in text}
    assert shown == set()


def test_dossier_page_names_the_initiatives_ticked(client_for, nomination, person, unit_head):
    """Bug: the initiative ticked in a dossier was saved but the page said "Sáng kiến, đề tài: —"."""
    from awards.models import Initiative

    chosen = Initiative.objects.create(code="SK-MAI", title="Số hoá hồ sơ một cửa", level="co_so", year=2024)
    chosen.authors.add(person)
    services.nomination_update(actor=unit_head, nomination=nomination, data={"initiatives": [chosen]})

    text = visible_text(client_for("unit_head").get(nomination.get_absolute_url()).content.decode())

    assert "Số hoá hồ sơ một cửa" in text
    assert "Sáng kiến, đề tài —" not in " ".join(text.split())


def test_the_office_screens_several_dossiers_at_once(client_for, district):
    eligible = PersonFactory(code="cb-du", full_name="Người Đủ", unit=district.commune)
    rate(eligible, 2024, "HTXSNV")
    not_yet = PersonFactory(code="cb-chua", full_name="Người Chưa", unit=district.commune)
    ok = NominationFactory(person=eligible, award_type=award("LDTT"), year=2024, status="submitted")
    needs_reason = NominationFactory(person=not_yet, award_type=award("LDTT"), year=2024, status="submitted")
    url = reverse("awards:nomination_screen_many")

    listing = client_for("office").get(reverse("awards:nomination_list")).content.decode()
    head = client_for("unit_head").post(url, {"nominations": [ok.pk]})
    done = client_for("office").post(url, {"nominations": [ok.pk, needs_reason.pk]}, follow=True).content.decode()

    ok.refresh_from_db()
    needs_reason.refresh_from_db()
    assert 'data-testid="screen-many"' in listing
    assert head.status_code == 403
    assert (ok.status, needs_reason.status) == ("screened", "submitted")
    assert "Đã xác nhận 1 hồ sơ hợp lệ." in done
    assert "ghi rõ lý do" in done
