"""Each regulation's own procedure: what it cites, which steps it has, who decides, and the rights
it gives (review), which no step may silently take away."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from rongcuo.cases import services as s
from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.cases.models import State
from rongcuo.core.models import Event

CONDUCT = dt.date(2025, 6, 1)
FACTS = {"counterparty_concealed_information": True, "actively_remedied": True}


def apply(place: Any, title: str = "未及时发现隐患", **extra: Any) -> Any:
    return s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title=title,
                        narrative="检查时企业隐瞒了隐患。", conduct_date=extra.pop("conduct_date", CONDUCT), facts=FACTS, **extra)


def determined_licheng(place: Any) -> Any:
    case = apply(place)
    s.case_file(actor=place.head, case=case)
    s.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
    s.case_update_facts(actor=place.handler, case=case, facts=FACTS, reason="经询问、调阅案卷核实")
    s.case_record_statement(actor=place.officer_user, case=case, text="本人已按规定检查。")
    s.case_determine(actor=place.head, case=case, disposition="免责", opinion="予以免责。")
    s.case_notify(actor=place.handler, case=case, recipients="张执法")
    return case


def determined_xixian(place: Any) -> Any:
    case = apply(place)
    s.case_file(actor=place.head, case=case)
    s.case_update_facts(actor=place.handler, case=case, facts=FACTS, reason="核实属实")
    s.case_determine(actor=place.head, case=case, disposition="免责", opinion="党组研究予以免责。",
                     meeting_date=dt.date.today(), attendees="党组成员")
    s.case_notify(actor=place.handler, case=case, recipients="张执法")
    return case


def bases(case: Any) -> list[str]:
    return [e.legal_basis for e in Event.objects.filter(stream=case.stream).order_by("sequence") if e.legal_basis]


def test_a_xixian_case_cites_only_the_county_regulation(xixian: Any) -> None:
    case = determined_xixian(xixian)
    cited = bases(case)
    assert cited, "every step names its basis"
    assert all(b.startswith("隰县制度") for b in cited), cited
    assert not any("历城" in b for b in cited)
    assert any("第十四条" in b and "党组" in b for b in cited)


def test_a_licheng_case_cites_only_the_district_measures(licheng: Any) -> None:
    case = determined_licheng(licheng)
    s.case_acknowledge_receipt(actor=licheng.officer_user, case=case)
    cited = bases(case)
    assert all(b.startswith("历城区办法") for b in cited), cited
    assert "历城区办法第十六条：调查人员不得少于两人" in cited
    assert not any("隰县" in b for b in cited)


@pytest.mark.parametrize("step", ["reject", "transfer", "approve_extension", "hold_hearing", "pause_clock"])
def test_xixian_offers_no_step_its_regulation_does_not_have(xixian: Any, step: str) -> None:
    from rongcuo.cases.selectors import allowed_steps

    case = apply(xixian)
    if step != "reject":
        s.case_file(actor=xixian.head, case=case)
    assert step not in allowed_steps(xixian.handler, case) + allowed_steps(xixian.head, case)
    calls = {
        "reject": lambda: s.case_reject(actor=xixian.head, case=case, reason="不符合条件"),
        "transfer": lambda: s.case_transfer(actor=xixian.handler, case=case, agency=xixian.agency, reason="r"),
        "approve_extension": lambda: s.case_approve_extension(actor=xixian.head, case=case, days=5, reason="r"),
        "hold_hearing": lambda: s.case_hold_hearing(actor=xixian.handler, case=case, held_on=dt.date.today(), host="h", summary="s"),
        "pause_clock": lambda: s.case_pause_clock(actor=xixian.handler, case=case, reason="鉴定"),
    }
    with pytest.raises(ProcedureError, match="隰县行政执法尽职免责和容错纠错制度") as refused:
        calls[step]()
    assert refused.value.code in ("not_in_regulation", "no_time_limit")


def test_xixian_has_no_review_and_the_decision_is_the_party_groups(xixian: Any) -> None:
    case = apply(xixian)
    s.case_file(actor=xixian.head, case=case)
    s.case_update_facts(actor=xixian.handler, case=case, facts=FACTS)
    with pytest.raises(ProcedureError) as refused:
        s.case_determine(actor=xixian.head, case=case, disposition="免责", opinion="…")
    assert "党组会议日期" in refused.value.message
    assert "参会人员" in refused.value.message
    s.case_determine(actor=xixian.head, case=case, disposition="免责", opinion="…", meeting_date=dt.date.today(), attendees="党组成员")
    s.case_notify(actor=xixian.handler, case=case, recipients="张执法")
    with pytest.raises(ProcedureError, match="没有“申请复核”这一程序"):
        s.case_request_review(actor=xixian.officer_user, case=case, grounds="不服")
    assert s.review_window(case) is None  # no review right to wait for


def test_xixian_archive_needs_the_publication_or_a_reason_not_to_publish(xixian: Any) -> None:
    case = determined_xixian(xixian)
    task = s.case_add_rectification_task(actor=xixian.handler, case=case, description="整改", due_on=dt.date.today() + dt.timedelta(days=5))
    s.case_complete_task(actor=xixian.officer_user, task=task, report="完成")
    with pytest.raises(ProcedureError, match="公开情况"):
        s.case_archive(actor=xixian.handler, case=case)
    with pytest.raises(InvalidInput, match="不公开的理由"):
        s.case_publish(actor=xixian.handler, case=case, published=False)
    s.case_publish(actor=xixian.handler, case=case, published=False, reason="涉及个人隐私，经党组研究不予公开")
    s.case_archive(actor=xixian.handler, case=case)
    assert case.state == State.ARCHIVED


def test_licheng_needs_two_investigators_at_assignment(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    with pytest.raises(InvalidInput, match="不得少于两人"):
        s.case_assign_investigators(actor=licheng.handler, case=case, investigators=licheng.investigators[:1])
    assert case.investigators.count() == 0


def test_the_review_period_runs_from_receipt_not_from_sending(licheng: Any) -> None:
    case = determined_licheng(licheng)
    case.notice.sent_on = dt.date(2026, 3, 2)
    case.notice.save()
    assert "review_request" not in {d.key for d in case_deadlines(case)}  # not served yet: not running
    s.case_record_receipt(actor=licheng.handler, case=case, received_on=dt.date.today())
    clock = {d.key: d for d in case_deadlines(case)}["review_request"]
    assert clock.status.due_date is not None
    assert clock.status.due_date >= dt.date.today() + dt.timedelta(days=15)
    with pytest.raises(ProcedureError, match="已登记送达"):
        s.case_acknowledge_receipt(actor=licheng.officer_user, case=case)


def test_rectification_and_archive_wait_for_the_review_right(licheng: Any) -> None:
    case = determined_licheng(licheng)
    due = dt.date.today() + dt.timedelta(days=20)
    with pytest.raises(ProcedureError, match="尚未送达") as before_receipt:
        s.case_add_rectification_task(actor=licheng.handler, case=case, description="整改", due_on=due)
    assert before_receipt.value.code == "review_open"
    s.case_acknowledge_receipt(actor=licheng.officer_user, case=case)
    with pytest.raises(ProcedureError, match="前申请复核") as open_window:
        s.case_archive(actor=licheng.handler, case=case)
    assert "年" in open_window.value.message
    assert "月" in open_window.value.message
    assert case.state == State.NOTIFIED
    s.case_request_review(actor=licheng.officer_user, case=case, grounds="不服")
    s.case_decide_review(actor=licheng.head, case=case, upheld=True, decision="维持")
    s.case_add_rectification_task(actor=licheng.handler, case=case, description="整改", due_on=due)


def test_the_review_window_closes_when_its_fifteen_days_have_passed(licheng: Any) -> None:
    case = determined_licheng(licheng)
    s.case_record_receipt(actor=licheng.handler, case=case, received_on=dt.date.today())
    case.notice.received_on = dt.date.today() - dt.timedelta(days=40)
    case.notice.save()
    assert s.review_window(case) is None
    s.case_archive(actor=licheng.handler, case=case)


def test_a_second_review_request_is_refused_with_a_clear_message(licheng: Any) -> None:
    case = determined_licheng(licheng)
    s.case_request_review(actor=licheng.officer_user, case=case, grounds="不服")
    s.case_decide_review(actor=licheng.head, case=case, upheld=True, decision="维持")
    with pytest.raises(ProcedureError, match="不能再次申请") as refused:
        s.case_request_review(actor=licheng.officer_user, case=case, grounds="仍不服")
    assert refused.value.code == "already_requested"


def test_a_review_that_changes_the_decision_supersedes_it_and_keeps_the_old_one(licheng: Any) -> None:
    case = determined_licheng(licheng)
    first = case.determination
    s.case_request_review(actor=licheng.officer_user, case=case, grounds="事实认定有误：企业隐瞒属实但损失已挽回")
    s.case_update_facts(actor=licheng.handler, case=case, facts={"actively_remedied": True}, reason="复核查明")
    s.case_decide_review(actor=licheng.head, case=case, upheld=False, decision="变更为可以从轻", disposition="从轻")
    case.refresh_from_db()
    current = case.determination
    assert current is not None
    assert current.pk != first.pk
    assert (current.outcome, current.disposition, current.by_review_id) == ("mitigable", "从轻", case.review.pk)
    first.refresh_from_db()
    assert first.superseded_on == dt.date.today()
    assert case.determinations.count() == 2
    summary = Event.objects.filter(stream=case.stream, action="decide_review").get().summary
    assert "变更" in summary
    assert "可以从轻或者减轻" in summary


def test_an_extension_after_the_period_has_run_out_is_refused(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    case.filed_on = dt.date.today() - dt.timedelta(days=60)
    case.save()
    with pytest.raises(ProcedureError, match="届满") as late:
        s.case_approve_extension(actor=licheng.head, case=case, days=10, reason="情况复杂")
    assert late.value.code == "period_over"
    assert {d.key: d for d in case_deadlines(case)}["investigation"].status.overdue


def test_the_same_application_twice_makes_one_case(licheng: Any) -> None:
    first = apply(licheng)
    again = apply(licheng)
    assert again.pk == first.pk
    assert licheng.officer.cases.count() == 1


def test_overlong_text_is_refused_with_a_clear_message(licheng: Any) -> None:
    with pytest.raises(InvalidInput, match="不能超过 200 个字"):
        apply(licheng, title="隐" * 201)


def test_an_investigator_acts_only_while_assigned_and_not_recused(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    first, second, third = licheng.investigators
    with pytest.raises(NotAllowed):
        s.case_update_facts(actor=first, case=case, facts=FACTS)  # not assigned
    s.case_assign_investigators(actor=licheng.handler, case=case, investigators=[first, second])
    s.case_update_facts(actor=first, case=case, facts=FACTS)
    with pytest.raises(NotAllowed):
        s.case_recuse(actor=second, case=case, investigator=first, reason="我认为他应回避")  # not a colleague's call
    s.case_recuse(actor=licheng.handler, case=case, investigator=first, reason="与当事人系亲属")
    with pytest.raises(NotAllowed):
        s.case_record_statement(actor=first, case=case, text="…")
    with pytest.raises(NotAllowed):
        s.case_update_facts(actor=third, case=case, facts=FACTS)


def test_verification_records_what_it_changed(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    s.case_update_facts(actor=licheng.handler, case=case, facts={"counterparty_concealed_information": True, "cooperated_with_investigation": True})
    event = Event.objects.filter(stream=case.stream, action="update_facts").get()
    assert event.after["added"] == ["积极配合问责调查，并主动承担责任"]
    assert event.after["removed"] == ["积极主动采取措施，有效避免损失、消除不良影响或挽回损失"]
    assert "查明：积极配合问责调查" in event.summary
    assert "不予认定：积极主动采取措施" in event.summary


def test_a_transfer_to_another_jurisdictions_agency_is_refused(licheng: Any, xixian: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    with pytest.raises(InvalidInput, match="不在本辖区"):
        s.case_transfer(actor=licheng.handler, case=case, agency=xixian.agency, reason="r")
    assert case.transfers.count() == 0


def successor_pack(tmp_path: Path) -> str:
    """A successor of 历城区办法 in force from 2027-03-01 (as a jurisdiction would adopt one)."""
    from rongcuo.rules.registry import PACKS_DIR

    folder = tmp_path / "licheng-2027"
    shutil.copytree(PACKS_DIR / "licheng-2025", folder)
    text = (folder / "pack.yaml").read_text(encoding="utf-8")
    text = text.replace("id: licheng-2025", "id: licheng-2027").replace("valid_from: 2025-03-01", "valid_from: 2027-03-01")
    text = text.replace("valid_to: 2027-02-28", "valid_to: 2029-02-28").replace('version: "2025.1"', 'version: "2027.1"')
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return str(folder)


def test_after_the_measures_expire_no_pack_is_treated_as_current() -> None:
    from rongcuo.cases.rules_bridge import assess_case

    choice = assess_case(["licheng-2025"], FACTS, CONDUCT, dt.date(2027, 6, 1))
    assert choice.current is None
    assert choice.applied.pack.id == "licheng-2025"
    assert "2027年6月1日" in choice.reason
    assert "没有施行中的容错纠错规定" in choice.reason


def test_a_successor_pack_is_the_current_rules_on_the_decision_day(tmp_path: Path) -> None:
    from rongcuo.cases.rules_bridge import assess_case, choice_to_json

    successor = successor_pack(tmp_path)
    choice = assess_case(["licheng-2025", successor], FACTS, CONDUCT, dt.date(2027, 6, 1))
    assert choice.conduct_time is not None
    assert choice.current is not None
    assert (choice.conduct_time.pack.version, choice.current.pack.version) == ("2025.1", "2027.1")
    assert choice.applied is choice.conduct_time  # a tie keeps the conduct-time rules
    stored = choice_to_json(choice)
    assert stored["applied"] == "conduct_time"
    assert stored["current"]["pack_version"] == "2027.1"
    assert stored["conduct_time"]["pack_version"] == "2025.1"


def test_neither_pack_in_force_is_said_plainly() -> None:
    from rongcuo.cases.rules_bridge import assess_case

    with pytest.raises(ProcedureError, match="均没有施行中的容错纠错规定"):
        assess_case(["licheng-2025"], FACTS, dt.date(2024, 1, 1), dt.date(2027, 6, 1))


def test_every_steps_citation_fits_the_record() -> None:
    from rongcuo.cases.procedure import basis_of
    from rongcuo.rules.registry import all_packs

    limit = Event._meta.get_field("legal_basis").max_length
    assert limit is not None
    for pack in all_packs():
        for action in pack.procedure.steps:
            basis = basis_of(pack.id, action)
            assert basis.startswith(pack.name)
            assert len(basis) <= limit, (pack.id, action, len(basis))
