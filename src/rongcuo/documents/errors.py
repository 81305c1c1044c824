"""Errors of documents: the procedure's errors, with the same codes and Chinese messages."""

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.documents.drafts import MissingData


class NotMade(ProcedureError):
    """Something not made yet (the case has no dossier): 404 with what is missing said plainly."""

    http_status = 404


__all__ = ["InvalidInput", "MissingData", "NotAllowed", "NotMade", "ProcedureError"]
