"""Case-file evaluation as the county runs it: the self-evaluations owed after 结案 and their rate,
an agency recording one, the consequences for a handler's year, and the 司法局's yearly sample."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.core.models import Event
from rongcuo.evaluation import selectors, services
from rongcuo.evaluation.models import Evaluation, SampledFile
from rongcuo.ledger.models import LedgerEntry


def entry(place: Any, number: str, *, kind: str = "penalty", closed: dt.date | None = dt.date(2025, 3, 3),
          handlers: str = "张三、李四", litigation: bool = False, agency: Any = None) -> LedgerEntry:
    return LedgerEntry.objects.create(agency=agency or place.agency, case_number=number, kind=kind, handlers=handlers,
                                      filed_on=dt.date(2025, 1, 2), closed_on=closed, litigation=litigation)


def test_finished_files_are_owed_a_self_evaluation_due_thirty_days_after_closing(xixian: Any) -> None:
    owed = entry(xixian, "1")
    entry(xixian, "2", closed=None)  # not finished
    entry(xixian, "3", litigation=True)  # 第十二条
    listed = selectors.with_due_dates(list(selectors.owed(selectors.scope(xixian.liaison))), dt.date(2025, 4, 10))
    assert [(o.entry.pk, o.due_on, o.overdue) for o in listed] == [(owed.pk, dt.date(2025, 4, 2), True)]


def test_an_agency_records_its_self_evaluation_and_the_rate_counts_it(xixian: Any) -> None:
    first, second = entry(xixian, "1"), entry(xixian, "2")
    with pytest.raises(InvalidInput, match="请评定为优秀或合格"):
        services.evaluation_record_self(actor=xixian.liaison, entry=first, failed_items=[], problems="",
                                        legal_head="王法制", unit_head="李科长")
    with pytest.raises(InvalidInput, match="存在的问题"):
        services.evaluation_record_self(actor=xixian.liaison, entry=first, failed_items=["evidence"], problems="",
                                        legal_head="王法制", unit_head="李科长")
    failed = services.evaluation_record_self(actor=xixian.liaison, entry=first, failed_items=["evidence"],
                                             problems="现场检查笔录缺当事人签名。", legal_head="王法制", unit_head="李科长",
                                             notified_on=dt.date(2025, 3, 20))
    assert failed.grade == "不合格"
    assert Event.objects.filter(stream=f"evaluation:{xixian.agency.pk}", action="self_evaluation").count() == 1
    with pytest.raises(ProcedureError, match="已完成自我评查"):
        services.evaluation_record_self(actor=xixian.liaison, entry=first, failed_items=[], problems="", grade="合格",
                                        legal_head="王法制", unit_head="李科长")
    with pytest.raises(NotAllowed):  # another agency's liaison, or the office, does not self-evaluate
        services.evaluation_record_self(actor=xixian.handler, entry=second, failed_items=[], problems="", grade="合格",
                                        legal_head="王法制", unit_head="李科长")
    [rate] = [r for r in selectors.rates(selectors.scope(xixian.handler), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
              if r.agency == xixian.agency]
    assert (rate.required, rate.done, rate.percent) == (2, 1, 50.0)


def test_a_handlers_failing_files_bring_the_consequence_article_8_gives(xixian: Any) -> None:
    files = [entry(xixian, str(i), handlers="张三、李四" if i < 3 else "王五") for i in range(5)]
    for index in (0, 1):
        services.evaluation_record_self(actor=xixian.liaison, entry=files[index], failed_items=["procedure"],
                                        problems="程序不合法。", legal_head="王法制", unit_head="李科长")
    services.evaluation_record_self(actor=xixian.liaison, entry=files[3], failed_items=["facts"], problems="事实不清。",
                                    legal_head="王法制", unit_head="李科长")
    result = {(h.handler, h.consequence.handled, h.consequence.failed): h.consequence.text
              for h in selectors.consequences(selectors.scope(xixian.handler), 2025)}
    assert result == {
        ("张三", 3, 2): "出现 2 件不合格的，当年不能评为县政府表彰的先进个人，年度考核时不能被评为优秀等次。",
        ("王五", 2, 1): "出现 1 件不合格的，由所在单位予以通报批评。",
    }


def test_the_yearly_sample_is_recorded_with_its_seed_and_draws_the_same_again(xixian: Any) -> None:
    for i in range(8):
        entry(xixian, f"罚{i}")
    entry(xixian, "诉", litigation=True)
    entry(xixian, "检", kind="inspection")
    sampling = services.sampling_draw(actor=xixian.head, jurisdiction=xixian.jurisdiction, year=2025, seed=42)
    drawn = sorted(f.entry.case_number for f in sampling.files.all())
    assert len(drawn) == 5
    assert "诉" not in drawn
    assert "检" not in drawn
    with pytest.raises(ProcedureError, match="不能重新抽取"):  # no second draw until a wanted sample comes up
        services.sampling_draw(actor=xixian.head, jurisdiction=xixian.jurisdiction, year=2025)
    from rongcuo.evaluation import rules

    candidates = [rules.Candidate(e.pk, e.agency_id, e.kind, e.litigation, e.closed_on is not None)
                  for e in LedgerEntry.objects.all()]
    again = [pk for picks in rules.draw_sample(candidates, sampling.seed).values() for pk in picks]
    assert sorted(LedgerEntry.objects.get(pk=pk).case_number for pk in again) == drawn  # anyone can check the draw
    assert Event.objects.filter(action="sampling_draw", after__seed=42).count() == 1
    with pytest.raises(NotAllowed):
        services.sampling_draw(actor=xixian.liaison, jurisdiction=xixian.jurisdiction, year=2025)


def test_a_recused_evaluator_cannot_evaluate_a_sampled_file(xixian: Any) -> None:
    entry(xixian, "罚1")
    sampling = services.sampling_draw(actor=xixian.head, jurisdiction=xixian.jurisdiction, year=2025, seed=1)
    file = SampledFile.objects.get(sampling=sampling)
    first, second = xixian.investigators[:2]
    with pytest.raises(ProcedureError, match="应当回避"):  # the evaluated agency's own liaison
        services.sampling_assign(actor=xixian.head, file=file, evaluators=[xixian.liaison])
    from rongcuo.core.models import RoleAssignment
    from rongcuo.core.roles import Role

    insider = xixian.investigators[2]
    RoleAssignment.objects.create(user=insider, role=Role.LIAISON, agency=xixian.agency)
    with pytest.raises(ProcedureError, match="应当回避"):  # works for the agency whose file it is
        services.sampling_assign(actor=xixian.head, file=file, evaluators=[insider])
    services.sampling_assign(actor=xixian.head, file=file, evaluators=[first, second])
    services.sampling_recuse(actor=xixian.head, file=file, evaluator=second, reason="曾参与该案办理")
    with pytest.raises(NotAllowed):
        services.evaluation_record_sample(actor=second, file=file, failed_items=[], problems="", grade="合格")
    with pytest.raises(ProcedureError, match="已回避"):
        services.sampling_assign(actor=xixian.head, file=file, evaluators=[second])
    made = services.evaluation_record_sample(actor=first, file=file, failed_items=[], problems="", grade="优秀")
    assert (made.kind, made.grade) == (Evaluation.Kind.SAMPLE, "优秀")
    assert [e.entry.case_number for e in selectors.excellent(selectors.scope(xixian.handler))] == ["罚1"]


def test_a_half_year_summary_is_sent_once(xixian: Any) -> None:
    made = services.summary_submit(actor=xixian.liaison, agency=xixian.agency, starts_on=dt.date(2025, 1, 1),
                                   text="上半年自我评查 12 卷，发现问题 3 处。")
    assert str(made).endswith("2025年上半年")
    with pytest.raises(ProcedureError, match="已报送"):
        services.summary_submit(actor=xixian.liaison, agency=xixian.agency, starts_on=dt.date(2025, 1, 1), text="再报")
    with pytest.raises(InvalidInput, match="半年度"):
        services.summary_submit(actor=xixian.liaison, agency=xixian.agency, starts_on=dt.date(2025, 3, 1), text="x")


def test_evaluation_runs_only_where_the_regulation_comes_with_it(licheng: Any) -> None:
    """历城区办法 has no case-file evaluation system: nothing of 隰县's is applied there."""
    from django.test import Client

    file = entry(licheng, "历1")
    with pytest.raises(ProcedureError, match="没有案卷评查制度"):
        services.sampling_draw(actor=licheng.head, jurisdiction=licheng.jurisdiction, year=2025)
    with pytest.raises(ProcedureError, match="没有案卷评查制度"):
        services.evaluation_record_self(actor=licheng.liaison, entry=file, failed_items=[], problems="", grade="合格",
                                        legal_head="王", unit_head="李")
    web = Client()
    web.force_login(licheng.liaison)
    assert web.get("/evaluation/").status_code == 403


def test_a_jurisdiction_loads_its_own_standard_with_the_command_and_grades_by_it(xixian: Any, tmp_path: Any) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    sheet = tmp_path / "评分表.yaml"
    sheet.write_text("""name: 隰县评分表（试行）
basic: [{key: subject, text: 主体合法}]
general:
  立案: [{key: g1, text: 立案审批表填写规范, deduction: 15}]
scoring: {full_marks: 100, excellent_from: 90, pass_from: 80}
""", encoding="utf-8")
    call_command("evaluation", "standard", str(sheet), "--jurisdiction", "隰县")
    made = services.evaluation_record_self(actor=xixian.liaison, entry=entry(xixian, "罚1"), failed_items=["g1"],
                                           problems="", legal_head="王法制", unit_head="李科长")
    assert (made.grade, made.score, made.standard) == ("合格", 85, "隰县评分表（试行）")
    bad = tmp_path / "坏.yaml"
    bad.write_text("basic: []\n", encoding="utf-8")
    with pytest.raises(CommandError, match="basic 应为非空列表"):
        call_command("evaluation", "standard", str(bad), "--jurisdiction", "隰县")


def test_people_seconded_from_another_agency_evaluate_and_nobody_from_outside_or_from_the_file_s_agency(
        xixian: Any, licheng: Any) -> None:
    """第十条: 需要抽调人员的，行政执法机关应支持配合 — but never from the agency whose file it is."""
    from rongcuo.evaluation.models import Evaluator

    entry(xixian, "罚1")
    sampling = services.sampling_draw(actor=xixian.head, jurisdiction=xixian.jurisdiction, year=2025, seed=1)
    file = SampledFile.objects.get(sampling=sampling)
    with pytest.raises(ProcedureError, match="应当回避"):  # an officer of the evaluated agency
        services.sampling_assign(actor=xixian.head, file=file, evaluators=[xixian.officer_user])
    with pytest.raises(ProcedureError, match="可抽调"):  # another county's liaison
        services.sampling_assign(actor=xixian.head, file=file, evaluators=[licheng.liaison])
    office, seconded = selectors.evaluator_candidates(xixian.jurisdiction)
    assert xixian.other_officer_user in seconded
    assert xixian.head in office
    assert xixian.head not in seconded
    services.sampling_assign(actor=xixian.head, file=file, evaluators=[xixian.other_officer_user, xixian.investigators[0]])
    assert {(e.user, e.seconded) for e in Evaluator.objects.all()} == {(xixian.other_officer_user, True),
                                                                        (xixian.investigators[0], False)}
    made = services.evaluation_record_sample(actor=xixian.other_officer_user, file=file, failed_items=[], problems="",
                                             grade="合格")
    assert made.grade == "合格"
