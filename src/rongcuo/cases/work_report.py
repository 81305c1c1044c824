"""The 容错纠错 work report (历城区办法第十九条第二款：区行政执法监督机构应当定期向区政府报告行政执法
履职尽责容错纠错工作情况): for a jurisdiction and period, the cases by source, outcome, ground and
agency, each step's time against its limit, repeat errors and how rectification went.

Readings: a case is in the period when it was applied for (or registered) in it; outcomes, grounds
and step times are those of the determinations made in it (the standing one of each case); a
rectification task counts in the period its case was determined in."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.models import Case, Determination, Source
from rongcuo.core.models import Jurisdiction
from rongcuo.rules.model import Outcome
from rongcuo.rules.registry import get_pack

STEPS = {"investigation": "立案至作出认定", "notice": "认定至告知", "review_decision": "申请复核至复核决定"}


@dataclass
class StepTimes:
    label: str
    limit: str
    done: int = 0  # steps taken, their clock stopped
    late: int = 0  # of them, taken after the limit ran out


@dataclass
class WorkReport:
    jurisdiction: Jurisdiction
    start: dt.date
    end: dt.date
    applied: int = 0
    by_source: Counter[str] = field(default_factory=Counter)
    by_outcome: Counter[str] = field(default_factory=Counter)
    by_ground: Counter[str] = field(default_factory=Counter)
    by_agency: Counter[str] = field(default_factory=Counter)
    steps: dict[str, StepTimes] = field(default_factory=dict)
    repeat_officers: list[tuple[str, int]] = field(default_factory=list)
    tasks: int = 0
    tasks_done: int = 0
    tasks_on_time: int = 0
    tasks_overdue: int = 0

    @property
    def determined(self) -> int:
        return sum(self.by_outcome.values())


def build(jurisdiction: Jurisdiction, start: dt.date, end: dt.date, today: dt.date) -> WorkReport:
    report = WorkReport(jurisdiction, start, end)
    cases = Case.objects.filter(jurisdiction__in=jurisdiction.subtree_ids())
    applied = cases.filter(created_at__date__gte=start, created_at__date__lte=end)
    report.applied = applied.count()
    for source in applied.values_list("source", flat=True):
        report.by_source[Source(source).label] += 1
    decided = (Determination.objects.filter(case__in=cases, decided_on__gte=start, decided_on__lte=end,
                                            superseded_on__isnull=True)
               .select_related("case", "case__agency", "case__officer").order_by("pk"))
    officers: Counter[str] = Counter()
    for determination in decided:
        case = determination.case
        report.by_outcome[Outcome(determination.outcome).label] += 1
        report.by_agency[case.agency.name] += 1
        officers[f"{case.officer.name}（{case.agency.name}）"] += 1
        applied_json = (determination.current_assessment if determination.applied == "current"
                        else determination.conduct_time_assessment) or {}
        name = get_pack(applied_json.get("pack", determination.pack_id)).name
        for ground in applied_json.get("grounds", []):
            report.by_ground[f"《{name}》{ground['citation']}"] += 1
        _step_times(report, case, today)
        for task in case.tasks.all():
            report.tasks += 1
            due = task.extended_to or task.due_on
            if task.completed_on:
                report.tasks_done += 1
                report.tasks_on_time += task.completed_on <= due
            elif due < today:
                report.tasks_overdue += 1
    report.repeat_officers = sorted(((who, n) for who, n in officers.items() if n > 1), key=lambda x: (-x[1], x[0]))
    return report


def _step_times(report: WorkReport, case: Case, today: dt.date) -> None:
    for deadline in case_deadlines(case, today):
        if deadline.key not in STEPS or not deadline.done:
            continue
        times = report.steps.setdefault(deadline.key, StepTimes(STEPS[deadline.key], deadline.basis))
        times.done += 1
        times.late += deadline.status.overdue  # the clock stopped past its due date


def as_dict(report: WorkReport) -> dict[str, object]:
    return {
        "jurisdiction": report.jurisdiction.name, "start": report.start.isoformat(), "end": report.end.isoformat(),
        "applied": report.applied, "determined": report.determined, "by_source": dict(report.by_source),
        "by_outcome": dict(report.by_outcome), "by_ground": dict(report.by_ground.most_common()),
        "by_agency": dict(report.by_agency.most_common()),
        "steps": {key: {"label": s.label, "limit": s.limit, "done": s.done, "late": s.late} for key, s in report.steps.items()},
        "repeat_officers": [{"officer": who, "determinations": n} for who, n in report.repeat_officers],
        "rectification": {"tasks": report.tasks, "done": report.tasks_done, "on_time": report.tasks_on_time,
                          "overdue": report.tasks_overdue},
    }
