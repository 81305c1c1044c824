"""Assess one case under one pack, with a trace of every clause and the citations it rests on.

Default logic: an exclusion defeats every basis; then duty fulfilled, tolerance, mitigation.
Catch-all clauses never hold by themselves; they are listed for the deciding body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from rongcuo.rules import expressions
from rongcuo.rules.model import DECIDING_ROLES, ROLE_OUTCOME, Outcome, Role
from rongcuo.rules.pack import CATCH_ALL_REASON, Clause, Pack
from rongcuo.rules.registry import require_in_force
from rongcuo.rules.vocabulary import default_vocabulary


@dataclass(frozen=True, slots=True)
class ClauseResult:
    """One clause evaluated for one case: whether it held and the facts that made it hold."""

    clause: Clause
    held: bool
    facts: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        c = self.clause
        return {
            "article": c.article,
            "paragraph": c.paragraph,
            "item": c.item,
            "citation": c.citation,
            "role": c.role.value,
            "text": c.text,
            "facts": list(self.facts),
            "proviso": c.proviso or None,
            "reading": c.note or None,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    pack: Pack
    on: dt.date
    facts: Mapping[str, bool]
    outcome: Outcome
    dispositions: tuple[str, ...]
    disposition_mode: str
    disposition_modes: Mapping[str, str]
    disposition_wording: str
    grounds: tuple[ClauseResult, ...]
    other_matches: tuple[ClauseResult, ...]
    open_clauses: tuple[Clause, ...]
    conditions: tuple[ClauseResult, ...]
    trace: tuple[ClauseResult, ...]
    assumed_absent: tuple[str, ...] = ()  # facts not given that a clause partly met needed
    unused_facts: tuple[str, ...] = ()  # facts given that no clause of the pack uses

    def summary(self) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """(outcome, dispositions, ground citations, other-match citations): what batch must equal."""
        return (
            self.outcome.value,
            self.dispositions,
            tuple(r.clause.citation for r in self.grounds),
            tuple(r.clause.citation for r in self.other_matches),
        )

    def to_dict(self) -> dict[str, object]:
        """The JSON object of the assessment contract (spec/assessment.md), plus explanations."""
        return {
            "pack": self.pack.id,
            "pack_version": self.pack.version,
            "document_number": self.pack.document_number,
            "on": self.on.isoformat(),
            "outcome": self.outcome.value,
            "outcome_label": self.outcome.label,
            "dispositions": list(self.dispositions),
            "disposition_mode": self.disposition_mode,
            "disposition_modes": dict(self.disposition_modes),
            "disposition_wording": self.disposition_wording,
            "grounds": [r.to_dict() for r in self.grounds],
            "other_matches": [r.to_dict() for r in self.other_matches],
            "open_clauses": [
                {
                    "article": c.article,
                    "paragraph": c.paragraph,
                    "item": c.item,
                    "citation": c.citation,
                    "role": c.role.value,
                    "text": c.text,
                    "reason": CATCH_ALL_REASON,
                }
                for c in self.open_clauses
            ],
            "exemption_conditions": [
                {**r.to_dict(), "held": r.held} for r in self.conditions
            ],
            "assumed_absent": list(self.assumed_absent),
            "unused_facts": list(self.unused_facts),
        }


def evaluate_clauses(pack: Pack, facts: Mapping[str, bool]) -> tuple[ClauseResult, ...]:
    """Every clause with a condition, evaluated, in pack order (the trace).

    A clause that `yields_to` a role does not hold where a clause of that role holds (历城区办法
    第十二条第（七）项 presupposes an error, which 第九条 rules out)."""
    held_by_clause = {}
    for clause in pack.evaluable:
        assert clause.condition is not None
        held_by_clause[clause.key] = expressions.evaluate(clause.condition, facts)
    held_roles = {c.role for c in pack.evaluable if held_by_clause[c.key]}
    results = []
    for clause in pack.evaluable:
        assert clause.condition is not None
        held = held_by_clause[clause.key] and clause.yields_to not in held_roles
        support = tuple(expressions.supporting_facts(clause.condition, facts)) if held else ()
        results.append(ClauseResult(clause=clause, held=held, facts=support))
    return tuple(results)


def decide(held_roles: set[Role]) -> Outcome:
    """The outcome given which deciding roles have at least one clause that held."""
    for role in DECIDING_ROLES:
        if role in held_roles:
            return ROLE_OUTCOME[role]
    return Outcome.NO_GROUND


def dispositions_for(pack: Pack, outcome: Outcome, held_keys: set[str]) -> tuple[tuple[str, ...], str]:
    """处理幅度 for the outcome: the lawful dispositions and whether the range is 应当 or 可以."""
    rules = pack.dispositions
    if outcome is Outcome.TOLERATED:
        allowed = rules.tolerated
        if rules.exemption and not exemption_met(pack, held_keys):
            allowed = tuple(d for d in allowed if d != rules.exemption)
        return allowed, rules.tolerated_mode
    if outcome is Outcome.MITIGABLE:
        return rules.mitigable, rules.mitigable_mode
    return (), ""


def exemption_met(pack: Pack, held_keys: set[str]) -> bool:
    return all(key in held_keys for key in pack.dispositions.exemption_requires)


# What follows from an outcome that the regulation gives no 处理幅度 for.
NO_RANGE_WORDING = {
    Outcome.DUTY_FULFILLED: "无需追责（履职尽责，不作为执法过错）",
    Outcome.NOT_TOLERATED: "不予容错，依照有关规定追究责任",
    Outcome.NO_GROUND: "无从轻、减轻处理或者免责的依据",
}


def disposition_wording(pack: Pack, outcome: Outcome, held_keys: set[str]) -> str:
    """The range in the regulation's own 应当/可以 words (never “应当免责、减轻、从轻”)."""
    rules = pack.dispositions
    if outcome is Outcome.TOLERATED:
        wording = rules.tolerated_wording or f"{rules.tolerated_mode}{'、'.join(rules.tolerated)}"
        if rules.exemption:
            extra = rules.exemption_wording if exemption_met(pack, held_keys) else rules.exemption_unmet_wording
            wording = f"{wording}；{extra}" if extra else wording
        return wording
    if outcome is Outcome.MITIGABLE:
        return rules.mitigable_wording or f"{rules.mitigable_mode}{'、'.join(rules.mitigable)}"
    return NO_RANGE_WORDING[outcome]


def assumed_absent(trace: tuple[ClauseResult, ...], facts: Mapping[str, bool]) -> tuple[str, ...]:
    """Facts not given that a clause which did not hold would have needed, where some other fact of
    that clause was given: the near misses a reader should know were assumed absent."""
    names: dict[str, None] = {}
    for result in trace:
        used = result.clause.facts
        if result.held or result.clause.role is Role.CONDITION or not any(facts.get(n) for n in used):
            continue
        names.update((n, None) for n in used if not facts.get(n))
    return tuple(names)


def open_clauses_for(pack: Pack, outcome: Outcome) -> tuple[Clause, ...]:
    """Catch-alls that could still support this outcome or a better one (none once excluded)."""
    if outcome is Outcome.NOT_TOLERATED:
        return ()
    return tuple(
        c
        for c in pack.clauses_of(Role.CATCH_ALL)
        if ROLE_OUTCOME[c.tier].favour >= outcome.favour
    )


def assess(pack: Pack, facts: Mapping[str, bool], on: dt.date, *, check_period: bool = True) -> Assessment:
    """Apply `pack` to the facts of one case for conduct on `on`."""
    if check_period:
        require_in_force(pack, on)
    facts = default_vocabulary().check_facts(facts)
    trace = evaluate_clauses(pack, facts)
    held = [r for r in trace if r.held]
    outcome = decide({r.clause.role for r in held})
    deciding_role = next((role for role, o in ROLE_OUTCOME.items() if o is outcome), None)
    held_keys = {r.clause.key for r in trace if r.held}
    dispositions, mode = dispositions_for(pack, outcome, held_keys)
    exemption_keys = set(pack.dispositions.exemption_requires)
    used = {name for clause in pack.evaluable for name in clause.facts}
    return Assessment(
        pack=pack,
        on=on,
        facts={name: value for name, value in facts.items() if value},
        outcome=outcome,
        dispositions=dispositions,
        disposition_mode=mode,
        disposition_modes={d: pack.dispositions.mode_of(d, outcome) for d in dispositions},
        disposition_wording=disposition_wording(pack, outcome, held_keys),
        grounds=tuple(r for r in held if r.clause.role is deciding_role),
        other_matches=tuple(
            r for r in held if r.clause.role is not deciding_role and r.clause.role is not Role.CONDITION
        ),
        open_clauses=open_clauses_for(pack, outcome),
        conditions=tuple(r for r in trace if r.clause.key in exemption_keys)
        if outcome is Outcome.TOLERATED
        else (),
        trace=trace,
        assumed_absent=assumed_absent(trace, facts),
        unused_facts=tuple(name for name, value in facts.items() if value and name not in used),
    )
