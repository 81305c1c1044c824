"""Assess many cases at once: each clause condition is compiled to NumPy column operations.

A case's result is a 64-bit mask of the clauses that held plus an outcome code; citations,
grounds and dispositions are looked up per distinct mask, so they cost nothing per case.
The single-case path (`assess`) is the reference: `describe_mask` must give the same summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from rongcuo.rules import expressions
from rongcuo.rules.assess import decide, dispositions_for
from rongcuo.rules.model import DECIDING_ROLES, OUTCOME_CODES, ROLE_OUTCOME, Outcome, Role
from rongcuo.rules.pack import Clause, Pack

BoolArray = npt.NDArray[np.bool_]
MaskArray = npt.NDArray[np.uint64]
CodeArray = npt.NDArray[np.uint8]

_CODE = {outcome: np.uint8(index) for index, outcome in enumerate(OUTCOME_CODES)}


@dataclass(frozen=True, slots=True)
class MaskSummary:
    """What a mask of held clauses means, computed once per distinct mask."""

    outcome: Outcome
    dispositions: tuple[str, ...]
    grounds: tuple[Clause, ...]
    other_matches: tuple[Clause, ...]

    def as_tuple(self) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return (
            self.outcome.value,
            self.dispositions,
            tuple(c.citation for c in self.grounds),
            tuple(c.citation for c in self.other_matches),
        )


@dataclass(frozen=True)
class BatchResult:
    matched: MaskArray  # bit i set: the pack's i-th evaluable clause held
    outcome: CodeArray  # index into model.OUTCOME_CODES


@dataclass
class CompiledPack:
    """A pack ready for column evaluation; build once, run on any number of batches."""

    pack: Pack
    _summaries: dict[int, MaskSummary] = field(default_factory=dict)

    @cached_property
    def clauses(self) -> tuple[Clause, ...]:
        return self.pack.evaluable

    @cached_property
    def facts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for c in self.clauses for name in c.facts))

    def _rows(self, role: Role) -> list[int]:
        return [i for i, clause in enumerate(self.clauses) if clause.role is role]

    def run(self, columns: Mapping[str, BoolArray], size: int) -> BatchResult:
        """Evaluate every case; a fact missing from `columns` is false for all cases."""
        false = np.zeros(size, dtype=np.bool_)

        def column(name: str) -> BoolArray:
            return columns.get(name, false)

        held = np.empty((len(self.clauses), size), dtype=np.bool_)
        for row, clause in enumerate(self.clauses):
            assert clause.condition is not None
            held[row] = expressions.evaluate_columns(clause.condition, column)
        raw = held.copy() if any(c.yields_to for c in self.clauses) else held
        for row, clause in enumerate(self.clauses):  # a clause yields where its role's clauses hold
            rows = self._rows(clause.yields_to) if clause.yields_to else []
            if rows:
                held[row] &= ~np.logical_or.reduce(raw[rows], axis=0)
        return BatchResult(_pack_bits(held), self._outcomes(held, size))

    def _outcomes(self, held: BoolArray, size: int) -> CodeArray:
        outcome = np.full(size, _CODE[Outcome.NO_GROUND], dtype=np.uint8)
        for role in reversed(DECIDING_ROLES):  # lowest precedence first, so higher ones overwrite
            rows = self._rows(role)
            if rows:
                any_held = np.logical_or.reduce(held[rows], axis=0)
                outcome = np.where(any_held, _CODE[ROLE_OUTCOME[role]], outcome)
        return outcome

    def describe_mask(self, mask: int) -> MaskSummary:
        """Outcome, dispositions and citations for one mask (cached: few distinct masks occur)."""
        summary = self._summaries.get(mask)
        if summary is None:
            held = [c for i, c in enumerate(self.clauses) if mask >> i & 1]
            outcome = decide({c.role for c in held})
            deciding = next((r for r, o in ROLE_OUTCOME.items() if o is outcome), None)
            dispositions, _ = dispositions_for(self.pack, outcome, {c.key for c in held})
            summary = MaskSummary(
                outcome=outcome,
                dispositions=dispositions,
                grounds=tuple(c for c in held if c.role is deciding),
                other_matches=tuple(c for c in held if c.role not in (deciding, Role.CONDITION)),
            )
            self._summaries[mask] = summary
        return summary


def _pack_bits(held: BoolArray) -> MaskArray:
    """Turn a (clauses × cases) boolean matrix into one uint64 mask per case (bit i = row i).

    Built a byte at a time with uint8 shifts (8 clauses per byte): `np.packbits` along the clause
    axis is ten times slower on wide batches.
    """
    rows, size = held.shape
    out = np.zeros((size, 8), dtype=np.uint8)
    for first in range(0, rows, 8):
        byte = np.zeros(size, dtype=np.uint8)
        for bit, row in enumerate(held[first : first + 8]):
            byte |= row.view(np.uint8) << np.uint8(bit)
        out[:, first // 8] = byte
    mask: MaskArray = out.view("<u8").reshape(size)
    return mask


_compiled: dict[int, CompiledPack] = {}


def compile_pack(pack: Pack) -> CompiledPack:
    """Compiled once per pack object: a draft with the same id and version as another pack is
    compiled from its own clauses (the entry holds its pack, so the object's id is not reused)."""
    found = _compiled.get(id(pack))
    if found is None or found.pack is not pack:
        found = _compiled[id(pack)] = CompiledPack(pack)
    return found


def assess_columns(pack: Pack, columns: Mapping[str, BoolArray], size: int) -> BatchResult:
    """Assess `size` cases given as boolean columns per fact name."""
    return compile_pack(pack).run(columns, size)

