"""A pack's examples.yaml: each clause shown holding and not holding, plus whole scenarios.

`rongcuo packs check` and the test suite run them, so a pack that changes its conditions must
change its examples too, and a clause without examples is reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rongcuo.rules.assess import Assessment, assess
from rongcuo.rules.errors import PackError
from rongcuo.rules.model import Role
from rongcuo.rules.pack import Pack
from rongcuo.rules.yamlio import load_yaml


@dataclass
class ExampleReport:
    checked: int = 0
    failures: list[str] = field(default_factory=list)


def _facts(value: object, where: str) -> dict[str, bool]:
    if not isinstance(value, list):
        raise PackError(f"{where}: 应为事实名列表")
    return {str(name): True for name in value}


def _on(pack: Pack) -> dt.date:
    return pack.valid_from


def _run(pack: Pack, facts: dict[str, bool]) -> Assessment:
    return assess(pack, facts, _on(pack))


def run_examples(pack: Pack) -> ExampleReport:
    path = pack.directory / "examples.yaml"
    if not path.is_file():
        raise PackError(f"{path}: 缺少示例文件 examples.yaml")
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise PackError(f"{path}: 示例文件应为映射 (clauses, catch_alls, scenarios)")
    report = ExampleReport()
    clause_examples = data.get("clauses") or {}
    catch_examples = data.get("catch_alls") or {}
    for clause in pack.clauses:
        where = f"{path}, {clause.citation} ({clause.key})"
        table = catch_examples if clause.role is Role.CATCH_ALL else clause_examples
        example = table.get(clause.key)
        if not isinstance(example, dict):
            report.failures.append(f"{clause.citation}（{clause.key}）没有示例")
            continue
        if clause.role is Role.CATCH_ALL:
            _check_catch_all(pack, clause.key, example, where, report)
        else:
            _check_clause(pack, clause.key, example, where, report)
    for number, scenario in enumerate(data.get("scenarios") or [], start=1):
        _check_scenario(pack, scenario, f"{path}, 情景 {number}", report)
    return report


def _held_keys(assessment: Assessment) -> set[str]:
    return {r.clause.key for r in assessment.trace if r.held}


def _check_clause(pack: Pack, key: str, example: dict[str, object], where: str, report: ExampleReport) -> None:
    citation = pack.clause(key).citation
    held = _run(pack, _facts(example.get("holds"), where))
    report.checked += 1
    if key not in _held_keys(held):
        report.failures.append(f"{citation}：示例 holds {example.get('holds')} 下条款未成立")
    expected = example.get("outcome")
    if expected is not None and held.outcome.value != expected:
        report.failures.append(f"{citation}：示例 holds 的结论为 {held.outcome.value}，应为 {expected}")
    not_held = _run(pack, _facts(example.get("not_holds"), where))
    report.checked += 1
    if key in _held_keys(not_held):
        report.failures.append(f"{citation}：示例 not_holds {example.get('not_holds')} 下条款却成立")


def _check_catch_all(pack: Pack, key: str, example: dict[str, object], where: str, report: ExampleReport) -> None:
    citation = pack.clause(key).citation
    for field_name, expected in (("listed_when", True), ("not_listed_when", False)):
        assessment = _run(pack, _facts(example.get(field_name), where))
        report.checked += 1
        listed = key in {c.key for c in assessment.open_clauses}
        if listed is not expected:
            state = "未列为" if expected else "却列为"
            report.failures.append(f"{citation}：示例 {field_name} 下{state}兜底条款")


def _check_scenario(pack: Pack, scenario: object, where: str, report: ExampleReport) -> None:
    if not isinstance(scenario, dict):
        raise PackError(f"{where}: 情景应为映射 (name, facts, outcome, ...)")
    assessment = _run(pack, _facts(scenario.get("facts"), where))
    report.checked += 1
    name = scenario.get("name", where)
    if assessment.outcome.value != scenario.get("outcome"):
        report.failures.append(f"情景“{name}”：结论 {assessment.outcome.value}，应为 {scenario.get('outcome')}")
    if "dispositions" in scenario and list(assessment.dispositions) != scenario["dispositions"]:
        report.failures.append(f"情景“{name}”：处理幅度 {list(assessment.dispositions)}，应为 {scenario['dispositions']}")
    if "grounds" in scenario:
        grounds = [r.clause.citation for r in assessment.grounds]
        if grounds != scenario["grounds"]:
            report.failures.append(f"情景“{name}”：依据 {grounds}，应为 {scenario['grounds']}")
