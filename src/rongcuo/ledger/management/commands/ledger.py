"""`rongcuo ledger template --output FILE.xlsx` and `rongcuo ledger import FILE [--dry-run]`.

The import checks every row first; when any row is bad it prints the row-by-row report on
standard error, writes nothing and exits with status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rongcuo.cases.errors import ProcedureError
from rongcuo.core.models import Jurisdiction
from rongcuo.ledger import errors, exports, services


class Command(BaseCommand):
    help = "行政执法台账：写出导入模板（template），导入 .xlsx 或 .csv 台账（import）"

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True)
        template = commands.add_parser("template", help="写出台账模板（.xlsx）")
        template.add_argument("--output", required=True, help="模板文件，如 台账模板.xlsx")
        load = commands.add_parser("import", help="导入台账（.xlsx 或 .csv）；有错误的行时不导入任何一行，退出状态 2")
        load.add_argument("file", help="台账文件")
        load.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        load.add_argument("--jurisdiction", help="只导入该辖区（含下级）的执法机关，按名称")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "template":
            Path(options["output"]).write_bytes(exports.template_workbook())
            self.stdout.write(f"已写出台账模板：{options['output']}")
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        jurisdiction = None
        if options.get("jurisdiction"):
            jurisdiction = Jurisdiction.objects.filter(name=options["jurisdiction"]).first()
            if jurisdiction is None:
                raise CommandError(f"没有名为“{options['jurisdiction']}”的辖区")

        def progress(done: int) -> None:
            sys.stderr.write(f"已处理 {done} 行……\n")

        try:
            outcome = services.ledger_import(actor=None, content=path, name=path.name, max_bytes=None,
                                             dry_run=options["dry_run"], jurisdiction=jurisdiction, progress=progress)
        except errors.LedgerRefused as refused:
            sys.stderr.write(refused.message + "\n")
            for problem in refused.checked.problems:
                sys.stderr.write(f"  {problem}\n")
            raise SystemExit(2) from None
        except ProcedureError as error:
            sys.stderr.write(error.message + "\n")
            raise SystemExit(2) from None
        self.stdout.write(outcome.summary)
