"""Citations the way Chinese regulations are cited: 第十条第（七）项, 第十一条第二款第（一）项."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 24 → 二十四 (enough for article numbers < 100)."""
    if not 0 < n < 100:
        raise ValueError(f"number out of range for a citation: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def citation(article: int, item: int | None = None, paragraph: int | None = None) -> str:
    """Format a citation; the paragraph (款) is named only when it is given."""
    text = f"第{chinese_number(article)}条"
    if paragraph is not None:
        text += f"第{chinese_number(paragraph)}款"
    if item is not None:
        text += f"第（{chinese_number(item)}）项"
    return text
