"""What the rules core says to a legal officer, word for word: where two regulations treat the same
fact differently and why, why a facts file is refused, and which clause a pack does not have. Whole messages are compared, so a reason that loses its place or its list fails."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from rongcuo.rules.compare import compare, compare_in_force
from rongcuo.rules.errors import FactsError, PackNotInForceError
from rongcuo.rules.facts_input import read_facts
from rongcuo.rules.registry import get_pack

ON = dt.date(2025, 6, 1)


def test_the_differences_name_each_fact_read_differently_with_every_clause_it_made_hold() -> None:
    """A fact both regulations make hold is not a difference; one that makes two clauses hold under
    one regulation cites both; one the other regulation never uses, or uses in a clause whose other
    elements are missing, says so. The agreed fact comes first, so those after it must still be read."""
    facts = {"private_gain": True, "serious_consequence": True, "three_systems_not_followed": True,
             "emergency_task": True, "key_task": False}
    comparison = compare([get_pack("licheng-2025"), get_pack("xixian-2022")], facts, ON)
    assert comparison.differences() == [
        "事实“造成严重后果”：历城区办法依第十二条第（三）项、第十二条第（七）项成立；隰县制度没有以此为要件的条款。",
        "事实“未按规定执行行政执法公示、执法全过程记录、重大执法决定法制审核制度”：历城区办法依第十二条第（三）项成立；"
        "隰县制度没有以此为要件的条款。",
        "事实“应对突发事件或者执行急难险重任务，为快速处置”：隰县制度没有以此为要件的条款；历城区办法的相关条款因其他要件不具备而不成立。",
    ]


def test_a_fact_both_regulations_make_hold_or_neither_does_is_no_difference() -> None:
    packs = [get_pack("licheng-2025"), get_pack("xixian-2022")]
    assert compare(packs, {"private_gain": True}, ON).differences() == []  # held under both
    assert compare(packs, {"objective_constraints": True}, ON).differences() == []  # used by both, held by neither


def test_a_fact_both_regulations_use_but_only_one_makes_hold_is_a_difference() -> None:
    packs = [get_pack("licheng-2025"), get_pack("xixian-2022")]
    assert compare(packs, {"key_task": True}, ON).differences() == [
        "事实“在推动高质量发展、污染防治攻坚等重点工作中敢于决策、大胆履职、攻坚克难”：隰县制度依第十一条第一款第（三）项成立；"
        "历城区办法的相关条款因其他要件不具备而不成立。",
    ]


def test_comparing_on_a_day_no_regulation_is_in_force_says_which_day() -> None:
    with pytest.raises(PackNotInForceError) as refused:
        compare_in_force({}, dt.date(2020, 1, 1))
    assert str(refused.value) == "2020年1月1日没有施行中的容错纠错规定 (no pack in force)"


def test_facts_that_are_not_an_object_are_refused_naming_where_they_came_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("[true]"))
    with pytest.raises(FactsError) as refused:
        read_facts("-")
    assert str(refused.value) == '标准输入 (stdin): 事实应为 JSON 对象 {"事实名": true} (expected a JSON object)'
    listed = tmp_path / "facts.json"
    listed.write_text('["private_gain"]', encoding="utf-8")
    with pytest.raises(FactsError) as refused:
        read_facts(str(listed))
    assert str(refused.value) == f'{listed}: 事实应为 JSON 对象 {{"事实名": true}} (expected a JSON object)'


def test_a_facts_file_saved_with_a_byte_order_mark_is_read_and_a_missing_one_is_named(tmp_path: Path) -> None:
    saved = tmp_path / "facts.json"
    saved.write_text('{"private_gain": true}', encoding="utf-8-sig")  # as Windows Notepad saves it
    assert read_facts(str(saved)) == {"private_gain": True}
    with pytest.raises(FactsError) as refused:
        read_facts(str(tmp_path / "无.json"))
    assert str(refused.value) == f"无法读取事实文件 (cannot read facts file) {tmp_path / '无.json'}: No such file or directory"


def test_a_fact_given_twice_is_named() -> None:
    from rongcuo.rules.facts_input import parse_facts_json

    with pytest.raises(FactsError) as refused:
        parse_facts_json('{"key_task": true, "key_task": false}', "案件.json")
    assert str(refused.value) == "案件.json: 事实要素 key_task 重复出现 (duplicate key 'key_task')"


def test_a_clause_a_pack_does_not_have_is_named_in_the_error() -> None:
    with pytest.raises(KeyError) as missing:
        get_pack("licheng-2025").clause("99.9")
    assert missing.value.args == ("99.9",)
