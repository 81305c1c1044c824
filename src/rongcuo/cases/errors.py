"""Domain errors of the procedure, with stable codes the API and pages show."""

from __future__ import annotations


class ProcedureError(Exception):
    """A step that the procedure refuses; `code` is stable, `message` is Chinese."""

    http_status = 409

    def __init__(self, code: str, message: str, details: object = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class NotAllowed(ProcedureError):
    http_status = 403


class InvalidInput(ProcedureError):
    http_status = 400
