"""What `audit verify` reports: one line per problem, in Chinese, with a code tests can check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str  # sequence, link, content, signature, head, lost_stream, row_changed, row_unrecorded,
    #            row_deleted, file_changed, file_missing, export_truncated, export_rewritten, ...
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"
