"""Where packs live and which one applies: by id, by folder (a draft), or by date."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from rongcuo.rules.errors import PackNotInForceError, UnknownPackError
from rongcuo.rules.pack import Pack, load_pack

PACKS_DIR = Path(__file__).resolve().parent.parent / "packs"


def pack_ids() -> list[str]:
    """Ids of the packs shipped with rongcuo, sorted."""
    return list(_shipped_ids())


@cache
def _shipped_ids() -> tuple[str, ...]:
    """Read once: shipped packs change only with a new release (a page asks for its cases' packs
    many times)."""
    return tuple(sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.yaml").is_file()))


@cache
def _load_shipped(pack_id: str) -> Pack:
    return load_pack(PACKS_DIR / pack_id)


def get_pack(name: str) -> Pack:
    """A shipped pack by id, or a pack in a folder (so a draft can be tested before adoption)."""
    if name in _shipped_ids():
        return _load_shipped(name)
    folder = Path(name)
    if (folder / "pack.yaml").is_file():
        return load_pack(folder)
    raise UnknownPackError(f"未知的规则包 (unknown pack): {name}；可用 (known): {', '.join(pack_ids())}")


def installed_pack(name: str) -> Pack:
    """A shipped pack by id only: what the web and API accept (a folder path would let a request
    make the server read files). Draft packs are tried on the command line."""
    if name in _shipped_ids():
        return _load_shipped(name)
    raise UnknownPackError(f"未知的规则包：{name[:50]}；可用：{', '.join(pack_ids())}")


def all_packs() -> list[Pack]:
    return [_load_shipped(pack_id) for pack_id in pack_ids()]


def require_in_force(pack: Pack, on: dt.date) -> None:
    if not pack.in_force(on):
        raise PackNotInForceError(
            f"规则包 {pack.id} 在 {on:%Y-%m-%d} 不在施行期内 (not in force); 施行期 (period): {pack.period}"
        )


def packs_in_force(on: dt.date, candidates: list[Pack] | None = None) -> list[Pack]:
    """The packs in force on a date, among `candidates` (default: all shipped packs)."""
    return [pack for pack in (candidates if candidates is not None else all_packs()) if pack.in_force(on)]
