"""What the public portal publishes beyond the regulations themselves: determinations released in
redacted form after review, and public comments on the positive and negative lists, moderated and
answered. Writes go through portal.services only."""

from __future__ import annotations

from django.db import models

from rongcuo.cases.models import Case
from rongcuo.core.models import Jurisdiction, User

TITLE_MAX = 200
TEXT_MAX = 20000
COMMENT_MAX = 1000
ANSWER_MAX = 2000
CLAUSE_MAX = 40


class Release(models.Model):
    """A determination prepared for the public: the redacted text is what is stored and published
    (never a mask drawn over the original), proposed by the handler, approved by the head."""

    class State(models.TextChoices):
        DRAFT = "draft", "待审核"
        APPROVED = "approved", "已公开"
        WITHDRAWN = "withdrawn", "已撤回"

    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="release")
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=TITLE_MAX)
    text = models.TextField("公开文本（已脱敏）", max_length=TEXT_MAX)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    proposed_by = models.ForeignKey(User, verbose_name="拟稿人", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("拟稿时间")
    edited_by = models.ForeignKey(User, verbose_name="最后修改人", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    approved_by = models.ForeignKey(User, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField("公开时间", null=True, blank=True)
    decided_on = models.DateField("认定日期")

    class Meta:
        verbose_name = verbose_name_plural = "认定决定公开"
        ordering = ["-approved_at", "-pk"]
        indexes = [models.Index(fields=["state", "jurisdiction", "-approved_at"], name="release_public")]

    def __str__(self) -> str:
        return self.title


class Comment(models.Model):
    """A public comment on an item of a jurisdiction's positive or negative list."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        PUBLISHED = "published", "已公开"
        REJECTED = "rejected", "不予公开"

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    pack_id = models.CharField("规定", max_length=50)
    clause = models.CharField("条款", max_length=CLAUSE_MAX)  # the clause key, e.g. 10.3
    text = models.TextField("意见", max_length=COMMENT_MAX)  # personal data patterns masked on receipt
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    answer = models.TextField("答复", max_length=ANSWER_MAX, blank=True)
    moderated_by = models.ForeignKey(User, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "公众意见"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["jurisdiction", "state", "-created_at"], name="comment_public")]

    def __str__(self) -> str:
        return f"意见 {self.pk}（{self.get_state_display()}）"
