"""The procedure's time limits for a case, read from its rule pack (pack.yaml `procedure.limits`).

A limit the regulation does not set is None: the system shows no clock rather than invent one.
"""

from __future__ import annotations

from dataclasses import dataclass

from rongcuo.deadlines import DayKind, Period
from rongcuo.rules.registry import get_pack


@dataclass(frozen=True)
class ProcedureParameters:
    investigation: Period | None
    notice: Period | None
    review_request: Period | None
    review_decision: Period | None
    transfer_handling: Period | None
    transfer_report: Period | None
    max_extension_days: int


def parameters_for(pack_id: str) -> ProcedureParameters:
    pack = get_pack(pack_id)

    def period(name: str) -> Period | None:
        limit = pack.procedure.limits.get(name)
        if limit is None:
            return None
        return Period(limit.days, DayKind(limit.kind), f"{pack.name}{limit.basis.text()}")

    return ProcedureParameters(
        investigation=period("investigation"),
        notice=period("notice"),
        review_request=period("review_request"),
        review_decision=period("review_decision"),
        transfer_handling=period("transfer_handling"),
        transfer_report=period("transfer_report"),
        max_extension_days=pack.procedure.max_extension_days,
    )
