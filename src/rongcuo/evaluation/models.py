"""Case-file evaluation records: a self-evaluation of a finished ledger file (第五条至第七条), a
yearly sample drawn by the 司法局 (第十、十一条) with its evaluators, and an agency's half-year
summary (第九条). Writes go through evaluation.services only."""

from __future__ import annotations

from django.db import models

from rongcuo.core.models import Agency, Jurisdiction, User
from rongcuo.ledger.models import LedgerEntry

GRADE_CHOICES = [("优秀", "优秀"), ("合格", "合格"), ("不合格", "不合格")]
TEXT_MAX = 2000
NAME_MAX = 50


class Evaluation(models.Model):
    """一次评查: a self-evaluation by the agency, or the 司法局's check of a sampled file."""

    class Kind(models.TextChoices):
        SELF = "self", "自我评查"
        SAMPLE = "sample", "层级监督检查"

    entry = models.ForeignKey(LedgerEntry, verbose_name="案卷", on_delete=models.PROTECT, related_name="evaluations")
    kind = models.CharField("评查方式", max_length=10, choices=Kind.choices)
    failed_items = models.JSONField("未达到的标准", default=list, blank=True)
    problems = models.TextField("存在的问题", max_length=TEXT_MAX, blank=True)
    grade = models.CharField("等级", max_length=5, choices=GRADE_CHOICES)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, null=True, blank=True)
    standard = models.CharField("评查标准", max_length=100)
    evaluated_by = models.ForeignKey(User, verbose_name="评查人", on_delete=models.PROTECT, related_name="+")
    evaluated_on = models.DateField("评查日期")
    legal_head = models.CharField("法制工作机构负责人（签字确认）", max_length=NAME_MAX, blank=True)
    unit_head = models.CharField("被评查执法机构负责人（签字确认）", max_length=NAME_MAX, blank=True)
    handler_notified_on = models.DateField("书面通知主办人员日期", null=True, blank=True)
    sampling = models.ForeignKey("Sampling", verbose_name="抽查", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="evaluations")

    class Meta:
        verbose_name = verbose_name_plural = "案卷评查"
        constraints = [models.UniqueConstraint(fields=["entry", "kind"], condition=models.Q(kind="self"),
                                               name="one_self_evaluation"),
                       models.UniqueConstraint(fields=["sampling", "entry"], condition=models.Q(kind="sample"),
                                               name="one_sample_evaluation")]
        indexes = [models.Index(fields=["kind", "evaluated_on"], name="evaluation_kind_day")]

    def __str__(self) -> str:
        return f"{self.entry} {self.get_kind_display()} {self.grade}"


class Sampling(models.Model):
    """层级监督检查的抽查: the year, the seed that makes the draw reproducible, who drew it."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField("年度")
    seed = models.BigIntegerField("随机种子")
    made_by = models.ForeignKey(User, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField("抽取时间")

    class Meta:
        verbose_name = verbose_name_plural = "案卷抽查"
        ordering = ["-made_at"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "year"], name="one_sampling_a_year")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.year} 年抽查（种子 {self.seed}）"


class SampledFile(models.Model):
    sampling = models.ForeignKey(Sampling, verbose_name="抽查", on_delete=models.CASCADE, related_name="files")
    entry = models.ForeignKey(LedgerEntry, verbose_name="案卷", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "抽中的案卷"
        constraints = [models.UniqueConstraint(fields=["sampling", "entry"], name="unique_sampled_file")]

    def __str__(self) -> str:
        return str(self.entry)


class Evaluator(models.Model):
    """An evaluator assigned to a sampled file; one with an interest is recused and does not evaluate."""

    file = models.ForeignKey(SampledFile, verbose_name="案卷", on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(User, verbose_name="评查人员", on_delete=models.PROTECT, related_name="+")
    seconded = models.BooleanField("抽调人员", default=False)  # 第十条: from an agency, not the office
    recused = models.BooleanField("已回避", default=False)
    recusal_reason = models.CharField("回避理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评查人员"
        constraints = [models.UniqueConstraint(fields=["file", "user"], name="unique_file_evaluator")]

    def __str__(self) -> str:
        return f"{self.user} {self.file}"


class Summary(models.Model):
    """第九条：法制工作机构每半年对本单位自我评查工作的评析，书面报送县司法局."""

    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("半年度起")
    text = models.TextField("评析", max_length=TEXT_MAX * 5)
    submitted_by = models.ForeignKey(User, verbose_name="报送人", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField("报送时间")

    class Meta:
        verbose_name = verbose_name_plural = "自我评查半年评析"
        constraints = [models.UniqueConstraint(fields=["agency", "starts_on"], name="one_summary_per_half_year")]

    def __str__(self) -> str:
        return f"{self.agency} {self.starts_on:%Y}年{'上' if self.starts_on.month == 1 else '下'}半年"


class Standard(models.Model):
    """A jurisdiction's own 评查标准 (YAML, as evaluation/standards.yaml), loaded without code; the
    newest active one is used, the earlier ones kept."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=100)
    content = models.TextField("评查标准（YAML）")
    loaded_at = models.DateTimeField("载入时间")
    active = models.BooleanField("使用中", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "评查标准"
        ordering = ["jurisdiction", "-pk"]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.name}"
