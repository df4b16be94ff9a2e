"""Digital signatures on the PDFs Songlo issues (PAdES baseline B, with pyHanko).

A body signs when the operator configured a signing certificate for it: a PKCS#12 file (.p12)
readable by the application and its password, both from the environment (``.env.example``)::

    SIGNING_CERTIFICATES=huyen-song-lo=/etc/songlo/keys/song-lo.p12
    SIGNING_PASSWORD_HUYEN_SONG_LO=...

(the unit's code, upper-cased with ``-`` as ``_``, names its password). Without one, nothing
changes: the PDFs are issued unsigned. ``verify`` reads the signatures a PDF carries.
"""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class SignerInfo:
    """What the verification page says about a body's signing certificate."""

    subject: str
    issuer: str
    serial: str
    valid_from: datetime.datetime
    valid_to: datetime.datetime

    def valid_on(self, moment: datetime.datetime) -> bool:
        return self.valid_from <= moment <= self.valid_to


@dataclass(frozen=True)
class SignatureReport:
    signer: str
    signed_at: datetime.datetime | None
    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact and the signature checks against the signer's certificate
    trusted: bool  # the signer's certificate chains to a trusted root given


def configured() -> dict[str, str]:
    """{unit code: path of its .p12} from SIGNING_CERTIFICATES."""
    from django.conf import settings

    return dict(getattr(settings, "SIGNING_CERTIFICATES", {}))


def _password(code: str) -> bytes:
    name = "SIGNING_PASSWORD_" + code.upper().replace("-", "_")
    return os.environ.get(name, "").encode()


@cache
def _load(path: str, password: bytes):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password or None)
    if signer is None:
        raise RuntimeError(f"Không đọc được chứng thư số {path}: kiểm tra tệp .p12 và mật khẩu.")
    return signer


def signer_for(code: str):
    """The body's pyHanko signer, or None when it has no signing certificate configured."""
    path = configured().get(code)
    return _load(path, _password(code)) if path else None


def signer_info(code: str) -> SignerInfo | None:
    signer = signer_for(code)
    if signer is None:
        return None
    cert = signer.signing_cert
    return SignerInfo(
        subject=cert.subject.human_friendly,
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "X"),
        valid_from=cert["tbs_certificate"]["validity"]["not_before"].native,
        valid_to=cert["tbs_certificate"]["validity"]["not_after"].native,
    )


def sign(data: bytes, code: str, *, reason: str, location: str = "") -> bytes:
    """The PDF signed (PAdES B-B) with the body's certificate; unchanged when it has none."""
    signer = signer_for(code)
    if signer is None:
        return data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="SongloSignature",
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    output = signers.sign_pdf(writer, metadata, signer=signer)
    return output.getvalue()


def verify(data: bytes, trust_roots=()) -> list[SignatureReport]:
    """Every signature of the PDF with what it proves."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
    reports = []
    for signature in reader.embedded_signatures:
        status = validate_pdf_signature(signature, context)
        reports.append(
            SignatureReport(
                signer=status.signing_cert.subject.human_friendly,
                signed_at=status.signer_reported_dt,
                intact=status.intact,
                valid=status.intact and status.valid,
                trusted=status.trusted,
            )
        )
    return reports
