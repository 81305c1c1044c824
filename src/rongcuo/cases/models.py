"""The case and the records each step leaves. Writes go through cases.services only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from rongcuo.cases.limits import DISPOSITION_MAX, LONG_LINE_MAX, METHOD_MAX, NAME_MAX, SHORT_MAX, TITLE_MAX
from rongcuo.core.models import Agency, Jurisdiction, Officer, User


class CaseRecord(models.Model):
    """A record a step leaves in a case's dossier."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class State(models.TextChoices):
    APPLIED = "applied", "待立案"
    INVESTIGATING = "investigating", "核实中"
    TRANSFERRED = "transferred", "已移交执法机关"
    DETERMINED = "determined", "已认定"
    NOTIFIED = "notified", "已告知"
    UNDER_REVIEW = "under_review", "复核中"
    RECTIFYING = "rectifying", "纠错整改中"
    REJECTED = "rejected", "不予受理"
    ARCHIVED = "archived", "已归档"


class Source(models.TextChoices):
    OWN_APPLICATION = "own_application", "本人申请"
    UNIT_APPLICATION = "unit_application", "单位代为申请"
    SUPERVISION_CASE = "supervision_case", "行政执法监督案件"
    COMPLAINT = "complaint", "投诉举报"
    REFERRAL = "referral", "移送"


class Case(models.Model):
    number = models.CharField("立案编号", max_length=50, blank=True)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="cases")
    pack_id = models.CharField("适用规则包", max_length=50)
    officer = models.ForeignKey(Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="cases")
    agency = models.ForeignKey(Agency, verbose_name="执法机关", on_delete=models.PROTECT, related_name="cases")
    source = models.CharField("来源", max_length=30, choices=Source.choices)
    title = models.CharField("事由", max_length=TITLE_MAX)
    narrative = models.TextField("基本情况")
    conduct_date = models.DateField("行为发生日期")
    facts = models.JSONField("事实要素", default=dict, blank=True)
    is_major = models.BooleanField("重大复杂案件", default=False)
    joint_with_discipline = models.BooleanField("与纪检监察机关联合调查", default=False)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.APPLIED)
    created_by = models.ForeignKey(User, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    filed_on = models.DateField("立案日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    # The words of the number, title, narrative, officer and agency, segmented by jieba and joined
    # by spaces: PostgreSQL indexes it for full-text search (cases.search), SQLite scans it.
    search_text = models.TextField("检索词", blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "容错纠错案件"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["jurisdiction", "state", "-created_at"], name="case_jurisdiction_state"),
            models.Index(fields=["agency", "-created_at"], name="case_agency"),
            models.Index(fields=["-created_at"], name="case_created"),
            # who may see what reads case ids by jurisdiction (an index-only scan for the workbench)
            models.Index(fields=["jurisdiction", "id"], name="case_jurisdiction_ids"),
        ]

    def __str__(self) -> str:
        return f"{self.number or '（未立案）'} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from rongcuo.cases.search import segmented

        self.search_text = segmented(self.number, self.title, self.narrative, self.officer.name, self.agency.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def stream(self) -> str:
        return f"case:{self.pk}"

    @property
    def determination(self) -> Determination | None:
        """The determination in force: the latest one not superseded by a review (复核)."""
        standing = [d for d in self.determinations.all() if d.superseded_on is None]  # prefetched on pages
        return max(standing, key=lambda d: d.pk, default=None)


class Evidence(CaseRecord):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("文件", upload_to="evidence/")  # named by its SHA-256 (core.files)
    original_name = models.CharField("原文件名", max_length=SHORT_MAX, blank=True)
    description = models.CharField("说明", max_length=SHORT_MAX)
    uploaded_by = models.ForeignKey(User, verbose_name="提交人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "证据材料"


class Investigator(CaseRecord):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="investigators")
    user = models.ForeignKey(User, verbose_name="调查人员", on_delete=models.PROTECT, related_name="+")
    declared_interest = models.BooleanField("申报利害关系", default=False)
    recused = models.BooleanField("已回避", default=False)
    recusal_reason = models.CharField("回避理由", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "调查人员"
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="unique_investigator")]


class Statement(CaseRecord):
    """陈述申辩 of the officer."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="statements")
    text = models.TextField("陈述申辩内容")
    given_on = models.DateField("日期")
    recorded_by = models.ForeignKey(User, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "陈述申辩"


class HearingNotice(CaseRecord):
    """听证通知: when, where and who hosts a hearing, sent before it is held."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="hearing_notices")
    hearing_on = models.DateField("听证日期")
    place = models.CharField("听证地点", max_length=SHORT_MAX)
    host = models.CharField("听证主持人", max_length=NAME_MAX)
    issued_on = models.DateField("通知日期")

    class Meta:
        verbose_name = verbose_name_plural = "听证通知"


class Hearing(CaseRecord):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("听证日期")
    host = models.CharField("听证主持人", max_length=NAME_MAX)
    summary = models.TextField("听证情况")

    class Meta:
        verbose_name = verbose_name_plural = "听证"


class Consultation(CaseRecord):
    class Kind(models.TextChoices):
        CONSULT = "consult", "会商"
        ESCALATE = "escalate", "提请上级"
        JOINT = "joint", "商请纪检监察机关联合调查"

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    with_whom = models.CharField("参加单位", max_length=200)
    summary = models.TextField("意见")
    held_on = models.DateField("日期")

    class Meta:
        verbose_name = verbose_name_plural = "会商与提请"


class Transfer(CaseRecord):
    """移交行政执法机关自行调查 (历城区办法第十五条): 30 days to handle, 7 days to report."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="transfers")
    agency = models.ForeignKey(Agency, verbose_name="移交机关", on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField("移交日期")
    handled_on = models.DateField("处理完成日期", null=True, blank=True)
    reported_on = models.DateField("报备日期", null=True, blank=True)
    result = models.TextField("处理结果", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "移交"


class ClockPause(CaseRecord):
    """Technical appraisal time (鉴定、评估、检测), not counted (历城区办法第十六条)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="pauses")
    paused_on = models.DateField("暂停日期")
    resumed_on = models.DateField("恢复日期", null=True, blank=True)
    reason = models.CharField("事由", max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = "期限暂停"


class Extension(CaseRecord):
    """One extension of the investigation, at most 30 days, approved by a head (第十七条)."""

    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="extension")
    days = models.PositiveIntegerField("延长天数")
    reason = models.TextField("理由")
    approved_by = models.ForeignKey(User, verbose_name="批准人", on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("批准日期")

    class Meta:
        verbose_name = verbose_name_plural = "延长期限"


class Determination(CaseRecord):
    """A determination (认定决定). A review that changes it records a new one; the old one is kept,
    marked superseded, and stays in the record."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="determinations")
    number = models.CharField("文号", max_length=50)
    pack_id = models.CharField("适用规则包", max_length=50)
    pack_version = models.CharField("规则包版本", max_length=20)
    outcome = models.CharField("认定结论", max_length=20)
    conduct_time_assessment = models.JSONField("行为时规则的认定", null=True)
    current_assessment = models.JSONField("现行规则的认定", null=True)
    applied = models.CharField("适用", max_length=20)  # "conduct_time" or "current"
    choice_reason = models.TextField("从旧兼从轻说明")
    disposition = models.CharField("处理决定", max_length=DISPOSITION_MAX)
    outside_range_reason = models.TextField("超出处理幅度的理由", blank=True)
    opinion = models.TextField("认定意见")
    decided_by = models.ForeignKey(User, verbose_name="认定人", on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("认定日期")
    deciding_body = models.CharField("认定机关", max_length=100, blank=True)
    meeting_date = models.DateField("党组会议日期", null=True, blank=True)
    attendees = models.CharField("参会人员", max_length=LONG_LINE_MAX, blank=True)
    superseded_on = models.DateField("被复核决定变更的日期", null=True, blank=True)
    by_review = models.ForeignKey("ReviewRequest", verbose_name="复核", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "认定决定"


class Notice(CaseRecord):
    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="notice")
    number = models.CharField("文号", max_length=50)
    sent_on = models.DateField("告知日期")
    recipients = models.CharField("告知对象", max_length=SHORT_MAX)
    received_on = models.DateField("送达日期", null=True, blank=True)
    receipt_method = models.CharField("送达方式", max_length=METHOD_MAX, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "告知"


class Publication(CaseRecord):
    """公开 of the decision 一般应在一定范围内 (隰县制度第十四条): where and when, or why not."""

    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="publication")
    published = models.BooleanField("已公开")
    scope = models.CharField("公开范围", max_length=SHORT_MAX, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    reason = models.CharField("不公开的理由", max_length=LONG_LINE_MAX, blank=True)
    recorded_by = models.ForeignKey(User, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "公开"


class OpinionLetter(CaseRecord):
    """《行政执法监督意见书》 (历城区办法第十八条第二款)."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="opinion_letters")
    number = models.CharField("文号", max_length=50)
    issued_on = models.DateField("制发日期")
    content = models.TextField("意见")

    class Meta:
        verbose_name = verbose_name_plural = "行政执法监督意见书"


class ReviewRequest(CaseRecord):
    case = models.OneToOneField(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="review")
    requested_on = models.DateField("申请日期")
    grounds = models.TextField("复核理由")
    decided_on = models.DateField("复核决定日期", null=True, blank=True)
    upheld = models.BooleanField("维持原认定", null=True)
    decision = models.TextField("复核决定", blank=True)
    number = models.CharField("文号", max_length=50, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "复核"


class RectificationTask(CaseRecord):
    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="tasks")
    description = models.TextField("纠错事项与要求")
    due_on = models.DateField("整改期限")
    extended_to = models.DateField("延长至", null=True, blank=True)
    extended_to_requested = models.DateField("申请延长至", null=True, blank=True)
    extension_reason = models.CharField("申请延长理由", max_length=200, blank=True)
    extension_pending = models.BooleanField("延长申请待批", default=False)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    completion_report = models.TextField("整改情况", blank=True)
    follow_up = models.TextField("跟踪了解情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "纠错整改任务"

    @property
    def effective_due(self) -> object:
        return self.extended_to or self.due_on


class DueDate(CaseRecord):
    """期限预计: one running time limit of a case, kept by every step from the case's records
    (cases.projection), so lists of deadlines are read, not computed. Rebuilt with
    `rongcuo due-dates --rebuild`, e.g. after the holiday table changes."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.CASCADE, related_name="due_dates")
    key = models.CharField("期限", max_length=40)
    label = models.CharField("事项", max_length=LONG_LINE_MAX)
    basis = models.CharField("依据", max_length=LONG_LINE_MAX, blank=True)
    due_on = models.DateField("届满日期", null=True, blank=True)
    paused = models.BooleanField("暂停计算", default=False)
    provisional = models.BooleanField("节假日安排未录入，日期暂定", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "期限预计"
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="unique_due_date")]
        indexes = [models.Index(fields=["paused", "due_on"], name="due_date_order")]

    @property
    def status(self) -> DueStatus:
        return DueStatus(self.due_on, self.paused, self.provisional)

    @property
    def deadline(self) -> DueDate:  # a row of the workbench reads as {case, deadline}
        return self


class DueStatus:
    """Days left and overdue are counted from today when read, never stored."""

    def __init__(self, due_date: dt.date | None, paused: bool, provisional: bool) -> None:
        self.due_date, self.paused, self.provisional = due_date, paused, provisional
        self.days_left = (due_date - dt.date.today()).days if due_date else None
        self.overdue = self.days_left is not None and self.days_left < 0
