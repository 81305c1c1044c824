"""`rongcuo backup --output FILE.tar.gz`: the database and every stored file in one archive.

The archive holds `data.jsonl` (every record with its own id, Django's portable serialisation; references to permissions by name),
`media/` (evidence and issued files, by their SHA-256 names) and `manifest.json` (what is inside,
with the SHA-256 of each part). The record's signing key is not in it: it is backed up apart
(docs/operations.md), so a stolen backup cannot be used to forge the record.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from rongcuo.core import signing

# Rebuilt by migrations or short-lived: not part of a backup.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "authtoken"]
FORMAT = "rongcuo-backup/1"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "备份数据库和全部文件（证据材料等）到一个归档文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="归档文件，如 /backup/rongcuo-20261124.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["output"])
        if target.exists():
            raise CommandError(f"{target} 已存在：不会覆盖已有的备份")
        media = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory() as work:
            data = Path(work) / "data.jsonl"
            call_command("dumpdata", format="jsonl", natural_foreign=True, exclude=EXCLUDED,
                         output=str(data), verbosity=0)
            files = sorted(p for p in media.rglob("*") if p.is_file() and not p.name.startswith(".upload-")) \
                if media.exists() else []
            manifest = {
                "format": FORMAT, "created_at": timezone.now().isoformat(), "public_key": signing.public_key_hex(),
                "data_sha256": sha256_of(data),
                "files": {str(p.relative_to(media)): sha256_of(p) for p in files},
            }
            (Path(work) / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            partial = target.with_name(f".{target.name}.part")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(Path(work) / "manifest.json", "manifest.json")
                archive.add(data, "data.jsonl")
                for path in files:
                    archive.add(path, f"media/{path.relative_to(media)}")
            partial.rename(target)
        self.stdout.write(f"已备份：{target}（数据 1 份，文件 {len(files)} 个）。签名密钥不在备份中，请另行保存。")
