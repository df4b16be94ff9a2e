"""Text is stored NFC and trimmed whichever way it comes in; codes collide whatever their case or form."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import QueryDict
from django.urls import reverse

from accounts.models import User
from awards.enums import Gender
from awards.models import Person
from campaigns.models import Movement
from council import services as council_services
from council.models import Decision
from organisation.models import OrgUnit
from songlo.exceptions import DomainError
from songlo.text import fold, normalise, normalise_stored_text, normalised_querydict
from tests.awards.factories import PersonFactory
from tests.council.helpers import council, item_of, notice_over, opened, screened, vote_all
from tests.factories import OrgUnitFactory, UserFactory


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


NAME = "Ngô Thị Nga"  # as typed here: NFC
DECOMPOSED = nfd(NAME)


def test_decomposed_and_precomposed_names_differ_until_normalised():
    assert (DECOMPOSED == NAME, len(DECOMPOSED), len(NAME)) == (False, 13, 11)
    assert normalise(f"  {DECOMPOSED}\t\n") == NAME
    assert fold(nfd("NGÔ THỊ NGA")) == fold(NAME) == "ngô thị nga"


# Saving -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_orm_save_stores_nfc_trimmed_text(district):
    person = Person.objects.create(
        code=" cb-01 ", full_name=f" {DECOMPOSED}  ", gender=Gender.FEMALE, unit=district.commune
    )

    stored = Person.objects.filter(pk=person.pk).values_list("code", "full_name").get()
    assert stored == ("cb-01", NAME)
    assert (person.code, person.full_name) == ("cb-01", NAME)


@pytest.mark.django_db
def test_save_with_update_fields_normalises_only_those_fields(district):
    person = PersonFactory(unit=district.commune, position="Chuyên viên")
    person.full_name, person.position = DECOMPOSED, nfd(" Kế toán ")

    person.save(update_fields=["full_name"])

    assert Person.objects.values_list("full_name", "position").get(pk=person.pk) == (NAME, "Chuyên viên")
    assert person.position == nfd(" Kế toán ")


@pytest.mark.django_db
def test_password_hash_is_stored_verbatim():
    user = UserFactory(username="nga", full_name=f"{DECOMPOSED} ")
    user.password = " not-a-hash "  # a value no hasher makes: seen untouched
    user.save()

    assert type(user).objects.values_list("full_name", "password").get(pk=user.pk) == (NAME, " not-a-hash ")


@pytest.mark.django_db
def test_unit_code_is_normalised_before_its_tree_path_is_built(district):
    unit = OrgUnitFactory(code=" thon-a2 ", name=nfd("Thôn A2"), parent=district.commune)

    unit.refresh_from_db()
    assert (unit.code, unit.path, unit.name) == ("thon-a2", "/huyen-thu/xa-a/thon-a2/", "Thôn A2")


@pytest.mark.django_db
def test_import_stores_decomposed_names_nfc(district, tmp_path):
    # The importer writes through the ORM: pre_save covers it whatever the importer itself does.
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "people.csv").write_text(
        "code,full_name,gender,unit_code,position,joined_on\n"
        f"cb-nga,{DECOMPOSED},nữ,xa-a,{nfd('Kế toán')},2015-01-01\n",
        encoding="utf-8",
    )

    call_command("import_data", str(folder), stdout=io.StringIO())

    assert Person.objects.values_list("code", "full_name", "gender", "position").get() == (
        "cb-nga",
        NAME,
        "nữ",
        "Kế toán",
    )


# Forms and the admin --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_page_form_stores_decomposed_input_nfc_and_trimmed(district, client_for, office):
    response = client_for("office").post(
        reverse("campaigns:movement_create"),
        {
            "title": nfd("  Xây dựng nông thôn mới  "),
            "kind": "thematic",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-name": nfd(" Số tiêu chí đạt "),
            "targets-0-measure": nfd("tiêu chí"),
        },
    )

    movement = Movement.objects.get(owner=district.district)
    assert response.status_code == 302
    assert (movement.title, list(movement.targets.values_list("name", "measure"))) == (
        "Xây dựng nông thôn mới",
        [("Số tiêu chí đạt", "tiêu chí")],
    )


def _admin_person(admin_client, unit, **fields):
    data = {"code": "", "full_name": "", "gender": Gender.FEMALE, "unit": unit.pk, "position": "", "joined_on": ""}
    return admin_client.post(reverse("admin:awards_person_add"), {**data, **fields})


@pytest.mark.django_db
def test_admin_stores_decomposed_input_nfc_and_trimmed(admin_client, district):
    response = _admin_person(
        admin_client, district.commune, code=nfd(" Nga.NT "), full_name=f"  {DECOMPOSED} ", position=nfd("Kế toán ")
    )

    assert response.status_code == 302
    assert list(Person.objects.values_list("code", "full_name", "position")) == [("Nga.NT", NAME, "Kế toán")]


@pytest.mark.django_db
def test_admin_refuses_a_code_that_differs_only_by_case_and_unicode_form(admin_client, district):
    PersonFactory(code=NAME, unit=district.commune)

    response = _admin_person(admin_client, district.commune, code=nfd("NGÔ THỊ NGA"), full_name=DECOMPOSED)

    assert response.status_code == 200
    assert "Mã cá nhân này đã được dùng (không phân biệt chữ hoa, chữ thường)." in response.content.decode()
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_model_validation_refuses_the_same_code_in_another_case_and_form(district):
    PersonFactory(code=NAME, unit=district.commune)
    twin = Person(code=nfd("ngô THỊ nga"), full_name=NAME, gender=Gender.FEMALE, unit=district.commune)

    with pytest.raises(ValidationError) as refused:
        twin.full_clean()

    assert refused.value.messages == ["Mã cá nhân này đã được dùng (không phân biệt chữ hoa, chữ thường)."]


@pytest.mark.django_db
def test_database_refuses_the_same_code_in_another_case_and_form(district):
    PersonFactory(code=NAME, unit=district.commune)

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(code=nfd("NGÔ THỊ NGA"), unit=district.commune)


@pytest.mark.django_db
def test_unit_code_in_another_case_collides_in_the_admin(admin_client, district):
    response = admin_client.post(
        reverse("admin:organisation_orgunit_add"),
        {"code": "XA-A", "name": "Xã A trùng", "kind": "commune", "parent": district.district.pk},
    )

    assert response.status_code == 200
    assert "Mã đơn vị này đã được dùng (không phân biệt chữ hoa, chữ thường)." in response.content.decode()


@pytest.mark.django_db
def test_decision_number_in_another_case_and_form_is_already_used(district, office, chair):
    nominations = [screened(district.commune, "LDTT") for _ in range(2)]
    members = council(district.district, chair, 3)
    session = opened(office, chair, district.district, nominations, members)
    for nomination in nominations:
        vote_all(item_of(session, nomination), members, 3)
    notice_over(council_services.session_close(actor=chair, session=session))

    def issue(nomination, number):
        return council_services.decision_issue(
            actor=office,
            body=district.district,
            session=None,
            number=number,
            date=datetime.date(2025, 3, 20),
            signer_name="Nguyễn Văn Chủ",
            signer_title="Chủ tịch",
            summary="Về việc tặng danh hiệu",
            nominations=[nomination],
        )

    issue(nominations[0], "125/QĐ-UBND")
    with pytest.raises(DomainError, match="đã được dùng"):
        issue(nominations[1], nfd(" 125/qđ-ubnd "))

    assert list(Decision.objects.values_list("number", flat=True)) == ["125/QĐ-UBND"]


# Requests --------------------------------------------------------------------------------------------
def test_request_data_is_made_nfc_except_passwords():
    data = QueryDict(mutable=True)
    data.setlist("q", [DECOMPOSED, NAME])
    data["new_password1"] = DECOMPOSED

    result = normalised_querydict(data)

    assert (result.getlist("q"), result["new_password1"]) == ([NAME, NAME], DECOMPOSED)


def test_clean_request_data_is_left_as_it_is():
    data = QueryDict("q=abc&name=Ng%C3%B4")

    assert normalised_querydict(data) is data


@pytest.mark.django_db
def test_search_typed_decomposed_finds_the_precomposed_name(admin_client, district):
    PersonFactory(code="cb-nga", full_name=NAME, unit=district.commune)

    response = admin_client.get(reverse("admin:awards_person_changelist"), {"q": DECOMPOSED})

    assert "cb-nga" in response.content.decode()


# Existing rows ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_normalising_stored_text_writes_only_the_rows_that_change(district):
    clean = [PersonFactory(unit=district.commune) for _ in range(3)]
    dirty = PersonFactory(unit=district.commune)
    Person.objects.filter(pk=dirty.pk).update(full_name=f" {DECOMPOSED} ", position=nfd("Kế toán"))

    changed = normalise_stored_text([Person])
    again = normalise_stored_text([Person])

    assert (changed, again) == (1, 0)
    assert Person.objects.values_list("full_name", "position").get(pk=dirty.pk) == (NAME, "Kế toán")
    assert [Person.objects.get(pk=p.pk).full_name for p in clean] == [p.full_name for p in clean]


BEFORE_TEXT = [
    ("accounts", "0002_must_change_password_two_factor_policy"),
    ("organisation", "0001_initial"),
    ("campaigns", "0008_stage_closed"),
    ("awards", "0008_legal_version_quorum_floor"),
    ("council", "0002_ballot_box"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_data_migration_normalises_existing_rows():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE_TEXT).loader.project_state(BEFORE_TEXT).apps
        unit = old.get_model("organisation", "OrgUnit").objects.create(
            code="xa-nfd", name=nfd(" Xã Đồng Tâm "), kind="commune", path="/xa-nfd/", depth=0
        )
        old.get_model("awards", "Person").objects.create(
            code=nfd("Nga.NT "), full_name=DECOMPOSED, gender=Gender.FEMALE, unit_id=unit.pk
        )
        old.get_model("accounts", "User").objects.create(username="nga", full_name=nfd("Ngô Thị Nga\n"), password="!x")
    finally:
        _migrate(latest)

    assert Person.objects.values_list("code", "full_name", "unit__name").get() == ("Nga.NT", NAME, "Xã Đồng Tâm")
    assert User.objects.values_list("full_name", "password").get(username="nga") == (NAME, "!x")


@pytest.mark.django_db(transaction=True)
def test_data_migration_stops_on_codes_that_differ_only_by_case():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE_TEXT).loader.project_state(BEFORE_TEXT).apps
        for code in ("xa-c", "XA-C"):
            old.get_model("organisation", "OrgUnit").objects.create(
                code=code, name="Xã C", kind="commune", path=f"/{code}/", depth=0
            )
        with pytest.raises(ValueError, match=r"organisation\.orgunit\.code: values that differ only by case"):
            _migrate(latest)
        old.get_model("organisation", "OrgUnit").objects.filter(code="XA-C").delete()
    finally:
        _migrate(latest)

    assert list(OrgUnit.objects.values_list("code", flat=True)) == ["xa-c"]
