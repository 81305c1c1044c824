"""Reading the facts of a case from a JSON file or standard input, with precise errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from rongcuo.rules.errors import FactsError
from rongcuo.rules.vocabulary import default_vocabulary


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """`json` keeps the last of two equal keys silently; a fact given twice is an error."""
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


class DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_facts_json(text: str, origin: str) -> dict[str, bool]:
    """Parse a JSON object of fact name → boolean; raise FactsError with line and column."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except DuplicateKeyError as error:
        raise FactsError(f"{origin}: 事实要素 {error.key} 重复出现 (duplicate key {error.key!r})") from None
    except json.JSONDecodeError as error:
        raise FactsError(
            f"{origin}: JSON 格式错误 (malformed JSON) 第 {error.lineno} 行第 {error.colno} 列 "
            f"(line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    if not isinstance(data, dict):
        raise FactsError(f"{origin}: 事实应为 JSON 对象 {{\"事实名\": true}} (expected a JSON object)")
    return default_vocabulary().check_facts(data)


def read_facts(path: str) -> dict[str, bool]:
    """Read facts from `path`, or from standard input when `path` is "-"."""
    if path == "-":
        return parse_facts_json(sys.stdin.read(), "标准输入 (stdin)")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise FactsError(f"无法读取事实文件 (cannot read facts file) {path}: {error.strerror}") from None
    return parse_facts_json(text, path)
