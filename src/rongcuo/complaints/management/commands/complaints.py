"""rongcuo complaints keygen|rotate-key: the key that seals reporters' identities, kept outside the
database (RONGCUO_IDENTITY_KEY_FILE)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = "举报人身份加密密钥：keygen 生成密钥文件；rotate-key 在密钥文件首行加入新密钥并用它重新加密全部身份"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        keygen = sub.add_parser("keygen", help="生成新的密钥文件")
        keygen.add_argument("--output", required=True, help="密钥文件路径（不能已存在）")
        sub.add_parser("rotate-key", help="换用新密钥：旧密钥留在文件中以便解密，全部身份用新密钥重新加密")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "keygen":
            path = Path(options["output"])
            if path.exists():
                raise CommandError(f"{path} 已存在，不覆盖（覆盖会使已加密的身份无法解密）")
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(Fernet.generate_key() + b"\n")
            self.stdout.write(f"已生成举报人身份加密密钥：{path}（请单独备份，不要与数据库放在一起）")
            return
        from rongcuo.complaints import sealing
        from rongcuo.complaints.models import Complaint

        path = sealing.key_file()
        if not path.exists():
            raise CommandError(f"密钥文件 {path} 不存在")
        path.write_bytes(Fernet.generate_key() + b"\n" + path.read_bytes())
        count = 0
        with transaction.atomic():
            for complaint in Complaint.objects.exclude(sealed_identity="").select_for_update().only("pk", "sealed_identity"):
                complaint.sealed_identity = sealing.reseal(complaint.sealed_identity)
                complaint.save(update_fields=["sealed_identity"])
                count += 1
        self.stdout.write(f"已换用新密钥，重新加密 {count} 件实名举报的身份；旧密钥仍在文件中，确认备份后可删除。")
