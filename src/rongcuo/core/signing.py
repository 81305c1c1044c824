"""The record's signing key (Ed25519). It lives in a file outside the database, so whoever can
write to the database cannot forge an event or re-sign a rewritten chain.

RONGCUO_SIGNING_KEY_FILE names the file (default: <data dir>/keys/record-signing.key). Outside
production a missing key is created on first use; production refuses to start without one
(`rongcuo audit keygen --output FILE` makes it; docs/operations.md says where to keep it).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def key_path() -> Path:
    return Path(settings.RONGCUO_SIGNING_KEY_FILE)


def write_new_key(path: Path) -> Ed25519PrivateKey:
    """Create a private key file readable by its owner only; never overwrites."""
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


@lru_cache(maxsize=1)
def private_key() -> Ed25519PrivateKey:
    path = key_path()
    if not path.exists():
        if settings.RONGCUO_PRODUCTION:
            raise ImproperlyConfigured(
                f"找不到操作记录签名密钥 {path}：请用 rongcuo audit keygen --output {path} 生成（见 docs/operations.md）")
        try:
            return write_new_key(path)
        except FileExistsError:  # another process created it first
            pass
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} 不是 Ed25519 私钥")
    return key


def public_key_hex() -> str:
    raw = private_key().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def sign(message: bytes) -> str:
    return private_key().sign(message).hex()


def is_valid(signature: str, message: bytes, public_key: str | None = None) -> bool:
    try:
        key = (Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)) if public_key
               else private_key().public_key())
        key.verify(bytes.fromhex(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True
