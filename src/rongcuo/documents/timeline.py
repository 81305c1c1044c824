"""The record's actions named as a reader knows them (the dossier's record, the print page)."""

from __future__ import annotations

from rongcuo.cases.models import Case
from rongcuo.cases.procedure import STEPS, label_of
from rongcuo.core.models import Event

ACTIONS = {
    "apply": "申请或登记", "add_evidence": "提交证据材料", "issue_document": "制作文书", "render_pdf": "生成 PDF",
    "make_dossier": "制作卷宗", "refresh_due_dates": "期限重算", "load_holiday_schedule": "录入节假日安排",
}


def action_label(event: Event, case: Case | None = None) -> str:
    if event.action in STEPS:
        return label_of(case.pack_id, event.action) if case is not None else STEPS[event.action].label
    return ACTIONS.get(event.action, "其他操作")
