"""Errors of the portal: those of the procedure (a stable code, a Chinese message, the HTTP status)
and too many requests from one client, shared with complaints."""

from __future__ import annotations

from rongcuo.complaints.errors import InvalidInput, NotAllowed, ProcedureError, TooMany

__all__ = ["InvalidInput", "NotAllowed", "ProcedureError", "TooMany"]
