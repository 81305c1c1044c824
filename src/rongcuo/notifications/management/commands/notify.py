"""rongcuo notify: e-mail each person today's reminders (run daily, e.g. from cron at 8:00)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from rongcuo.notifications.selectors import reminders
from rongcuo.notifications.services import mail_configured, send_digests


class Command(BaseCommand):
    help = "按日向有待办事项的人员发送提醒邮件（每人每天一封）；--dry-run 只列出不发送"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出各人的提醒，不发送")
        parser.add_argument("--base-url", default="", help="邮件中链接的网址前缀，如 https://rongcuo.example.gov.cn")

    def handle(self, *args: Any, **options: Any) -> None:
        from rongcuo.core.models import User

        today = timezone.localdate()
        if options["dry_run"]:
            for user in User.objects.filter(is_active=True).order_by("pk"):
                for item in reminders(user, today):
                    self.stdout.write(f"{user.username}\t{item.text}")
            return
        if not mail_configured():
            self.stdout.write("未配置 RONGCUO_SMTP_HOST，不发送邮件（提醒仍显示在工作台）。")
            return
        self.stdout.write(f"已发送提醒邮件 {send_digests(today, options['base_url'].rstrip('/'))} 封。")
