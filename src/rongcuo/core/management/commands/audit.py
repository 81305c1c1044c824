"""`rongcuo audit verify [--against FILE]`, `rongcuo audit export-heads [--output FILE]`,
`rongcuo audit keygen --output FILE`: see docs/operations.md (记录的完整性)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rongcuo.core import audit, signing


class Command(BaseCommand):
    help = "校验操作记录（verify）、导出签名的链头（export-heads）、生成记录签名密钥（keygen）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "export-heads", "keygen"])
        parser.add_argument("--against", help="与此前导出的链头文件比对（verify）")
        parser.add_argument("--output", help="写入此文件（export-heads、keygen）")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "keygen":
            self._keygen(options["output"])
        elif action == "export-heads":
            self._export(options["output"])
        else:
            self._verify(options["against"])

    def _keygen(self, output: str | None) -> None:
        if not output:
            raise CommandError("请用 --output 指定密钥文件的位置")
        try:
            signing.write_new_key(Path(output))
        except FileExistsError:
            raise CommandError(f"{output} 已存在：不会覆盖已有的密钥（覆盖后此前的记录将无法验证）") from None
        self.stdout.write(f"已生成记录签名密钥：{output}（仅属主可读；请另行备份，并妥善保存其公钥）")

    def _export(self, output: str | None) -> None:
        text = json.dumps(audit.export_heads(), ensure_ascii=False, indent=1)
        if not output:
            self.stdout.write(text)
            return
        Path(output).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(f"已导出链头并签名：{output}")

    def _verify(self, against: str | None) -> None:
        export = None
        if against:
            try:
                export = json.loads(Path(against).read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"无法读取链头文件 {against}：{error}") from None
            if not isinstance(export, dict):
                raise CommandError(f"{against} 不是本系统导出的链头文件")
        report = audit.verify(export)
        summary = (f"{report.streams} 个记录流，{report.events} 条记录，{report.rows} 行业务数据，"
                   f"{report.files} 个文件")
        if report.problems:
            for problem in report.problems:
                self.stderr.write(f"篡改：{problem}")
            raise CommandError(f"校验失败：{len(report.problems)} 处问题（{summary}）")
        compared = "，并与导出的链头一致" if export is not None else ""
        self.stdout.write(f"校验通过：{summary}，哈希链、签名、数据行和文件均完整{compared}。")
