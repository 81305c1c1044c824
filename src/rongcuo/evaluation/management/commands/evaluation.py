"""`rongcuo evaluation standard FILE.yaml --jurisdiction NAME`: load a jurisdiction's own 评查标准
(items, deductions, grade lines) without code; `rongcuo evaluation standard --show` prints the default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rongcuo.cases.errors import ProcedureError
from rongcuo.core.models import Jurisdiction
from rongcuo.evaluation import rules, services


class Command(BaseCommand):
    help = "案卷评查：载入辖区自己的评查标准（standard）"

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True)
        standard = commands.add_parser("standard", help="载入评查标准（YAML，格式同默认标准）")
        standard.add_argument("file", nargs="?", help="评查标准文件")
        standard.add_argument("--jurisdiction", help="辖区名称")
        standard.add_argument("--show", action="store_true", help="显示默认评查标准（可复制修改）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["show"]:
            self.stdout.write(rules.DEFAULT_SHEET.read_text(encoding="utf-8"))
            return
        if not options["file"] or not options["jurisdiction"]:
            raise CommandError("请给出评查标准文件和 --jurisdiction 辖区名称")
        place = Jurisdiction.objects.filter(name=options["jurisdiction"]).first()
        if place is None:
            raise CommandError(f"没有名为“{options['jurisdiction']}”的辖区")
        try:
            loaded = services.standard_load(jurisdiction=place, content=Path(options["file"]).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取 {options['file']}：{error}") from None
        except ProcedureError as error:
            raise CommandError(error.message) from None
        scoring = f"满分 {loaded.full_marks:g}" if loaded.full_marks is not None else "不计分"
        self.stdout.write(f"{place.name} 已启用评查标准“{loaded.name}”：基础标准 {len(loaded.basic)} 项，"
                          f"一般标准 {sum(len(v) for v in loaded.general.values())} 项，{scoring}。")
