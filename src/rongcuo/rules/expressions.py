"""Clause conditions: boolean expressions over fact names (`a and (b or not c)`).

Parsed with Python's own `ast` in eval mode and turned into a small tree; nothing is ever
evaluated by Python. One tree serves a single case with an explanation and NumPy columns in batch.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]


class ExpressionError(ValueError):
    """The condition is not a boolean expression over fact names."""


@dataclass(frozen=True, slots=True)
class FactRef:
    name: str


@dataclass(frozen=True, slots=True)
class Not:
    operand: Expr


@dataclass(frozen=True, slots=True)
class All:
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Any:
    operands: tuple[Expr, ...]


Expr = Union[FactRef, Not, All, Any]  # noqa: UP007 - a runtime alias used in isinstance checks


def parse(text: str) -> Expr:
    """Parse `text`; raise ExpressionError with a readable reason when it is not allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"语法错误 (syntax error) at column {error.offset}: {text!r}") from None
    return _convert(tree.body, text)


def _convert(node: ast.expr, text: str) -> Expr:
    if isinstance(node, ast.Name):
        return FactRef(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return Not(_convert(node.operand, text))
    if isinstance(node, ast.BoolOp):
        operands = tuple(_convert(value, text) for value in node.values)
        return All(operands) if isinstance(node.op, ast.And) else Any(operands)
    fragment = ast.get_source_segment(text.strip(), node) or type(node).__name__
    raise ExpressionError(f"只允许事实名与 and / or / not / 括号 (only fact names, and, or, not): {fragment!r}")


def fact_names(expr: Expr) -> Iterator[str]:
    """Every fact name the expression mentions, in order of appearance."""
    if isinstance(expr, FactRef):
        yield expr.name
    elif isinstance(expr, Not):
        yield from fact_names(expr.operand)
    else:
        for operand in expr.operands:
            yield from fact_names(operand)


def evaluate(expr: Expr, facts: Mapping[str, bool]) -> bool:
    """Truth of the expression for one case; a fact not given is false."""
    if isinstance(expr, FactRef):
        return facts.get(expr.name, False)
    if isinstance(expr, Not):
        return not evaluate(expr.operand, facts)
    if isinstance(expr, All):
        return all(evaluate(operand, facts) for operand in expr.operands)
    return any(evaluate(operand, facts) for operand in expr.operands)


def supporting_facts(expr: Expr, facts: Mapping[str, bool]) -> list[str]:
    """The established facts that make a true expression true (for the trace and citations).

    For `or`, only the branches that hold contribute; a negated fact contributes nothing, since
    what supports it is the absence of a fact.
    """
    if isinstance(expr, FactRef):
        return [expr.name] if facts.get(expr.name, False) else []
    if isinstance(expr, Not):
        return []
    found: list[str] = []
    for operand in expr.operands:
        if isinstance(expr, All) or evaluate(operand, facts):
            found.extend(name for name in supporting_facts(operand, facts) if name not in found)
    return found


def evaluate_columns(expr: Expr, column: Callable[[str], BoolArray]) -> BoolArray:
    """Truth of the expression for every case at once, over NumPy boolean columns."""
    import numpy as np

    if isinstance(expr, FactRef):
        return column(expr.name)
    if isinstance(expr, Not):
        return np.logical_not(evaluate_columns(expr.operand, column))
    combine = np.logical_and if isinstance(expr, All) else np.logical_or
    result = evaluate_columns(expr.operands[0], column)
    for operand in expr.operands[1:]:
        result = combine(result, evaluate_columns(operand, column))
    return result


def to_text(expr: Expr, name: Callable[[str], str] = str, words: tuple[str, str, str] = ("and", "or", "not "),
            brackets: tuple[str, str] = ("(", ")")) -> str:
    """Render the expression: in its source form by default, or in words for a reader
    (`to_chinese`)."""
    if isinstance(expr, FactRef):
        return name(expr.name)
    if isinstance(expr, Not):
        inner = to_text(expr.operand, name, words, brackets)
        # not (a or b) is not “not a or b”: a compound operand keeps its brackets
        return f"{words[2]}{brackets[0]}{inner}{brackets[1]}" if isinstance(expr.operand, All | Any) else f"{words[2]}{inner}"
    joiner = f" {words[0]} " if isinstance(expr, All) else f" {words[1]} "
    parts = [f"{brackets[0]}{to_text(o, name, words, brackets)}{brackets[1]}" if isinstance(o, All | Any)
             else to_text(o, name, words, brackets) for o in expr.operands]
    return joiner.join(parts)


def to_chinese(expr: Expr, label: Callable[[str], str]) -> str:
    """The condition as a legal officer reads it: “label” 且 “label”，或者 ……"""
    text = to_text(expr, lambda n: f"“{label(n)}”", ("且", "或者", "并非"), ("（", "）"))
    return text.replace(" ", "")
