"""The one place the procedure calls the rules engine: 从旧兼从轻 across the jurisdiction's packs.

The conduct-time rules are the pack the jurisdiction had in force on the day of the conduct; the
newer ones are the pack it has in force on the day of the decision, a successor pack included.
Where it has none in force that day (历城区办法 ends 2027-02-28), that is said plainly and no
expired pack is treated as current.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rongcuo.cases.errors import ProcedureError
from rongcuo.rules.assess import Assessment, assess
from rongcuo.rules.choice import Choice, choose_applicable
from rongcuo.rules.pack import Pack, chinese_date
from rongcuo.rules.registry import get_pack, packs_in_force


def pack_in_force(pack_ids: Sequence[str], on: dt.date) -> Pack | None:
    """The jurisdiction's pack in force on `on` (the first listed, if several)."""
    return next(iter(packs_in_force(on, [get_pack(pack_id) for pack_id in pack_ids])), None)


def assess_case(pack_ids: Sequence[str], facts: dict[str, bool], conduct_date: dt.date, decision_date: dt.date) -> Choice:
    old = pack_in_force(pack_ids, conduct_date)
    new = pack_in_force(pack_ids, decision_date)
    if old is None and new is None:
        raise ProcedureError("no_rules_in_force",
                             f"行为发生之日（{chinese_date(conduct_date)}）和决定之日（{chinese_date(decision_date)}）"
                             "本辖区均没有施行中的容错纠错规定，不能依规定作出认定。")
    conduct_time: Assessment | None = assess(old, facts, conduct_date) if old else None
    current: Assessment | None = assess(new, facts, decision_date) if new else None
    choice = choose_applicable(conduct_time, current)
    if new is None:
        return Choice(choice.applied, conduct_time, None,
                      f"决定之日（{chinese_date(decision_date)}）本辖区没有施行中的容错纠错规定，"
                      f"不存在更有利的新规定，适用行为发生时的《{choice.applied.pack.title}》。")
    return choice


def choice_to_json(choice: Choice) -> dict[str, Any]:
    applied_current = choice.current is not None and choice.applied is choice.current and choice.current is not choice.conduct_time
    return {
        "conduct_time": choice.conduct_time.to_dict() if choice.conduct_time else None,
        "current": choice.current.to_dict() if choice.current else None,
        "applied": "current" if applied_current else "conduct_time",
        "reason": choice.reason,
    }


def case_pack_id(pack_ids: Sequence[str], conduct_date: dt.date, today: dt.date) -> str:
    """The regulation a new case runs under: the one in force at the conduct, else the current one."""
    pack = pack_in_force(pack_ids, conduct_date) or pack_in_force(pack_ids, today)
    if pack is None:
        names = "、".join(get_pack(p).title for p in pack_ids)
        raise ProcedureError("no_rules_in_force",
                             f"行为发生之日和今天均不在本辖区容错纠错规定（{names}）的施行期内。")
    return pack.id
