"""A legal officer editing a draft pack is told the file, the clause and the fix for each mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rongcuo.rules.errors import PackError
from rongcuo.rules.examples import run_examples
from rongcuo.rules.pack import load_pack
from rongcuo.rules.registry import PACKS_DIR, get_pack


def draft(tmp_path: Path, old: str, new: str, pack_id: str = "licheng-2025") -> Path:
    folder = tmp_path / pack_id
    shutil.copytree(PACKS_DIR / pack_id, folder)
    pack_file = folder / "pack.yaml"
    text = pack_file.read_text(encoding="utf-8")
    assert old in text
    pack_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("condition: counterparty_concealed_information", "condition: counterparty_concealed_info",
         ["pack.yaml", "第十条第（七）项", "counterparty_concealed_info", "是否应为 counterparty_concealed_information"]),
        ("condition: multi_agency_proactive", "condition: multi_agency_proactive +", ["第十条第（三）项", "语法错误"]),
        ("condition: multi_agency_proactive", "condition: multi_agency_proactive == key_task", ["第十条第（三）项", "只允许"]),
        ("text: 积极配合问责追责调查，并主动承担责任的", "text: 积极配合问责调查，并主动承担责任的",
         ["第十一条第（二）项", "未在来源文件", "不一致"]),
        ("    catch_all_of: duty\n", "    catch_all_of: duty\n    condition: private_gain\n", ["第九条第（九）项", "兜底条款"]),
        ("    item: 2\n    role: mitigation", "    item: 1\n    role: mitigation", ["第十一条第（一）项", "重复"]),
        ("id: licheng-2025", "id: licheng-2026", ["目录名", "licheng-2026"]),
        ("role: tolerance", "role: tolerant", ["第十条第（一）项", "tolerant"]),
    ],
)
def test_a_broken_draft_pack_is_refused_with_file_clause_and_fix(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    folder = draft(tmp_path, old, new)
    with pytest.raises(PackError) as raised:
        load_pack(folder)
    for part in expected:
        assert part in str(raised.value)


def test_a_clause_without_examples_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "xixian-2022"
    shutil.copytree(PACKS_DIR / "xixian-2022", folder)
    examples = folder / "examples.yaml"
    lines = [line for line in examples.read_text(encoding="utf-8").splitlines() if not line.startswith('  "10.3"')]
    examples.write_text("\n".join(lines), encoding="utf-8")
    report = run_examples(load_pack(folder))
    assert report.failures == ["第十条第（三）项（10.3）没有示例"]


def test_the_regulation_text_is_pinned_by_its_hash(tmp_path: Path) -> None:
    folder = tmp_path / "xixian-2022"
    shutil.copytree(PACKS_DIR / "xixian-2022", folder)
    source = folder / "source.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("7 日内", "15 日内"), encoding="utf-8")
    with pytest.raises(PackError, match="SHA-256"):
        load_pack(folder)


def test_a_draft_pack_folder_can_be_assessed_before_adoption(tmp_path: Path) -> None:
    folder = draft(tmp_path, "condition: multi_agency_proactive", "condition: multi_agency_proactive and key_task")
    pack = get_pack(str(folder))
    assert pack.clause("10.3").facts == ("multi_agency_proactive", "key_task")
    report = run_examples(pack)
    assert any("10.3" in f or "第十条第（三）项" in f for f in report.failures)


def test_time_limits_are_pack_data_with_day_kind_and_article() -> None:
    licheng, xixian = get_pack("licheng-2025"), get_pack("xixian-2022")
    investigation = licheng.procedure.limits["investigation"]
    assert (investigation.days, investigation.kind) == (30, "natural")
    assert investigation.basis.citation == "第十七条"
    assert licheng.procedure.max_extension_days == 30
    assert set(xixian.procedure.limits) == {"notice"}  # 隰县 sets only the 7-day notice
    assert xixian.procedure.limits["notice"].basis.citation == "第十四条"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a step citing an article the regulation does not have
        ("recuse: {article: 16, paragraph: 3,", "recuse: {article: 46, paragraph: 3,", ["recuse", "第四十六条第三款", "不在来源文件"]),
        # a quote that is not in the cited article (it is article 16's text, cited as 15)
        ("assign_investigators: {article: 16,", "assign_investigators: {article: 15,", ["assign_investigators", "第十五条", "逐字"]),
        # a step the procedure does not know
        ("    archive: {article: 14,", "    shelve: {article: 14,", ["shelve", "未知的步骤"]),
        ("determine_requires: [investigators,", "determine_requires: [hunch, investigators,", ["hunch", "未知的要求"]),
        ("max_extension_days: 30", "max_extension_days: -1", ["max_extension_days"]),
    ],
)
def test_packs_check_refuses_a_procedure_citing_what_the_regulation_does_not_say(
    tmp_path: Path, old: str, new: str, expected: list[str]
) -> None:
    folder = draft(tmp_path, old, new)
    with pytest.raises(PackError) as raised:
        load_pack(folder)
    for part in expected:
        assert part in str(raised.value)


def test_a_step_without_an_article_must_say_why(tmp_path: Path) -> None:
    old = "      note: 本制度未规定归档程序；纠错整改完成、认定结论已告知并公开（或记明不公开的理由）后办结归档。\n"
    folder = draft(tmp_path, old, "", pack_id="xixian-2022")
    with pytest.raises(PackError, match="未作规定"):
        load_pack(folder)


def test_each_regulation_lists_only_the_steps_it_provides_for() -> None:
    licheng, xixian = get_pack("licheng-2025"), get_pack("xixian-2022")
    # 隰县制度 has no 不予受理, 复核, 移交, 听证, 延长 or 监督意见书; it has 公开 (第十四条)
    for absent in ("reject", "request_review", "decide_review", "transfer", "hold_hearing", "approve_extension",
                   "issue_opinion_letter", "pause_clock"):
        assert absent not in xixian.procedure.steps, absent
        assert absent in licheng.procedure.steps, absent
    assert "publish" in xixian.procedure.steps
    assert "publish" not in licheng.procedure.steps
    assert xixian.procedure.collective_decision
    assert licheng.procedure.collective_decision is False
    assert xixian.procedure.steps["determine"].basis is not None
    assert xixian.procedure.steps["determine"].basis.citation == "第十四条"
    assert licheng.procedure.steps["recuse"].basis is not None
    assert licheng.procedure.steps["recuse"].basis.citation == "第十六条第三款"
    assert licheng.procedure.min_investigators == 2


def test_a_time_limit_with_an_unknown_day_kind_is_refused(tmp_path: Path) -> None:
    folder = draft(tmp_path, "investigation: {days: 30, kind: natural,", "investigation: {days: 30, kind: lunar,")
    with pytest.raises(PackError, match="natural"):
        load_pack(folder)
