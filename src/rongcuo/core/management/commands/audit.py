"""`rongcuo audit verify` checks every hash chain; `rongcuo audit export-heads` prints the heads."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rongcuo.core.events import heads, verify_all


class Command(BaseCommand):
    help = "校验操作记录的哈希链（verify），或导出每个记录流的最新哈希（export-heads）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "export-heads"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export-heads":
            self.stdout.write(json.dumps(heads(), ensure_ascii=False, indent=2))
            return
        streams, events, problems = verify_all()
        if problems:
            for problem in problems:
                self.stderr.write(f"篡改：{problem}")
            raise CommandError(f"校验失败：{len(problems)} 处问题（{streams} 个案件记录流，{events} 条记录）")
        self.stdout.write(f"校验通过：{streams} 个案件记录流，{events} 条记录，哈希链完整。")
