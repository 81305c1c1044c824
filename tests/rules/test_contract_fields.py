"""Every field of the assessment contract a program reads (spec/assessment.md), written out in
full, and the facts each ground rests on when its condition joins several with and/or; the
expressions that carry those conditions, and draft packs whose clauses differ under one id."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import numpy as np
import pytest
from tests.cli_runner import run_cli

from rongcuo.rules.assess import assess
from rongcuo.rules.batch import assess_columns, compile_pack
from rongcuo.rules.errors import PackError
from rongcuo.rules.expressions import (
    All,
    Any,
    ExpressionError,
    FactRef,
    Not,
    evaluate,
    evaluate_columns,
    fact_names,
    parse,
    supporting_facts,
    to_chinese,
    to_text,
)
from rongcuo.rules.pack import load_pack
from rongcuo.rules.registry import PACKS_DIR, get_pack

ON = dt.date(2025, 6, 1)
CATCH_ALL = "兜底条款不自动适用：认定机关可以适用，但应当写明所依据的具体事实，以及该情形与本条所列情形相当的理由。"


def test_the_open_clauses_and_the_exemption_conditions_are_written_out_in_full() -> None:
    data = assess(get_pack("xixian-2022"), {"key_task": True}, ON).to_dict()
    assert data["open_clauses"][0] == {"article": 10, "paragraph": None, "item": 11, "citation": "第十条第（十一）项",
                                       "role": "catch_all", "text": "其他履职尽责依法不应当追究责任的情形",
                                       "reason": CATCH_ALL}
    assert [(c["citation"], c["held"], c["role"]) for c in data["exemption_conditions"]] == [
        ("第十一条第二款第（一）项", True, "condition"), ("第十一条第二款第（二）项", True, "condition"),
        ("第十一条第二款第（三）项", False, "condition")]
    assert data["exemption_conditions"][2]["text"] == "积极主动消除不良影响、挽回损失的"
    assert data["exemption_conditions"][0]["paragraph"] == 2
    assert data["disposition_mode"] == "应当"
    assert data["disposition_modes"] == {"减轻": "应当", "从轻": "应当"}
    full = assess(get_pack("xixian-2022"), {"key_task": True, "actively_remedied": True}, ON).to_dict()
    assert full["disposition_modes"] == {"免责": "可以", "减轻": "应当", "从轻": "应当"}  # 第十一条第二款：可以免除
    assert [c["held"] for c in full["exemption_conditions"]] == [True, True, True]
    mitigable = assess(get_pack("licheng-2025"), {"actively_remedied": True}, ON).to_dict()
    assert (mitigable["outcome"], mitigable["outcome_label"], mitigable["disposition_mode"]) == (
        "mitigable", "可以从轻或者减轻", "可以")


def test_a_ground_joined_by_and_and_or_rests_on_the_facts_that_make_it_hold() -> None:
    pack = get_pack("licheng-2025")  # 9.6: (self_defense_or_necessity or force_majeure) and within_necessary_limit
    held = assess(pack, {"self_defense_or_necessity": True, "within_necessary_limit": True}, ON)
    assert [(g.clause.key, list(g.facts)) for g in held.grounds] == [
        ("9.6", ["self_defense_or_necessity", "within_necessary_limit"])]
    both = assess(pack, {"self_defense_or_necessity": True, "force_majeure": True, "within_necessary_limit": True}, ON)
    assert list(both.grounds[0].facts) == ["self_defense_or_necessity", "force_majeure", "within_necessary_limit"]
    assert assess(pack, {"force_majeure": True}, ON).grounds == ()  # without the limit it does not hold


@pytest.mark.parametrize(("text", "facts", "truth", "support"), [
    ("a and b", {"a": True, "b": True}, True, ["a", "b"]),
    ("a and b", {"a": True}, False, ["a"]),
    ("a or b", {"b": True}, True, ["b"]),
    ("a or b", {"a": True, "b": True}, True, ["a", "b"]),
    ("(a or b) and c", {"b": True, "c": True}, True, ["b", "c"]),
    ("a and not b", {"a": True}, True, ["a"]),
    ("not a", {}, True, []),
    ("a or (b and c)", {"a": True, "b": True}, True, ["a"]),
])
def test_a_condition_is_true_as_written_and_names_its_supporting_facts(
        text: str, facts: dict[str, bool], truth: bool, support: list[str]) -> None:
    expr = parse(text)
    assert evaluate(expr, facts) is truth
    assert supporting_facts(expr, facts) == support
    column = evaluate_columns(expr, lambda name: np.array([facts.get(name, False), not facts.get(name, False)]))
    assert bool(column[0]) is truth


def test_a_condition_is_parsed_to_its_tree_and_printed_back() -> None:
    expr = parse(" (a or b) and not c and d ")
    assert expr == All((Any((FactRef("a"), FactRef("b"))), Not(FactRef("c")), FactRef("d")))
    assert list(fact_names(expr)) == ["a", "b", "c", "d"]
    assert to_text(expr) == "(a or b) and not c and d"
    assert to_text(parse("a or b and c")) == "a or (b and c)"
    labels = {"a": "甲", "b": "乙", "c": "丙", "d": "丁"}
    assert to_chinese(expr, labels.__getitem__) == "（“甲”或者“乙”）且并非“丙”且“丁”"


@pytest.mark.parametrize(("text", "said"), [("a and b == c", "b == c"), ("a +", "语法错误"), ("f(a)", "f(a)"),
                                            ("a and (b or 1)", "1"), ("not (a < b)", "a < b")])
def test_a_condition_that_is_not_facts_with_and_or_not_is_refused_naming_the_part(text: str, said: str) -> None:
    with pytest.raises(ExpressionError) as raised:
        parse(text)
    assert said in str(raised.value)


def test_a_nested_invalid_condition_in_a_draft_pack_is_a_pack_error_naming_the_clause(tmp_path: Path) -> None:
    folder = tmp_path / "licheng-2025"
    shutil.copytree(PACKS_DIR / "licheng-2025", folder)
    pack_file = folder / "pack.yaml"
    text = pack_file.read_text(encoding="utf-8")
    pack_file.write_text(text.replace("condition: multi_agency_proactive", "condition: key_task and (a or b == c)", 1),
                         encoding="utf-8")
    with pytest.raises(PackError) as raised:
        load_pack(folder)
    assert "第十条第（三）项" in str(raised.value)
    assert "b == c" in str(raised.value)


def test_two_drafts_with_the_same_id_and_version_are_never_confused_in_batch(tmp_path: Path) -> None:
    def drafted(name: str, condition: str) -> Path:
        folder = tmp_path / name / "licheng-2025"
        shutil.copytree(PACKS_DIR / "licheng-2025", folder)
        pack_file = folder / "pack.yaml"
        pack_file.write_text(pack_file.read_text(encoding="utf-8").replace(
            "condition: multi_agency_proactive", f"condition: {condition}", 1), encoding="utf-8")
        return folder

    first = load_pack(drafted("one", "multi_agency_proactive"))
    second = load_pack(drafted("two", "multi_agency_proactive and key_task"))
    assert (first.id, first.version) == (second.id, second.version)
    columns = {"multi_agency_proactive": np.array([True])}
    assert assess_columns(first, columns, 1).outcome[0] != assess_columns(second, columns, 1).outcome[0]
    assert compile_pack(first) is compile_pack(first)
    assert compile_pack(first) is not compile_pack(second)


@pytest.mark.parametrize(("text", "source", "chinese"), [
    ("not (a or b)", "not (a or b)", "并非（“甲”或者“乙”）"),
    ("a or (b and (c or d))", "a or (b and (c or d))", "“甲”或者（“乙”且（“丙”或者“丁”））"),
    ("a and not (b or c)", "a and not (b or c)", "“甲”且并非（“乙”或者“丙”）"),
    ("not (a and (b or c))", "not (a and (b or c))", "并非（“甲”且（“乙”或者“丙”））"),  # brackets inside a not
])
def test_nested_conditions_print_with_every_bracket_they_need(text: str, source: str, chinese: str) -> None:
    labels = {"a": "甲", "b": "乙", "c": "丙", "d": "丁"}
    assert to_text(parse(text)) == source
    assert parse(to_text(parse(text))) == parse(text)  # printing and reading back give the same condition
    assert to_chinese(parse(text), labels.__getitem__) == chinese


def test_a_new_version_of_the_same_regulation_is_not_the_same_regulation(tmp_path: Path) -> None:
    from rongcuo.rules.choice import choose_applicable

    folder = tmp_path / "licheng-2025"
    shutil.copytree(PACKS_DIR / "licheng-2025", folder)
    pack_file = folder / "pack.yaml"
    pack_file.write_text(pack_file.read_text(encoding="utf-8").replace('version: "2025.1"', 'version: "2025.2"', 1),
                         encoding="utf-8")
    facts = {"counterparty_concealed_information": True}
    old, new = assess(get_pack("licheng-2025"), facts, ON), assess(load_pack(folder), facts, ON)
    choice = choose_applicable(old, new)
    assert choice.applied is old
    assert choice.reason.endswith("》并不更有利。")


def test_a_case_id_with_a_comma_or_a_quote_comes_back_as_it_was_written(tmp_path: Path) -> None:
    import csv

    source = tmp_path / "cases.csv"
    source.write_text('case_id,private_gain\n"历司,2025,1",1\n"他说""是""",0\nplain,0\n', encoding="utf-8")
    target = tmp_path / "out.csv"
    done = run_cli("assess-batch", "--pack", "licheng-2025", "--input", str(source), "--output", str(target))
    assert done.returncode == 0, done.stderr
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[0] for row in rows] == ["case_id", "历司,2025,1", '他说"是"', "plain"]
    assert rows[1][1:] == ["not_tolerated", "", "第二条;第十二条第（六）项"]
    assert target.read_text(encoding="utf-8").splitlines()[3] == "plain,no_ground,,"  # quoted only when needed


@pytest.mark.parametrize(("text", "said"), [
    ("\ufeffcase_id,private_gain\nA1,1\nA2,yes\n", "第 3 行 private_gain 的值 'yes' 无法识别"),  # a BOM is not a column
    ('case_id,private_gain\n"A\n1",1\nA2,1,1\n', "第 4 行有 3 列，表头有 2 列"),  # a quoted line break is one row
    ("case_id,private_gain\nA1, 1 \nA2,2\n", "第 3 行 private_gain 的值 '2' 无法识别"),  # padding is allowed
])
def test_a_bad_batch_row_is_named_by_the_line_a_text_editor_shows(tmp_path: Path, text: str, said: str) -> None:
    from rongcuo.rules.csv_batch import locate_bad_row

    source = tmp_path / "cases.csv"
    source.write_text(text, encoding="utf-8")
    assert said in str(locate_bad_row(source, 2))
