"""Time limits per rule pack, with the article that sets each (None: the regulation sets none)."""

from __future__ import annotations

from dataclasses import dataclass

from rongcuo.deadlines import DayKind, Period


@dataclass(frozen=True)
class ProcedureParameters:
    investigation: Period | None
    notice: Period
    review_request: Period | None
    review_decision: Period | None
    transfer_handling: Period | None
    transfer_report: Period | None
    max_extension_days: int


PARAMETERS: dict[str, ProcedureParameters] = {
    "licheng-2025": ProcedureParameters(
        investigation=Period(30, DayKind.NATURAL, "历城区办法第十七条：自立案之日起30日内调查终结，作出决定"),
        notice=Period(7, DayKind.NATURAL, "历城区办法第十七条：决定作出后，应当于7日内告知相关单位及当事人"),
        review_request=Period(15, DayKind.NATURAL, "历城区办法第十九条：收到认定决定之日起15日内书面提出复核申请"),
        review_decision=Period(30, DayKind.NATURAL, "历城区办法第十九条：复核决定应当在30日内作出"),
        transfer_handling=Period(30, DayKind.NATURAL, "历城区办法第十五条：接到移交后30日内处理完成"),
        transfer_report=Period(7, DayKind.NATURAL, "历城区办法第十五条：在7日内将处理结果报备"),
        max_extension_days=30,
    ),
    "xixian-2022": ProcedureParameters(
        investigation=None,  # 第十四条只要求“及时作出认定结论”，未规定期限
        notice=Period(7, DayKind.NATURAL, "隰县制度第十四条：容错决定作出后，应当于7日内告知相关单位及当事人"),
        review_request=None,
        review_decision=None,
        transfer_handling=None,
        transfer_report=None,
        max_extension_days=0,
    ),
}


def parameters_for(pack_id: str) -> ProcedureParameters:
    return PARAMETERS[pack_id]
