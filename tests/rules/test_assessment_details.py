"""The parts of an assessment a decision is written from: 应当 or 可以 for each disposition, the range
in the regulation's words (and where a draft gives none, built from its list), the exemption's
conditions only where the error is tolerated, the facts cited only for clauses that held; and the
batch path agreeing with the single-case path whatever a pack's clauses yield to."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from rongcuo.rules.assess import assess
from rongcuo.rules.batch import assess_columns, compile_pack
from rongcuo.rules.citations import chinese_number
from rongcuo.rules.model import OUTCOME_CODES, Outcome
from rongcuo.rules.pack import Pack, load_pack
from rongcuo.rules.registry import PACKS_DIR, get_pack

ON = dt.date(2025, 6, 1)


def draft(tmp_path: Path, pack_id: str, change: object) -> Pack:
    folder = tmp_path / pack_id
    shutil.copytree(PACKS_DIR / pack_id, folder)
    data = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    (folder / "pack.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_pack(folder)


def test_each_disposition_carries_the_regulations_own_shall_or_may() -> None:
    mitigable = assess(get_pack("licheng-2025"), {"actively_remedied": True}, ON)
    assert (mitigable.outcome, mitigable.disposition_mode) == (Outcome.MITIGABLE, "可以")
    assert mitigable.disposition_modes == {"减轻": "可以", "从轻": "可以"}
    assert mitigable.disposition_wording == "可以从轻或者减轻责任"
    exempted = assess(get_pack("xixian-2022"), {"key_task": True, "actively_remedied": True}, ON)
    assert exempted.disposition_modes == {"免责": "可以", "减轻": "应当", "从轻": "应当"}


@pytest.mark.parametrize(("pack_id", "facts", "outcome", "wording"), [
    ("licheng-2025", {"private_gain": True}, Outcome.NOT_TOLERATED, "不予容错，依照有关规定追究责任"),
    ("licheng-2025", {"performed_statutory_duty": True}, Outcome.DUTY_FULFILLED, "无需追责（履职尽责，不作为执法过错）"),
    ("licheng-2025", {}, Outcome.NO_GROUND, "无从轻、减轻处理或者免责的依据"),
])
def test_an_outcome_without_a_range_has_no_dispositions_and_no_mode(pack_id: str, facts: dict[str, bool],
                                                                    outcome: Outcome, wording: str) -> None:
    assessment = assess(get_pack(pack_id), facts, ON)
    assert (assessment.outcome, assessment.dispositions, assessment.disposition_mode) == (outcome, (), "")
    assert (assessment.disposition_modes, assessment.disposition_wording) == ({}, wording)


def test_the_exemption_wording_follows_whether_its_three_conditions_hold() -> None:
    xixian = get_pack("xixian-2022")
    met = assess(xixian, {"key_task": True, "actively_remedied": True}, ON)
    assert met.disposition_wording == "应当从轻、减轻处理；同时符合第十一条第二款所列三项条件，可以免除相关执法机构及执法人员的责任"
    assert [r.clause.key for r in met.conditions] == ["11-2.1", "11-2.2", "11-2.3"]
    unmet = assess(xixian, {"key_task": True}, ON)
    assert unmet.disposition_wording == "应当从轻、减轻处理；不同时符合第十一条第二款所列三项条件，不能免除责任"
    assert unmet.dispositions == ("减轻", "从轻")


def test_the_exemption_conditions_are_shown_only_where_the_error_is_tolerated() -> None:
    xixian = get_pack("xixian-2022")
    assert assess(xixian, {"actively_remedied": True}, ON).conditions == ()  # mitigable
    assert assess(xixian, {"key_task": True, "actively_remedied": True, "private_gain": True}, ON).conditions == ()


def test_a_draft_without_the_regulations_wording_states_the_range_from_its_list(tmp_path: Path) -> None:
    def no_wording(data: dict[str, dict[str, dict[str, object]]]) -> None:
        for spec in data["dispositions"].values():
            spec.pop("wording", None)
            spec.pop("unmet_wording", None)

    licheng = draft(tmp_path / "a", "licheng-2025", no_wording)
    assert assess(licheng, {"key_task": True, "executing_superior_decision": True, "exploratory_innovation": True,
                            "objective_constraints": True}, ON).disposition_wording == "应当免责、减轻、从轻"
    assert assess(licheng, {"actively_remedied": True}, ON).disposition_wording == "可以减轻、从轻"
    xixian = draft(tmp_path / "b", "xixian-2022", no_wording)
    assert assess(xixian, {"key_task": True}, ON).disposition_wording == "应当免责、减轻、从轻"  # no “；” with nothing after it
    assert assess(xixian, {"key_task": True, "actively_remedied": True}, ON).disposition_wording == "应当免责、减轻、从轻"


def test_facts_are_cited_only_for_a_clause_that_held() -> None:
    assessment = assess(get_pack("licheng-2025"), {"key_task": True, "objective_constraints": True}, ON)
    partial = next(r for r in assessment.trace if r.clause.key == "10.1")  # two of its four elements
    assert (partial.held, partial.facts) == (False, ())
    whole = assess(get_pack("licheng-2025"), {"key_task": True, "objective_constraints": True,
                                              "executing_superior_decision": True, "exploratory_innovation": True}, ON)
    held = next(r for r in whole.trace if r.clause.key == "10.1")
    assert (held.held, held.facts) == (True, ("key_task", "executing_superior_decision", "exploratory_innovation",
                                              "objective_constraints"))


def test_a_fact_the_batch_was_not_given_is_a_fact_not_established() -> None:
    pack = get_pack("licheng-2025")
    result = assess_columns(pack, {"private_gain": np.array([True, False, False])}, 3)
    assert [OUTCOME_CODES[code] for code in result.outcome] == [Outcome.NOT_TOLERATED, Outcome.NO_GROUND, Outcome.NO_GROUND]
    assert [OUTCOME_CODES[code] for code in assess_columns(pack, {}, 2).outcome] == [Outcome.NO_GROUND, Outcome.NO_GROUND]


def test_the_batch_reads_what_clauses_yield_to_as_they_held_before_any_yielding(tmp_path: Path) -> None:
    """A draft in which a duty clause yields to the not-tolerated list while 12(七) yields to the duty
    list: each yields to the other as both held, in either path, whatever the clauses' order."""
    def both_yield(data: dict[str, list[dict[str, object]]]) -> None:
        next(c for c in data["clauses"] if (c["article"], c.get("item")) == (9, 1))["yields_to"] = "exclusion"

    pack = draft(tmp_path, "licheng-2025", both_yield)
    facts = ["performed_statutory_duty", "serious_consequence", "key_task"]
    combos = list(itertools.product([False, True], repeat=len(facts)))
    columns = {name: np.array([combo[i] for combo in combos]) for i, name in enumerate(facts)}
    result = assess_columns(pack, columns, len(combos))
    compiled = compile_pack(pack)
    for index, combo in enumerate(combos):
        single = assess(pack, dict(zip(facts, combo, strict=True)), ON)
        described = compiled.describe_mask(int(result.matched[index]))
        assert OUTCOME_CODES[result.outcome[index]] is single.outcome
        assert described.as_tuple()[0] == single.outcome.value
        assert [c.key for c in described.grounds] == [r.clause.key for r in single.grounds]
    both = assess(pack, {"performed_statutory_duty": True, "serious_consequence": True}, ON)
    assert both.outcome is Outcome.NO_GROUND


@pytest.mark.parametrize(("number", "written"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")])
def test_article_numbers_are_written_in_chinese(number: int, written: str) -> None:
    assert chinese_number(number) == written


@pytest.mark.parametrize("number", [0, 100])
def test_an_article_number_no_regulation_has_is_refused(number: int) -> None:
    with pytest.raises(ValueError, match=f"^number out of range for a citation: {number}$"):
        chinese_number(number)
