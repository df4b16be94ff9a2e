"""A unit's dossier papers as documents (``songlo.docx.DOCUMENTS``): the submission letter, the
achievement report of an individual or of a collective, the review minutes. Each is filled from
a nomination's letter_*, report_* and minutes_* fields and its subject, from the template of the
unit or its nearest ancestor (``organisation.documents``), downloadable as DOCX and as PDF from
the nomination's page (``organisation.document_views``, scoped as the page is).

The submission letter's context has ``lines``: ``submission_context`` takes any number of
nominations of one unit, so that a submission carrying many lines uses the same template.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Nomination, Submission
from organisation.models import PATH_SEP, OrgUnit
from songlo.docx import DOCUMENTS, DocumentSpec, labelled

SUBMISSION = "unit_submission"
INDIVIDUAL_REPORT = "report_individual"
COLLECTIVE_REPORT = "report_collective"
REVIEW_MINUTES = "review_minutes"
LIST_SUBMISSION = "list_submission"  # fills SUBMISSION's template

# The appendix forms of the achievement reports, per decree (data, not law: an office may upload
# its own template where a form differs). [L] Decree 98/2023 and 152/2025 number the report of a
# collective "Mẫu số 01" and of an individual "Mẫu số 02" (as Decree 91/2017 did).
REPORT_FORMS = {"individual": "Mẫu số 02", "collective": "Mẫu số 01"}
PLACE_KINDS = ("district", "commune", "township", "province")


def _date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _places(unit: OrgUnit) -> list[OrgUnit]:
    """The unit and its ancestors, nearest first (one query)."""
    codes = [c for c in unit.path.split(PATH_SEP) if c]
    paths = [PATH_SEP + PATH_SEP.join(codes[:n]) + PATH_SEP for n in range(1, len(codes) + 1)]
    return list(OrgUnit.objects.filter(path__in=paths).order_by("-depth"))


def _unit_heading(unit: OrgUnit) -> dict:
    """The issuing unit and its parent (upper case, as the heading writes them) and the place name."""
    chain = _places(unit)
    parent = chain[1] if len(chain) > 1 else None
    place = next((u for u in chain if u.kind in PLACE_KINDS), unit)
    return {
        "issuer_parent": parent.name.upper() if parent else "",
        "issuer": unit.name.upper(),
        "unit": unit.name,
        "place": place.name.split(" ", 1)[-1],
        "parent_name": parent.name if parent else "",
    }


def _legal_basis(day: datetime.date) -> str:
    from awards.catalogue import legal_version_on

    return legal_version_on(day).name.split(" (", 1)[0]


def _day(nomination: Nomination) -> datetime.date:
    return nomination.letter_date or (
        timezone.localtime(nomination.submitted_at).date() if nomination.submitted_at else timezone.localdate()
    )


def line(nomination: Nomination, number: int) -> dict:
    """One line of a submission: STT, name, position and unit, award, year."""
    if nomination.person_id:
        person = nomination.person
        position = ", ".join(p for p in (person.position, person.unit.name) if p)
        name = person.full_name
    elif nomination.household_id:
        household = nomination.household
        name = f"Hộ {household.head_name}"
        position = household.address or household.unit.name
    else:
        name = nomination.subject_unit.name
        position = nomination.unit.name if nomination.unit_id != nomination.subject_unit_id else ""
    return {
        "number": number,
        "name": name,
        "position": position,
        "award": nomination.award_type.name,
        "year": nomination.year,
    }


def submission_context(
    unit: OrgUnit,
    nominations: Iterable[Nomination],
    *,
    number: str = "",
    day: datetime.date | None = None,
    signer: str = "",
    summary: str = "",
    review_date: datetime.date | None = None,
) -> dict:
    """The submission letter of a unit for any number of nominations (one line each)."""
    nominations = list(nominations)
    day = day or timezone.localdate()
    heading = _unit_heading(unit)
    recipient = f"Hội đồng Thi đua - Khen thưởng {heading['parent_name']}".strip()
    return {
        **heading,
        "number": number or "......../TTr",
        "date": day,
        "year": nominations[0].year if nominations else day.year,
        "recipient": recipient,
        "legal_basis": f"{_legal_basis(day)} quy định chi tiết thi hành Luật Thi đua, khen thưởng",
        "review_date": review_date,
        "summary": summary,
        "signer_name": signer,
        "individuals": sum(1 for n in nominations if n.person_id),
        "collectives": sum(1 for n in nominations if n.subject_unit_id),
        "households": sum(1 for n in nominations if n.household_id),
        "lines": [line(n, i) for i, n in enumerate(nominations, start=1)],
    }


def nomination_submission_context(nomination: Nomination) -> dict:
    return submission_context(
        nomination.unit,
        [nomination],
        number=nomination.letter_number,
        day=_day(nomination),
        signer=nomination.letter_signer,
        summary=nomination.letter_summary,
        review_date=nomination.minutes_date,
    )


def list_submission_context(submission: Submission) -> dict:
    """The submission letter of a list: one line per nomination it carries, in the list's order."""
    lines = submission.lines.select_related("person__unit", "subject_unit", "household__unit", "unit", "award_type")
    return submission_context(
        submission.unit,
        lines.order_by("pk"),
        number=submission.letter_number,
        day=submission.letter_date
        or (timezone.localtime(submission.submitted_at).date() if submission.submitted_at else None),
        signer=submission.letter_signer,
        summary=submission.letter_summary,
    )


def report_context(nomination: Nomination) -> dict:
    """The achievement report of the nomination's subject, in the decree's appendix form."""
    day = _day(nomination)
    person = nomination.person if nomination.person_id else None
    context = {
        **_unit_heading(nomination.unit),
        "date": day,
        "form": REPORT_FORMS["individual" if person else "collective"],
        "decree": f"{_legal_basis(day)}".replace("Nghị định ", "Nghị định số "),
        "award": nomination.award_type.name,
        "year": nomination.year,
        "situation": nomination.report_situation,
        "achievements": nomination.report_achievements,
        "measures": nomination.report_measures,
        "initiatives": nomination.report_initiatives,
        "prior_awards": nomination.report_prior_awards or "Không.",
        "discipline": nomination.report_discipline or "Không.",
        "signer_name": nomination.letter_signer,
    }
    if person is not None:
        context |= {
            "name": person.full_name,
            "gender": person.get_gender_display(),
            "birth_date": _date(person.birth_date),
            "position": ", ".join(p for p in (person.position, person.unit.name) if p),
            "joined_on": _date(person.joined_on),
        }
    else:
        context["name"] = nomination.subject_unit.name
    return context


def review_minutes_context(nomination: Nomination) -> dict:
    members = nomination.minutes_members or 0
    votes = nomination.minutes_votes_for or 0
    return {
        **_unit_heading(nomination.unit),
        "date": nomination.minutes_date or _day(nomination),
        "year": nomination.year,
        "attendees": nomination.minutes_attendees or 0,
        "members": members,
        "votes_for": votes,
        "percent": votes * 100 / members if members else None,
        "summary": nomination.minutes_summary,
        "signer_name": nomination.letter_signer,
        "lines": [line(nomination, 1)],
    }


# Samples: every value a template may use (an upload is checked with them) ---------------------
_SAMPLE_HEADING = {
    "issuer_parent": "ỦY BAN NHÂN DÂN XÃ MẪU",
    "issuer": "TRƯỜNG TIỂU HỌC MẪU",
    "unit": "Trường Tiểu học Mẫu",
    "place": "Mẫu",
    "parent_name": "Ủy ban nhân dân xã Mẫu",
    "date": datetime.date(2025, 12, 5),
    "year": 2025,
    "signer_name": "Trần Văn C",
}
_SAMPLE_LINE = {"number": 1, "name": "Nguyễn Văn A", "position": "Giáo viên, Trường Tiểu học Mẫu",
                "award": "Lao động tiên tiến", "year": 2025}  # fmt: skip


def sample_submission() -> dict:
    return {
        **_SAMPLE_HEADING,
        "number": "1/TTr-TH",
        "recipient": "Hội đồng Thi đua - Khen thưởng xã Mẫu",
        "legal_basis": "Nghị định mẫu",
        "review_date": datetime.date(2025, 12, 1),
        "summary": "Nội dung đề nghị.",
        "individuals": 1,
        "collectives": 0,
        "households": 0,
        "lines": [_SAMPLE_LINE],
    }


def sample_report() -> dict:
    return {
        **_SAMPLE_HEADING,
        "form": "Mẫu số 02",
        "decree": "Nghị định số 152/2025/NĐ-CP",
        "award": "Lao động tiên tiến",
        "name": "Nguyễn Văn A",
        "gender": "Nam",
        "birth_date": "01/02/1980",
        "position": "Giáo viên, Trường Tiểu học Mẫu",
        "joined_on": "01/09/2005",
        "situation": "Sơ lược.",
        "achievements": "Thành tích.",
        "measures": "Biện pháp.",
        "initiatives": "Sáng kiến.",
        "prior_awards": "Không.",
        "discipline": "Không.",
    }


def sample_review_minutes() -> dict:
    return {
        **_SAMPLE_HEADING,
        "attendees": 3,
        "members": 3,
        "votes_for": 2,
        "percent": 200 / 3,
        "summary": "Bình xét.",
        "lines": [_SAMPLE_LINE],
    }


# Registration ---------------------------------------------------------------------------------
def _nominations(user):
    from awards.selectors import nominations_for_user

    queryset = Nomination.objects.all() if user is None else nominations_for_user(user)
    return queryset.select_related("unit", "person__unit", "subject_unit", "award_type")


def _filename(prefix: str):
    return lambda n: f"{prefix}-{n.pk}"


def register() -> None:
    from awards import docx_templates as t

    common = {
        "queryset": _nominations,
        "perm": "awards.view_nomination",
        "body": lambda n: n.unit,
        "changed_at": lambda n: n.updated_at,
    }
    DOCUMENTS.register(
        SUBMISSION,
        DocumentSpec(
            _("Tờ trình đề nghị khen thưởng của đơn vị"),
            t.submission_template,
            sample_submission,
            context=nomination_submission_context,
            filename=_filename("to-trinh"),
            **common,
        ),
        order=10,
    )
    DOCUMENTS.register(
        LIST_SUBMISSION,
        DocumentSpec(
            _("Tờ trình đề nghị khen thưởng kèm danh sách"),
            t.submission_template,
            sample_submission,
            queryset=_submissions,
            perm="awards.view_nomination",
            body=lambda s: s.unit,
            context=list_submission_context,
            filename=lambda s: f"to-trinh-danh-sach-{s.pk}",
            changed_at=lambda s: s.updated_at,
            template=SUBMISSION,
        ),
        order=14,
    )
    DOCUMENTS.register(
        INDIVIDUAL_REPORT,
        DocumentSpec(
            _("Báo cáo thành tích của cá nhân"),
            t.individual_report_template,
            sample_report,
            context=report_context,
            filename=_filename("bao-cao-thanh-tich"),
            available=lambda n: bool(n.person_id),
            **common,
        ),
        order=11,
    )
    DOCUMENTS.register(
        COLLECTIVE_REPORT,
        DocumentSpec(
            _("Báo cáo thành tích của tập thể"),
            t.collective_report_template,
            sample_report,
            context=report_context,
            filename=_filename("bao-cao-thanh-tich"),
            available=lambda n: bool(n.subject_unit_id),
            **common,
        ),
        order=12,
    )
    DOCUMENTS.register(
        REVIEW_MINUTES,
        DocumentSpec(
            _("Biên bản họp bình xét của đơn vị"),
            t.review_minutes_template,
            sample_review_minutes,
            context=review_minutes_context,
            filename=_filename("bien-ban-binh-xet"),
            **common,
        ),
        order=13,
    )


def _submissions(user):
    from awards.submission_views import submissions_for_user

    queryset = Submission.objects.all() if user is None else submissions_for_user(user)
    return queryset.select_related("unit")


def documents_of(nomination: Nomination) -> list[tuple[str, object]]:
    """(kind, label) of the documents the nomination has, for its page. A line of a list has
    only its report: the letter (and the review behind it) are the list's."""
    report = [INDIVIDUAL_REPORT if nomination.person_id else COLLECTIVE_REPORT] if not nomination.household_id else []
    if nomination.submission_id:
        return labelled(report)
    return labelled([SUBMISSION, *report, REVIEW_MINUTES])


def documents_of_submission(submission: Submission) -> list[tuple[str, object]]:
    return labelled([LIST_SUBMISSION])
