"""The sealed reporter: identity encrypted with a key kept outside the database, and receipts kept
only as Argon2 hashes.

Identity: Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) under the keys in
RONGCUO_IDENTITY_KEY_FILE, one base64 key a line, the first encrypting and all decrypting
(MultiFernet), so a key is rotated by putting a new one first and running
`rongcuo complaints rotate-key`. A copy of the database alone reveals no reporter.

Receipts: 16 random digits, shown once. The database keeps Argon2id of the receipt under a salt
derived from the server's secret, so the same receipt finds its complaint by an index lookup and a
stolen table cannot be searched without the secret and 10^16 Argon2 computations."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from rongcuo.complaints.limits import RECEIPT_DIGITS

IDENTITY_FIELDS = ("name", "id_number", "phone", "address")


def key_file() -> Path:
    return Path(settings.RONGCUO_IDENTITY_KEY_FILE)


def _keys() -> list[bytes]:
    path = key_file()
    if not path.exists():
        if getattr(settings, "RONGCUO_PRODUCTION", False):
            raise ImproperlyConfigured("缺少举报人身份加密密钥文件（RONGCUO_IDENTITY_KEY_FILE），见 docs/operations.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(Fernet.generate_key() + b"\n")
    keys = [line.strip() for line in path.read_bytes().splitlines() if line.strip()]
    if not keys:
        raise ImproperlyConfigured(f"举报人身份加密密钥文件 {path} 是空的")
    return keys


def check_key() -> None:
    """Production refuses to start without the key file (it is never made there)."""
    if not key_file().exists():
        raise ImproperlyConfigured(f"找不到举报人身份加密密钥 {key_file()}：请用 rongcuo complaints keygen --output "
                                   f"{key_file()} 生成，或设置 RONGCUO_IDENTITY_KEY_FILE（见 docs/operations.md）")
    _keys()


def _box() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def seal(identity: dict[str, str]) -> str:
    """The identity (name, id_number, phone, address) as a token only the key opens."""
    plain = json.dumps({k: identity.get(k, "") for k in IDENTITY_FIELDS}, ensure_ascii=False).encode()
    return _box().encrypt(plain).decode("ascii")


def unseal(token: str) -> dict[str, str]:
    try:
        return dict(json.loads(_box().decrypt(token.encode("ascii"))))
    except InvalidToken:
        raise ImproperlyConfigured("举报人身份无法解密：密钥文件与加密时所用的不符") from None


def reseal(token: str) -> str:
    """The same identity under the first (newest) key."""
    return _box().rotate(token.encode("ascii")).decode("ascii")


def new_receipt() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(RECEIPT_DIGITS))


def _salt() -> bytes:
    return hashlib.sha256(b"rongcuo-receipt:" + settings.SECRET_KEY.encode()).digest()[:16]


def receipt_hash(receipt: str) -> str:
    """Argon2id of the receipt (RFC 9106's second recommended profile, 64 MiB would slow a flood of
    lookups on the server as much as an attacker: 19 MiB and 2 passes, OWASP's minimum)."""
    digest = hash_secret_raw(receipt.encode(), _salt(), time_cost=2, memory_cost=19 * 1024, parallelism=1,
                             hash_len=32, type=Type.ID)
    return digest.hex()


def well_formed(receipt: Any) -> bool:
    return isinstance(receipt, str) and len(receipt) == RECEIPT_DIGITS and receipt.isascii() and receipt.isdigit()


def address_key(address: str) -> str:
    """A client address as a keyed hash: throttling counts requests per address without keeping it."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
