"""The one place the procedure calls the rules engine: assess under the conduct-time and current
rules and choose 从旧兼从轻."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rongcuo.rules.assess import Assessment, assess
from rongcuo.rules.choice import Choice, choose_applicable
from rongcuo.rules.registry import get_pack


def assess_case(pack_id: str, facts: dict[str, bool], conduct_date: dt.date, today: dt.date) -> Choice:
    pack = get_pack(pack_id)
    conduct_time: Assessment | None = assess(pack, facts, conduct_date) if pack.in_force(conduct_date) else None
    current: Assessment | None = assess(pack, facts, today) if pack.in_force(today) else None
    if conduct_time is None and current is None:
        current = assess(pack, facts, today, check_period=False)
    return choose_applicable(conduct_time, current)


def choice_to_json(choice: Choice) -> dict[str, Any]:
    return {
        "conduct_time": choice.conduct_time.to_dict() if choice.conduct_time else None,
        "current": choice.current.to_dict() if choice.current else None,
        "applied": "current" if choice.applied is choice.current and choice.current is not choice.conduct_time else "conduct_time",
        "reason": choice.reason,
    }
