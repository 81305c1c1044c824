"""The procedure through the services: each pack from application to archive, and every refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from rongcuo.cases import services as s
from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.errors import NotAllowed, ProcedureError
from rongcuo.cases.models import State

CONDUCT = dt.date(2025, 6, 1)
FACTS = {"counterparty_concealed_information": True, "actively_remedied": True}


def apply(place: Any, **extra: Any) -> Any:
    return s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。", conduct_date=CONDUCT, facts=FACTS, **extra)


def investigate(place: Any, case: Any) -> None:
    s.case_file(actor=place.head, case=case)
    s.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
    s.case_update_facts(actor=place.handler, case=case, facts=dict(case.facts), reason="经询问、调阅案卷核实")
    s.case_record_statement(actor=place.officer_user, case=case, text="本人已按规定检查，企业故意隐瞒。")


def test_a_licheng_case_goes_from_application_to_archive(licheng: Any) -> None:
    case = apply(licheng)
    assert case.state == State.APPLIED
    investigate(licheng, case)
    assert case.state == State.INVESTIGATING
    assert case.number.endswith("〔" + str(dt.date.today().year) + "〕1号")
    s.case_determine(actor=licheng.head, case=case, disposition="免责", opinion="符合容错情形，予以免责。")
    assert case.state == State.DETERMINED
    assert case.determination.outcome == "tolerated"
    assert case.determination.number.startswith(licheng.jurisdiction.number_prefix + "容决〔")
    s.case_notify(actor=licheng.handler, case=case, recipients="张执法、市场监督管理局")
    s.case_acknowledge_receipt(actor=licheng.officer_user, case=case)
    s.case_request_review(actor=licheng.officer_user, case=case, grounds="请求复核处理幅度。")
    assert case.state == State.UNDER_REVIEW
    s.case_decide_review(actor=licheng.head, case=case, upheld=True, decision="维持原认定。")
    task = s.case_add_rectification_task(actor=licheng.handler, case=case, description="完善检查记录制度",
                                         due_on=dt.date.today() + dt.timedelta(days=30))
    s.case_request_task_extension(actor=licheng.officer_user, task=task, new_due=dt.date.today() + dt.timedelta(days=40), reason="制度需集体研究")
    assert task.extended_to is None  # a request alone does not move the due date
    s.case_decide_task_extension(actor=licheng.handler, task=task, approve=True)
    assert task.extended_to == dt.date.today() + dt.timedelta(days=40)
    s.case_complete_task(actor=licheng.officer_user, task=task, report="已修订检查记录制度。")
    s.case_follow_up(actor=licheng.handler, task=task, note="回访确认制度已执行。")
    s.case_archive(actor=licheng.handler, case=case)
    assert case.state == State.ARCHIVED
    call_command("audit", "verify")


def test_a_xixian_case_runs_the_county_procedure_to_archive(xixian: Any) -> None:
    case = apply(xixian)
    s.case_file(actor=xixian.head, case=case)
    s.case_update_facts(actor=xixian.handler, case=case, facts=FACTS, reason="经调查核实，企业确有隐瞒。")
    s.case_determine(actor=xixian.head, case=case, disposition="免责", opinion="党组研究认为符合容错情形。",
                     meeting_date=dt.date.today(), attendees="王书记、李副局长、赵纪检组长")
    determination = case.determination
    assert determination.deciding_body == "所在单位党组（集体研究决定）"
    assert determination.attendees == "王书记、李副局长、赵纪检组长"
    s.case_notify(actor=xixian.handler, case=case, recipients="张执法、隰县市场监督管理局")
    s.case_publish(actor=xixian.handler, case=case, published=True, scope="本单位内部", published_on=dt.date.today())
    with pytest.raises(ProcedureError, match="纠错要求"):
        s.case_archive(actor=xixian.handler, case=case)  # 第十六条：容错免责的同时应当启动纠错
    task = s.case_add_rectification_task(actor=xixian.handler, case=case, description="完善检查制度",
                                         due_on=dt.date.today() + dt.timedelta(days=10))
    s.case_complete_task(actor=xixian.officer_user, task=task, report="已完善。")
    s.case_archive(actor=xixian.handler, case=case)
    assert case.state == State.ARCHIVED
    call_command("audit", "verify")


def test_determination_is_refused_until_the_records_exist(licheng: Any) -> None:
    case = apply(licheng, is_major=True)
    s.case_file(actor=licheng.head, case=case)
    with pytest.raises(ProcedureError) as refused:
        s.case_determine(actor=licheng.head, case=case, disposition="免责", opinion="…")
    assert refused.value.code == "missing_records"
    for missing in ("调查人员不少于两人", "核实事实要素的记录", "陈述申辩", "听证"):
        assert missing in refused.value.message


def test_an_investigator_with_a_declared_interest_is_refused_and_recusal_is_recorded(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    first, second, third = licheng.investigators
    with pytest.raises(ProcedureError, match="利害关系"):
        s.case_assign_investigators(actor=licheng.handler, case=case, investigators=[first, second], declared_interest={second.pk})
    s.case_assign_investigators(actor=licheng.handler, case=case, investigators=[first, second])
    s.case_recuse(actor=licheng.handler, case=case, investigator=second, reason="与当事人系亲属")
    s.case_record_statement(actor=licheng.handler, case=case, text="陈述")
    s.case_update_facts(actor=licheng.handler, case=case, facts=FACTS)
    with pytest.raises(ProcedureError, match="现有 1 人"):
        s.case_determine(actor=licheng.head, case=case, disposition="免责", opinion="…")
    s.case_assign_investigators(actor=licheng.handler, case=case, investigators=[third])
    s.case_determine(actor=licheng.head, case=case, disposition="免责", opinion="予以免责")


def test_wrong_role_and_wrong_state_are_refused_with_a_reason(licheng: Any, xixian: Any) -> None:
    case = apply(licheng)
    with pytest.raises(NotAllowed):
        s.case_file(actor=licheng.handler, case=case)  # filing is the head's
    with pytest.raises(NotAllowed):
        s.case_file(actor=xixian.head, case=case)  # another jurisdiction's head
    with pytest.raises(ProcedureError) as wrong:
        s.case_notify(actor=licheng.handler, case=case, recipients="x")
    assert wrong.value.code == "wrong_state"
    assert "待立案" in wrong.value.message


def test_a_disposition_outside_the_lawful_range_needs_a_written_reason(xixian: Any) -> None:
    case = s.case_apply(actor=xixian.officer_user, officer=xixian.officer, source="own_application", title="t",
                        narrative="n", conduct_date=CONDUCT, facts={"counterparty_concealed_information": True})
    investigate(xixian, case)
    s.case_update_facts(actor=xixian.handler, case=case, facts={"counterparty_concealed_information": True})
    with pytest.raises(ProcedureError) as refused:
        s.case_determine(actor=xixian.head, case=case, disposition="免责", opinion="…",  # 隰县：未积极挽回，不能免责
                         meeting_date=dt.date.today(), attendees="党组成员五人")
    assert refused.value.code == "outside_lawful_range"
    assert "减轻、从轻" in refused.value.message
    s.case_determine(actor=xixian.head, case=case, disposition="免责", opinion="…", outside_range_reason="党组研究认为……",
                     meeting_date=dt.date.today(), attendees="党组成员五人")
    assert case.determination.outside_range_reason


def test_review_after_fifteen_days_is_refused(licheng: Any) -> None:
    case = apply(licheng)
    investigate(licheng, case)
    s.case_determine(actor=licheng.head, case=case, disposition="免责", opinion="…")
    s.case_notify(actor=licheng.handler, case=case, recipients="x")
    case.notice.sent_on = dt.date.today() - dt.timedelta(days=45)
    case.notice.save()
    s.case_record_receipt(actor=licheng.handler, case=case, received_on=dt.date.today() - dt.timedelta(days=40))
    with pytest.raises(ProcedureError) as late:
        s.case_request_review(actor=licheng.officer_user, case=case, grounds="不服")
    assert late.value.code == "review_period_over"


def test_one_extension_only_and_deadlines_are_computed(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    s.case_approve_extension(actor=licheng.head, case=case, days=30, reason="情况复杂")
    with pytest.raises(ProcedureError, match="不能再次延长"):
        s.case_approve_extension(actor=licheng.head, case=case, days=5, reason="再延")
    s.case_pause_clock(actor=licheng.handler, case=case, reason="委托鉴定")
    deadlines = {d.key: d for d in case_deadlines(case)}
    assert deadlines["investigation"].status.paused
    s.case_resume_clock(actor=licheng.handler, case=case)
    deadline = {d.key: d for d in case_deadlines(case)}["investigation"]
    assert deadline.status.extended_days == 30
    from rongcuo.cases.clocks import holiday_calendar
    from rongcuo.deadlines import DayKind, due_date

    # 30 days and the 30-day extension, counted from filing; the pause and resume of today took no day
    assert deadline.status.due_date == due_date(case.filed_on, 60, DayKind.NATURAL, holiday_calendar()).date


def test_a_supervision_case_opens_the_check_at_once(licheng: Any) -> None:
    case = s.case_apply(actor=licheng.handler, officer=licheng.officer, source="supervision_case", title="监督案件",
                        narrative="n", conduct_date=CONDUCT)
    assert case.state == State.INVESTIGATING
    assert case.number


def test_repeat_error_is_proposed_when_an_earlier_case_on_the_same_grounds_was_tolerated(licheng: Any) -> None:
    first = apply(licheng)
    investigate(licheng, first)
    s.case_determine(actor=licheng.head, case=first, disposition="免责", opinion="…")
    second = s.case_apply(actor=licheng.officer_user, officer=licheng.officer, source="own_application",
                          title="再次未及时发现隐患", narrative="又一家企业隐瞒了隐患。",
                          conduct_date=CONDUCT + dt.timedelta(days=30), facts=FACTS)
    assert s.proposes_repeat_error(second)
    assert s.earlier_similar_cases(second)[0]["grounds"] == ["第十条第（七）项"]
    assert s.earlier_similar_cases(first) == []  # the later case is not “此前” for the first one


def test_evidence_files_are_kept_with_their_hash_in_the_record(licheng: Any, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rongcuo.core.models import Event

    settings.MEDIA_ROOT = tmp_path
    case = apply(licheng)
    s.case_add_evidence(actor=licheng.officer_user, case=case, file=SimpleUploadedFile("检查记录.pdf", b"%PDF-1.4 record"),
                        description="现场检查记录")
    assert case.evidence.get().description == "现场检查记录"
    event = Event.objects.filter(stream=case.stream, action="add_evidence").get()
    assert len(event.after["sha256"]) == 64
    with pytest.raises(NotAllowed):
        s.case_add_evidence(actor=licheng.other_officer_user, case=case, file=SimpleUploadedFile("x.txt", b"x"), description="x")


def test_a_liaison_sees_a_case_transferred_to_their_agency(licheng: Any) -> None:
    from rongcuo.cases.access import can_view
    from rongcuo.core.models import RoleAssignment, User
    from rongcuo.core.roles import Role

    other_liaison = User.objects.create_user(username="other_liaison", password="x-long-password-1")
    RoleAssignment.objects.create(user=other_liaison, role=Role.LIAISON, agency=licheng.other_agency)
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    assert not can_view(other_liaison, case)
    s.case_transfer(actor=licheng.handler, case=case, agency=licheng.other_agency, reason="由执法机关自行调查")
    assert can_view(other_liaison, case)
    s.case_report_transfer_result(actor=other_liaison, case=case, result="已处理", handled_on=dt.date.today())
    assert case.state == State.INVESTIGATING


def test_a_transfer_runs_the_handling_clock_then_the_report_clock(licheng: Any, xixian: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    s.case_transfer(actor=licheng.handler, case=case, agency=licheng.agency, reason="自行调查")
    clocks = {d.label: d for d in case_deadlines(case)}
    handling = clocks[f"{licheng.agency}处理移交事项"]
    assert handling.done is False
    from rongcuo.cases.clocks import holiday_calendar
    from rongcuo.deadlines import DayKind, due_date

    expected = due_date(dt.date.today(), 30, DayKind.NATURAL, holiday_calendar()).date  # 第十五条：30 日内
    assert handling.status.due_date == expected
    assert handling.status.days_left == (expected - dt.date.today()).days
    s.case_report_transfer_result(actor=licheng.liaison, case=case, result="已处理", handled_on=dt.date.today())
    clocks = {d.label: d for d in case_deadlines(case)}
    assert clocks[f"{licheng.agency}报备处理结果"].done
    other = apply(xixian)
    s.case_file(actor=xixian.head, case=other)
    assert case_deadlines(other) == []  # 隰县 sets no investigation limit: no invented clock


def test_search_matches_every_word_of_a_chinese_query(licheng: Any) -> None:
    from rongcuo.cases.selectors import case_list

    hidden = s.case_apply(actor=licheng.officer_user, officer=licheng.officer, source="own_application",
                          title="食品经营检查中未发现隐患", narrative="企业故意隐瞒了冷库储存情况。", conduct_date=CONDUCT)
    s.case_apply(actor=licheng.officer_user, officer=licheng.officer, source="own_application",
                 title="许可审查偏差", narrative="政策调整期间审查尺度不一。", conduct_date=CONDUCT)
    assert list(case_list(licheng.handler, query="冷库 隐瞒")) == [hidden]
    assert list(case_list(licheng.handler, query="企业隐瞒隐患")) == [hidden]
    assert list(case_list(licheng.handler, query="张执法")) != []
    assert list(case_list(licheng.handler, query="不存在的事由")) == []
