"""信访举报 against an officer, from every channel; the reporter's identity sealed (complaints.
sealing); triage into a case; the feedback the regulation owes the reporter; 澄清正名 of an
officer falsely accused; requests to reveal a sealed identity. Writes go through
complaints.services only, each appending to the complaint's record (stream complaint:<id>)."""

from __future__ import annotations

from django.db import models

from rongcuo.cases.models import Case
from rongcuo.complaints.limits import NOTE_MAX, SHORT_MAX, TEXT_MAX, TICKET_MAX
from rongcuo.core.models import Agency, Jurisdiction, Officer, User


class Channel(models.TextChoices):
    WEB = "web", "网上举报"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    HOTLINE = "hotline", "12345 热线转办"
    DISCIPLINE = "discipline", "纪检监察机关移送"


class Status(models.TextChoices):
    NEW = "new", "待分办"
    LINKED = "linked", "已并入案件"
    CASE_OPENED = "case_opened", "已立案核查"
    TRANSFERRED = "transferred", "已转办"
    DUPLICATE = "duplicate", "重复举报（已并案）"
    CLOSED = "closed", "已办结"
    ARCHIVED = "archived", "已归档"


class Closing(models.TextChoices):
    """Why a complaint ends. The first three are the regulations' own (历城区第二十二条、隰县第十九
    条): they owe the reporter feedback (named) or an explanation (anonymous)."""

    UNFOUNDED = "unfounded", "经查不属实"
    UNPROVEN = "unproven", "查无实据"
    TOLERATED = "tolerated", "经认定予以容错免责"
    FOUNDED = "founded", "经查属实，已依规处理"
    OUTSIDE = "outside", "不属于受理范围"


FEEDBACK_OWED = (Closing.UNFOUNDED, Closing.UNPROVEN, Closing.TOLERATED)


class Complaint(models.Model):
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="受理辖区", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices)
    ticket = models.CharField("工单号", max_length=TICKET_MAX, blank=True)  # 12345, or the referral's number
    received_on = models.DateField("收到日期")
    registered_by = models.ForeignKey(User, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")  # None: filed by the reporter on the portal
    reported_person = models.CharField("被举报人", max_length=SHORT_MAX, blank=True)  # as the reporter wrote it
    agency = models.ForeignKey(Agency, verbose_name="被举报单位", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    officer = models.ForeignKey(Officer, verbose_name="被举报执法人员", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")  # identified at triage
    text = models.TextField("举报内容", max_length=TEXT_MAX)  # the reporter's own identity masked out (sealing)
    anonymous = models.BooleanField("匿名举报", default=True)
    sealed_identity = models.TextField("举报人身份（加密）", blank=True, editable=False)
    receipt_hash = models.CharField("回执码摘要", max_length=64, unique=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NEW)
    case = models.ForeignKey(Case, verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="complaints")
    duplicate_of = models.ForeignKey("self", verbose_name="同一事项的举报", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="duplicates")
    transferred_to = models.CharField("转办去向", max_length=SHORT_MAX, blank=True)
    closing = models.CharField("办结情形", max_length=20, choices=Closing.choices, blank=True)
    closing_note = models.TextField("办结说明", max_length=NOTE_MAX, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    feedback_due_on = models.DateField("反馈期限", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "信访举报"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["jurisdiction", "status", "-created_at"], name="complaint_place_status"),
                   models.Index(fields=["feedback_due_on"], name="complaint_feedback_due")]

    def __str__(self) -> str:
        return f"举报 {self.pk}（{self.get_channel_display()}，{self.received_on:%Y-%m-%d}）"

    @property
    def stream(self) -> str:
        return f"complaint:{self.pk}"

    @property
    def reporter_label(self) -> str:
        """What the office sees of the reporter: never who."""
        return "匿名举报人" if self.anonymous else "实名举报人（身份已加密）"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, verbose_name="举报", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to="complaints/")
    sha256 = models.CharField("SHA-256", max_length=64)
    original_name = models.CharField("原文件名", max_length=SHORT_MAX, blank=True)
    from_reporter = models.BooleanField("举报人提交", default=True)
    added_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "举报材料"
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or f"材料 {self.pk}"


class Addition(models.Model):
    """Information the reporter added afterwards through the portal with the receipt."""

    complaint = models.ForeignKey(Complaint, verbose_name="举报", on_delete=models.CASCADE, related_name="additions")
    text = models.TextField("补充内容", max_length=NOTE_MAX)
    added_at = models.DateTimeField("补充时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "补充材料"
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"补充 {self.pk}"


class Feedback(models.Model):
    """历城区第二十二条、隰县第十九条: 属实名举报的，按规定向举报人反馈结果；属匿名举报的，在一定
    范围内说明情况."""

    class Kind(models.TextChoices):
        REPLY = "reply", "向举报人反馈结果"
        EXPLANATION = "explanation", "在一定范围内说明情况"

    class Way(models.TextChoices):
        PORTAL = "portal", "通过门户（回执码查询）"
        LETTER = "letter", "书面函告"
        MEETING = "meeting", "会议说明"
        NOTICE = "notice", "通报"

    complaint = models.OneToOneField(Complaint, verbose_name="举报", on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    way = models.CharField("途径", max_length=20, choices=Way.choices)
    text = models.TextField("反馈内容", max_length=NOTE_MAX)
    scope = models.CharField("说明范围", max_length=SHORT_MAX, blank=True)  # anonymous: 在一定范围内
    given_on = models.DateField("反馈日期")
    given_by = models.ForeignKey(User, verbose_name="反馈人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "举报反馈"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.given_on:%Y-%m-%d}）"


class Clarification(models.Model):
    """澄清正名 of an officer found maliciously slandered or falsely accused."""

    class Manner(models.TextChoices):
        MEETING = "meeting", "会议"
        NOTICE = "notice", "通报"
        WRITTEN = "written", "书面"

    complaint = models.ForeignKey(Complaint, verbose_name="举报", on_delete=models.PROTECT, related_name="clarifications")
    officer = models.ForeignKey(Officer, verbose_name="澄清正名的执法人员", on_delete=models.PROTECT, related_name="+")
    finding = models.CharField("查明情形", max_length=SHORT_MAX)  # 恶意中伤、诬告陷害、恶意炒作、诽谤
    established = models.TextField("查明的情况", max_length=NOTE_MAX, blank=True)
    scope = models.CharField("范围", max_length=SHORT_MAX)
    manner = models.CharField("方式", max_length=20, choices=Manner.choices)
    held_on = models.DateField("日期")
    referred_to_discipline = models.BooleanField("移送纪检监察机关", default=False)
    referral_note = models.CharField("移送说明", max_length=SHORT_MAX, blank=True)
    number = models.CharField("文号", max_length=50, blank=True)
    document = models.FileField("澄清正名通知", upload_to="complaints/")
    document_sha256 = models.CharField("通知 SHA-256", max_length=64)
    recorded_by = models.ForeignKey(User, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "澄清正名"

    def __str__(self) -> str:
        return f"澄清正名 {self.number}"


class RevealRequest(models.Model):
    """A reasoned request to see a sealed identity; a custodian (not the requester) decides."""

    class State(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    complaint = models.ForeignKey(Complaint, verbose_name="举报", on_delete=models.PROTECT, related_name="reveal_requests")
    requested_by = models.ForeignKey(User, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("理由", max_length=NOTE_MAX)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(User, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=SHORT_MAX, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "身份查看申请"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"查看申请 {self.pk}（{self.get_state_display()}）"


class Hit(models.Model):
    """One request counted against a limit (complaints filed, receipts tried) from an address kept
    only as a keyed hash (sealing.address_key); old rows are pruned as new ones come."""

    key = models.CharField("计数键", max_length=80)
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "限流计数"
        indexes = [models.Index(fields=["key", "at"], name="hit_key_at")]

    def __str__(self) -> str:
        return f"{self.key} {self.at:%Y-%m-%d %H:%M}"

