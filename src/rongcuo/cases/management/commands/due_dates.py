"""`rongcuo due_dates --rebuild`: recompute every open case's due dates from its records (after an
upgrade, or if the holiday table was changed outside the holiday-loading page)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rongcuo.cases import projection


class Command(BaseCommand):
    help = "按各案件的记录重新计算期限预计（--rebuild）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="重新计算全部未结案件的期限")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["rebuild"]:
            raise CommandError("请加 --rebuild：重新计算全部未结案件的期限")
        looked, changed = projection.rebuild(reason="按记录重新计算")
        self.stdout.write(f"已检查 {looked} 件未结案件，{changed} 件的期限有变化并已记录。")
