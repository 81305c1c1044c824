"""The text report a legal officer pastes into a memo, word for word: the regulation and its
period, the conclusion and the range in the regulation's words, each ground quoted in full with
its reading and facts, the conditions of 免责 each marked, the catch-alls left open, the facts
assumed absent and those the regulation does not use; and the fact vocabulary's sections."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rongcuo.rules.assess import assess
from rongcuo.rules.registry import get_pack, installed_pack, pack_ids
from rongcuo.rules.report import assessment_text
from rongcuo.rules.vocabulary import default_vocabulary, fact_groups

ON = dt.date(2025, 6, 1)

XIXIAN = """容错认定参考意见——《隰县行政执法尽职免责和容错纠错制度（试行）》（隰政办发〔2022〕63号）
施行期：2022年11月26日起施行，未规定终止日期；规则版本 2022.1
行为发生日期：2025年6月1日

认定结论：容错
处理幅度：应当从轻、减轻处理；不同时符合第十一条第二款所列三项条件，不能免除责任

认定依据：
  1. 第十一条第一款第（三）项：“扎实推动高质量发展、打好污染防治攻坚战等重点工作中，敢于决策、大胆履职、攻坚克难，出现失误或偏差的”
     成立的事实：在推动高质量发展、污染防治攻坚等重点工作中敢于决策、大胆履职、攻坚克难
免责条件（须同时符合）：
  [符合] 第十一条第二款第（一）项：“法律没有明令禁止的”
       解读：第二款：具有第一款情形之一，同时符合三项条件的，“可以”免除责任（非“应当”）；不同时符合的，仍应当依第一款从轻、减轻处理。
  [符合] 第十一条第二款第（二）项：“没有造成重大损失和严重不良影响的”
  [不符合] 第十一条第二款第（三）项：“积极主动消除不良影响、挽回损失的”
留待认定机关判断的兜底条款：
  - 第十条第（十一）项：“其他履职尽责依法不应当追究责任的情形”
  - 第十一条第一款第（九）项：“其他可以容错免责的情形”
  说明：兜底条款不自动适用：认定机关可以适用，但应当写明所依据的具体事实，以及该情形与本条所列情形相当的理由。

已认定的事实：在推动高质量发展、污染防治攻坚等重点工作中敢于决策、大胆履职、攻坚克难；事项涉及多家行政执法主体，主动担当、积极作为
本规定没有以其为要件的条款的事实：事项涉及多家行政执法主体，主动担当、积极作为

本意见由规则引擎依条文生成，供认定机关集体研究参考，不代替认定决定。"""


def test_a_tolerated_case_with_unmet_conditions_reads_word_for_word() -> None:
    facts = {"key_task": True, "multi_agency_proactive": True}
    assert assessment_text(assess(get_pack("xixian-2022"), facts, ON)) == XIXIAN


def test_a_refusal_quotes_every_ground_with_its_reading_and_names_the_facts_assumed_absent() -> None:
    facts = {"private_gain": True, "counterparty_ignored_rectification": True}
    lines = assessment_text(assess(get_pack("licheng-2025"), facts, ON)).splitlines()
    assert lines[1] == "施行期：2025年3月1日至2027年2月28日；规则版本 2025.1"
    assert lines[4:6] == ["认定结论：不予容错", "处理：不予容错，依照有关规定追究责任"]
    assert lines[7] == "认定依据："
    assert lines[8].startswith("  1. 第二条：“行政执法履职尽责容错纠错工作要坚持“三个区分开来”")
    assert lines[9] == ("     解读：“三个区分开来”所区分出的三类违纪违法行为（明知故犯；上级明令禁止后依然我行我素；谋取私利）"
                        "不得容错，认定时引用第二条整条。")
    assert lines[10] == "     成立的事实：违反廉政纪律，假公济私、谋取私利"
    assert lines[11] == "  2. 第十二条第（六）项：“违反廉政纪律，假公济私、谋取私利的”"
    labels = default_vocabulary()
    assert lines[-3] == "未提供、按不具备处理的相关事实（假定不具备，须核实）：" + "；".join(
        labels.label(f) for f in ("counterparty_intentional_violation", "lawful_measures_taken", "accident_occurred"))
    assert "留待认定机关判断的兜底条款" not in "\n".join(lines)


def test_no_ground_says_so_in_one_line() -> None:
    text = assessment_text(assess(get_pack("licheng-2025"), {}, ON))
    assert "认定依据：无成立的条款。" in text.splitlines()
    assert "已认定的事实：无" in text.splitlines()


def test_the_vocabulary_sections_are_read_in_file_order_with_their_facts() -> None:
    groups = fact_groups()
    titles = [title for title, _ in groups]
    assert len(titles) == len(set(titles)) >= 4
    assert all(title and "(" not in title and not title.startswith("-") for title in titles)
    names = [name for _, members in groups for name in members]
    assert sorted(names) == sorted(default_vocabulary().names)  # every fact in exactly one section
    assert "排除与加重" in titles
    assert "private_gain" in dict(groups)["排除与加重"]
    assert default_vocabulary().suggest("privat_gain") == "（是否应为 private_gain？）"
    assert default_vocabulary().suggest("zzzzzz") == ""


def test_the_web_accepts_only_shipped_packs_by_id() -> None:
    import pytest

    from rongcuo.rules.errors import UnknownPackError

    assert installed_pack("licheng-2025") is get_pack("licheng-2025")
    assert pack_ids() == ["licheng-2025", "xixian-2022"]
    for name in ("src/rongcuo/packs/licheng-2025", "../etc", "licheng"):
        with pytest.raises(UnknownPackError) as raised:
            installed_pack(name)  # a folder is never read for the web, unlike get_pack on the command line
        assert str(raised.value) == f"未知的规则包：{name}；可用：licheng-2025, xixian-2022"
    with pytest.raises(UnknownPackError) as raised:
        installed_pack("甲" * 50 + "乙" * 10)  # what a request sent is echoed back cut to 50 characters
    assert str(raised.value) == f"未知的规则包：{'甲' * 50}；可用：licheng-2025, xixian-2022"


def test_a_vocabulary_that_is_not_one_is_refused_naming_the_fact_and_the_fix() -> None:
    import pytest

    from rongcuo.rules.errors import FactsError
    from rongcuo.rules.vocabulary import Fact, parse_vocabulary

    parsed = parse_vocabulary({"a": {"label": "甲"}, "b": {"label": "乙", "type": "bool"}}, "facts.yaml")
    assert dict(parsed.facts) == {"a": Fact("a", "甲", "bool"), "b": Fact("b", "乙", "bool")}
    assert parsed.names == ("a", "b")
    assert "a" in parsed
    assert "c" not in parsed
    for data, message in (
        (["a"], "facts.yaml: 事实要素表应为映射 (fact name → label)"),
        ({"a": "甲"}, "facts.yaml: 事实要素 a 缺少中文 label"),
        ({"a": {"label": 1}}, "facts.yaml: 事实要素 a 缺少中文 label"),
        ({"a": {"label": "甲", "type": "int"}}, "facts.yaml: 事实要素 a 的类型 int 不受支持（支持：bool）"),
    ):
        with pytest.raises(FactsError) as raised:
            parse_vocabulary(data, "facts.yaml")
        assert str(raised.value) == message
    with pytest.raises(FactsError) as raised:
        parsed.check_facts({"a": 1})
    assert str(raised.value) == "事实要素 a 的值类型错误 (wrong type): 应为布尔值 true/false (expected boolean), 实际为 int 1"
    assert parsed.check_facts({"a": True, "b": False}) == {"a": True, "b": False}


def test_the_vocabulary_sections_are_read_from_their_headers_only(tmp_path: Any) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("# 说明（不是分节）\nloose: {label: 分节之前}\n# --- 履职情况 (duty) ---\nperformed:\n  label: 已履职\n"
                    "#  --- 不是分节\n# --- 排除与加重 ---\nprivate_gain:\n  label: 谋私\n  # private_other: 注释\n"
                    "# 以下为示例:\n# --- 其他 情形 (other facts) ---\nother:\n  label: 其他\n",
                    encoding="utf-8")
    assert fact_groups(path) == [("履职情况", ["performed"]), ("排除与加重", ["private_gain"]),  # a comment ending
                                 ("其他 情形", ["other"])]  # in a colon is no fact; a title keeps its inner space


COMPARISON = """同一事实在不同规定下的认定比较
行为发生日期：2025年6月1日
已认定的事实：
  - 事项涉及多家行政执法主体，主动担当、积极作为
  - 积极主动采取措施，有效避免损失、消除不良影响或挽回损失

比较结论：不一致（同案不同判风险）

【历城区办法】《历城区行政执法履职尽责容错纠错实施办法（试行）》：容错；处理幅度：应当从轻、减轻处理或者予以免责
    依据 第十条第（三）项：“因涉及多家行政执法主体，主动担当、积极作为，而出现失误或者偏差的”
【隰县制度】《隰县行政执法尽职免责和容错纠错制度（试行）》：可以从轻或者减轻；处理幅度：可以从轻或者减轻责任
    依据 第十二条第（一）项：“主动采取措施有效避免损失或者挽回影响的”

未纳入比较的规定：
  - 《历城区行政执法履职尽责容错纠错实施办法（试行）》：草案，未施行

差异原因：
  - 事实“事项涉及多家行政执法主体，主动担当、积极作为”：历城区办法依第十条第（三）项成立；隰县制度没有以此为要件的条款。"""


def test_the_comparison_reads_word_for_word_and_says_when_nothing_holds() -> None:
    from rongcuo.rules.compare import compare
    from rongcuo.rules.report import comparison_text

    packs = [get_pack("licheng-2025"), get_pack("xixian-2022")]
    facts = {"multi_agency_proactive": True, "actively_remedied": True}
    assert comparison_text(compare(packs, facts, ON, left_out=[(packs[0], "草案，未施行")])) == COMPARISON
    empty = comparison_text(compare(packs[:1], {}, ON)).splitlines()
    assert empty[2:4] == ["已认定的事实：", "  （无）"]
    assert "比较结论：一致" in empty
    assert empty[-1] == "    依据：无成立的条款"
    assert not any(line.startswith(("差异原因", "未纳入比较")) for line in empty)


def test_a_refusal_lists_the_tolerance_clauses_that_also_hold_with_their_proviso() -> None:
    """A refusal still shows, under its own heading, the tolerance clause the facts also meet, quoted
    with its 但书 (which no fact can express) and the reading of it: the officer sees what was set aside."""
    facts = {"obstruction_measures_exhausted": True, "time_limit_exceeded": True, "private_gain": True}
    lines = assessment_text(assess(get_pack("licheng-2025"), facts, ON)).splitlines()
    other = lines.index("其他成立的条款：")
    assert lines[other + 1].startswith("  1. 第十条第（四）项：“因行政相对人、第三方不配合")
    assert lines[other + 2] == "     但书：但法律法规对执法期限扣除另有规定的除外（事实要素无法表达，须由认定机关核实）"
    assert lines[other + 3].startswith("     解读：但书“法律法规对执法期限扣除另有规定的除外”")
    assert lines[other + 4] == ("     成立的事实：行政相对人、第三方不配合、妨碍执法，且执法人员已穷尽各类行政措施或手段；"
                                "行政执法行为超出法定时限")
    assert lines[other + 5] == ""
