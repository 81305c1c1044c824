"""The enforcement ledger: one row per enforcement matter of an agency, and each import that wrote
rows. Writes go through ledger.services only."""

from __future__ import annotations

from django.db import models

from rongcuo.core.models import Agency, Jurisdiction, User
from rongcuo.ledger.table import CASE_NUMBER_MAX, HANDLERS_MAX, KINDS


class LedgerImport(models.Model):
    """An import that changed the ledger: the file (kept under its SHA-256) and what it did."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    file = models.FileField("导入文件", upload_to="ledger/")
    sha256 = models.CharField("SHA-256", max_length=64)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    made_by = models.ForeignKey(User, verbose_name="导入人", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")  # None: the command line
    made_at = models.DateTimeField("导入时间")
    rows = models.PositiveIntegerField("行数")
    created = models.PositiveIntegerField("新增")
    updated = models.PositiveIntegerField("更新")
    unchanged = models.PositiveIntegerField("未变")

    class Meta:
        verbose_name = verbose_name_plural = "台账导入"
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.original_name}（{self.made_at:%Y-%m-%d %H:%M}）"


class LedgerEntry(models.Model):
    """一件行政执法事项 in the template's columns; columns an agency added are kept in `extra`."""

    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.PROTECT, related_name="ledger_entries")
    case_number = models.CharField("案件编号", max_length=CASE_NUMBER_MAX)
    kind = models.CharField("执法类别", max_length=20, choices=KINDS)
    handlers = models.CharField("承办人", max_length=HANDLERS_MAX)
    filed_on = models.DateField("立案日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    amount = models.DecimalField("罚没款金额", max_digits=14, decimal_places=2, default=0)
    hearing = models.BooleanField("是否听证", default=False)
    litigation = models.BooleanField("是否复议诉讼", default=False)
    extra = models.JSONField("其他列", default=dict, blank=True)
    source = models.ForeignKey(LedgerImport, verbose_name="导入批次", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="entries")

    class Meta:
        verbose_name = verbose_name_plural = "行政执法台账"
        ordering = ["-filed_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "case_number"], name="unique_ledger_case")]
        indexes = [
            models.Index(fields=["agency", "filed_on"], name="ledger_agency_filed"),
            models.Index(fields=["agency", "closed_on"], name="ledger_agency_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.case_number}"
