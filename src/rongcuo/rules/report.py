"""Chinese text reports a legal officer can paste into a memo (`--format text`).

Only Chinese reaches the reader: regulations by title, facts by label, outcomes by their legal
terms; every clause cited is quoted in full with its 但书 and the reading taken of it.
"""

from __future__ import annotations

from rongcuo.rules.assess import Assessment, ClauseResult
from rongcuo.rules.compare import Comparison
from rongcuo.rules.model import Outcome
from rongcuo.rules.pack import CATCH_ALL_REASON, Clause, chinese_date
from rongcuo.rules.vocabulary import default_vocabulary

__all__ = ["assessment_text", "chinese_date", "clause_lines", "comparison_text"]


def _labels(names: tuple[str, ...] | list[str]) -> str:
    vocabulary = default_vocabulary()
    return "；".join(vocabulary.label(name) for name in names)


def clause_lines(clause: Clause, indent: str = "  ", bullet: str = "-") -> list[str]:
    """The clause quoted in full, then its proviso and the reading taken, each on its own line."""
    lines = [f"{indent}{bullet} {clause.citation}：“{clause.text}”"]
    pad = indent + " " * (len(bullet) + 1)
    if clause.proviso:
        lines.append(f"{pad}但书：{clause.proviso}（事实要素无法表达，须由认定机关核实）")
    if clause.note:
        lines.append(f"{pad}解读：{clause.note}")
    return lines


def _results(title: str, results: tuple[ClauseResult, ...]) -> list[str]:
    if not results:
        return []
    lines = [title]
    for number, result in enumerate(results, start=1):
        lines += clause_lines(result.clause, bullet=f"{number}.")
        if result.facts:
            lines.append(f"     成立的事实：{_labels(result.facts)}")
    return lines


def range_line(assessment: Assessment) -> str:
    if assessment.outcome in (Outcome.TOLERATED, Outcome.MITIGABLE):
        return f"处理幅度：{assessment.disposition_wording}"
    return f"处理：{assessment.disposition_wording}"


def assessment_text(assessment: Assessment) -> str:
    pack = assessment.pack
    lines = [
        f"容错认定参考意见——《{pack.title}》（{pack.document_number}）",
        f"施行期：{pack.period}；规则版本 {pack.version}",
        f"行为发生日期：{chinese_date(assessment.on)}",
        "",
        f"认定结论：{assessment.outcome.label}",
        range_line(assessment),
        "",
    ]
    lines += _results("认定依据：", assessment.grounds) or ["认定依据：无成立的条款。"]
    if assessment.conditions:
        lines.append("免责条件（须同时符合）：")
        for result in assessment.conditions:
            mark = "符合" if result.held else "不符合"
            lines += clause_lines(result.clause, bullet=f"[{mark}]")
    lines += _results("其他成立的条款：", assessment.other_matches)
    if assessment.open_clauses:
        lines.append("留待认定机关判断的兜底条款：")
        for clause in assessment.open_clauses:
            lines += clause_lines(clause)
        lines.append(f"  说明：{CATCH_ALL_REASON}")
    lines.append("")
    lines.append("已认定的事实：" + (_labels(tuple(assessment.facts)) or "无"))
    if assessment.assumed_absent:
        lines.append("未提供、按不具备处理的相关事实（假定不具备，须核实）：" + _labels(assessment.assumed_absent))
    if assessment.unused_facts:
        lines.append("本规定没有以其为要件的条款的事实：" + _labels(assessment.unused_facts))
    lines.append("")
    lines.append("本意见由规则引擎依条文生成，供认定机关集体研究参考，不代替认定决定。")
    return "\n".join(lines)


def comparison_text(comparison: Comparison) -> str:
    vocabulary = default_vocabulary()
    first = comparison.results[0]
    lines = [
        "同一事实在不同规定下的认定比较",
        f"行为发生日期：{chinese_date(first.on)}",
        "已认定的事实：",
    ]
    lines += [f"  - {vocabulary.label(name)}" for name in first.facts] or ["  （无）"]
    verdict = "一致" if comparison.consistent else "不一致（同案不同判风险）"
    lines += ["", f"比较结论：{verdict}", ""]
    for assessment in comparison.results:
        pack = assessment.pack
        lines.append(f"【{pack.name}】《{pack.title}》：{assessment.outcome.label}；{range_line(assessment)}")
        for result in assessment.grounds:
            lines += clause_lines(result.clause, indent="    ", bullet="依据")
        if not assessment.grounds:
            lines.append("    依据：无成立的条款")
    if comparison.left_out:
        lines += ["", "未纳入比较的规定："]
        lines += [f"  - 《{pack.title}》：{reason}" for pack, reason in comparison.left_out]
    differences = comparison.differences()
    if differences:
        lines += ["", "差异原因："]
        lines += [f"  - {line}" for line in differences]
    return "\n".join(lines)
