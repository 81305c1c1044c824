"""Chinese text reports a legal officer can paste into a memo (`--format text`)."""

from __future__ import annotations

import datetime as dt

from rongcuo.rules.assess import Assessment, ClauseResult
from rongcuo.rules.compare import Comparison
from rongcuo.rules.pack import CATCH_ALL_REASON, Clause
from rongcuo.rules.vocabulary import default_vocabulary


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _quote(clause: Clause) -> str:
    return f"{clause.citation}：“{clause.text}”"


def _facts_line(result: ClauseResult) -> str:
    vocabulary = default_vocabulary()
    return "；".join(f"{vocabulary.label(name)}（{name}）" for name in result.facts)


def _results(title: str, results: tuple[ClauseResult, ...]) -> list[str]:
    if not results:
        return []
    lines = [title]
    for number, result in enumerate(results, start=1):
        lines.append(f"  {number}. {_quote(result.clause)}")
        if result.facts:
            lines.append(f"     成立的事实：{_facts_line(result)}")
    return lines


def assessment_text(assessment: Assessment) -> str:
    pack = assessment.pack
    lines = [
        f"容错认定参考意见——《{pack.title}》（{pack.document_number}）",
        f"适用规则包：{pack.id}（版本 {pack.version}，施行期 {pack.period}）",
        f"行为发生日期：{chinese_date(assessment.on)}",
        "",
        f"认定结论：{assessment.outcome.label}",
    ]
    if assessment.dispositions:
        lines.append(f"处理幅度：{assessment.disposition_mode}{'、'.join(assessment.dispositions)}")
    else:
        lines.append("处理幅度：无（不适用从轻、减轻或者免责）")
    lines.append("")
    lines += _results("认定依据：", assessment.grounds) or ["认定依据：无成立的条款。"]
    if assessment.conditions:
        lines.append("免责条件（须同时符合）：")
        for result in assessment.conditions:
            mark = "符合" if result.held else "不符合"
            lines.append(f"  - [{mark}] {_quote(result.clause)}")
    lines += _results("其他成立的条款：", assessment.other_matches)
    if assessment.open_clauses:
        lines.append("留待认定机关判断的兜底条款：")
        lines += [f"  - {_quote(clause)}" for clause in assessment.open_clauses]
        lines.append(f"  说明：{CATCH_ALL_REASON}")
    lines.append("")
    lines.append("本意见由规则引擎依条文生成，供认定机关集体研究参考，不代替认定决定。")
    return "\n".join(lines)


def comparison_text(comparison: Comparison) -> str:
    vocabulary = default_vocabulary()
    first = comparison.results[0]
    lines = [
        "同一事实在不同规则下的认定比较",
        f"行为发生日期：{chinese_date(first.on)}",
        "已认定的事实：",
    ]
    lines += [f"  - {vocabulary.label(name)}（{name}）" for name in first.facts] or ["  （无）"]
    verdict = "一致" if comparison.consistent else "不一致（同案不同判风险）"
    lines += ["", f"比较结论：{verdict}", ""]
    for assessment in comparison.results:
        pack = assessment.pack
        dispositions = "、".join(assessment.dispositions) or "无"
        lines.append(f"【{pack.id}】《{pack.title}》：{assessment.outcome.label}；处理幅度：{dispositions}")
        for result in assessment.grounds:
            lines.append(f"    依据 {_quote(result.clause)}")
        if not assessment.grounds:
            lines.append("    依据：无成立的条款")
    differences = comparison.differences()
    if differences:
        lines += ["", "差异原因："]
        lines += [f"  - {line}" for line in differences]
    return "\n".join(lines)
