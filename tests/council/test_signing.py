"""Signed PDFs (PAdES): with a body's certificate configured its decision PDF and certificates
carry a valid signature; without one nothing changes. A throwaway self-signed certificate."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.urls import reverse

from council import documents, services
from songlo import signing
from tests.council.test_registers import decide

pytestmark = pytest.mark.django_db

SIGNER = "UBND huyện Thử"


@pytest.fixture
def certificate(tmp_path, settings, monkeypatch, district):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, SIGNER), x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "huyen-thu.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"songlo", key, cert, None, serialization.BestAvailableEncryption(b"mat-khau")
        )
    )
    settings.SIGNING_CERTIFICATES = {district.district.code: str(path)}
    monkeypatch.setenv("SIGNING_PASSWORD_" + district.district.code.upper().replace("-", "_"), "mat-khau")
    signing._load.cache_clear()
    yield cert
    signing._load.cache_clear()


def _root(cert):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def test_a_certificate_carries_a_valid_pades_signature_of_the_body(district, office, chair, certificate):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    entry = decision.entries.get()

    data = documents.certificate_pdf(entry, "https://songlo.example/xac-minh/x/")

    [report] = signing.verify(data, trust_roots=[_root(certificate)])
    assert report.intact and report.valid and report.trusted
    assert SIGNER in report.signer
    assert b"/ETSI.CAdES.detached" in data  # PAdES, not the older adbe.pkcs7.detached


def test_a_tampered_pdf_no_longer_verifies(district, office, chair, certificate):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    data = bytearray(documents.certificate_pdf(decision.entries.get(), "https://songlo.example/xac-minh/x/"))
    assert data[:5] == b"%PDF-"
    at = data.index(b"\n") + 2  # inside the binary comment under the header: parsed the same, but signed
    data[at] ^= 0x01

    reports = signing.verify(bytes(data), trust_roots=[_root(certificate)])

    assert reports and not reports[0].intact and not reports[0].valid


def test_the_certificates_batch_is_signed(district, office, chair, certificate, django_capture_on_commit_callbacks):
    from songlo.uploads import private_storage

    decision = decide(office, chair, district.district, [district.commune])
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_start(actor=office, decision=decision)
    batch.refresh_from_db()

    with private_storage().open(batch.file, "rb") as handle:
        [report] = signing.verify(handle.read(), trust_roots=[_root(certificate)])
    assert report.valid and report.trusted


def test_without_a_certificate_nothing_is_signed(district, office, chair, settings):
    settings.SIGNING_CERTIFICATES = {}
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))

    data = documents.certificate_pdf(decision.entries.get(), "https://songlo.example/xac-minh/x/")

    assert signing.verify(data) == []


def test_the_verification_page_names_the_signer_and_the_certificates_validity(
    district, office, chair, certificate, client
):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    entry = decision.entries.get()

    page = client.get(reverse("public:verify", args=[entry.token])).content.decode()

    assert SIGNER in page and "Chứng thư còn hiệu lực" in page
    assert format(certificate.serial_number, "X") in page
