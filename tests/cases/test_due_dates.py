"""The due-date projection: the workbench reads what each step left; it follows the records, follows
a newly loaded holiday arrangement (with an event saying so), and audit verify compares it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command

from rongcuo.cases import selectors
from rongcuo.cases import services as s
from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.models import DueDate
from rongcuo.core.holidays import load_holiday_schedule
from rongcuo.core.models import Event


def filed(place: Any) -> Any:
    case = s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。", conduct_date=dt.date(2025, 6, 1), facts={})
    s.case_file(actor=place.head, case=case)
    return case


def test_the_workbench_reads_the_running_limits_each_step_leaves(licheng: Any, xixian: Any) -> None:
    case = filed(licheng)
    computed = {d.key: d.status.due_date for d in case_deadlines(case) if not d.done}
    stored = {d.key: d.due_on for d in DueDate.objects.filter(case=case)}
    assert stored == computed == {"investigation": computed["investigation"]}
    assert [row.case.pk for row in selectors.open_deadlines(licheng.handler)] == [case.pk]
    s.case_assign_investigators(actor=licheng.handler, case=case, investigators=licheng.investigators[:2])
    s.case_update_facts(actor=licheng.handler, case=case, facts={"actively_remedied": True}, reason="核实")
    s.case_record_statement(actor=licheng.officer_user, case=case, text="陈述。")
    s.case_determine(actor=licheng.head, case=case, disposition="从轻", opinion="可以从轻。")
    assert set(DueDate.objects.filter(case=case).values_list("key", flat=True)) == {"notice"}
    assert list(selectors.open_deadlines(xixian.handler)) == []  # another county's office sees none of it
    call_command("audit", "verify")


def test_loading_a_holiday_moves_a_due_date_and_the_record_says_so(licheng: Any) -> None:
    case = filed(licheng)
    before = DueDate.objects.get(case=case).due_on  # a working day (a limit ending on a rest day rolls over)
    load_holiday_schedule(actor=licheng.handler, year=before.year,
                          text=f"一、测试假：{before.month}月{before.day}日放假，共1天。")
    after = DueDate.objects.get(case=case).due_on
    assert after > before
    assert Event.objects.filter(stream=case.stream, action="refresh_due_dates").count() == 1
    call_command("audit", "verify")
