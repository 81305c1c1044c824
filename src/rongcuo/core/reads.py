"""查阅留痕: who read which case, its record, its documents or evidence, and when.

Reads are not events (they change nothing in the case and must not lengthen its chain); they are
kept in their own table, which only grows, and the head of the office can review it in the admin.
"""

from __future__ import annotations

from rongcuo.core.models import ReadLog, User

PAGE, API = "页面", "接口"


def note_read(user: User, case_id: int, what: str, via: str = PAGE) -> None:
    ReadLog.objects.create(user=user, case_id=case_id, what=what[:50], via=via)
