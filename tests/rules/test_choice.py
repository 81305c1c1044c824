"""从旧兼从轻 as a decision relies on it: the rules of the conduct's time apply unless the current
ones are more favourable to the officer; a tie keeps the conduct-time rules; either may be missing;
every field of the choice is what the decision records."""

from __future__ import annotations

import datetime as dt

import pytest

from rongcuo.rules.assess import Assessment, assess
from rongcuo.rules.choice import Choice, choose_applicable, favour
from rongcuo.rules.model import Outcome
from rongcuo.rules.registry import get_pack

ON = dt.date(2025, 6, 1)
CONCEALED = {"counterparty_concealed_information": True}  # 历城区: 容错 with 免责; 隰县: 容错 without 免责
BOTH_EXEMPT = {"counterparty_concealed_information": True, "actively_remedied": True}  # equal in both
OUTSIDE = {"outside_statutory_authority": True}  # 不予容错 in both


def under(pack_id: str, facts: dict[str, bool]) -> Assessment:
    return assess(get_pack(pack_id), facts, ON)


def test_the_current_rules_apply_only_when_more_favourable() -> None:
    joint = {"multi_agency_proactive": True, "actively_remedied": True}
    old, new = under("xixian-2022", joint), under("licheng-2025", joint)
    assert (old.outcome, new.outcome) == (Outcome.MITIGABLE, Outcome.TOLERATED)
    choice = choose_applicable(old, new)
    assert choice == Choice(new, old, new, choice.reason)
    assert choice.reason == ("从旧兼从轻：决定之日施行的《历城区行政执法履职尽责容错纠错实施办法（试行）》的结论“容错”"
                             "较行为发生时施行的《隰县行政执法尽职免责和容错纠错制度（试行）》的结论“可以从轻或者减轻”更有利，适用新规定。")
    kept = choose_applicable(new, old)  # the conduct-time rules are the kinder ones: they stay
    assert kept == Choice(new, new, old, kept.reason)
    assert kept.reason.startswith("从旧兼从轻：适用行为发生时施行的《历城区")
    assert kept.reason.endswith("》并不更有利。")


def test_with_the_same_outcome_the_wider_dispositions_are_more_favourable() -> None:
    old, new = under("xixian-2022", CONCEALED), under("licheng-2025", CONCEALED)
    assert old.outcome == new.outcome == Outcome.TOLERATED
    assert favour(old) == (Outcome.TOLERATED.favour, 2)
    assert favour(new) == (Outcome.TOLERATED.favour, 3)
    assert choose_applicable(old, new).applied is new


def test_a_tie_keeps_the_rules_of_the_conduct_time() -> None:
    old, new = under("xixian-2022", BOTH_EXEMPT), under("licheng-2025", BOTH_EXEMPT)
    assert favour(old) == favour(new)
    choice = choose_applicable(old, new)
    assert choice.applied is old
    assert (choice.conduct_time, choice.current) == (old, new)
    assert "并不更有利" in choice.reason
    refused = choose_applicable(under("licheng-2025", OUTSIDE), under("xixian-2022", OUTSIDE))
    assert refused.applied.pack.id == "licheng-2025"


def test_the_same_regulation_at_both_dates_says_so() -> None:
    one, other = under("licheng-2025", CONCEALED), under("licheng-2025", CONCEALED)
    choice = choose_applicable(one, other)
    assert choice == Choice(one, one, other, "行为发生时与决定之日施行的是同一规定《历城区行政执法履职尽责容错纠错实施办法（试行）》。")


def test_either_assessment_may_be_missing_but_not_both() -> None:
    old = under("xixian-2022", CONCEALED)
    assert choose_applicable(old, None) == Choice(
        old, old, None, "决定之日没有施行中的新规定，适用行为发生时的《隰县行政执法尽职免责和容错纠错制度（试行）》。")
    new = under("licheng-2025", CONCEALED)
    assert choose_applicable(None, new) == Choice(
        new, None, new, "行为发生时尚无施行的容错纠错规定，适用决定之日施行的《历城区行政执法履职尽责容错纠错实施办法（试行）》。")
    with pytest.raises(ValueError, match=r"^至少需要一项评估：行为发生时的规则或现行规则$"):
        choose_applicable(None, None)
