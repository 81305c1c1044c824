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
        return Choice(conduct_time, conduct_time, None,
                      f"决定之日没有施行中的新规定，适用行为发生时的《{conduct_time.pack.title}》。")
    if conduct_time is None:
        return Choice(current, None, current,
                      f"行为发生时尚无施行的容错纠错规定，适用决定之日施行的《{current.pack.title}》。")
    if favour(current) > favour(conduct_time):
        reason = (
            f"从旧兼从轻：决定之日施行的《{current.pack.title}》的结论“{current.outcome.label}”"
            f"较行为发生时施行的《{conduct_time.pack.title}》的结论“{conduct_time.outcome.label}”更有利，适用新规定。"
        )
        return Choice(current, conduct_time, current, reason)
    same = current.pack.id == conduct_time.pack.id and current.pack.version == conduct_time.pack.version
    if same:
        reason = f"行为发生时与决定之日施行的是同一规定《{conduct_time.pack.title}》。"
    else:
        reason = (f"从旧兼从轻：适用行为发生时施行的《{conduct_time.pack.title}》，"
                  f"决定之日施行的《{current.pack.title}》并不更有利。")
    return Choice(conduct_time, conduct_time, current, reason)
