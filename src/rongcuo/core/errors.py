"""Errors of the shared core, with a stable code and a Chinese message for the user."""

from __future__ import annotations


class RefusedInput(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
