"""What the regulation in force in a complaint's jurisdiction says of complaints (pack data,
`procedure.complaints`): the citation and words of each duty, or None where it says nothing."""

from __future__ import annotations

from rongcuo.cases.rules_bridge import pack_in_force
from rongcuo.core.models import Jurisdiction
from rongcuo.rules.pack import Basis, Pack


def pack_of(place: Jurisdiction, on: object = None) -> Pack | None:
    from django.utils import timezone

    return pack_in_force(place.governing().rule_packs, on or timezone.localdate())  # type: ignore[arg-type]


def duty(place: Jurisdiction, name: str) -> tuple[Pack, Basis] | None:
    pack = pack_of(place)
    if pack is None or name not in pack.procedure.complaints:
        return None
    return pack, pack.procedure.complaints[name]


def cited(place: Jurisdiction, name: str) -> str:
    """《历城区办法》第二十二条, or "" where the regulation has no such duty."""
    found = duty(place, name)
    return f"《{found[0].name}》{found[1].citation}" if found else ""
