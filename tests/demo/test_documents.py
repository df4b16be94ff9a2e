"""Every document of the demo's 2024 decisions and sessions renders in both formats: the DOCX
from its template and its PDF (A4, fonts embedded, the DOCX's text in it, diacritics included);
the PDFs Songlo draws itself (certificates, the payout sheet) are A4 with their fonts embedded."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def test_every_document_of_the_demos_2024_decisions_and_sessions_renders_as_docx_and_pdf(demo):
    from awards import documents as award_documents
    from council import bundles, documents, registers
    from council.models import CouncilSession, Decision, ProposalBundle
    from council.selectors import entries_for_decision
    from demo.awards import FORTY_DECISION, FORTY_SESSION, YEAR_END_SESSION
    from organisation.documents import document_docx
    from tests.pdf_checks import assert_pdf, assert_pdf_matches_docx

    for number in ("125/QĐ-UBND", FORTY_DECISION):
        decision = Decision.objects.get(number=number)
        entries = list(entries_for_decision(decision))
        text = assert_pdf_matches_docx(documents.decision_docx(decision, entries))
        assert number in text
        sheet = registers.payout_sheet(decision)
        assert_pdf(registers.payout_pdf(sheet), [str(entries[-1].nomination.subject)])
        assert_pdf(documents.certificate_pdf(entries[0], "https://songlo.example/v/1"), [])

    for title in (YEAR_END_SESSION, FORTY_SESSION):
        session = CouncilSession.objects.get(title=title)
        items = session.items.select_related(
            "nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__unit"
        )
        assert_pdf_matches_docx(documents.minutes_docx(session, items, session.members.select_related("user")))
        assert_pdf_matches_docx(document_docx(documents.RESULTS, session))

    assert_pdf_matches_docx(bundles.bundle_docx(ProposalBundle.objects.get(number="08/TTr-UBND")))

    # The dossier papers of one of the decided nominations: tờ trình, report, review minutes.
    nomination = Decision.objects.get(number="125/QĐ-UBND").entries.order_by("ordinal").first().nomination
    for kind, _label in award_documents.documents_of(nomination):
        assert_pdf_matches_docx(document_docx(kind, nomination))
