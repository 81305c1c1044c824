"""Errors of reminders: none of their own. Sending is best effort per person (a digest that fails
is not recorded as sent and goes out with the next run); the procedure's errors apply elsewhere."""

from __future__ import annotations

from rongcuo.cases.errors import ProcedureError

__all__ = ["ProcedureError"]
