"""Input limits, declared once: the step inputs, the application and the models use these."""

from __future__ import annotations

from rongcuo.cases.errors import InvalidInput

TITLE_MAX = 200  # Case.title
NARRATIVE_MAX = 5000  # an application's 基本情况
SHORT_MAX = 200  # one-line inputs (reasons, recipients, scope)
NAME_MAX = 50  # a person's name (听证主持人)
TEXT_MAX = 5000  # free text (opinions, statements, reports)
METHOD_MAX = 50  # Notice.receipt_method (送达方式)
LONG_LINE_MAX = 500  # Determination.attendees, Publication.reason
DISPOSITION_MAX = 20  # Determination.disposition (免责、从轻、减轻……)


def check_length(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise InvalidInput("too_long", f"{what}不能超过 {limit} 个字（现有 {len(text)} 个字）。")
    return text
