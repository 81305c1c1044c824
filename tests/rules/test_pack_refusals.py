"""Every mistake a legal officer can make in a draft pack is refused with the words that say where
and how to fix it, and every field left out takes the value the regulation's silence means.

Each case copies a shipped pack, changes its data as an editor would, and loads it: the whole
message is compared, so a check that stops firing, fires on the wrong field or names the wrong
place fails here (docs/mutation.md)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from rongcuo.rules.errors import PackError
from rongcuo.rules.model import Outcome, Role
from rongcuo.rules.pack import COMPANIONS, DOCUMENTS, ISSUERS, PROCEDURE_STEPS, Pack, load_pack
from rongcuo.rules.registry import PACKS_DIR

Data = dict[str, Any]


def edited(tmp_path: Path, change: Callable[[Data], object], pack_id: str = "licheng-2025") -> Path:
    folder = tmp_path / pack_id
    shutil.copytree(PACKS_DIR / pack_id, folder)
    pack_file = folder / "pack.yaml"
    data = yaml.safe_load(pack_file.read_text(encoding="utf-8"))
    replaced = change(data)
    pack_file.write_text(yaml.safe_dump(data if replaced is None else replaced, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    return folder


def refusal(tmp_path: Path, change: Callable[[Data], object], pack_id: str = "licheng-2025") -> str:
    folder = edited(tmp_path, change, pack_id)
    with pytest.raises(PackError) as raised:
        load_pack(folder)
    return str(raised.value).replace(str(folder / "pack.yaml"), "P")


def loaded(tmp_path: Path, change: Callable[[Data], object], pack_id: str = "licheng-2025") -> Pack:
    return load_pack(edited(tmp_path, change, pack_id))


def clause(data: Data, article: int, item: int | None = None, paragraph: int | None = None) -> Data:
    found: Data = next(c for c in data["clauses"] if (c["article"], c.get("item"), c.get("paragraph"))
                       == (article, item, paragraph))
    return found


def put(mapping: Data, key: str, value: object) -> None:
    mapping[key] = value


def drop(mapping: Data, key: str) -> None:
    del mapping[key]


def steps(data: Data) -> Data:
    found: Data = data["procedure"]["steps"]
    return found


CASES: list[tuple[str, Callable[[Data], object], str]] = [
    # the pack as a whole
    ("a list", lambda d: [d], "P: 规则包应为 YAML 映射"),
    ("no source", lambda d: drop(d, "source"), "P: 缺少或错误的字段 source（应为 str）"),
    ("a source that is not there", lambda d: put(d, "source", "原文.txt"),
     "P: 来源文件 原文.txt 不存在；请将法规原文放在规则包目录中"),
    ("a pinned hash that differs", lambda d: put(d, "source_sha256", "0" * 64),
     "P: 来源文件 source.txt 与 source_sha256 不符（SHA-256）：法规原文被改动；如系新发布的文本，请核对后更新 source_sha256"),
    ("clauses not a list", lambda d: put(d, "clauses", {}), "P: 缺少或错误的字段 clauses（应为 list）"),
    ("a clause twice", lambda d: d["clauses"].append(dict(clause(d, 9, 1))), "P, 第九条第（一）项: 条款重复；每个条、款、项只能出现一次"),
    ("a date written with slashes", lambda d: put(d, "valid_from", "2025/03/01"),
     "P: 字段 valid_from 应为日期 YYYY-MM-DD，实际为 '2025/03/01'"),
    ("no start date", lambda d: drop(d, "valid_from"), "P: 字段 valid_from 应为日期 YYYY-MM-DD，实际为 None"),
    ("an end date that is not a date", lambda d: put(d, "valid_to", "长期"),
     "P: 字段 valid_to 应为日期 YYYY-MM-DD，实际为 '长期'"),
    ("an end before the start", lambda d: put(d, "valid_to", dt.date(2025, 2, 28)), "P: valid_to 早于 valid_from"),
    ("no id", lambda d: drop(d, "id"), "P: 缺少或错误的字段 id（应为 str）"),
    ("no title", lambda d: drop(d, "title"), "P: 缺少或错误的字段 title（应为 str）"),
    ("no issuer", lambda d: drop(d, "issuer"), "P: 缺少或错误的字段 issuer（应为 str）"),
    ("no document number", lambda d: drop(d, "document_number"), "P: 缺少或错误的字段 document_number（应为 str）"),
    ("no jurisdiction", lambda d: drop(d, "jurisdiction"), "P: 缺少或错误的字段 jurisdiction（应为 str）"),
    ("another folder's id", lambda d: put(d, "id", "licheng-2026"), "P: 规则包目录名 licheng-2025 应与 id licheng-2026 相同"),
    ("an unknown companion system", lambda d: put(d, "companions", ["statistics"]),
     f"P: companions: 未知的要求 statistics（可用：{'、'.join(COMPANIONS)}）"),
    ("companions not a list", lambda d: put(d, "companions", "evaluation"), "P: companions: 应为列表"),
    # clauses
    ("a clause without an article", lambda d: drop(clause(d, 9, 1), "article"),
     "P: 每个条款需要整数 article 字段：{'item': 1, 'role': 'duty', 'text': '已经按照法定职责、法定程序、岗位职责，履行行政执法职责的', "
     "'condition': 'performed_statutory_duty'}"),
    ("a clause that is a word", lambda d: d["clauses"].append("第九条"), "P: 每个条款需要整数 article 字段：'第九条'"),
    ("an unknown role", lambda d: put(clause(d, 9, 1), "role", "tolerant"),
     "P, 第九条第（一）项: 未知的角色 role='tolerant'（可用：" + ", ".join(r.value for r in Role) + "）"),
    ("no text", lambda d: drop(clause(d, 9, 1), "text"), "P, 第九条第（一）项: 缺少条文原文 text"),
    ("a blank text", lambda d: put(clause(d, 9, 1), "text", "  "), "P, 第九条第（一）项: 缺少条文原文 text"),
    ("a text changed in the middle", lambda d: put(clause(d, 9, 1), "text", "已经按照法定职责、法定程序、岗位责任，履行行政执法职责的"),
     "P, 第九条第（一）项: 条文未在来源文件 source.txt 中逐字找到（已忽略空白），自第 17 个字起不一致：…、法定程序、岗位【责任，履行行政执】…；"
     "请从来源文件原样复制条文"),
    ("a text changed at its first character", lambda d: put(clause(d, 9, 1), "text", "☆已经按照法定职责"),
     "P, 第九条第（一）项: 条文未在来源文件 source.txt 中逐字找到（已忽略空白），自第 1 个字起不一致：…【☆已经按照法定职】…；"
     "请从来源文件原样复制条文"),
    ("a text changed at its third character", lambda d: put(clause(d, 9, 1), "text", "已经未照法定职责"),
     "P, 第九条第（一）项: 条文未在来源文件 source.txt 中逐字找到（已忽略空白），自第 3 个字起不一致：…已经【未照法定职责】…；"
     "请从来源文件原样复制条文"),
    ("a catch-all with a condition", lambda d: put(clause(d, 9, 9), "condition", "private_gain"),
     "P, 第九条第（九）项: 兜底条款不能单独成立，不应有 condition；删除该字段"),
    ("a catch-all of no list", lambda d: drop(clause(d, 9, 9), "catch_all_of"),
     "P, 第九条第（九）项: 兜底条款需要 catch_all_of（所属的情形列表，如 tolerance）"),
    ("a catch-all of the conditions", lambda d: put(clause(d, 9, 9), "catch_all_of", "condition"),
     "P, 第九条第（九）项: catch_all_of 应为 exclusion、duty、tolerance 或 mitigation"),
    ("no condition", lambda d: drop(clause(d, 9, 1), "condition"), "P, 第九条第（一）项: 缺少条件 condition（事实要素的布尔表达式）"),
    ("a blank condition", lambda d: put(clause(d, 9, 1), "condition", " "),
     "P, 第九条第（一）项: 缺少条件 condition（事实要素的布尔表达式）"),
    ("a condition that does not parse", lambda d: put(clause(d, 9, 1), "condition", "performed_statutory_duty and"),
     "P, 第九条第（一）项: 条件表达式无效：语法错误 (syntax error) at column 0: 'performed_statutory_duty and'"),
    ("an unknown fact", lambda d: put(clause(d, 9, 1), "condition", "performed_statutory_dutys"),
     "P, 第九条第（一）项: 条件中的事实要素 performed_statutory_dutys 不在事实要素表中（是否应为 performed_statutory_duty？）；"
     "请改用 facts.yaml 中的名称，或先在事实要素表中新增"),
    ("a proviso the clause does not contain", lambda d: put(clause(d, 9, 1), "proviso", "但情节严重的除外"),
     "P, 第九条第（一）项: 但书 proviso 应为本条文中的原文：但情节严重的除外"),
    ("yielding to its own list", lambda d: put(clause(d, 9, 1), "yields_to", "duty"),
     "P, 第九条第（一）项: yields_to 应为另一种情形列表（duty、tolerance、mitigation 或 exclusion）"),
    ("yielding to the conditions", lambda d: put(clause(d, 9, 1), "yields_to", "condition"),
     "P, 第九条第（一）项: yields_to 应为另一种情形列表（duty、tolerance、mitigation 或 exclusion）"),
    ("yielding to an unknown list", lambda d: put(clause(d, 9, 1), "yields_to", "tolerant"),
     "P, 第九条第（一）项: yields_to 应为另一种情形列表（duty、tolerance、mitigation 或 exclusion）"),
    # 处理幅度
    ("no dispositions", lambda d: drop(d, "dispositions"), "P: 缺少 dispositions（处理幅度）"),
    ("no tolerated range", lambda d: drop(d["dispositions"], "tolerated"), "P: dispositions 需要 tolerated 与 mitigable 两项"),
    ("no mitigable range", lambda d: drop(d["dispositions"], "mitigable"), "P: dispositions 需要 tolerated 与 mitigable 两项"),
    ("a tolerated mode that is neither", lambda d: put(d["dispositions"]["tolerated"], "mode", "必须"),
     "P: dispositions.tolerated.mode 应为“应当”或“可以”"),
    ("a mitigable mode that is neither", lambda d: put(d["dispositions"]["mitigable"], "mode", "必须"),
     "P: dispositions.mitigable.mode 应为“应当”或“可以”"),
    # the procedure
    ("a procedure that is a list", lambda d: put(d, "procedure", []), "P: procedure 应为映射（limits、steps 等）"),
    ("an unknown limit", lambda d: put(d["procedure"]["limits"], "appeal", {"days": 5}),
     "P: procedure 中未知的期限 appeal（可用：investigation、notice、review_request、review_decision、transfer_handling、transfer_report）"),
    ("a limit of no days", lambda d: put(d["procedure"]["limits"]["notice"], "days", 0), "P: procedure.limits.notice 需要正整数 days"),
    ("a limit of days in words", lambda d: put(d["procedure"]["limits"]["notice"], "days", "七"),
     "P: procedure.limits.notice 需要正整数 days"),
    ("a limit that is a number", lambda d: put(d["procedure"]["limits"], "notice", 7), "P: procedure.limits.notice 需要正整数 days"),
    ("a limit in weeks", lambda d: put(d["procedure"]["limits"]["notice"], "kind", "weeks"),
     "P: procedure.limits.notice.kind 应为 natural（自然日）或 working（工作日）"),
    ("a limit without its article", lambda d: drop(d["procedure"]["limits"]["notice"], "article"),
     "P: procedure.limits.notice: 期限须注明所依据的条文（article、quote）"),
    ("an article in words", lambda d: put(d["procedure"]["limits"]["notice"], "article", "十七"),
     "P: procedure.limits.notice: article、paragraph 应为整数"),
    ("a paragraph in words", lambda d: put(d["procedure"]["limits"]["notice"], "paragraph", "二"),
     "P: procedure.limits.notice: article、paragraph 应为整数"),
    ("no quote", lambda d: drop(d["procedure"]["limits"]["notice"], "quote"),
     "P: procedure.limits.notice: 缺少 quote（所依据条文的原文）"),
    ("a blank quote", lambda d: put(d["procedure"]["limits"]["notice"], "quote", " "),
     "P: procedure.limits.notice: 缺少 quote（所依据条文的原文）"),
    ("an article the regulation does not have", lambda d: put(d["procedure"]["limits"]["notice"], "article", 99),
     "P: procedure.limits.notice: 引用的第九十九条不在来源文件中"),
    ("a quote from another article", lambda d: put(d["procedure"]["limits"]["notice"], "article", 16),
     "P: procedure.limits.notice: 引文未在第十六条中逐字找到：决定作出后，应当于7日内告知相关单位及当事人"),
    ("an unknown step", lambda d: put(steps(d), "appeal", {"note": "无"}),
     "P: procedure.steps 中未知的步骤 appeal（可用：" + "、".join(PROCEDURE_STEPS) + "）"),
    ("a step that is a word", lambda d: put(steps(d), "archive", "归档"),
     "P: procedure.steps.archive 应为映射（article、quote、documents、label、note）"),
    ("a step with neither article nor note", lambda d: put(steps(d), "archive", {"label": "归档"}),
     "P: procedure.steps.archive: 没有所依据的条文时，须在 note 中说明本规定未作规定及如何办理"),
    ("a step issuing an unknown document", lambda d: put(steps(d)["file"], "documents", ["立案审批表", "立案通知", "答复"]),
     "P: procedure.steps.file.documents 中未知的文书：立案通知、答复（可用：" + "、".join(DOCUMENTS) + "）"),
    ("a negative extension", lambda d: put(d["procedure"], "max_extension_days", -1), "P: procedure.max_extension_days 应为非负整数"),
    ("an extension in words", lambda d: put(d["procedure"], "max_extension_days", "三十"), "P: procedure.max_extension_days 应为非负整数"),
    ("an extension nobody approves", lambda d: drop(steps(d), "approve_extension"),
     "P: 设有延长期限（max_extension_days）时须列出 approve_extension 步骤"),
    ("a negative number of investigators", lambda d: put(d["procedure"], "min_investigators", -1),
     "P: procedure.min_investigators 应为非负整数"),
    ("investigators in words", lambda d: put(d["procedure"], "min_investigators", "两人"), "P: procedure.min_investigators 应为非负整数"),
    ("an unknown issuer", lambda d: put(d["procedure"], "issuer", "government"),
     "P: procedure.issuer 应为 office（监督机构）或 agency（所在单位）"),
    ("an effect of an unknown outcome", lambda d: put(d["procedure"]["effects"], "cleared", {"article": 18, "quote": "x"}),
     "P: procedure.effects.cleared: 未知的认定结论（可用：" + "、".join(o.value for o in Outcome) + "）"),
    ("an effect without its quote", lambda d: drop(d["procedure"]["effects"]["tolerated"], "quote"),
     "P: procedure.effects.tolerated: 缺少 quote（所依据条文的原文）"),
    ("a complaint duty without its quote", lambda d: drop(d["procedure"]["complaints"]["clarification"], "quote"),
     "P: procedure.complaints.clarification: 缺少 quote（所依据条文的原文）"),
    ("a complaint duty written as a citation", lambda d: put(d["procedure"]["complaints"], "clarification", "第二十二条"),
     "P: procedure.complaints.clarification: 须注明所依据的条文（article、quote）"),
    ("an effect without its article", lambda d: put(d["procedure"]["effects"], "tolerated", "不作为行政执法错误认定"),
     "P: procedure.effects.tolerated: 须注明所依据的条文（article、quote）"),
    ("an unknown complaint duty", lambda d: put(d["procedure"]["complaints"], "reward", {"article": 22, "quote": "x"}),
     "P: procedure.complaints.reward: 未知的事项（可用：named_feedback、anonymous_explanation、clarification）"),
    ("a complaint duty without its article", lambda d: put(d["procedure"]["complaints"], "clarification", {}),
     "P: procedure.complaints.clarification: 须注明所依据的条文（article、quote）"),
    ("a review nobody receives", lambda d: drop(d["procedure"], "review_body"),
     "P: 设有复核程序（request_review）时须在 procedure.review_body 写明受理复核的机构"),
    ("an unknown requirement to decide", lambda d: put(d["procedure"], "determine_requires", ["investigators", "signature"]),
     "P: determine_requires: 未知的要求 signature（可用：investigators、statement、hearing_if_major、clock_running、"
     "transfers_reported、verified）"),
    ("an unknown requirement to archive", lambda d: put(d["procedure"], "archive_requires", ["sealed"]),
     "P: archive_requires: 未知的要求 sealed（可用：notice_sent、review_closed、tasks_done、published、rectification_if_cleared）"),
    ("requirements not a list", lambda d: put(d["procedure"], "archive_requires", "tasks_done"), "P: archive_requires: 应为列表"),
]


@pytest.mark.parametrize(("change", "said"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_draft_pack_mistake_is_refused_with_its_place_and_fix(tmp_path: Path, change: Callable[[Data], object],
                                                                 said: str) -> None:
    assert refusal(tmp_path, change) == said


XIXIAN_CASES: list[tuple[str, Callable[[Data], object], str]] = [
    ("a clause of a paragraph without its text", lambda d: drop(clause(d, 11, 1, 2), "text"),
     "P, 第十一条第二款第（一）项: 缺少条文原文 text"),
    ("an exemption that is a word", lambda d: put(d["dispositions"], "exemption", "免责"),
     "P: dispositions.exemption 应为映射 (disposition, requires)"),
    ("an exemption resting on a clause that is no condition",
     lambda d: put(d["dispositions"]["exemption"], "requires", ["11-2.1", "10.1"]),
     "P: dispositions.exemption.requires 中的 10.1 不是 role: condition 的条款"),
    ("an exemption with no tolerated list to be in", lambda d: drop(d["dispositions"]["tolerated"], "list"),
     "P: dispositions.exemption.disposition 免责 应在 tolerated.list 中"),
    ("an exemption mode that is neither", lambda d: put(d["dispositions"]["exemption"], "mode", "必须"),
     "P: dispositions.exemption.mode 应为“应当”或“可以”"),
    ("an exemption outside the tolerated range", lambda d: put(d["dispositions"]["exemption"], "disposition", "免予处分"),
     "P: dispositions.exemption.disposition 免予处分 应在 tolerated.list 中"),
]


@pytest.mark.parametrize(("change", "said"), [case[1:] for case in XIXIAN_CASES], ids=[case[0] for case in XIXIAN_CASES])
def test_a_draft_exemption_mistake_is_refused_with_its_place_and_fix(tmp_path: Path, change: Callable[[Data], object],
                                                                      said: str) -> None:
    assert refusal(tmp_path, change, "xixian-2022") == said


def test_a_pack_whose_end_date_is_its_start_date_is_in_force_that_one_day(tmp_path: Path) -> None:
    pack = loaded(tmp_path, lambda d: put(d, "valid_to", d["valid_from"]))
    assert pack.in_force(dt.date(2025, 3, 1))
    assert not pack.in_force(dt.date(2025, 2, 28))
    assert not pack.in_force(dt.date(2025, 3, 2))
    assert pack.period == "2025年3月1日至2025年3月1日"


def test_what_a_draft_leaves_out_means_the_regulation_is_silent(tmp_path: Path) -> None:
    def bare(d: Data) -> None:
        for key in ("version", "valid_to", "notes", "short_title", "companions"):
            d.pop(key, None)
        procedure = d["procedure"]
        for key in ("decided_by", "collective_decision", "min_investigators", "issuer", "effects", "complaints",
                    "determine_requires", "archive_requires", "max_extension_days"):
            procedure.pop(key, None)
        procedure["limits"]["notice"].pop("kind")
        procedure["steps"].pop("approve_extension")
        procedure["steps"]["archive"] = {"note": "本办法未规定归档的具体要求。按一般档案规定办理。"}
        for item in d["dispositions"].values():
            item.pop("mode", None)
            item.pop("wording", None)
        clause(d, 9, 1)["note"] = "“法定职责”  指\n法律、法规规定的职责。"
        clause(d, 9, 1)["proviso"] = "  履行行政执法职责的 "

    pack = loaded(tmp_path, bare)
    assert (pack.version, pack.valid_to, pack.notes, pack.short_title, pack.companions) == ("1", None, (), "", ())
    assert pack.name == pack.title == "历城区行政执法履职尽责容错纠错实施办法（试行）"
    assert pack.period == "2025年3月1日起施行，未规定终止日期"
    assert pack.in_force(dt.date(2099, 1, 1))
    procedure = pack.procedure
    assert (procedure.decided_by, procedure.collective_decision, procedure.min_investigators, procedure.issuer) == (
        "", False, 0, "office")
    assert (procedure.effects, procedure.complaints, procedure.determine_requires, procedure.archive_requires,
            procedure.max_extension_days) == ({}, {}, (), (), 0)
    assert procedure.limits["notice"].kind == "natural"
    archive = procedure.steps["archive"]
    assert (archive.basis, archive.label, archive.documents) == (None, "", ())
    assert archive.note == "本办法未规定归档的具体要求。按一般档案规定办理。"
    dispositions = pack.dispositions
    assert (dispositions.tolerated_mode, dispositions.mitigable_mode, dispositions.tolerated_wording) == ("", "", "")
    assert (dispositions.exemption, dispositions.exemption_requires, dispositions.exemption_mode) == (None, (), "")
    duty = pack.clause("9.1")
    assert duty.note == "“法定职责”指法律、法规规定的职责。"
    assert duty.proviso == "履行行政执法职责的"
    assert pack.clause("9.9").catch_all_of is Role.DUTY
    assert pack.clause("9.1").yields_to is None


def test_an_exemption_without_conditions_and_a_procedure_left_out_are_read_as_written(tmp_path: Path) -> None:
    def change(d: Data) -> None:
        del d["dispositions"]["exemption"]["requires"]
        del d["dispositions"]["exemption"]["mode"]
        del d["procedure"]

    pack = loaded(tmp_path, change, "xixian-2022")
    assert (pack.dispositions.exemption, pack.dispositions.exemption_requires, pack.dispositions.exemption_mode) == (
        "免责", (), "")
    assert pack.dispositions.exemption_wording.startswith("同时符合第十一条第二款")
    assert (pack.procedure.limits, pack.procedure.steps, pack.procedure.issuer) == ({}, {}, ISSUERS[0])


def test_a_step_and_its_documents_are_read_with_label_basis_and_paragraph() -> None:
    pack = load_pack(PACKS_DIR / "licheng-2025")
    hearing = pack.procedure.steps["schedule_hearing"]
    assert hearing.documents == ("听证通知书",)
    assert (hearing.basis.article, hearing.basis.paragraph) == (14, 2)  # type: ignore[union-attr]
    assert hearing.basis.text() == (  # type: ignore[union-attr]
        "第十四条第二款：重大复杂的案件，可以召开听证会，听证主持人应具备相应的法律知识和专业知识")
    assert pack.procedure.limits["investigation"].days == 30
    assert pack.procedure.effects["tolerated"].citation == "第十八条"
    assert pack.procedure.complaints["clarification"].article == 22
    assert pack.procedure.review_body == "区行政执法监督机构"


def test_sixty_four_clauses_with_conditions_are_the_most_a_pack_may_have(tmp_path: Path) -> None:
    def with_conditions(count: int) -> Callable[[Data], None]:
        def change(d: Data) -> None:
            evaluable = [c for c in d["clauses"] if "condition" in c]
            assert count - len(evaluable) < 40
            for number in range(count - len(evaluable)):  # copies of 第九条第（一）项 under items no regulation has
                d["clauses"].append({**clause(d, 9, 1), "item": 50 + number})
        return change

    assert len(loaded(tmp_path / "64", with_conditions(64)).evaluable) == 64
    assert refusal(tmp_path / "65", with_conditions(65)) == "P: 带条件的条款超过 64 个，批量路径无法为每个条款保留一位"


def test_a_time_limit_of_one_day_is_a_limit(tmp_path: Path) -> None:
    pack = loaded(tmp_path, lambda d: put(d["procedure"]["limits"]["notice"], "days", 1))
    assert pack.procedure.limits["notice"].days == 1


def test_a_clause_without_an_article_is_quoted_at_most_three_hundred_characters_long(tmp_path: Path) -> None:
    folder = edited(tmp_path, lambda d: d["clauses"].append({"text": "条" * 400}))
    with pytest.raises(PackError) as raised:
        load_pack(folder)
    assert str(raised.value) == f"{folder / 'pack.yaml'}: 每个条款需要整数 article 字段：{{'text': '{'条' * 400}"[:300]
    assert len(str(raised.value)) == 300


def test_a_clause_reads_back_as_written_with_nothing_invented() -> None:
    pack = load_pack(PACKS_DIR / "licheng-2025")
    duty = pack.clause("9.1")
    assert (duty.catch_all_of, duty.yields_to, duty.proviso, duty.note) == (None, None, "", "")
    assert duty.text == "已经按照法定职责、法定程序、岗位职责，履行行政执法职责的"
    assert duty.condition_text == "performed_statutory_duty"
    catch_all = pack.clause("9.9")
    assert (catch_all.condition, catch_all.condition_text, catch_all.facts) == (None, "", ())


def test_a_folder_without_a_pack_or_with_broken_yaml_is_refused_with_its_file(tmp_path: Path) -> None:
    with pytest.raises(PackError) as refused:
        load_pack(tmp_path)
    assert str(refused.value) == f"{tmp_path / 'pack.yaml'}: 找不到规则包文件 pack.yaml"
    (tmp_path / "pack.yaml").write_text("id: x\nclauses: [\n  - article: 1\n", encoding="utf-8")
    with pytest.raises(PackError) as refused:
        load_pack(tmp_path)
    assert str(refused.value) == (  # one line, as the command prints it
        f"{tmp_path / 'pack.yaml'}: YAML 格式错误：while parsing a flow node did not find expected node content   "
        f'in "{tmp_path / "pack.yaml"}", line 3, column 3')


def test_the_shipped_procedures_read_as_their_regulations_write_them() -> None:
    licheng, xixian = load_pack(PACKS_DIR / "licheng-2025"), load_pack(PACKS_DIR / "xixian-2022")
    assert (licheng.procedure.decided_by, licheng.procedure.collective_decision) == ("行政执法监督机构（经负责人批准）", False)
    assert (xixian.procedure.decided_by, xixian.procedure.collective_decision) == ("所在单位党组（集体研究决定）", True)
    assert (licheng.procedure.min_investigators, licheng.procedure.max_extension_days, licheng.procedure.issuer) == (
        2, 30, "office")
    assert (xixian.procedure.min_investigators, xixian.procedure.max_extension_days, xixian.procedure.issuer) == (
        0, 0, "agency")
    determine = xixian.procedure.steps["determine"]
    assert (determine.label, determine.basis.citation) == ("党组集体研究作出认定结论", "第十四条")  # type: ignore[union-attr]
    assert xixian.procedure.steps["recuse"].note.startswith("本制度未专门规定回避；")
    assert licheng.procedure.steps["apply"].label == ""
    notice = xixian.procedure.limits["notice"]
    assert (notice.days, notice.kind, notice.basis.quote) == (7, "natural", "容错决定作出后，应当于7日内告知相关单位及当事人")
    assert licheng.notes[0] == "第二十四条：本规定自2025年3月1日起施行，有效期至2027年2月28日止。"
    assert (licheng.short_title, licheng.name) == ("历城区办法", "历城区办法")


def test_a_limit_counted_in_working_days_is_read_so(tmp_path: Path) -> None:
    pack = loaded(tmp_path, lambda d: put(d["procedure"]["limits"]["notice"], "kind", "working"))
    assert pack.procedure.limits["notice"].kind == "working"


def test_a_range_that_lists_no_dispositions_has_none(tmp_path: Path) -> None:
    def unlisted(d: Data) -> None:
        del d["dispositions"]["tolerated"]["list"]
        del d["dispositions"]["mitigable"]["list"]

    pack = loaded(tmp_path, unlisted)
    assert (pack.dispositions.tolerated, pack.dispositions.mitigable) == ((), ())
