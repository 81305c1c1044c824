"""`rongcuo restore FILE.tar.gz`: load a backup into an empty database and its file store, check
every part against the manifest, then run `audit verify` (with --against, an earlier head export)."""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from rongcuo.core.management.commands.backup import FORMAT, sha256_of
from rongcuo.core.models import Event, User


class Command(BaseCommand):
    help = "从备份归档恢复数据库和文件（须为空数据库），恢复后校验操作记录"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="rongcuo backup 生成的归档文件")
        parser.add_argument("--against", help="恢复后与此前导出的链头文件比对")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        if Event.objects.exists() or User.objects.exists():
            raise CommandError("数据库不是空的：恢复只能写入新建的空数据库（先建库并运行 rongcuo migrate）")
        with tempfile.TemporaryDirectory() as work, tarfile.open(options["archive"], "r:gz") as archive:
            for member in archive.getmembers():
                path = PurePosixPath(member.name)
                if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
                    raise CommandError(f"归档中有不安全的路径：{member.name}")
            archive.extractall(work, filter="data")
            root = Path(work)
            manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT:
                raise CommandError("不是 rongcuo backup 生成的归档")
            if sha256_of(root / "data.jsonl") != manifest["data_sha256"]:
                raise CommandError("归档中的数据与清单不符：备份已损坏或被修改")
            for name, digest in manifest["files"].items():
                if sha256_of(root / "media" / name) != digest:
                    raise CommandError(f"归档中的文件 {name} 与清单不符：备份已损坏或被修改")
            with transaction.atomic():
                call_command("loaddata", str(root / "data.jsonl"), verbosity=0)
            media = Path(settings.MEDIA_ROOT)
            for name in manifest["files"]:
                target = media / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / "media" / name, target)
        self.stdout.write(f"已恢复：{len(manifest['files'])} 个文件。正在校验操作记录……")
        verify: list[str] = ["verify"] + (["--against", options["against"]] if options.get("against") else [])
        call_command("audit", *verify, stdout=self.stdout, stderr=self.stderr)
