"""The case's time limits, computed now from its records (never stored)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rongcuo.cases.models import Case
from rongcuo.cases.parameters import parameters_for
from rongcuo.cases.procedure import basis_of, provides
from rongcuo.core.models import HolidayOverride, HolidayYear
from rongcuo.deadlines import Clock, ClockStatus, HolidayCalendar, Period
from rongcuo.deadlines.clock import Extension, Pause


def short(text: str, limit: int = 40) -> str:
    """A task named in a list: whole when it fits, else cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def holiday_calendar() -> HolidayCalendar:
    overrides = {o.date: (o.is_workday, o.name) for o in HolidayOverride.objects.all()}
    return HolidayCalendar(overrides, frozenset(HolidayYear.objects.values_list("year", flat=True)))


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    basis: str
    status: ClockStatus
    done: bool


def _status(period: Period, start: dt.date, today: dt.date, calendar: HolidayCalendar, stopped: dt.date | None,
            pauses: tuple[Pause, ...] = (), extension: Extension | None = None) -> ClockStatus:
    return Clock(period, start, pauses, extension, stopped).status(today, calendar)


def case_deadlines(case: Case, today: dt.date | None = None) -> list[Deadline]:
    """Every time limit that has started for this case, with due date and days left."""
    today = today or dt.date.today()
    calendar = holiday_calendar()
    params = parameters_for(case.pack_id)
    result: list[Deadline] = []
    determination = case.determinations.order_by("pk").first()  # the first decision stops the investigation
    notice = getattr(case, "notice", None)
    review = getattr(case, "review", None)
    if params.investigation and case.filed_on:
        pauses = tuple(Pause(p.paused_on, p.resumed_on, p.reason) for p in case.pauses.order_by("paused_on"))
        ext = getattr(case, "extension", None)
        extension = Extension(ext.days, str(ext.approved_by), ext.reason) if ext else None
        stopped = determination.decided_on if determination else None
        result.append(Deadline("investigation", "调查终结并作出决定", params.investigation.basis,
                               _status(params.investigation, case.filed_on, today, calendar, stopped, pauses, extension),
                               determination is not None))
    if determination and params.notice:
        result.append(Deadline("notice", "告知相关单位及当事人", params.notice.basis,
                               _status(params.notice, determination.decided_on, today, calendar,
                                       notice.sent_on if notice else None), notice is not None))
    if notice and notice.received_on and params.review_request and provides(case.pack_id, "request_review"):
        # 历城区办法第十九条：自收到认定决定之日起15日内 — from receipt (送达), not from sending
        result.append(Deadline("review_request", "当事人申请复核", params.review_request.basis,
                               _status(params.review_request, notice.received_on, today, calendar,
                                       review.requested_on if review else None), review is not None))
    if review and params.review_decision:
        result.append(Deadline("review_decision", "作出复核决定", params.review_decision.basis,
                               _status(params.review_decision, review.requested_on, today, calendar, review.decided_on),
                               review.decided_on is not None))
    for transfer in case.transfers.all():
        if params.transfer_handling:
            result.append(Deadline(f"transfer_{transfer.pk}", f"{transfer.agency}处理移交事项", params.transfer_handling.basis,
                                   _status(params.transfer_handling, transfer.transferred_on, today, calendar, transfer.handled_on),
                                   transfer.handled_on is not None))
        if params.transfer_report and transfer.handled_on:
            result.append(Deadline(f"transfer_report_{transfer.pk}", f"{transfer.agency}报备处理结果", params.transfer_report.basis,
                                   _status(params.transfer_report, transfer.handled_on, today, calendar, transfer.reported_on),
                                   transfer.reported_on is not None))
    for task in case.tasks.all():
        due = task.extended_to or task.due_on
        days_left = (due - (task.completed_on or today)).days
        status = ClockStatus(due, days_left, days_left < 0, False, 0, ())
        result.append(Deadline(f"task_{task.pk}", f"纠错整改：{short(task.description)}",
                               basis_of(case.pack_id, "add_rectification_task"), status, task.completed_on is not None))
    return result
