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
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    pack: Pack
    on: dt.date
    facts: Mapping[str, bool]
    outcome: Outcome
    dispositions: tuple[str, ...]
    disposition_mode: str
    grounds: tuple[ClauseResult, ...]
    other_matches: tuple[ClauseResult, ...]
    open_clauses: tuple[Clause, ...]
    conditions: tuple[ClauseResult, ...]
    trace: tuple[ClauseResult, ...]

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
        }


def evaluate_clauses(pack: Pack, facts: Mapping[str, bool]) -> tuple[ClauseResult, ...]:
    """Every clause with a condition, evaluated, in pack order (the trace)."""
    results = []
    for clause in pack.evaluable:
        assert clause.condition is not None
        held = expressions.evaluate(clause.condition, facts)
        support = tuple(expressions.supporting_facts(clause.condition, facts)) if held else ()
        results.append(ClauseResult(clause=clause, held=held, facts=support))
    return tuple(results)


def decide(pack: Pack, held_roles: set[Role]) -> Outcome:
    """The outcome given which deciding roles have at least one clause that held."""
    for role in DECIDING_ROLES:
        if role in held_roles:
            return ROLE_OUTCOME[role]
    return Outcome.NO_GROUND


def dispositions_for(pack: Pack, outcome: Outcome, held_keys: set[str]) -> tuple[tuple[str, ...], str]:
    """处理幅度 for the outcome: the lawful dispositions and whether they are 应当 or 可以."""
    rules = pack.dispositions
    if outcome is Outcome.TOLERATED:
        allowed = rules.tolerated
        if rules.exemption and not all(key in held_keys for key in rules.exemption_requires):
            allowed = tuple(d for d in allowed if d != rules.exemption)
        return allowed, rules.tolerated_mode
    if outcome is Outcome.MITIGABLE:
        return rules.mitigable, rules.mitigable_mode
    return (), ""


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
    outcome = decide(pack, {r.clause.role for r in held})
    deciding_role = next((role for role, o in ROLE_OUTCOME.items() if o is outcome), None)
    held_keys = {r.clause.key for r in held}
    dispositions, mode = dispositions_for(pack, outcome, held_keys)
    exemption_keys = set(pack.dispositions.exemption_requires)
    return Assessment(
        pack=pack,
        on=on,
        facts={name: value for name, value in facts.items() if value},
        outcome=outcome,
        dispositions=dispositions,
        disposition_mode=mode,
        grounds=tuple(r for r in held if r.clause.role is deciding_role),
        other_matches=tuple(
            r for r in held if r.clause.role is not deciding_role and r.clause.role is not Role.CONDITION
        ),
        open_clauses=open_clauses_for(pack, outcome),
        conditions=tuple(r for r in trace if r.clause.key in exemption_keys)
        if outcome is Outcome.TOLERATED
        else (),
        trace=trace,
    )
