"""The shared fact vocabulary (事实要素) every rule pack is checked against.

The project's own copy of the spec's `facts.yaml` is the source of truth; names are a contract.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rongcuo.rules.errors import FactsError
from rongcuo.rules.yamlio import load_yaml

VOCABULARY_FILE = Path(__file__).with_name("facts.yaml")
SUPPORTED_TYPES = ("bool",)


@dataclass(frozen=True, slots=True)
class Fact:
    name: str
    label: str
    type: str = "bool"


@dataclass(frozen=True, slots=True)
class Vocabulary:
    facts: Mapping[str, Fact]

    def __contains__(self, name: object) -> bool:
        return name in self.facts

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.facts)

    def label(self, name: str) -> str:
        return self.facts[name].label

    def suggest(self, name: str) -> str:
        """A "did you mean" hint for a misspelt fact name, or an empty string."""
        close = difflib.get_close_matches(name, self.facts, n=1, cutoff=0.6)
        return f"（是否应为 {close[0]}？）" if close else ""

    def check_facts(self, facts: Mapping[str, object]) -> dict[str, bool]:
        """Validate a mapping of fact name to value; a fact not given is false."""
        checked: dict[str, bool] = {}
        for name, value in facts.items():
            if name not in self.facts:
                raise FactsError(f"未知的事实要素 (unknown fact): {name}{self.suggest(name)}")
            if not isinstance(value, bool):
                raise FactsError(
                    f"事实要素 {name} 的值类型错误 (wrong type): 应为布尔值 true/false (expected boolean), "
                    f"实际为 {type(value).__name__} {value!r}"
                )
            checked[name] = value
        return checked


def parse_vocabulary(data: object, origin: str) -> Vocabulary:
    if not isinstance(data, dict):
        raise FactsError(f"{origin}: 事实要素表应为映射 (fact name → label)")
    facts: dict[str, Fact] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("label"), str):
            raise FactsError(f"{origin}: 事实要素 {name} 缺少中文 label")
        kind = spec.get("type", "bool")
        if kind not in SUPPORTED_TYPES:
            raise FactsError(f"{origin}: 事实要素 {name} 的类型 {kind} 不受支持（支持：{', '.join(SUPPORTED_TYPES)}）")
        facts[str(name)] = Fact(name=str(name), label=spec["label"], type=kind)
    return Vocabulary(facts=facts)


def fact_groups(path: Path = VOCABULARY_FILE) -> list[tuple[str, list[str]]]:
    """The vocabulary's sections in file order ("# --- 履职情况 (...) ---" headers) with their facts.

    The file stays in the spec's style, so the sections are read from its comment headers.
    """
    groups: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# --- "):
            title = line.removeprefix("# --- ").split(" (")[0].strip(" -")
            groups.append((title, []))
        elif line and not line[0].isspace() and not line.startswith("#") and line.endswith(":") and groups:
            groups[-1][1].append(line[:-1])
    return groups


@cache
def default_vocabulary() -> Vocabulary:
    return parse_vocabulary(load_yaml(VOCABULARY_FILE), str(VOCABULARY_FILE))
