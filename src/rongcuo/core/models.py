"""Jurisdictions, agencies, officers, users and their roles; holiday overrides; the event log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models

from rongcuo.core.roles import Role


class User(AbstractUser):
    """A person who signs in. Roles are granted per jurisdiction or agency (RoleAssignment)."""

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def roles(self) -> set[str]:
        return set(self.role_assignments.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return self.role_assignments.filter(role__in=roles).exists()


class Jurisdiction(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县（区）"
        DEPARTMENT = "department", "部门"

    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    rule_packs = models.JSONField("适用规则包", default=list, blank=True, help_text="规则包 id 列表，如 [\"licheng-2025\"]")
    number_prefix = models.CharField("文号简称", max_length=20, blank=True, help_text="如 历司")
    office_name = models.CharField("发文机关名称", max_length=100, blank=True,
                                   help_text="监督机构在文书上的署名，如 济南市历城区司法局")
    publish_certificates = models.BooleanField("公示持证执法人员名单", default=False,
                                               help_text="隰县行政执法统计制度第五条第（二）项：及时在相关网站公示")
    publish_statistics = models.BooleanField("在门户公开执法统计", default=False,
                                             help_text="在公众门户公开本辖区的行政执法统计（按台账）")
    feedback_days = models.PositiveSmallIntegerField(
        "举报反馈期限（日）", default=15,
        help_text="两部规定均未规定向举报人反馈的期限，由本机关设定；自办结（结论作出）之日起计算")

    class Meta:
        verbose_name = verbose_name_plural = "辖区"

    def __str__(self) -> str:
        return self.name

    def governing(self) -> Jurisdiction:
        """This jurisdiction, or the nearest one above it, that has its rule packs (a township's
        cases run under its county's regulation)."""
        node = self
        while not node.rule_packs and node.parent is not None:
            node = node.parent
        return node

    def subtree_ids(self) -> list[int]:
        """This jurisdiction's id and those of every jurisdiction under it (township → county → city)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Jurisdiction.objects.filter(parent__in=frontier).values_list("pk", flat=True))
            ids += frontier
        return ids

    def ancestors(self) -> list[Jurisdiction]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Agency(models.Model):
    name = models.CharField("名称", max_length=100)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="所属辖区", on_delete=models.PROTECT, related_name="agencies")
    number_prefix = models.CharField("文号简称", max_length=20, blank=True,
                                     help_text="本单位署名的文书（如隰县制度由所在单位作出认定）所用，如 隰市监")

    class Meta:
        verbose_name = verbose_name_plural = "行政执法机关"

    def __str__(self) -> str:
        return self.name


class Officer(models.Model):
    """行政执法人员, including staff without a certificate and auxiliary staff (历城区办法第四条)."""

    name = models.CharField("姓名", max_length=50)
    certificate_number = models.CharField("执法证号", max_length=50, blank=True)
    agency = models.ForeignKey(Agency, verbose_name="所在机关", on_delete=models.PROTECT, related_name="officers")
    is_auxiliary = models.BooleanField("行政执法辅助人员", default=False)
    user = models.OneToOneField(User, verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL, related_name="officer")

    class Meta:
        verbose_name = verbose_name_plural = "执法人员"

    def __str__(self) -> str:
        return f"{self.name}（{self.agency}）"


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", null=True, blank=True, on_delete=models.CASCADE)
    agency = models.ForeignKey(Agency, verbose_name="机关", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role", "jurisdiction", "agency"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class HolidayOverride(models.Model):
    """节假日调整表: overrides chinese-calendar for one day."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    name = models.CharField("说明", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_workday else '休息日'} {self.name}"


class HolidayYear(models.Model):
    """A year whose holiday arrangement the override table covers completely."""

    year = models.PositiveIntegerField("年份", unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "已录入节假日安排的年份"

    def __str__(self) -> str:
        return str(self.year)


class Event(models.Model):
    """One step in a case's record. Append-only; each row's hash covers the previous hash."""

    stream = models.CharField("记录流", max_length=50, db_index=True)  # e.g. "case:12"
    sequence = models.PositiveIntegerField("序号")
    actor = models.ForeignKey(User, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("操作人姓名", max_length=150)
    at = models.DateTimeField("时间")
    action = models.CharField("操作", max_length=50)
    summary = models.CharField("摘要", max_length=200)
    reason = models.TextField("理由", blank=True)
    legal_basis = models.CharField("法律依据", max_length=200, blank=True)
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)
    rows = models.JSONField("写入的数据行", default=dict, blank=True)  # core.records
    previous_hash = models.CharField("前一哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)
    signature = models.CharField("签名", max_length=128, blank=True)  # Ed25519 over the hash (core.signing)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["stream", "sequence"]
        constraints = [models.UniqueConstraint(fields=["stream", "sequence"], name="unique_event_sequence")]

    def __str__(self) -> str:
        return f"{self.stream}#{self.sequence} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("操作记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("操作记录只能追加，不能删除")


class StreamHead(models.Model):
    """The last event of each stream. Appends lock this row, so one stream's events are written one
    at a time; `audit verify` compares it with the events and `audit export-heads` signs it."""

    stream = models.CharField("记录流", max_length=50, unique=True)
    sequence = models.PositiveIntegerField("序号")
    hash = models.CharField("哈希", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "记录流链头"

    def __str__(self) -> str:
        return f"{self.stream}#{self.sequence}"


class ReadLog(models.Model):
    """Who read which case, its record, documents or evidence, and when (查阅留痕)."""

    user = models.ForeignKey(User, verbose_name="查阅人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    case_id = models.BigIntegerField("案件", db_index=True)
    what = models.CharField("查阅内容", max_length=50)
    via = models.CharField("途径", max_length=10)  # 页面 or 接口

    class Meta:
        verbose_name = verbose_name_plural = "查阅记录"
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M} 案件 {self.case_id} {self.what}"


class DocumentCounter(models.Model):
    """The last number issued per jurisdiction, kind and year (locked when a number is issued)."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)  # a unit's own numbers
    kind = models.CharField(max_length=10)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文号计数"
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "kind", "year"], condition=models.Q(agency__isnull=True),
                                    name="unique_document_counter"),
            models.UniqueConstraint(fields=["agency", "kind", "year"], condition=models.Q(agency__isnull=False),
                                    name="unique_agency_document_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.kind} {self.year}: {self.last}"
