"""The ledger's refusals."""

from __future__ import annotations

from rongcuo.cases.errors import InvalidInput
from rongcuo.ledger import table


class LedgerRefused(InvalidInput):
    """A file with bad rows: nothing is written; `details` lists every problem (row, column, message)."""

    def __init__(self, checked: table.Checked) -> None:
        more = f"，另有 {checked.more_problems} 处未列出" if checked.more_problems else ""
        super().__init__("ledger_rows_invalid", f"台账有 {len(checked.problems) + checked.more_problems} 处错误{more}，"
                         "未导入任何一行；请改正后重新导入。",
                         details=[{"row": p.row, "column": p.column, "message": p.message} for p in checked.problems])
        self.checked = checked
