"""纠错、归档: rectification tasks, their extension and follow-up, and archiving with what the
case's regulation requires before it (pack.yaml procedure.archive_requires)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from rongcuo.cases.clocks import short
from rongcuo.cases.errors import InvalidInput, ProcedureError
from rongcuo.cases.loaded import open_tasks
from rongcuo.cases.models import Case, RectificationTask
from rongcuo.cases.procedure import label_of
from rongcuo.cases.services.base import chinese_date, need_text, record, require, step, today
from rongcuo.cases.services.decision import review_window
from rongcuo.core.models import User
from rongcuo.rules.registry import get_pack


def _notice_sent(case: Case) -> str | None:
    return None if hasattr(case, "notice") or case.state == "rejected" else "告知相关单位及当事人"


def _published(case: Case) -> str | None:
    if case.state == "rejected" or hasattr(case, "publication"):
        return None
    return "公开情况的登记（一般应在一定范围内公开；不公开须说明理由）"


def _rectification_if_cleared(case: Case) -> str | None:
    determination = case.determination
    if case.state == "rejected" or determination is None or determination.outcome not in ("tolerated", "duty_fulfilled"):
        return None
    return None if case.tasks.all() else "纠错要求（作出容错免责决定的同时应当及时启动纠错程序）"


ARCHIVE_CHECKS: dict[str, Callable[[Case], str | None]] = {
    "notice_sent": _notice_sent,
    "review_closed": lambda c: (f"{w}，复核权利尚未届满" if (w := review_window(c)) else None),
    "tasks_done": lambda c: "；".join(f"整改任务“{short(t.description)}”尚未完成"
                                     for t in open_tasks(c)) or None,
    "published": _published,
    "rectification_if_cleared": _rectification_if_cleared,
}


def case_add_rectification_task(*, actor: User, case: Case, description: str, due_on: dt.date) -> RectificationTask:
    description = need_text(description, "纠错事项与要求")
    if due_on <= today():
        raise InvalidInput("invalid_date", "整改期限应晚于今天。")
    with step(case, actor, "add_rectification_task") as locked:
        window = review_window(locked)
        if window:
            raise ProcedureError("review_open", f"{window}；复核权利届满或复核决定作出前，不能{label_of(locked.pack_id, 'add_rectification_task')}。")
        task = RectificationTask.objects.create(case=locked, description=description, due_on=due_on)
        record(locked, actor, "add_rectification_task", f"提出纠错要求，期限 {chinese_date(due_on)}", reason=description)
    return task


def _task_step(actor: User, task: RectificationTask, action: str, change: Callable[[RectificationTask], str]) -> None:
    with step(task.case, actor, action) as locked:
        row = RectificationTask.objects.select_for_update().get(pk=task.pk, case=locked)
        summary = change(row)
        row.save()
        record(locked, actor, action, summary)
    task.refresh_from_db()


def case_complete_task(*, actor: User, task: RectificationTask, report: str) -> None:
    report = need_text(report, "整改情况")

    def change(row: RectificationTask) -> str:
        if row.completed_on:
            raise ProcedureError("already_done", "该整改任务已完成。")
        row.completed_on, row.completion_report = today(), report
        return f"完成整改：{row.description[:30]}"
    _task_step(actor, task, "complete_task", change)


def case_request_task_extension(*, actor: User, task: RectificationTask, new_due: dt.date, reason: str) -> None:
    reason = need_text(reason, "申请延长的理由")

    def change(row: RectificationTask) -> str:
        if row.completed_on:
            raise ProcedureError("already_done", "该整改任务已完成，无需延长。")
        if row.extension_pending:
            raise ProcedureError("already_pending", "已有待审批的延长申请。")
        if new_due <= row.effective_due:  # type: ignore[operator]
            raise InvalidInput("invalid_date", "延长后的期限应晚于现有期限。")
        row.extended_to_requested, row.extension_reason, row.extension_pending = new_due, reason, True
        return f"申请延长整改期限至 {chinese_date(new_due)}"
    _task_step(actor, task, "request_task_extension", change)


def case_decide_task_extension(*, actor: User, task: RectificationTask, approve: bool) -> None:
    def change(row: RectificationTask) -> str:
        if not row.extension_pending:
            raise ProcedureError("nothing_pending", "没有待审批的延长申请。")
        row.extension_pending = False
        if approve:
            row.extended_to = row.extended_to_requested
        row.extended_to_requested = None
        return "批准延长整改期限" if approve else "不批准延长整改期限"
    _task_step(actor, task, "decide_task_extension", change)


def case_follow_up(*, actor: User, task: RectificationTask, note: str) -> None:
    note = need_text(note, "跟踪了解情况")

    def change(row: RectificationTask) -> str:
        row.follow_up = (row.follow_up + "\n" if row.follow_up else "") + f"{chinese_date(today())}：{note}"
        return f"跟踪了解整改情况：{note[:40]}"
    _task_step(actor, task, "follow_up", change)


def missing_for_archive(case: Case) -> list[str]:
    checks = get_pack(case.pack_id).procedure.archive_requires
    return [m for m in (ARCHIVE_CHECKS[name](case) for name in checks) if m]


def case_archive(*, actor: User, case: Case) -> Case:
    with step(case, actor, "archive") as locked:
        require(missing_for_archive(locked), label_of(locked.pack_id, "archive"))
        locked.archived_on = today()
        record(locked, actor, "archive", label_of(locked.pack_id, "archive"))
    # 卷宗, made at once after the archive is recorded (its verification report covers the archive)
    from rongcuo.documents.dossier import dossier_make_at_archive

    dossier_make_at_archive(actor=actor, case=case)
    return case
