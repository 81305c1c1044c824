"""Reminder e-mails through the office's SMTP server (Django's mail): one digest a person a day,
recorded so that running the command again the same day sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from rongcuo.core.models import User
from rongcuo.notifications.models import Digest
from rongcuo.notifications.selectors import reminders


def mail_configured() -> bool:
    return bool(getattr(settings, "RONGCUO_SMTP_HOST", ""))


def send_digests(today: dt.date, base_url: str = "") -> int:
    """Send today's digest to everyone with an e-mail address and something to be reminded of;
    returns how many were sent."""
    if not mail_configured():
        return 0
    sent = 0
    with get_connection() as connection:
        for user in User.objects.filter(is_active=True).exclude(email="").order_by("pk"):
            items = reminders(user, today)
            if not items or Digest.objects.filter(user=user, day=today).exists():
                continue
            lines = [f"{'【已超期】' if item.urgent else ''}{item.text}：{base_url}{item.url}" for item in items]
            message = EmailMessage(
                subject=f"容错纠错系统待办提醒（{len(items)} 项，{today:%Y年%m月%d日}）",
                body=f"{user.get_full_name() or user.username}：\n\n" + "\n".join(lines)
                + "\n\n请登录系统办理。本邮件由系统自动发送，不含案件和举报的具体内容。",
                to=[user.email], connection=connection)
            try:
                with transaction.atomic():
                    Digest.objects.create(user=user, day=today, items=len(items), sent_at=timezone.now())
                    message.send()
            except IntegrityError:  # another run sent it a moment ago
                continue
            sent += 1
    return sent
