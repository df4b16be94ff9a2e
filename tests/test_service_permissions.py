"""Services authorise: every state-changing service refuses the stranger (the head of another
commune), and every permission declared in a rules.py is checked somewhere."""

from __future__ import annotations

import datetime
import inspect
import re
from pathlib import Path

import pytest
import rules
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import registrations as awards_registrations
from awards import services as awards_services
from awards import submissions as awards_submissions
from awards.models import AwardType, Nomination, Person, Submission, TitleRegistration
from campaigns import services as campaigns_services
from campaigns.models import EmulationBlock, Evidence, Movement, Registration, Review, ReviewPeriod, Stage
from council import services as council_services
from council.models import (
    AgendaItem,
    BundleLine,
    CouncilSession,
    Decision,
    DecisionEntry,
    HigherProposal,
    Objection,
    ProposalBundle,
)
from songlo.exceptions import NotAllowed

ROOT = Path(__file__).resolve().parent.parent
APPS = ("organisation", "campaigns", "awards", "council")
MODULES = {
    "campaigns": campaigns_services,
    "awards": awards_services,
    "registrations": awards_registrations,
    "submissions": awards_submissions,
    "council": council_services,
}

# Public functions of the services modules that take no actor, and why.
ACTORLESS = {
    "council.objection_submit": "a citizen objects on the public notice page, without an account",
}
# Public functions that read or compute and change nothing.
PURE = {
    "campaigns.units_for_launch",
    "campaigns.check_rubric",
    "awards.missing_parts",
    "submissions.report_required",
    "submissions.report_present",
    "submissions.line_missing_parts",
    "submissions.submission_missing_parts",
    "submissions.kind_for",
    "submissions.registered_specs",
    "submissions.rated_specs",
    "submissions.check_lines",
    "submissions.sync_status",
    "council.quorum_reached",
    "council.check_quorum",
    "council.tally_item",
    "council.reward_for",
    "council.decidable",
    "registrations.registrations_for_user",
    "registrations.subject_kind",
    "registrations.kind_refusal",
}


def _objects(d):
    """Unsaved objects of the commune (xa-a) and the district: enough for the permission checks,
    which come before anything else in a service."""
    movement = Movement(owner=d.district, title="PT", status="launched")
    period = ReviewPeriod(movement=movement, name="Kỳ")
    review = Review(period=period, unit=d.commune)
    nomination = Nomination(unit=d.commune, year=2024, status="draft")
    session = CouncilSession(body=d.district, date=datetime.datetime(2025, 3, 10, tzinfo=datetime.UTC))
    decision = Decision(body=d.district, number="1/QĐ", date=datetime.date(2025, 3, 20))
    block = EmulationBlock(owner=d.district, name="Cụm")
    proposal = HigherProposal(nomination=nomination, from_body=d.district, to_body=d.district)
    bundle = ProposalBundle(body=d.district, authority="province_chair")
    return {
        "movement": movement,
        "period": period,
        "review": review,
        "registration": Registration(movement=movement, unit=d.commune),
        "nomination": nomination,
        "submission": Submission(unit=d.commune, year=2024, status="draft"),
        "session": session,
        "item": AgendaItem(session=session, nomination=nomination),
        "proposal": proposal,
        "bundle": bundle,
        "line": BundleLine(bundle=bundle, proposal=proposal, order=1),
        "decision": decision,
        "entry": DecisionEntry(decision=decision, body=d.district, nomination=nomination),
        "objection": Objection(nomination=nomination),
        "block": block,
        "evidence": Evidence(review=review, version=1),
        "title_registration": TitleRegistration(
            unit=d.commune, year=2025, award_type=AwardType(code="LDTT"), person=Person(unit=d.commune)
        ),
    }


def _file():
    return SimpleUploadedFile("x.pdf", b"%PDF-1.4\n", content_type="application/pdf")


# Every state-changing service, with the arguments it is called with (besides the actor).
SERVICES = {
    "campaigns.movement_create": lambda o, d: {"owner": d.district, "data": {}},
    "campaigns.movement_update": lambda o, d: {"movement": o["movement"], "data": {}},
    "campaigns.movement_launch": lambda o, d: {"movement": o["movement"], "units": [d.commune]},
    "campaigns.movement_add_participants": lambda o, d: {"movement": o["movement"], "units": [d.commune]},
    "campaigns.movement_close": lambda o, d: {"movement": o["movement"]},
    "campaigns.stage_create": lambda o, d: {"owner": d.district, "name": "GĐ", "start_year": 2021, "end_year": 2025},
    "campaigns.stage_close": lambda o, d: {"stage": Stage(owner=d.district, name="GĐ", start_year=2021, end_year=2025)},
    "campaigns.registration_submit": lambda o, d: {"registration": o["registration"], "data": {}},
    "campaigns.registration_reopen": lambda o, d: {"registration": o["registration"], "reason": "Sửa"},
    "campaigns.period_create": lambda o, d: {"movement": o["movement"], "data": {}},
    "campaigns.period_update": lambda o, d: {"period": o["period"], "data": {}},
    "campaigns.period_set_criteria": lambda o, d: {"period": o["period"], "rows": []},
    "campaigns.period_open": lambda o, d: {"period": o["period"]},
    "campaigns.period_close": lambda o, d: {"period": o["period"]},
    "campaigns.period_remind_late": lambda o, d: {"period": o["period"]},
    "campaigns.extension_grant": lambda o, d: {
        "review": o["review"],
        "new_deadline": datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC),
        "reason": "Bão",
    },
    "campaigns.review_save_draft": lambda o, d: {"review": o["review"], "content": {}, "scores": {}},
    "campaigns.review_submit": lambda o, d: {"review": o["review"]},
    "campaigns.review_figures_save": lambda o, d: {"review": o["review"], "values": {}},
    "campaigns.review_return": lambda o, d: {"review": o["review"], "comment": "Sửa"},
    "campaigns.review_accept": lambda o, d: {"review": o["review"], "office_scores": {}},
    "campaigns.evidence_add": lambda o, d: {"review": o["review"], "uploaded": _file()},
    "campaigns.evidence_remove": lambda o, d: {"evidence": o["evidence"]},
    "campaigns.block_criteria_set": lambda o, d: {"block": o["block"], "year": 2025, "rows": []},
    "campaigns.block_scores_save": lambda o, d: {"block": o["block"], "year": 2025, "scorer": d.commune, "scores": {}},
    "campaigns.block_vote_record": lambda o, d: {
        "block": o["block"],
        "year": 2025,
        "leading_unit": d.commune,
        "next_leader": d.commune,
        "next_deputy": d.other_commune,
    },
    "awards.nomination_create": lambda o, d: {"unit": d.commune, "award": AwardType(code="LDTT"), "year": 2024},
    "awards.nomination_update": lambda o, d: {"nomination": o["nomination"], "data": {}},
    "awards.nomination_add_file": lambda o, d: {"nomination": o["nomination"], "uploaded": _file(), "part": "other"},
    "awards.nomination_remove_file": lambda o, d: {"nomination": o["nomination"], "file_id": 1},
    "awards.nomination_submit": lambda o, d: {"nomination": o["nomination"]},
    "awards.nomination_screen": lambda o, d: {"nomination": o["nomination"]},
    "awards.nomination_return": lambda o, d: {"nomination": o["nomination"], "reason": "Thiếu"},
    "awards.nomination_send_to_council": lambda o, d: {"nominations": [o["nomination"]]},
    "awards.nomination_record_council_result": lambda o, d: {"nomination": o["nomination"], "passed": True},
    "awards.nomination_mark_decided": lambda o, d: {"nominations": [o["nomination"]]},
    "awards.nomination_record_higher_refusal": lambda o, d: {"nomination": o["nomination"]},
    "awards.nomination_revoke": lambda o, d: {"nomination": o["nomination"]},
    "submissions.submission_create": lambda o, d: {"unit": d.commune, "year": 2024},
    "submissions.submission_update": lambda o, d: {"submission": o["submission"], "data": {}},
    "submissions.submission_add_lines": lambda o, d: {"submission": o["submission"], "specs": []},
    "submissions.submission_add_line": lambda o, d: {"submission": o["submission"], "award": AwardType(code="LDTT")},
    "submissions.submission_add_eligible": lambda o, d: {"submission": o["submission"], "specs": []},
    "submissions.submission_remove_lines": lambda o, d: {"submission": o["submission"], "line_ids": []},
    "submissions.submission_submit": lambda o, d: {"submission": o["submission"]},
    "submissions.submission_screen_lines": lambda o, d: {"submission": o["submission"]},
    "submissions.submission_return_lines": lambda o, d: {"submission": o["submission"], "reason": "Thiếu"},
    "submissions.submission_import_lines": lambda o, d: {"submission": o["submission"], "rows": [], "choices": {}},
    "council.session_plan": lambda o, d: {
        "body": d.district,
        "title": "Phiên",
        "date": o["session"].date,
        "place": "Hội trường",
        "nominations": [o["nomination"]],
    },
    "council.session_open": lambda o, d: {"session": o["session"], "present_user_ids": []},
    "council.session_close": lambda o, d: {"session": o["session"]},
    "council.ballot_cast": lambda o, d: {"item": o["item"], "choice": "agree"},
    "council.ballot_enter_written": lambda o, d: {"item": o["item"], "member": None, "choice": "agree"},
    "council.ballot_enter_paper": lambda o, d: {"item": o["item"], "agree": 1, "disagree": 0},
    "council.agenda_line_pull_out": lambda o, d: {"item": o["item"], "reason": ""},
    "council.proposal_record_outcome": lambda o, d: {"proposal": o["proposal"], "awarded": False},
    "council.bundle_create": lambda o, d: {"body": d.district},
    "council.bundle_send": lambda o, d: {"bundle": o["bundle"], "number": "1/TTr", "date": datetime.date(2025, 4, 1)},
    "council.bundle_mark_received": lambda o, d: {"bundle": o["bundle"], "date": datetime.date(2025, 4, 2)},
    "council.proposal_return": lambda o, d: {"line": o["line"], "reason": "Thiếu hồ sơ"},
    "council.bundle_record_outcomes": lambda o, d: {
        "bundle": o["bundle"],
        "proposals": [o["proposal"]],
        "number": "1/QĐ",
        "date": datetime.date(2025, 5, 1),
    },
    "registrations.register_title": lambda o, d: {
        "unit": d.commune,
        "year": 2025,
        "award": AwardType(code="LDTT"),
        "subject": Person(unit=d.commune),
    },
    "registrations.register_many": lambda o, d: {"unit": d.commune, "year": 2025, "entries": []},
    "registrations.apply_shortcut": lambda o, d: {"unit": d.commune, "year": 2025, "key": "ldtt"},
    "registrations.remove_registration": lambda o, d: {"registration": o["title_registration"]},
    "registrations.reregister": lambda o, d: {"registration": o["title_registration"]},
    "registrations.accept_registrations": lambda o, d: {"registrations": [o["title_registration"]]},
    "registrations.return_registrations": lambda o, d: {"registrations": [o["title_registration"]], "reason": "Sai"},
    "council.decision_issue": lambda o, d: {
        "body": d.district,
        "number": "1/QĐ",
        "date": datetime.date(2025, 3, 20),
        "signer_name": "A",
        "signer_title": "Chủ tịch",
        "summary": "Khen",
        "nominations": [o["nomination"]],
    },
    "council.objection_resolve": lambda o, d: {"objection": o["objection"], "resolution": "Đã xác minh"},
    "council.award_revoke": lambda o, d: {"entry": o["entry"], "ground": "fraud", "note": "Khai man"},
    "council.fund_income_record": lambda o, d: {
        "body": d.district,
        "date": datetime.date(2025, 3, 20),
        "amount": 1_000_000,
        "source": "Ngân sách huyện",
    },
    "council.certificate_batch_start": lambda o, d: {"decision": o["decision"]},
    "council.pdf_job_start": lambda o, d: {"decision": o["decision"]},
    "council.reward_recovery_record": lambda o, d: {"entry": o["entry"], "date": datetime.date(2025, 4, 1)},
}


def _service(name: str):
    app, function = name.split(".")
    return getattr(MODULES[app], function)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_refuses_the_stranger(name, district, stranger):
    service = _service(name)

    with pytest.raises(NotAllowed):
        service(actor=stranger, **SERVICES[name](_objects(district), district))


@pytest.mark.parametrize("name", ["campaigns.movement_close", "awards.nomination_screen", "council.session_close"])
def test_service_refuses_no_actor(name, district):
    with pytest.raises(NotAllowed):
        _service(name)(actor=None, **SERVICES[name](_objects(district), district))


def _public_functions():
    for app, module in MODULES.items():
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not function_name.startswith("_"):
                yield f"{app}.{function_name}", function


def test_every_public_service_function_is_classified():
    found = dict(_public_functions())
    with_actor = {name for name, f in found.items() if "actor" in inspect.signature(f).parameters}

    assert with_actor == set(SERVICES), "a service with an actor must be listed in SERVICES (and refuse the stranger)"
    assert set(found) - with_actor == set(ACTORLESS) | PURE, "a service without an actor must be listed with a reason"


def test_every_service_takes_its_actor_as_first_keyword_only_argument():
    for name in SERVICES:
        parameters = list(inspect.signature(_service(name)).parameters.values())
        assert (parameters[0].name, parameters[0].kind) == ("actor", inspect.Parameter.KEYWORD_ONLY), name


def _sources() -> str:
    texts = []
    for app in APPS:
        texts += [
            p.read_text() for p in (ROOT / app).rglob("*.py") if p.name != "rules.py" and "migrations" not in p.parts
        ]
    texts += [p.read_text() for p in (ROOT / "templates").rglob("*.html")]
    return "\n".join(texts)


def test_every_declared_permission_is_checked_somewhere():
    declared = sorted(name for name in rules.permissions.permissions if name.split(".")[0] in APPS)
    sources = _sources()

    unused = [
        name
        for name in declared
        if f'"{name}"' not in sources and not re.search(rf"perms\.{re.escape(name)}\b", sources)
    ]

    assert declared
    assert unused == []
