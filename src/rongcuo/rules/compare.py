"""The same facts under several packs: where they agree, where they differ, and why (同案不同判)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rongcuo.rules.assess import Assessment, assess
from rongcuo.rules.pack import Pack, chinese_date
from rongcuo.rules.vocabulary import default_vocabulary


@dataclass(frozen=True, slots=True)
class FactReading:
    """How each pack treats one established fact: the clauses it made hold, or none at all."""

    fact: str
    held_in: Mapping[str, tuple[str, ...]]  # pack id → citations of held clauses using the fact
    unused_in: tuple[str, ...]  # pack ids with no clause mentioning the fact


@dataclass(frozen=True, slots=True)
class Comparison:
    results: tuple[Assessment, ...]
    readings: tuple[FactReading, ...]
    left_out: tuple[tuple[Pack, str], ...] = ()  # packs not compared, with the reason

    @property
    def consistent(self) -> bool:
        """Same outcome and same lawful dispositions under every pack."""
        return len({(a.outcome, a.dispositions) for a in self.results}) <= 1

    def differences(self) -> list[str]:
        """One Chinese sentence per fact that the packs treat differently."""
        vocabulary = default_vocabulary()
        names = {a.pack.id: a.pack.name for a in self.results}
        lines = []
        for reading in self.readings:
            treated = {pack: cites for pack, cites in reading.held_in.items() if cites}
            if not reading.unused_in and len({bool(c) for c in reading.held_in.values()}) <= 1:
                continue
            parts = [f"{names[pack]}依{'、'.join(cites)}成立" for pack, cites in treated.items()]
            parts += [f"{names[pack]}没有以此为要件的条款" for pack in reading.unused_in]
            idle = [p for p, c in reading.held_in.items() if not c and p not in reading.unused_in]
            parts += [f"{names[pack]}的相关条款因其他要件不具备而不成立" for pack in idle]
            lines.append(f"事实“{vocabulary.label(reading.fact)}”：{'；'.join(parts)}。")
        return lines

    def to_dict(self) -> dict[str, object]:
        return {
            "results": [a.to_dict() for a in self.results],
            "consistent": self.consistent,
            "differences": self.differences(),
            "left_out": [{"pack": pack.id, "title": pack.title, "reason": reason} for pack, reason in self.left_out],
        }


def not_in_force_reason(pack: Pack, on: dt.date) -> str:
    return f"行为发生日期{chinese_date(on)}不在其施行期内（施行期：{pack.period}）"


def compare(packs: Sequence[Pack], facts: Mapping[str, bool], on: dt.date,
            left_out: Sequence[tuple[Pack, str]] = ()) -> Comparison:
    results = tuple(assess(pack, facts, on) for pack in packs)
    readings = []
    for fact in (name for name, value in facts.items() if value):
        held_in = {
            a.pack.id: tuple(r.clause.citation for r in a.trace if r.held and fact in r.clause.facts)
            for a in results
        }
        unused = tuple(
            a.pack.id for a in results if not any(fact in c.facts for c in a.pack.evaluable)
        )
        readings.append(FactReading(fact=fact, held_in=held_in, unused_in=unused))
    return Comparison(results=results, readings=tuple(readings), left_out=tuple(left_out))


def compare_in_force(facts: Mapping[str, bool], on: dt.date) -> Comparison:
    """The facts under every shipped pack in force on `on`; the others are named with the reason."""
    from rongcuo.rules.errors import PackNotInForceError
    from rongcuo.rules.registry import all_packs, packs_in_force

    packs = packs_in_force(on)
    if not packs:
        raise PackNotInForceError(f"{chinese_date(on)}没有施行中的容错纠错规定 (no pack in force)")
    left_out = [(pack, not_in_force_reason(pack, on)) for pack in all_packs() if pack not in packs]
    return compare(packs, facts, on, left_out)
