"""The sealed ballot box of an agenda item: its running counts, encrypted with a key the database
never holds (see the module docstring of council/models.py for why).

``seal`` and ``unseal`` are the whole interface; the data migration that turned the old per-vote
rows into boxes uses them too, so the format below is stable (a new one gets a new first byte).

Format 1: ``b"\\x01" + nonce(12) + AES-256-GCM(counts)``, the counts packed as ``SLOTS``
unsigned 32-bit integers in the fixed order of ``SLOT_OF``. Every box is 1 + 12 + 16 + 16 = 45
bytes whatever the counts, so neither the length nor the bytes of a box tell how many ballots
of which kind it holds; the nonce is fresh at every write, so two writes of the same counts
differ. The item's primary key is the associated data: a box copied onto another item does not
open. The key is derived (HKDF-SHA256) from ``SECRET_KEY``; ``SECRET_KEY_FALLBACKS`` still
open the boxes sealed before a key rotation.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from songlo.exceptions import DomainError

FORMAT = b"\x01"
NONCE_BYTES = 12
# One slot per choice, in a fixed order; spare slots let a choice be added without a new format.
SLOT_OF = {"agree": 0, "disagree": 1}
SLOTS = 4
_COUNTS = struct.Struct(f">{SLOTS}I")
SEALED_BYTES = len(FORMAT) + NONCE_BYTES + _COUNTS.size + 16


class BallotBoxUnreadable(DomainError):
    """The box does not open with the current key or a fallback: the key changed, or the row did."""


def _key(secret: str | bytes) -> bytes:
    raw = secret.encode() if isinstance(secret, str) else secret
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"songlo council ballot box v1").derive(raw)


def _aad(item_pk: int) -> bytes:
    return f"songlo.council.ballot-box:{item_pk}".encode()


def empty() -> dict[str, int]:
    return dict.fromkeys(SLOT_OF, 0)


def seal(item_pk: int, counts: Mapping[str, int]) -> bytes:
    """The counts of item ``item_pk`` sealed with the current key and a fresh nonce."""
    slots = [0] * SLOTS
    for choice, count in counts.items():
        slots[SLOT_OF[choice]] = count
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT + nonce + AESGCM(_key(settings.SECRET_KEY)).encrypt(nonce, _COUNTS.pack(*slots), _aad(item_pk))


def unseal(item_pk: int, sealed: bytes | memoryview) -> dict[str, int]:
    """The counts of item ``item_pk``; BallotBoxUnreadable when no configured key opens the box."""
    sealed = bytes(sealed)
    if len(sealed) != SEALED_BYTES or sealed[:1] != FORMAT:
        raise BallotBoxUnreadable("Hòm phiếu của nội dung này không đúng định dạng: không kiểm phiếu được.")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        try:
            slots = _COUNTS.unpack(AESGCM(_key(secret)).decrypt(nonce, body, _aad(item_pk)))
        except InvalidTag:
            continue
        return {choice: slots[slot] for choice, slot in SLOT_OF.items()}
    raise BallotBoxUnreadable(
        "Không mở được hòm phiếu của nội dung này: khóa bí mật (SECRET_KEY) đã đổi. Đặt khóa cũ vào "
        "SECRET_KEY_FALLBACKS cho đến khi phiên họp kết thúc."
    )
