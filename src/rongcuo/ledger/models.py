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

    # no index of its own: the unique (agency, case number) and the (agency, date) indexes start with it
    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.PROTECT, related_name="ledger_entries",
                               db_index=False)
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


class Training(models.Model):
    """统计制度第五条第（一）项：执法人员参加法律培训（人数、时间、内容），举办法律、法规培训班（参加人数、时间、内容）."""

    class Kind(models.TextChoices):
        ATTENDED = "attended", "参加法律培训"
        HELD = "held", "举办培训班"

    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    held_on = models.DateField("日期")
    content = models.CharField("内容", max_length=200)
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1)
    people = models.PositiveIntegerField("人数")
    recorded_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "法律培训"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["agency", "held_on"], name="training_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency} {self.held_on} {self.content}"


class PeriodReport(models.Model):
    """A unit's statistics for a period as submitted: the figures from the ledger, what was corrected
    by hand and why."""

    agency = models.ForeignKey(Agency, verbose_name="报送单位", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("期间起")
    ends_on = models.DateField("期间止")
    figures = models.JSONField("报送数字")
    corrections = models.JSONField("人工更正", default=list, blank=True)  # [{field, label, from, to, reason}]
    submitted_by = models.ForeignKey(User, verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        verbose_name = verbose_name_plural = "统计报送"
        constraints = [models.UniqueConstraint(fields=["agency", "starts_on", "ends_on"], name="one_report_per_period")]

    def __str__(self) -> str:
        return f"{self.agency} {self.starts_on}—{self.ends_on}"


class LedgerMonth(models.Model):
    """Each agency's ledger summed by month and kind, rebuilt by every import for the agencies it
    touched: statistics over whole months read these few rows instead of the whole ledger."""

    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.CASCADE, related_name="+")
    month = models.DateField("月份")  # its first day
    kind = models.CharField("执法类别", max_length=20, choices=KINDS)
    filed = models.PositiveIntegerField("立案数", default=0)
    closed = models.PositiveIntegerField("结案数", default=0)
    amount = models.DecimalField("罚没款金额", max_digits=16, decimal_places=2, default=0)
    hearings = models.PositiveIntegerField("举行听证的立案数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "台账月度汇总"
        constraints = [models.UniqueConstraint(fields=["agency", "month", "kind"], name="unique_ledger_month")]
        indexes = [models.Index(fields=["month", "agency"], name="ledger_month_agency")]

    def __str__(self) -> str:
        return f"{self.agency} {self.month:%Y-%m} {self.kind}"


class ImportRun(models.Model):
    """A long import run in the background for the page that started it: how far it has got, and
    how it ended (the summary, or every bad row)."""

    class Stage(models.TextChoices):
        RUNNING = "running", "正在导入"
        DONE = "done", "已完成"
        REFUSED = "refused", "有错误，未导入"
        FAILED = "failed", "未完成"

    made_by = models.ForeignKey(User, verbose_name="导入人", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("文件名", max_length=200)
    dry_run = models.BooleanField("只检查", default=False)
    stage = models.CharField("状态", max_length=10, choices=Stage.choices, default=Stage.RUNNING)
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    message = models.CharField("结果", max_length=500, blank=True)
    problems = models.JSONField("错误", default=list, blank=True)  # [{row, column, message}]
    more_problems = models.PositiveIntegerField("未列出的错误", default=0)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台导入"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_stage_display()}）"
