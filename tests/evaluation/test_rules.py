"""The county's case-file evaluation rules: self-evaluation due dates on the holiday calendar,
the consequences of failing files, the yearly sample, and grading against a standards sheet."""

from __future__ import annotations

import datetime as dt

import pytest

from rongcuo.deadlines import default_calendar
from rongcuo.evaluation.rules import (
    Candidate,
    SheetError,
    consequence,
    draw_sample,
    grade,
    load_sheet,
    main_handler,
    self_evaluation_due,
    sheet_from,
)


def test_self_evaluation_is_due_thirty_days_after_closing_and_a_holiday_moves_it_on() -> None:
    calendar = default_calendar()
    assert self_evaluation_due(dt.date(2025, 3, 3), calendar) == dt.date(2025, 4, 2)  # a Wednesday
    # 30 days after 2025-09-01 is 2025-10-01, 国庆节: the 8 days of holiday pass, 10-09 is a working day
    assert self_evaluation_due(dt.date(2025, 9, 1), calendar) == dt.date(2025, 10, 9)
    # 30 days after 2025-02-28 is Sunday 2025-03-30: the next working day
    assert self_evaluation_due(dt.date(2025, 2, 28), calendar) == dt.date(2025, 3, 31)


@pytest.mark.parametrize(("handled", "failed", "says", "provided"), [
    (8, 0, "没有不合格案卷", False),
    (8, 1, "由所在单位予以通报批评", True),
    (10, 2, "当年不能评为县政府表彰的先进个人，年度考核时不能被评为优秀等次", True),
    (10, 3, "暂停行政执法资格，单位组织培训学习，待考核合格后重新上岗执法", True),
    (9, 5, "本年度 5 件", True),
    (11, 1, "对超过 10 件的未作规定", False),
    (40, 6, "超过 10 件", False),
])
def test_failing_files_have_the_consequences_article_8_states_and_no_others(handled: int, failed: int, says: str,
                                                                          provided: bool) -> None:
    result = consequence(handled, failed)
    assert says in result.text
    assert result.provided is provided
    assert result.citation.startswith("第八条")
    if failed == 2:
        assert "通报批评" not in result.text  # each count has its own consequence, as written


def test_a_consequence_needs_a_possible_count() -> None:
    with pytest.raises(ValueError, match="不合格案卷数"):
        consequence(2, 3)


def test_the_main_handler_is_the_first_named() -> None:
    assert main_handler("张三、李四") == "张三"
    assert main_handler(" 王五，赵六") == "王五"
    assert main_handler("") == ""


def candidates(agency: int, kind: str, n: int, start: int = 1, **flags: bool) -> list[Candidate]:
    return [Candidate(start + i, agency, kind, flags.get("litigation", False), flags.get("closed", True)) for i in range(n)]


def test_the_yearly_sample_draws_five_of_each_kind_per_agency_reproducibly_and_never_an_excluded_file() -> None:
    files = (candidates(1, "penalty", 20) + candidates(1, "permit", 3, 100) + candidates(1, "inspection", 10, 200)
             + candidates(1, "penalty", 10, 300, litigation=True) + candidates(1, "penalty", 10, 400, closed=False)
             + candidates(2, "coercion", 8, 500))
    first = draw_sample(files, seed=20251130)
    assert set(first) == {(1, "penalty"), (1, "permit"), (2, "coercion")}  # 检查 is not a sampled kind
    assert len(first[(1, "penalty")]) == 5
    assert first[(1, "permit")] == [100, 101, 102]  # fewer than five: all of them
    assert all(1 <= e <= 20 for e in first[(1, "penalty")])  # never under litigation, never unfinished
    assert draw_sample(list(reversed(files)), seed=20251130) == first  # the same seed, the same draw
    others = [draw_sample(files, seed=s)[(1, "penalty")] for s in range(1, 6)]
    assert len({tuple(o) for o in others}) > 1  # another seed, another draw
    more = files + candidates(3, "penalty", 12, 900)
    assert draw_sample(more, seed=20251130)[(1, "penalty")] == first[(1, "penalty")]  # another agency moves nothing


def test_a_failed_basic_standard_makes_the_file_fail_and_the_default_sheet_does_not_score() -> None:
    sheet = load_sheet()
    assert [item.text for item in sheet.basic] == ["主体合法", "事实清楚", "证据确凿", "程序合法", "适用法律正确", "具体行政行为适当"]
    assert list(sheet.general) == ["立案", "调查取证", "审查决定", "送达执行", "归档"]
    failed = grade(sheet, ["evidence"])
    assert failed.grade == "不合格"
    assert "证据确凿" in failed.reason
    undecided = grade(sheet, ["service"])
    assert undecided.grade is None  # 第十五条 gives no score: the evaluator grades
    assert "由评查人员评定" in undecided.reason
    assert grade(sheet, ["service"], chosen="优秀").grade == "优秀"
    with pytest.raises(SheetError, match="没有这些项目：lost"):
        grade(sheet, ["lost"])


def test_a_jurisdiction_loads_its_own_scoring_sheet_without_code() -> None:
    sheet = sheet_from({
        "name": "某县评分表",
        "basic": [{"key": "b1", "text": "主体合法"}],
        "general": {"立案": [{"key": "g1", "text": "立案审批表填写规范", "deduction": 5}],
                    "归档": [{"key": "g2", "text": "卷内目录完整", "deduction": 15},
                           {"key": "g3", "text": "页码连续", "deduction": 1}]},
        "scoring": {"full_marks": 100, "excellent_from": 90, "pass_from": 80},
    }, "某县评分表.yaml")
    assert grade(sheet, ["g1"]).grade == "优秀"
    assert grade(sheet, ["g2"]).grade == "合格"
    at_the_line = grade(sheet, ["g1", "g2"])
    assert (at_the_line.grade, at_the_line.score) == ("合格", 80)  # 100 - 5 - 15: the pass line itself passes
    below = grade(sheet, ["g1", "g2", "g3"])
    assert (below.grade, below.score) == ("不合格", 79)
    assert grade(sheet, ["b1"]).grade == "不合格"
    with pytest.raises(SheetError, match="须给出满分"):
        sheet_from({"basic": [{"key": "a", "text": "x"}], "general": {"s": [{"key": "b", "text": "y"}]},
                    "scoring": {"pass_from": 60}}, "x.yaml")
    with pytest.raises(SheetError, match="项目编号重复：a"):
        sheet_from({"basic": [{"key": "a", "text": "x"}], "general": {"s": [{"key": "a", "text": "y"}]}}, "x.yaml")
