"""从旧兼从轻: the rules in force at the time of the conduct, unless the current ones are kinder."""

from __future__ import annotations

from dataclasses import dataclass

from rongcuo.rules.assess import Assessment


@dataclass(frozen=True, slots=True)
class Choice:
    applied: Assessment
    conduct_time: Assessment | None
    current: Assessment | None
    reason: str


def favour(assessment: Assessment) -> tuple[int, int]:
    """How favourable an assessment is to the officer: outcome first, then the widest dispositions."""
    return assessment.outcome.favour, len(assessment.dispositions)


def choose_applicable(conduct_time: Assessment | None, current: Assessment | None) -> Choice:
    """Pick between the assessment under the rules of the conduct's time and under current rules."""
    if conduct_time is None and current is None:
        raise ValueError("至少需要一项评估：行为发生时的规则或现行规则")
    if current is None:
        assert conduct_time is not None
        return Choice(conduct_time, conduct_time, None, "现行规则不可用，适用行为发生时的规则。")
    if conduct_time is None:
        return Choice(current, None, current, "行为发生时尚无施行的规则，适用现行规则。")
    if favour(current) > favour(conduct_time):
        reason = (
            f"从旧兼从轻：现行规则（{current.pack.id}）的结论“{current.outcome.label}”"
            f"较行为发生时规则（{conduct_time.pack.id}）的结论“{conduct_time.outcome.label}”更有利，适用现行规则。"
        )
        return Choice(current, conduct_time, current, reason)
    reason = f"从旧兼从轻：适用行为发生时的规则（{conduct_time.pack.id}），现行规则并不更有利。"
    return Choice(conduct_time, conduct_time, current, reason)
