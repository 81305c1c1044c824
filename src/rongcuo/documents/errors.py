"""Errors of documents: the procedure's errors, with the same codes and Chinese messages."""

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.documents.drafts import MissingData

__all__ = ["InvalidInput", "MissingData", "NotAllowed", "ProcedureError"]
