"""The import's scope, the unit tree's integrity and the import's trace.

An office imports only inside its own subtree; the command line may import anything but never
a cycle or a broken path; every written import is audited with each record it created or changed.
"""

import unicodedata

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from awards.importer import ImportProblems, run_import
from awards.models import AwardRecord, Discipline, Household, Initiative, Person, Rating
from awards.selectors import import_scope
from organisation.admin import OrgUnitResource
from organisation.audit import UNIT_MOVE
from organisation.enums import Role, UnitKind
from organisation.models import PATH_SEP, OrgUnit
from organisation.selectors import units_for_user
from tests.awards.factories import PersonFactory, initiative
from tests.awards.test_import import write_csvs
from tests.factories import EmulationBlockFactory, MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

UNITS = ["code", "name", "kind", "parent_code", "block_code", "valid_from", "valid_to", "successor_code"]
PEOPLE = ["code", "full_name", "gender", "unit_code", "position", "joined_on"]
RATINGS = ["year", "subject_code", "rating"]


@pytest.fixture
def tree(db):
    """tinh > huyen > {xa-a > thon-a1, tt}; tinh > huyen-k > xa-k. The office is huyen's."""
    tinh = OrgUnitFactory(code="tinh", name="Tỉnh Thử", kind=UnitKind.PROVINCE)
    huyen = OrgUnitFactory(code="huyen", name="Huyện Thử", kind=UnitKind.DISTRICT, parent=tinh)
    xa_a = OrgUnitFactory(code="xa-a", name="Xã A", parent=huyen)
    OrgUnitFactory(code="thon-a1", name="Thôn A1", kind=UnitKind.VILLAGE, parent=xa_a)
    OrgUnitFactory(code="tt", name="Thị trấn Thử", kind=UnitKind.TOWNSHIP, parent=huyen)
    huyen_k = OrgUnitFactory(code="huyen-k", name="Huyện Khác", kind=UnitKind.DISTRICT, parent=tinh)
    xa_k = OrgUnitFactory(code="xa-k", name="Xã K", parent=huyen_k)
    EmulationBlockFactory(code="cum-huyen", owner=huyen)
    EmulationBlockFactory(code="cum-tinh", owner=tinh)
    PersonFactory(code="cb-a", full_name="Lê Văn A", unit=xa_a)
    PersonFactory(code="cb-k", full_name="Trần Thị K", unit=xa_k)
    Household.objects.create(code="ho-k", head_name="Phạm Văn K", unit=xa_k)
    return tinh


def _user(username, unit_code, role=Role.OFFICE):
    user = UserFactory(username=username)
    MembershipFactory(user=user, unit=OrgUnit.objects.get(code=unit_code), role=role)
    return user


@pytest.fixture
def office(tree):
    return _user("vanphong.huyen", "huyen")


@pytest.fixture
def other_office(tree):
    return _user("vanphong.huyen-k", "huyen-k")


def snapshot():
    def rows(qs):
        return sorted(tuple("" if v is None else str(v) for v in row) for row in qs)

    return {
        "units": rows(OrgUnit.objects.values_list("code", "name", "parent__code", "path", "successor__code")),
        "blocks": rows(OrgUnit.objects.values_list("code", "blocks__code")),
        "people": rows(Person.objects.values_list("code", "full_name", "unit__code")),
        "households": rows(Household.objects.values_list("code", "unit__code")),
        "ratings": rows(Rating.objects.values_list("year", "person__code", "unit__code", "rating")),
        "initiatives": rows(Initiative.objects.values_list("code", "title", "authors__code")),
        "awards": rows(AwardRecord.objects.values_list("year", "award_type__code", "person__code", "unit__code")),
        "disciplines": rows(Discipline.objects.values_list("person__code", "unit__code", "level")),
        "audit": AuditEvent.objects.count(),
    }


def office_import(tmp_path, user, sheets, **kwargs):
    return run_import(write_csvs(tmp_path / "data", sheets), actor=user, scope=import_scope(user), **kwargs)


def assert_paths_right():
    """Every unit's path is its parent's path and its own code."""
    for unit in OrgUnit.objects.select_related("parent"):
        parent_path = unit.parent.path if unit.parent else PATH_SEP
        assert unit.path == f"{parent_path}{unit.code}{PATH_SEP}", unit.code
        assert unit.depth == unit.path.count(PATH_SEP) - 2, unit.code


# Scope of an office's import --------------------------------------------------------------------
OUTSIDE = "không thuộc phạm vi quản lý của bạn"


@pytest.mark.parametrize(
    ("sheets", "problems"),
    [
        (
            {"units": [UNITS, ["xa-k", "Xã K đổi tên", "commune", "huyen-k", "", "", "", ""]]},
            [f"units, dòng 2, cột code: “xa-k” {OUTSIDE}", f"units, dòng 2, cột parent_code: “huyen-k” {OUTSIDE}"],
        ),
        (
            {"units": [UNITS, ["xa-moi", "Xã Mới", "commune", "huyen-k", "", "", "", ""]]},
            [f"units, dòng 2, cột parent_code: “huyen-k” {OUTSIDE}"],
        ),
        (
            {"units": [UNITS, ["xa-moi", "Xã Mới", "commune", "", "", "", "", ""]]},
            ["units, dòng 2, cột parent_code: cần một đơn vị cấp trên thuộc phạm vi quản lý của bạn"],
        ),
        (
            {"units": [UNITS, ["tt", "Thị trấn Thử", "township", "xa-k", "", "", "", ""]]},
            [f"units, dòng 2, cột parent_code: “xa-k” {OUTSIDE}"],
        ),
        (
            {"units": [UNITS, ["huyen", "Huyện Đổi Tên", "district", "tinh", "", "", "", ""]]},
            [
                "units, dòng 2, cột code: “huyen” là đơn vị gốc trong phạm vi của bạn: không sửa bằng tệp nhập",
                f"units, dòng 2, cột parent_code: “tinh” {OUTSIDE}",
            ],
        ),
        (
            {"units": [UNITS, ["tinh", "Tỉnh Đổi Tên", "province", "", "", "", "", ""]]},
            [
                f"units, dòng 2, cột code: “tinh” {OUTSIDE}",
                "units, dòng 2, cột parent_code: cần một đơn vị cấp trên thuộc phạm vi quản lý của bạn",
            ],
        ),
        (
            {"units": [UNITS, ["xa-a", "Xã A", "commune", "huyen", "cum-tinh", "", "", ""]]},
            [f"units, dòng 2, cột block_code: “cum-tinh” {OUTSIDE}"],
        ),
        (
            {"units": [UNITS, ["xa-a", "Xã A", "commune", "huyen", "", "", "", "xa-k"]]},
            [f"units, dòng 2, cột successor_code: “xa-k” {OUTSIDE}"],
        ),
        (
            {"people": [PEOPLE, ["cb-moi", "Đỗ Thị Yến", "nữ", "xa-k", "", ""]]},
            [f"people, dòng 2, cột unit_code: “xa-k” {OUTSIDE}"],
        ),
        (
            {"people": [PEOPLE, ["cb-k", "Trần Thị K", "nữ", "xa-a", "", ""]]},
            [f"people, dòng 2, cột code: “cb-k” {OUTSIDE}"],
        ),
        (
            {"people": [PEOPLE, ["CB-K", "Trần Thị K", "nữ", "xa-a", "", ""]]},
            [f"people, dòng 2, cột code: “cb-k” {OUTSIDE}"],
        ),
        (
            {"households": [["code", "head_name", "unit_code"], ["ho-1", "Nguyễn Văn Sơn", "xa-k"]]},
            [f"households, dòng 2, cột unit_code: “xa-k” {OUTSIDE}"],
        ),
        (
            {"households": [["code", "head_name", "unit_code"], ["ho-k", "Phạm Văn K", "xa-a"]]},
            [f"households, dòng 2, cột code: “ho-k” {OUTSIDE}"],
        ),
        (
            {"ratings": [RATINGS, ["2024", "cb-k", "HTTNV"]]},
            [f"ratings, dòng 2, cột subject_code: “cb-k” {OUTSIDE}"],
        ),
        (
            {"ratings": [RATINGS, ["2024", "Xa-K", "HTTNV"]]},
            [f"ratings, dòng 2, cột subject_code: “xa-k” {OUTSIDE}"],
        ),
        (
            {"awards": [["year", "award_code", "subject_code"], ["2024", "LDTT", "cb-k"]]},
            [f"awards, dòng 2, cột subject_code: “cb-k” {OUTSIDE}"],
        ),
        (
            {"disciplines": [["subject_code", "level", "start"], ["cb-k", "khien_trach", "2024-04-01"]]},
            [f"disciplines, dòng 2, cột subject_code: “cb-k” {OUTSIDE}"],
        ),
        (
            {
                "initiatives": [
                    ["code", "title", "author_codes", "level", "year"],
                    ["SK-1", "Số hóa", "cb-a;cb-k", "tinh", "2024"],
                ]
            },
            [f"initiatives, dòng 2, cột author_codes: “cb-k” {OUTSIDE}"],
        ),
    ],
    ids=[
        "unit-outside",
        "new-unit-under-outside-parent",
        "new-unit-at-the-top",
        "move-under-outside-parent",
        "rename-scope-root",
        "rename-ancestor",
        "block-of-the-province",
        "successor-outside",
        "person-into-outside-unit",
        "existing-person-outside",
        "existing-person-outside-other-case",
        "household-outside",
        "existing-household-outside",
        "rating-of-person-outside",
        "rating-of-unit-outside-other-case",
        "award-of-person-outside",
        "discipline-of-person-outside",
        "initiative-author-outside",
    ],
)
def test_office_import_outside_its_subtree_is_refused_and_writes_nothing(tmp_path, office, sheets, problems):
    before = snapshot()

    with pytest.raises(ImportProblems) as caught:
        office_import(tmp_path, office, sheets)

    assert caught.value.problems == problems
    assert snapshot() == before


def test_office_import_of_an_initiative_of_someone_outside_is_refused(tmp_path, office, tree):
    initiative(Person.objects.get(code="cb-k"), 2023, code="SK-K")
    before = snapshot()
    sheets = {
        "initiatives": [["code", "title", "author_codes", "level", "year"], ["sk-k", "Của tôi", "cb-a", "tinh", "2024"]]
    }

    with pytest.raises(ImportProblems) as caught:
        office_import(tmp_path, office, sheets)

    assert caught.value.problems == [f"initiatives, dòng 2, cột code: “SK-K” {OUTSIDE}"]
    assert snapshot() == before


def test_office_import_inside_its_subtree_writes_what_it_can_read(tmp_path, office):
    sheets = {
        "units": [UNITS, ["thon-a2", "Thôn A2", "village", "xa-a", "cum-huyen", "", "", ""]],
        "people": [PEOPLE, ["cb-moi", "Đỗ Thị Yến", "nữ", "thon-a2", "", ""]],
        "ratings": [RATINGS, ["2024", "cb-moi", "HTXSNV"], ["2024", "huyen", "HTTNV"]],
        "disciplines": [["subject_code", "level", "start"], ["cb-a", "khien_trach", "2024-04-01"]],
    }

    report = office_import(tmp_path, office, sheets)

    assert report.total_changes == 5
    assert set(units_for_user(office).values_list("code", flat=True)) >= {"thon-a2"}
    assert Person.objects.get(code="cb-moi").unit.path == "/tinh/huyen/xa-a/thon-a2/"


def test_import_scope_is_the_office_roots_or_none_for_a_superuser(tree, office):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    MembershipFactory(user=office, unit=OrgUnit.objects.get(code="xa-a"), role=Role.OFFICE)
    head = _user("truong.xa-k", "xa-k", Role.UNIT_HEAD)

    assert [u.code for u in import_scope(office)] == ["huyen"]
    assert import_scope(admin) is None
    assert import_scope(head) == []


def test_import_with_an_empty_scope_refuses_every_row(tmp_path, tree):
    head = _user("truong.xa-a", "xa-a", Role.UNIT_HEAD)

    with pytest.raises(ImportProblems) as caught:
        office_import(tmp_path, head, {"ratings": [RATINGS, ["2024", "cb-a", "HTTNV"]]})

    assert caught.value.problems == [f"ratings, dòng 2, cột subject_code: “cb-a” {OUTSIDE}"]


# The unit tree: moves audited, no cycle, no broken path ---------------------------------------
def test_office_moving_a_unit_inside_its_subtree_is_audited(tmp_path, office):
    OrgUnitFactory(code="to-1", name="Tổ 1", kind=UnitKind.VILLAGE, parent=OrgUnit.objects.get(code="tt"))

    report = office_import(
        tmp_path, office, {"units": [UNITS, ["tt", "Thị trấn Thử", "township", "xa-a", "", "", "", ""]]}
    )

    assert OrgUnit.objects.get(code="to-1").path == "/tinh/huyen/xa-a/tt/to-1/"
    move = AuditEvent.objects.get(action=UNIT_MOVE)
    assert (move.actor, move.target) == (office, OrgUnit.objects.get(code="tt"))
    assert move.data == {
        "old_parent": "huyen",
        "new_parent": "xa-a",
        "old_path": "/tinh/huyen/tt/",
        "new_path": "/tinh/huyen/xa-a/tt/",
        "source": "import",
    }
    assert report.changes == [
        {"sheet": "units", "key": "tt", "outcome": "updated", "fields": {"parent_code": ["huyen", "xa-a"]}}
    ]
    assert_paths_right()


def test_admin_moving_a_unit_is_audited_the_same_way(client, tree):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    tt = OrgUnit.objects.get(code="tt")

    response = client.post(
        reverse("admin:organisation_orgunit_change", args=[tt.pk]),
        {
            "code": "tt",
            "name": "Thị trấn Thử",
            "kind": "township",
            "parent": OrgUnit.objects.get(code="xa-a").pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    move = AuditEvent.objects.get(action=UNIT_MOVE)
    assert (move.actor, move.target) == (admin, tt)
    assert move.data == {
        "old_parent": "huyen",
        "new_parent": "xa-a",
        "old_path": "/tinh/huyen/tt/",
        "new_path": "/tinh/huyen/xa-a/tt/",
        "source": "admin",
    }


def _admin_import(rows, user, *, dry_run):
    dataset = tablib.Dataset(headers=["code", "name", "kind", "parent_code"])
    for row in rows:
        dataset.append(row)
    return OrgUnitResource().import_data(dataset, dry_run=dry_run, user=user)


def test_admin_unit_import_refuses_a_cycle_and_audits_a_move(tree):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    before = snapshot()

    # The admin's first step, a dry run, must find the invalid row: only then is there no confirm button.
    rows = [["xa-a", "Xã A", "commune", "tt"], ["tt", "Thị trấn Thử", "township", "thon-a1"]]
    refused = _admin_import(rows, admin, dry_run=True)

    assert refused.has_validation_errors()
    assert snapshot() == before

    moved = _admin_import([["tt", "Thị trấn Thử", "township", "xa-a"]], admin, dry_run=False)

    assert not moved.has_errors() and not moved.has_validation_errors()
    move = AuditEvent.objects.get(action=UNIT_MOVE)
    assert (move.actor, move.data["old_path"]) == (admin, "/tinh/huyen/tt/")
    assert move.data["new_path"] == "/tinh/huyen/xa-a/tt/"
    assert_paths_right()


@pytest.mark.parametrize(
    "rows",
    [
        [["huyen", "Huyện Thử", "district", "thon-a1", "", "", "", ""]],
        [
            ["xa-a", "Xã A", "commune", "tt", "", "", "", ""],
            ["tt", "Thị trấn Thử", "township", "thon-a1", "", "", "", ""],
        ],
    ],
    ids=["under-own-descendant", "through-two-rows"],
)
def test_command_line_import_refuses_a_cycle_and_keeps_the_paths(tmp_path, tree, rows):
    before = snapshot()

    with pytest.raises(CommandError) as caught:
        call_command("import_data", str(write_csvs(tmp_path / "data", {"units": [UNITS, *rows]})))

    assert "units, dòng 2, cột parent_code: cây đơn vị bị vòng lặp (đơn vị nằm dưới chính nó)" in str(caught.value)
    assert snapshot() == before
    assert_paths_right()


def test_command_line_import_refuses_a_path_too_long(tmp_path, tree):
    codes = [f"{i:02d}-{'x' * 45}" for i in range(11)]
    rows = [
        [code, "Đơn vị", "other", parent, "", "", "", ""] for parent, code in zip(["tinh", *codes], codes, strict=False)
    ]

    with pytest.raises(ImportProblems) as caught:
        run_import(write_csvs(tmp_path / "data", {"units": [UNITS, *rows]}))

    assert caught.value.problems == ["units, dòng 12, cột parent_code: đường dẫn cây đơn vị dài quá 500 ký tự"]
    assert not OrgUnit.objects.filter(code__in=codes).exists()


def test_command_line_import_may_change_anything_and_keeps_every_path_right(tmp_path, tree):
    # Rows in an awkward order: a unit created under a village whose commune moves later in the file.
    rows = [
        ["to-moi", "Tổ mới", "village", "thon-a1", "", "", "", ""],
        ["tinh", "Tỉnh Đổi Tên", "province", "", "", "", "", ""],
        ["xa-a", "Xã A", "commune", "huyen-k", "", "", "", ""],
        ["huyen", "Huyện Thử", "district", "xa-k", "", "", "", ""],
    ]

    call_command("import_data", str(write_csvs(tmp_path / "data", {"units": [UNITS, *rows]})))

    assert OrgUnit.objects.get(code="tinh").name == "Tỉnh Đổi Tên"
    assert OrgUnit.objects.get(code="to-moi").path == "/tinh/huyen-k/xa-a/thon-a1/to-moi/"
    assert OrgUnit.objects.get(code="tt").path == "/tinh/huyen-k/xa-k/huyen/tt/"
    assert_paths_right()
    moves = AuditEvent.objects.filter(action=UNIT_MOVE)
    assert sorted((m.data["old_path"], m.data["new_path"], m.actor) for m in moves) == [
        ("/tinh/huyen/", "/tinh/huyen-k/xa-k/huyen/", None),
        ("/tinh/huyen/xa-a/", "/tinh/huyen-k/xa-a/", None),
    ]


# Codes and names compared case- and Unicode-insensitively ------------------------------------
def test_import_codes_are_matched_whatever_their_case(tmp_path, office):
    sheets = {
        "units": [UNITS, ["XA-A", "Xã A", "commune", "HUYEN", "CUM-HUYEN", "", "", ""]],
        "people": [PEOPLE, ["CB-A", "Lê Văn A", "nam", "Xa-A", "Kế toán", ""]],
        "ratings": [RATINGS, ["2024", "Cb-A", "htxsnv"]],
        "awards": [["year", "award_code", "subject_code"], ["2024", "ldtt", "cb-a"]],
    }

    office_import(tmp_path, office, sheets)

    assert OrgUnit.objects.filter(code__iexact="xa-a").count() == 1
    assert Person.objects.filter(code__iexact="cb-a").get().position == "Kế toán"
    assert Rating.objects.get().person.code == "cb-a"
    assert Rating.objects.get().rating == "HTXSNV"
    assert AwardRecord.objects.get().award_type.code == "LDTT"
    assert OrgUnit.objects.get(code="xa-a").blocks.get().code == "cum-huyen"


@pytest.mark.parametrize(
    ("sheet", "rows", "problem"),
    [
        (
            "units",
            [UNITS, ["xa-moi", "Xã Mới", "commune", "huyen"], ["XA-MOI", "Xã Mới", "commune", "huyen"]],
            "units, dòng 3, cột code: trùng với dòng 2",
        ),
        (
            "people",
            [PEOPLE, ["cb-a", "Lê Văn A", "nam", "xa-a"], ["Cb-A", "Lê Văn A", "nam", "xa-a"]],
            "people, dòng 3, cột code: trùng với dòng 2",
        ),
        (
            "ratings",
            [RATINGS, ["2024", "cb-a", "HTTNV"], ["2024", "CB-A", "HTNV"]],
            "ratings, dòng 3, cột subject_code: trùng với dòng 2",
        ),
        (
            "awards",
            [["year", "award_code", "subject_code"], ["2024", "LDTT", "cb-a"], ["2024", "ldtt", "CB-A"]],
            "awards, dòng 3, cột subject_code: trùng với dòng 2",
        ),
    ],
    ids=["units", "people", "ratings", "awards"],
)
def test_import_duplicates_differing_only_by_case_are_refused(tmp_path, office, sheet, rows, problem):
    with pytest.raises(ImportProblems) as caught:
        office_import(tmp_path, office, {sheet: [rows[0], *[r + [""] * (len(rows[0]) - len(r)) for r in rows[1:]]]})

    assert caught.value.problems == [problem]


def test_import_names_are_compared_in_nfc(tmp_path, office):
    decomposed = unicodedata.normalize("NFD", "Lê Văn A")
    assert decomposed != "Lê Văn A"

    report = office_import(
        tmp_path, office, {"people": [PEOPLE, ["cb-a", decomposed, "nữ", "xa-a", "Chuyên viên", "2015-01-01"]]}
    )

    assert report.lines() == ["people: thêm 0, sửa 0, giữ nguyên 1"]


# The import's trace and its history pages -----------------------------------------------------
def test_written_import_is_audited_with_every_change_and_dry_run_is_not(tmp_path, office):
    sheets = {
        "units": [UNITS, ["xa-a", "Xã A Mới", "commune", "huyen", "", "", "", ""]],
        "people": [PEOPLE, ["cb-moi", "Đỗ Thị Yến", "nữ", "xa-a", "", ""]],
    }
    office_import(tmp_path, office, sheets, dry_run=True)
    assert not AuditEvent.objects.filter(action="awards.import").exists()

    office_import(tmp_path, office, sheets)

    event = AuditEvent.objects.get(action="awards.import")
    assert (event.actor, event.target) == (office, OrgUnit.objects.get(code="huyen"))
    assert event.data["scope"] == ["/tinh/huyen/"]
    assert event.data["counts"] == {"units": [0, 1, 0], "people": [1, 0, 0]}
    assert event.data["changes"] == [
        {"sheet": "units", "key": "xa-a", "outcome": "updated", "fields": {"name": ["Xã A", "Xã A Mới"]}},
        {
            "sheet": "people",
            "key": "cb-moi",
            "outcome": "created",
            "fields": {"full_name": ["", "Đỗ Thị Yến"], "gender": ["", "nữ"], "unit_code": ["", "xa-a"]},
        },
    ]


def test_import_history_shows_old_and_new_values_to_the_office(client, tmp_path, office):
    office_import(tmp_path, office, {"units": [UNITS, ["xa-a", "Xã A Mới", "commune", "huyen", "", "", "", ""]]})
    event = AuditEvent.objects.get(action="awards.import")
    client.force_login(office)

    listing = client.get(reverse("awards:import_history"))
    detail = client.get(reverse("awards:import_history_detail", args=[event.pk]))

    assert listing.status_code == 200
    assert [row["event"] for row in listing.context["rows"]] == [event]
    assert (listing.context["rows"][0]["created"], listing.context["rows"][0]["updated"]) == (0, 1)
    assert reverse("awards:import_history_detail", args=[event.pk]) in listing.content.decode()
    assert "<code>name</code>: Xã A → Xã A Mới" in detail.content.decode()


def test_import_history_is_scoped_to_the_office(client, tmp_path, office, other_office):
    office_import(tmp_path, office, {"ratings": [RATINGS, ["2024", "cb-a", "HTTNV"]]})
    call_command("import_data", str(write_csvs(tmp_path / "cli", {"ratings": [RATINGS, ["2024", "cb-k", "HTTNV"]]})))
    mine, cli = AuditEvent.objects.filter(action="awards.import").order_by("pk")
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    head = _user("truong.xa-a", "xa-a", Role.UNIT_HEAD)

    def seen_by(user):
        client.force_login(user)
        listing = client.get(reverse("awards:import_history"))
        return (
            listing.status_code,
            [row["event"] for row in listing.context["rows"]] if listing.status_code == 200 else None,
            [client.get(reverse("awards:import_history_detail", args=[e.pk])).status_code for e in (mine, cli)],
        )

    assert seen_by(office) == (200, [mine], [200, 404])
    assert seen_by(other_office) == (200, [], [404, 404])
    assert seen_by(admin) == (200, [cli, mine], [200, 200])
    assert seen_by(head) == (403, None, [403, 403])
    assert cli.actor is None and cli.data["scope"] is None


def test_import_history_list_queries_do_not_grow_with_rows(client, tmp_path, office):
    client.force_login(office)
    office_import(tmp_path, office, {"ratings": [RATINGS, ["2024", "cb-a", "HTTNV"]]})
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("awards:import_history"))
    for year in range(2000, 2019):
        office_import(tmp_path, office, {"ratings": [RATINGS, [str(year), "cb-a", "HTTNV"]]})

    with CaptureQueriesContext(connection) as twenty:
        response = client.get(reverse("awards:import_history"))

    assert len(response.context["rows"]) == 20
    assert len(twenty) == len(one)


def test_import_over_two_districts_is_shown_to_the_office_holding_both(client, tmp_path, office, other_office):
    both = _user("vanphong.hai-huyen", "huyen")
    MembershipFactory(user=both, unit=OrgUnit.objects.get(code="huyen-k"), role=Role.OFFICE)
    province = _user("vanphong.tinh", "tinh")

    office_import(tmp_path, both, {"ratings": [RATINGS, ["2024", "cb-a", "HTTNV"], ["2024", "cb-k", "HTTNV"]]})

    event = AuditEvent.objects.get(action="awards.import")
    assert (event.data["scope"], event.data["scope_root"]) == (["/tinh/huyen-k/", "/tinh/huyen/"], "/tinh/")
    assert event.target == OrgUnit.objects.get(code="tinh")
    statuses = []
    for user in (province, office, other_office):
        client.force_login(user)
        statuses.append(client.get(reverse("awards:import_history_detail", args=[event.pk])).status_code)
    assert statuses == [200, 404, 404]
