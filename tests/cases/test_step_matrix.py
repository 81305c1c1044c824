"""Who may take which step in which state: the procedure's matrix as each person sees it on the case
page (the steps offered, and those waiting for a record), walked through every state of a case
under each regulation. The transition table (cases/procedure.py) is data that mutation testing does
not change; this test is what notices when a role or a state is added to or dropped from a step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rongcuo.cases import services as s
from rongcuo.cases.selectors import allowed_steps, waiting_steps

CONDUCT = dt.date(2025, 6, 1)
FACTS = {"counterparty_concealed_information": True, "actively_remedied": True}
PEOPLE = ("handler", "head", "investigator", "unassigned", "liaison", "officer", "discipline")
NOBODY: dict[str, set[str]] = {}

# 历城区办法: what each person is offered (or sees waiting) in each state of a case
LICHENG: list[tuple[str, dict[str, set[str]]]] = [
    ("applied", {"head": {"file", "reject"}}),  # 第九条：受理或不予受理
    ("rejected", {"handler": {"archive"}}),
    ("investigating", {  # before investigators are assigned (第十条：不少于二人)
        "handler": {"assign_investigators", "consult", "hold_hearing", "pause_clock", "record_statement",
                    "schedule_hearing", "transfer", "update_facts"},
        "head": {"approve_extension", "determine"}, "officer": {"record_statement"}}),
    ("investigating, assigned", {
        "handler": {"assign_investigators", "consult", "hold_hearing", "pause_clock", "record_statement", "recuse",
                    "schedule_hearing", "transfer", "update_facts"},
        "head": {"approve_extension", "determine", "recuse"}, "investigator": {"record_statement", "update_facts"},
        "officer": {"record_statement"}}),
    ("transferred", {  # 第十五条：移交执法机关，由其报备处理结果
        "handler": {"assign_investigators", "consult", "hold_hearing", "pause_clock", "record_statement",
                    "report_transfer_result", "schedule_hearing", "update_facts"},
        "head": {"approve_extension"}, "liaison": {"report_transfer_result"}, "officer": {"record_statement"}}),
    ("determined", {"handler": {"issue_opinion_letter", "notify"}}),
    ("notified", {"handler": {"archive", "issue_opinion_letter", "record_receipt"},
                  "liaison": {"request_review"}, "officer": {"acknowledge_receipt", "request_review"}}),
    ("notified, received", {"handler": {"archive", "issue_opinion_letter"},
                            "liaison": {"request_review"}, "officer": {"request_review"}}),
    ("under_review", {"handler": {"update_facts"}, "head": {"decide_review"}, "investigator": {"update_facts"}}),
    ("notified, reviewed", {"handler": {"add_rectification_task", "archive", "issue_opinion_letter"}}),
    ("rectifying", {"handler": {"add_rectification_task", "archive", "follow_up", "issue_opinion_letter"},
                    "liaison": {"complete_task", "request_task_extension"},
                    "officer": {"complete_task", "request_task_extension"}}),
    ("archived", NOBODY),
]

# 隰县制度: no 不予受理, no 复核 (its regulation has neither); 公开 before 归档 (第十七条)
XIXIAN: list[tuple[str, dict[str, set[str]]]] = [
    ("applied", {"head": {"file"}}),
    ("investigating", {"handler": {"assign_investigators", "record_statement", "update_facts"}, "head": {"determine"},
                       "officer": {"record_statement"}}),  # no hearing, transfer, pause or extension in 隰县制度
    ("determined", {"handler": {"notify"}}),
    ("notified", {"handler": {"add_rectification_task", "archive", "publish", "record_receipt"},  # 第十六条：同时纠错
                  "officer": {"acknowledge_receipt"}}),
    ("notified, published", {"handler": {"add_rectification_task", "archive", "record_receipt"},
                             "officer": {"acknowledge_receipt"}}),
    ("rectifying", {"handler": {"add_rectification_task", "archive", "follow_up", "record_receipt"},
                    "liaison": {"complete_task", "request_task_extension"},
                    "officer": {"acknowledge_receipt", "complete_task", "request_task_extension"}}),
    ("archived", NOBODY),
]


def offered(place: Any, case: Any) -> dict[str, set[str]]:
    users = {"handler": place.handler, "head": place.head, "investigator": place.investigators[0],
             "unassigned": place.investigators[2], "liaison": place.liaison, "officer": place.officer_user,
             "discipline": place.discipline}
    case.refresh_from_db()
    seen = {}
    for who in PEOPLE:
        steps = set(allowed_steps(users[who], case)) | {name for name, _ in waiting_steps(users[who], case)}
        if steps:
            seen[who] = steps
    return seen


def new(place: Any, title: str) -> Any:
    return s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title=title,
                        narrative="检查时企业隐瞒了隐患。", conduct_date=CONDUCT, facts=FACTS)


def rectified_and_archived(place: Any, case: Any) -> list[tuple[str, dict[str, set[str]]]]:
    task = s.case_add_rectification_task(actor=place.handler, case=case, description="完善制度",
                                         due_on=dt.date.today() + dt.timedelta(days=30))
    rectifying = offered(place, case)
    s.case_complete_task(actor=place.officer_user, task=task, report="已完善。")
    s.case_archive(actor=place.handler, case=case)
    return [("rectifying", rectifying), ("archived", offered(place, case))]


def matches(seen: list[tuple[str, dict[str, set[str]]]], expected: list[tuple[str, dict[str, set[str]]]]) -> None:
    assert [state for state, _ in seen] == [state for state, _ in expected]
    for (state, got), (_, wanted) in zip(seen, expected, strict=True):
        assert got == wanted, state


def walk_licheng(place: Any) -> list[tuple[str, dict[str, set[str]]]]:
    seen = []
    case = new(place, "甲")
    seen.append(("applied", offered(place, case)))
    rejected = new(place, "乙")
    s.case_reject(actor=place.head, case=rejected, reason="不属于受理范围")
    seen.append(("rejected", offered(place, rejected)))
    s.case_file(actor=place.head, case=case)
    seen.append(("investigating", offered(place, case)))
    s.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
    seen.append(("investigating, assigned", offered(place, case)))
    moved = new(place, "丙")
    s.case_file(actor=place.head, case=moved)
    s.case_transfer(actor=place.handler, case=moved, agency=place.agency, reason="由执法机关自行调查")
    seen.append(("transferred", offered(place, moved)))
    s.case_update_facts(actor=place.handler, case=case, facts=dict(case.facts), reason="经询问、调阅案卷核实")
    s.case_record_statement(actor=place.officer_user, case=case, text="本人已按规定检查。")
    s.case_determine(actor=place.head, case=case, disposition="免责", opinion="符合容错情形。")
    seen.append(("determined", offered(place, case)))
    s.case_notify(actor=place.handler, case=case, recipients="张执法")
    seen.append(("notified", offered(place, case)))
    s.case_acknowledge_receipt(actor=place.officer_user, case=case)
    seen.append(("notified, received", offered(place, case)))
    s.case_request_review(actor=place.officer_user, case=case, grounds="请求复核。")
    seen.append(("under_review", offered(place, case)))
    s.case_decide_review(actor=place.head, case=case, upheld=True, decision="维持原认定。")
    seen.append(("notified, reviewed", offered(place, case)))
    return [*seen, *rectified_and_archived(place, case)]


def test_the_licheng_procedure_offers_each_person_exactly_their_steps_in_each_state(licheng: Any) -> None:
    matches(walk_licheng(licheng), LICHENG)


def walk_xixian(place: Any) -> list[tuple[str, dict[str, set[str]]]]:
    seen = []
    case = new(place, "甲")
    seen.append(("applied", offered(place, case)))
    s.case_file(actor=place.head, case=case)
    seen.append(("investigating", offered(place, case)))
    s.case_update_facts(actor=place.handler, case=case, facts=dict(case.facts), reason="经调查核实")
    s.case_determine(actor=place.head, case=case, disposition="免责", opinion="党组研究认为符合容错情形。",
                     meeting_date=dt.date.today(), attendees="王书记、李副局长")
    seen.append(("determined", offered(place, case)))
    s.case_notify(actor=place.handler, case=case, recipients="张执法")
    seen.append(("notified", offered(place, case)))
    s.case_publish(actor=place.handler, case=case, published=True, scope="本单位内部", published_on=dt.date.today())
    seen.append(("notified, published", offered(place, case)))
    return [*seen, *rectified_and_archived(place, case)]


def test_the_xixian_procedure_offers_each_person_exactly_their_steps_in_each_state(xixian: Any) -> None:
    matches(walk_xixian(xixian), XIXIAN)
