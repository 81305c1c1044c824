"""The assessment contract a legal officer relies on: precedence, citations, batch = single, CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.cli_runner import run_cli

from rongcuo.rules.assess import assess
from rongcuo.rules.batch import assess_columns, compile_pack
from rongcuo.rules.examples import run_examples
from rongcuo.rules.model import Outcome, Role
from rongcuo.rules.pack import squeeze
from rongcuo.rules.registry import all_packs, get_pack
from rongcuo.rules.vocabulary import default_vocabulary, fact_groups

PACK_IDS = ["licheng-2025", "xixian-2022"]
ON = dt.date(2025, 6, 1)
FACTS = default_vocabulary().names
EXCLUSION_GROUP = dict(fact_groups())["排除与加重"]

fact_sets = st.sets(st.sampled_from(FACTS), max_size=8)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_clause_is_shown_holding_and_not_holding_by_the_pack_examples(pack_id: str) -> None:
    report = run_examples(get_pack(pack_id))
    assert report.failures == []
    assert report.checked >= 2 * len(get_pack(pack_id).clauses)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_clause_text_is_found_verbatim_in_the_regulation(pack_id: str) -> None:
    pack = get_pack(pack_id)
    source = squeeze((pack.directory / pack.source_file).read_text(encoding="utf-8"))
    for clause in pack.clauses:
        assert squeeze(clause.text) in source, clause.citation


@settings(max_examples=300, deadline=None)
@given(facts=fact_sets, pack_id=st.sampled_from(PACK_IDS))
def test_an_exclusion_always_defeats_tolerance_and_duty(facts: set[str], pack_id: str) -> None:
    assessment = assess(get_pack(pack_id), dict.fromkeys(facts, True), ON)
    exclusion_held = any(r.held and r.clause.role is Role.EXCLUSION for r in assessment.trace)
    assert (assessment.outcome is Outcome.NOT_TOLERATED) == exclusion_held
    if exclusion_held:
        assert assessment.dispositions == ()
        assert all(g.clause.role is Role.EXCLUSION for g in assessment.grounds)


@settings(max_examples=300, deadline=None)
@given(facts=fact_sets, extra=st.sampled_from(EXCLUSION_GROUP), pack_id=st.sampled_from(PACK_IDS))
def test_adding_an_exclusion_fact_never_improves_the_outcome(facts: set[str], extra: str, pack_id: str) -> None:
    pack = get_pack(pack_id)
    before = assess(pack, dict.fromkeys(facts, True), ON)
    after = assess(pack, dict.fromkeys(facts | {extra}, True), ON)
    assert after.outcome.favour <= before.outcome.favour
    if after.outcome is before.outcome:
        assert set(after.dispositions) <= set(before.dispositions)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_no_facts_means_no_ground_with_the_catch_alls_left_open(pack_id: str) -> None:
    assessment = assess(get_pack(pack_id), {}, ON)
    assert assessment.outcome is Outcome.NO_GROUND
    assert assessment.grounds == ()
    assert assessment.other_matches == ()
    assert {c.role for c in assessment.open_clauses} == {Role.CATCH_ALL}
    assert len(assessment.open_clauses) == 3


@settings(max_examples=200, deadline=None)
@given(facts=fact_sets, pack_id=st.sampled_from(PACK_IDS))
def test_catch_alls_never_decide_by_themselves(facts: set[str], pack_id: str) -> None:
    assessment = assess(get_pack(pack_id), dict.fromkeys(facts, True), ON)
    cited = [r.clause.role for r in assessment.grounds + assessment.other_matches]
    assert Role.CATCH_ALL not in cited


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_batch_gives_the_same_answers_as_one_case_at_a_time(pack_id: str) -> None:
    pack = get_pack(pack_id)
    rng = np.random.default_rng(20251)
    size = 3000
    columns = {name: rng.random(size) < 0.06 for name in FACTS}
    result = assess_columns(pack, columns, size)
    compiled = compile_pack(pack)
    seen_outcomes = set()
    for index in range(size):
        facts = {name: bool(columns[name][index]) for name in FACTS}
        single = assess(pack, facts, ON).summary()
        described = compiled.describe_mask(int(result.matched[index]))
        assert described.as_tuple() == single
        assert Outcome(list(Outcome)[result.outcome[index]]) is described.outcome
        seen_outcomes.add(single[0])
    assert seen_outcomes == {o.value for o in Outcome}


def test_licheng_tolerates_what_xixian_only_mitigates_and_compare_says_why(tmp_path: Path) -> None:
    facts = tmp_path / "case.json"
    facts.write_text(json.dumps({"multi_agency_proactive": True, "actively_remedied": True}))
    done = run_cli("compare", "--facts", str(facts), "--on", "2025-06-01")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["consistent"] is False
    outcomes = {r["pack"]: r["outcome"] for r in data["results"]}
    assert outcomes == {"licheng-2025": "tolerated", "xixian-2022": "mitigable"}
    assert data["differences"] == ["事实“事项涉及多家行政执法主体，主动担当、积极作为”：历城区办法依第十条第（三）项成立；隰县制度没有以此为要件的条款。"]
    assert data["left_out"] == []
    text = run_cli("compare", "--facts", str(facts), "--on", "2025-06-01", "--format", "text").stdout
    assert "不一致" in text
    assert "第十条第（三）项" in text
    assert "第十二条第（一）项" in text
    assert "multi_agency_proactive" not in text
    assert "licheng" not in text


def test_both_regulations_refuse_tolerance_outside_statutory_authority() -> None:
    facts = {"outside_statutory_authority": True, "counterparty_concealed_information": True}
    licheng = assess(get_pack("licheng-2025"), facts, ON)
    xixian = assess(get_pack("xixian-2022"), facts, ON)
    assert licheng.outcome is xixian.outcome is Outcome.NOT_TOLERATED
    assert [(g.clause.article, g.clause.item) for g in licheng.grounds] == [(12, None)]
    assert [g.clause.citation for g in licheng.grounds] == ["第十二条"]
    assert [g.clause.citation for g in xixian.grounds] == ["第十三条"]
    procedure = assess(get_pack("licheng-2025"), {"violated_statutory_procedure": True}, ON)
    assert procedure.outcome is Outcome.NOT_TOLERATED
    defect = assess(get_pack("licheng-2025"), {"procedural_defect": True}, ON)
    assert defect.outcome is Outcome.NO_GROUND  # a 程序瑕疵 is not a violation of 法定程序


def test_compare_without_packs_names_the_packs_left_out_and_why(tmp_path: Path) -> None:
    done = run_cli("compare", "--facts", "-", "--on", "2024-06-01", stdin='{"key_task": true}')
    data = json.loads(done.stdout)
    assert [r["pack"] for r in data["results"]] == ["xixian-2022"]
    assert data["left_out"] == [{
        "pack": "licheng-2025", "title": "历城区行政执法履职尽责容错纠错实施办法（试行）",
        "reason": "行为发生日期2024年6月1日不在其施行期内（施行期：2025年3月1日至2027年2月28日）",
    }]
    text = run_cli("compare", "--facts", "-", "--on", "2024-06-01", "--format", "text", stdin='{"key_task": true}').stdout
    assert "未纳入比较的规定：" in text
    assert "2025年3月1日至2027年2月28日" in text


def test_assess_json_follows_the_spec_example(tmp_path: Path) -> None:
    facts = tmp_path / "case.json"
    facts.write_text(json.dumps({"counterparty_concealed_information": True, "actively_remedied": True}))
    done = run_cli("assess", "--pack", "licheng-2025", "--facts", str(facts), "--on", "2025-06-01")
    data = json.loads(done.stdout)
    assert data["outcome"] == "tolerated"
    assert data["dispositions"] == ["免责", "减轻", "从轻"]
    assert data["grounds"] == [
        {
            "article": 10, "paragraph": None, "item": 7, "citation": "第十条第（七）项", "role": "tolerance",
            "text": "行政执法过程中，因行政相对人故意隐瞒或未如实反映情况，致使没有及时发现潜在问题的",
            "facts": ["counterparty_concealed_information"], "proviso": None, "reading": None,
        }
    ]
    assert data["disposition_mode"] == "应当"
    assert data["disposition_modes"] == {"免责": "应当", "减轻": "应当", "从轻": "应当"}
    assert data["disposition_wording"] == "应当从轻、减轻处理或者予以免责"
    assert (data["pack"], data["pack_version"], data["document_number"], data["on"]) == (
        "licheng-2025", "2025.1", "济历城政发〔2025〕1号", "2025-06-01")
    assert (data["outcome_label"], data["assumed_absent"], data["unused_facts"]) == ("容错", [], [])
    assert [m["citation"] for m in data["other_matches"]] == ["第十一条第（一）项"]
    assert "第十条第（十）项" in [c["citation"] for c in data["open_clauses"]]


def test_xixian_exempts_only_when_all_three_conditions_hold() -> None:
    pack = get_pack("xixian-2022")
    full = assess(pack, {"key_task": True, "actively_remedied": True}, ON)
    partial = assess(pack, {"key_task": True}, ON)
    assert full.dispositions == ("免责", "减轻", "从轻")
    assert partial.dispositions == ("减轻", "从轻")
    assert [r.held for r in partial.conditions] == [True, True, False]


def test_text_report_quotes_the_clause_in_full(tmp_path: Path) -> None:
    facts = tmp_path / "case.json"
    facts.write_text('{"private_gain": true}')
    text = run_cli("assess", "--pack", "xixian-2022", "--facts", str(facts), "--format", "text").stdout
    assert "认定结论：不予容错" in text
    assert "第十一条：“容错纠错要坚持“三个区分开来”，客观公正地评价。”" in text


def test_assess_batch_writes_one_row_per_case_agreeing_with_assess(tmp_path: Path) -> None:
    source = tmp_path / "cases.csv"
    source.write_text(
        "case_id,private_gain,counterparty_concealed_information,actively_remedied\n"
        "A1,0,1,1\nA2,false,true,false\nA3,1,1,1\nA4,0,0,0\n"
    )
    target = tmp_path / "out.csv"
    done = run_cli("assess-batch", "--pack", "xixian-2022", "--input", str(source), "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8").splitlines() == [
        "case_id,outcome,dispositions,grounds",
        "A1,tolerated,免责;减轻;从轻,第十一条第一款第（六）项",
        "A2,tolerated,减轻;从轻,第十一条第一款第（六）项",
        "A3,not_tolerated,,第十一条",
        "A4,no_ground,,",
    ]


def test_packs_lists_both_regulations_with_document_numbers() -> None:
    out = run_cli("packs").stdout
    assert "济历城政发〔2025〕1号" in out
    assert "2025年3月1日至2027年2月28日" in out
    assert "隰政办发〔2022〕63号" in out
    assert run_cli("packs", "check").returncode == 0


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["assess", "--pack", "nope", "--facts", "-"], "{}", "licheng-2025, xixian-2022"),
        (["assess", "--pack", "licheng-2025", "--facts", "-"], '{"privat_gain": true}', "private_gain"),
        (["assess", "--pack", "licheng-2025", "--facts", "-"], '{"private_gain": 1}', "布尔"),
        (["assess", "--pack", "licheng-2025", "--facts", "-"], '{\n "a": tru}', "line 2, column 7"),
        (["assess", "--pack", "licheng-2025", "--facts", "-", "--on", "2024-12-31"], "{}", "2025年3月1日至2027年2月28日"),
        (["assess", "--pack", "licheng-2025", "--facts", "-"], '{"key_task": true, "key_task": false}', "key_task 重复"),
        (["assess", "--pack", "licheng-2025", "--facts", "-", "--on", "2025-02-30"], "{}", "2025-02-30"),
        (["compare", "--facts", "-", "--packs", "licheng-2025,x"], "{}", "unknown pack"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args: list[str], stdin: str, expected: str) -> None:
    done = run_cli(*args, stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert expected in done.stderr


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        ("case_id,private_gain\nA1,0\nA2,yes\n", "第 3 行"),
        ("case_id,private_gain\nA1,0\nA2,1,1\n", "line 3"),
        ("case_id,private_gan\nA1,0\n", "private_gain"),
        ("case_id,private_gain\nA1,0\nA2,1\nA1,1\n", "第 4 行的 case_id 'A1' 与第 2 行重复"),
    ],
)
def test_a_bad_csv_exits_2_and_leaves_the_output_untouched(tmp_path: Path, csv_text: str, expected: str) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    source.write_text(csv_text)
    target.write_text("earlier results\n")
    done = run_cli("assess-batch", "--pack", "xixian-2022", "--input", str(source), "--output", str(target))
    assert done.returncode == 2
    assert done.stdout == ""
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert target.read_text() == "earlier results\n"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["in.csv", "out.csv"]) or len(list(tmp_path.iterdir())) == 2


def test_packs_in_force_follow_the_published_periods() -> None:
    from rongcuo.rules.registry import packs_in_force

    def ids(day: str) -> list[str]:
        return [p.id for p in packs_in_force(dt.date.fromisoformat(day))]

    assert ids("2022-11-25") == []
    assert ids("2022-11-26") == ["xixian-2022"]
    assert ids("2025-03-01") == ["licheng-2025", "xixian-2022"]
    assert ids("2027-02-28") == ["licheng-2025", "xixian-2022"]
    assert ids("2027-03-01") == ["xixian-2022"]
    assert len(all_packs()) == 2


def test_the_more_favourable_current_rules_apply_otherwise_those_of_the_conduct_time() -> None:
    from rongcuo.rules.choice import choose_applicable

    facts = {"multi_agency_proactive": True, "actively_remedied": True}
    old = assess(get_pack("xixian-2022"), facts, ON)  # 可以从轻或者减轻
    new = assess(get_pack("licheng-2025"), facts, ON)  # 容错
    assert choose_applicable(old, new).applied is new
    assert choose_applicable(new, old).applied is new
    assert "从旧兼从轻" in choose_applicable(old, new).reason
