"""Errors of the complaints app: the procedure's (stable code, Chinese message, HTTP status), and
too many requests from one address."""

from __future__ import annotations

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError


class TooMany(ProcedureError):
    http_status = 429


__all__ = ["InvalidInput", "NotAllowed", "ProcedureError", "TooMany"]
