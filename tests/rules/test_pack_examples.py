"""`rongcuo packs check` catches a draft pack whose examples no longer match its clauses: each wrong
example and scenario is reported in its own words, and a clean pack is checked in full."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rongcuo.rules.errors import PackError
from rongcuo.rules.examples import run_examples
from rongcuo.rules.pack import load_pack
from rongcuo.rules.registry import PACKS_DIR, get_pack


def with_examples(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "licheng-2025"
    shutil.copytree(PACKS_DIR / "licheng-2025", folder)
    examples = folder / "examples.yaml"
    text = examples.read_text(encoding="utf-8")
    assert old in text
    examples.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_the_shipped_examples_check_every_clause_twice_and_every_scenario() -> None:
    pack = get_pack("licheng-2025")
    report = run_examples(pack)
    assert report.failures == []
    clauses = [c for c in pack.clauses if c.role.value != "catch_all"]
    catch_alls = [c for c in pack.clauses if c.role.value == "catch_all"]
    import yaml

    scenarios = yaml.safe_load((pack.directory / "examples.yaml").read_text(encoding="utf-8"))["scenarios"]
    assert report.checked == 2 * len(clauses) + 2 * len(catch_alls) + len(scenarios)


@pytest.mark.parametrize(("old", "new", "failure"), [
    ('"10.7": {holds: [counterparty_concealed_information]', '"10.7": {holds: [actively_remedied]',
     ["第十条第（七）项：示例 holds ['actively_remedied'] 下条款未成立",
      "第十条第（七）项：示例 holds 的结论为 mitigable，应为 tolerated"]),
    ('"12.6": {holds: [private_gain], outcome: not_tolerated', '"12.6": {holds: [private_gain], outcome: tolerated',
     "第十二条第（六）项：示例 holds 的结论为 not_tolerated，应为 tolerated"),
    ("not_holds: [cooperated_with_investigation]}\n  \"12.7\"", "not_holds: [private_gain]}\n  \"12.7\"",
     "第十二条第（六）项：示例 not_holds ['private_gain'] 下条款却成立"),
    ('"9.9": {listed_when: [], not_listed_when: [private_gain]}', '"9.9": {listed_when: [private_gain], not_listed_when: []}',
     ["第九条第（九）项：示例 listed_when 下未列为兜底条款", "第九条第（九）项：示例 not_listed_when 下却列为兜底条款"]),
    ('"10.10": {listed_when: [actively_remedied], not_listed_when: [repeat_error]}',
     '"10.10": {listed_when: [actively_remedied], not_listed_when: [actively_remedied]}',
     "第十条第（十）项：示例 not_listed_when 下却列为兜底条款"),
    ("    facts: [force_majeure]\n    outcome: no_ground", "    facts: [force_majeure]\n    outcome: tolerated",
     "情景“不可抗力但超出必要限度，不属履职尽责”：结论 no_ground，应为 tolerated"),
    ("    dispositions: [减轻, 从轻]\n    grounds: [第十一条第（一）项", "    dispositions: [从轻]\n    grounds: [第十一条第（一）项",
     "情景“仅有从轻减轻情形”：处理幅度 ['减轻', '从轻']，应为 ['从轻']"),
    ("    grounds: [第九条第（一）项]\n  - name: 容错的处理幅度", "    grounds: [第九条第（二）项]\n  - name: 容错的处理幅度",
     "情景“履职尽责优先于容错”：依据 ['第九条第（一）项']，应为 ['第九条第（二）项']"),
    ('  "12.6": {holds: [private_gain], outcome: not_tolerated, not_holds: [cooperated_with_investigation]}\n', "",
     "第十二条第（六）项（12.6）没有示例"),
])
def test_each_wrong_example_is_reported_in_its_own_words(tmp_path: Path, old: str, new: str,
                                                         failure: str | list[str]) -> None:
    report = run_examples(load_pack(with_examples(tmp_path, old, new)))
    assert report.failures == (failure if isinstance(failure, list) else [failure])


def test_a_pack_without_an_example_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "licheng-2025"
    shutil.copytree(PACKS_DIR / "licheng-2025", folder)
    (folder / "examples.yaml").unlink()
    with pytest.raises(PackError, match=r"缺少示例文件 examples\.yaml"):
        run_examples(load_pack(folder))
    (folder / "examples.yaml").write_text("- 不是映射\n", encoding="utf-8")
    with pytest.raises(PackError, match="示例文件应为映射"):
        run_examples(load_pack(folder))


@pytest.mark.parametrize(("old", "new", "said"), [
    ('"9.1": {holds: [performed_statutory_duty]', '"9.1": {holds: performed_statutory_duty',
     "{examples}, 第九条第（一）项 (9.1): 应为事实名列表"),
    ("not_holds: [procedural_defect]}", "not_holds: procedural_defect}", "{examples}, 第九条第（一）项 (9.1): 应为事实名列表"),
    ('"9.9": {listed_when: []', '"9.9": {listed_when: 无', "{examples}, 第九条第（九）项 (9.9): 应为事实名列表"),
    ("    facts: [counterparty_concealed_information, private_gain]", "    facts: 隐瞒",
     "{examples}, 情景 1: 应为事实名列表"),
    ("scenarios:\n  - name: 排除情形优先于容错情形", "scenarios:\n  - name: 无事实\n    facts: []\n    outcome: no_ground\n  - 无\n  - name: 排除情形优先于容错情形",
     "{examples}, 情景 2: 情景应为映射 (name, facts, outcome, ...)"),
])
def test_an_examples_file_entry_that_is_not_an_example_is_refused_with_its_clause_or_scenario_number(
        tmp_path: Path, old: str, new: str, said: str) -> None:
    folder = with_examples(tmp_path, old, new)
    examples = folder / "examples.yaml"
    with pytest.raises(PackError) as refused:
        run_examples(load_pack(folder))
    assert str(refused.value) == said.format(examples=examples)


def test_a_clause_without_examples_does_not_stop_the_check_of_those_after_it(tmp_path: Path) -> None:
    folder = with_examples(tmp_path, '  "9.1": {holds: [performed_statutory_duty], outcome: duty_fulfilled, '
                                     'not_holds: [procedural_defect]}\n', "")
    examples = folder / "examples.yaml"
    text = examples.read_text(encoding="utf-8")
    examples.write_text(text.replace('"12.6": {holds: [private_gain], outcome: not_tolerated',
                                     '"12.6": {holds: [private_gain], outcome: tolerated', 1), encoding="utf-8")
    assert run_examples(load_pack(folder)).failures == [
        "第九条第（一）项（9.1）没有示例",
        "第十二条第（六）项：示例 holds 的结论为 not_tolerated，应为 tolerated",
    ]


def test_a_scenario_without_a_name_is_reported_by_its_number(tmp_path: Path) -> None:
    folder = with_examples(tmp_path, "  - name: 排除情形优先于容错情形\n    facts: [counterparty_concealed_information, private_gain]\n"
                                     "    outcome: not_tolerated",
                           "  - facts: [counterparty_concealed_information, private_gain]\n    outcome: tolerated")
    assert run_examples(load_pack(folder)).failures == [f"情景“{folder / 'examples.yaml'}, 情景 1”：结论 not_tolerated，应为 tolerated"]
