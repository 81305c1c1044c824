"""Errors of the rules engine: each carries one clear line for the person who caused it."""

from __future__ import annotations


class RulesError(Exception):
    """Base error: `str(error)` is the one-line message shown to the user."""


class PackError(RulesError):
    """A rule pack file is invalid; the message names the file, the clause and the fix."""


class UnknownPackError(RulesError):
    """No pack with that id; the message lists the known ones."""


class PackNotInForceError(RulesError):
    """The pack is not in force on the date asked for; the message gives its period."""


class FactsError(RulesError):
    """Facts given for a case are unusable (unknown name, wrong type, malformed JSON)."""


class BatchInputError(RulesError):
    """A batch CSV cannot be read; the message gives the line number."""
