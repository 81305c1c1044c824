"""The vocabulary of outcomes and clause roles shared by the pack, the engine and the reports."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """Outcomes in order of precedence (an exclusion defeats every basis)."""

    NOT_TOLERATED = "not_tolerated"
    DUTY_FULFILLED = "duty_fulfilled"
    TOLERATED = "tolerated"
    MITIGABLE = "mitigable"
    NO_GROUND = "no_ground"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def favour(self) -> int:
        """How favourable the outcome is to the officer (higher is better), for 从旧兼从轻."""
        return FAVOUR[self]


OUTCOME_LABELS = {
    Outcome.NOT_TOLERATED: "不予容错",
    Outcome.DUTY_FULFILLED: "履职尽责，不作为执法过错",
    Outcome.TOLERATED: "容错",
    Outcome.MITIGABLE: "可以从轻或者减轻",
    Outcome.NO_GROUND: "无容错依据",
}

FAVOUR = {
    Outcome.NOT_TOLERATED: 0,
    Outcome.NO_GROUND: 1,
    Outcome.MITIGABLE: 2,
    Outcome.TOLERATED: 3,
    Outcome.DUTY_FULFILLED: 4,
}

# Integer codes used by the batch path (index into this tuple).
OUTCOME_CODES: tuple[Outcome, ...] = tuple(Outcome)


class Role(StrEnum):
    """What a clause does in the decision."""

    EXCLUSION = "exclusion"  # 不予容错
    DUTY = "duty"  # 履职尽责
    TOLERANCE = "tolerance"  # 容错
    MITIGATION = "mitigation"  # 可以从轻、减轻
    CONDITION = "condition"  # a condition on a disposition (隰县 第十一条第二款: 免责的条件)
    CATCH_ALL = "catch_all"  # 其他……情形: never matches by itself

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.EXCLUSION: "不予容错情形",
    Role.DUTY: "履职尽责情形",
    Role.TOLERANCE: "容错情形",
    Role.MITIGATION: "可以从轻、减轻情形",
    Role.CONDITION: "免责条件",
    Role.CATCH_ALL: "兜底条款",
}

# The outcome a clause of each deciding role leads to, in order of precedence.
ROLE_OUTCOME: dict[Role, Outcome] = {
    Role.EXCLUSION: Outcome.NOT_TOLERATED,
    Role.DUTY: Outcome.DUTY_FULFILLED,
    Role.TOLERANCE: Outcome.TOLERATED,
    Role.MITIGATION: Outcome.MITIGABLE,
}
DECIDING_ROLES: tuple[Role, ...] = tuple(ROLE_OUTCOME)
