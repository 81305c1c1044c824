"""The procedure as a transition table: which state allows which step, by whom, and what it leads to.

The table is code; which steps a case has, what they are called, the article each cites and the
documents each produces come from the case's own rule pack (pack.yaml `procedure.steps`), so a
隰县 case never runs a step, or cites an article, of 历城区办法. Required records for a step are
checked in the step's service, which lists everything missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rongcuo.cases.models import State
from rongcuo.core.roles import Role
from rongcuo.rules.pack import StepRule
from rongcuo.rules.registry import get_pack

OFFICER = "officer_self"  # the officer the case concerns (not a role grant)


@dataclass(frozen=True)
class Step:
    label: str
    states: frozenset[str]
    roles: frozenset[str]
    to: str | None = None  # None: the state does not change


OPEN: set[str] = {State.INVESTIGATING, State.TRANSFERRED}
DECIDED: set[str] = {State.NOTIFIED, State.RECTIFYING}

# step: (label, the states that allow it, the roles that may take it[, the state it leads to])
_TABLE: dict[str, tuple[Any, ...]] = {
    "file": ("立案", {State.APPLIED}, {Role.HEAD}, State.INVESTIGATING),
    "reject": ("不予受理并书面答复", {State.APPLIED}, {Role.HEAD}, State.REJECTED),
    "assign_investigators": ("指派调查人员", OPEN, {Role.HANDLER}),
    "recuse": ("决定调查人员回避", OPEN, {Role.HANDLER, Role.HEAD}),
    "update_facts": ("核实事实要素", {*OPEN, State.UNDER_REVIEW}, {Role.HANDLER, Role.INVESTIGATOR}),
    "record_statement": ("记录陈述申辩", OPEN, {Role.HANDLER, Role.INVESTIGATOR, OFFICER}),
    "schedule_hearing": ("通知召开听证会", OPEN, {Role.HANDLER}),
    "hold_hearing": ("召开听证会", OPEN, {Role.HANDLER}),
    "consult": ("会商、提请上级或联合调查", OPEN, {Role.HANDLER}),
    "transfer": ("移交执法机关处理", {State.INVESTIGATING}, {Role.HANDLER}, State.TRANSFERRED),
    "report_transfer_result": ("报备移交处理结果", {State.TRANSFERRED}, {Role.LIAISON, Role.HANDLER}, State.INVESTIGATING),
    "pause_clock": ("暂停计时（鉴定、评估、检测）", OPEN, {Role.HANDLER}),
    "resume_clock": ("恢复计时", OPEN, {Role.HANDLER}),
    "approve_extension": ("批准延长调查期限", OPEN, {Role.HEAD}),
    "determine": ("作出认定决定", {State.INVESTIGATING}, {Role.HEAD}, State.DETERMINED),
    "notify": ("告知相关单位及当事人", {State.DETERMINED}, {Role.HANDLER}, State.NOTIFIED),
    "record_receipt": ("登记送达（送达回证）", DECIDED, {Role.HANDLER}),
    "acknowledge_receipt": ("确认收到认定决定", DECIDED, {OFFICER}),
    "publish": ("在一定范围内公开", DECIDED, {Role.HANDLER}),
    "issue_opinion_letter": ("制发行政执法监督意见书", {State.DETERMINED, *DECIDED}, {Role.HANDLER}),
    "request_review": ("申请复核", {State.NOTIFIED}, {OFFICER, Role.LIAISON}, State.UNDER_REVIEW),
    "decide_review": ("作出复核决定", {State.UNDER_REVIEW}, {Role.HEAD}, State.NOTIFIED),
    "add_rectification_task": ("提出纠错要求", DECIDED, {Role.HANDLER}, State.RECTIFYING),
    "complete_task": ("完成纠错整改", {State.RECTIFYING}, {OFFICER, Role.LIAISON}),
    "request_task_extension": ("申请延长整改期限", {State.RECTIFYING}, {OFFICER, Role.LIAISON}),
    "decide_task_extension": ("审批延长整改期限", {State.RECTIFYING}, {Role.HANDLER}),
    "follow_up": ("跟踪了解整改情况", {State.RECTIFYING}, {Role.HANDLER}),
    "archive": ("归档", {*DECIDED, State.REJECTED}, {Role.HANDLER}, State.ARCHIVED),
}
STEPS: dict[str, Step] = {name: Step(row[0], frozenset(row[1]), frozenset(row[2]), row[3] if len(row) > 3 else None)
                          for name, row in _TABLE.items()}


def rule_of(pack_id: str, action: str) -> StepRule | None:
    """The case's regulation's provision for this step, or None when it has no such step."""
    return get_pack(pack_id).procedure.steps.get(action)


def provides(pack_id: str, action: str) -> bool:
    return action in get_pack(pack_id).procedure.steps


def label_of(pack_id: str, action: str) -> str:
    """The step's name in the case's regulation (隰县: 党组集体研究作出认定结论), else the table's."""
    rule = rule_of(pack_id, action)
    return rule.label if rule and rule.label else STEPS[action].label


def basis_of(pack_id: str, action: str) -> str:
    """What the record cites for this step: the case's own regulation, article and words."""
    pack = get_pack(pack_id)
    rule = pack.procedure.steps.get(action)
    if rule is None:
        return ""
    if rule.basis is None:
        return f"{pack.name}未作规定：{rule.note}"
    return f"{pack.name}{rule.basis.text()}"

