"""Which reminder e-mails have gone out: one digest per person per day, never two."""

from __future__ import annotations

from django.db import models

from rongcuo.core.models import User


class Digest(models.Model):
    user = models.ForeignKey(User, verbose_name="收件人", on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期")
    items = models.PositiveIntegerField("提醒事项数")
    sent_at = models.DateTimeField("发送时间")

    class Meta:
        verbose_name = verbose_name_plural = "提醒邮件"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"
