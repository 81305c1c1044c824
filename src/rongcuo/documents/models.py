"""Issued documents, the dossier, and the templates a jurisdiction replaces. Writes go through
documents.services only; every issued file is stored once under its SHA-256, which the case's
record carries."""

from __future__ import annotations

from django.db import models

from rongcuo.cases.models import Case
from rongcuo.core.models import Jurisdiction, User
from rongcuo.documents.layout import LAYOUTS

SHA_LENGTH = 64
TITLE_MAX = 50
SUBJECT_MAX = 50
REASON_MAX = 200


class IssuedDocument(models.Model):
    """One version of one document of a case. A correction is a new version with its own record;
    the earlier version is kept and stays downloadable."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书", max_length=TITLE_MAX)  # its title in pack.yaml (rules.pack.DOCUMENTS)
    subject = models.CharField("所载记录", max_length=SUBJECT_MAX)  # e.g. "determination:4"
    version = models.PositiveIntegerField("版本")
    number = models.CharField("文号", max_length=50, blank=True)
    file = models.FileField("Word 文件", upload_to="documents/")
    sha256 = models.CharField("SHA-256", max_length=SHA_LENGTH)
    pdf = models.FileField("PDF 文件", upload_to="documents/", blank=True)
    pdf_sha256 = models.CharField("PDF 的 SHA-256", max_length=SHA_LENGTH, blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)  # counted from the PDF
    step = models.CharField("制作环节", max_length=40)
    issued_by = models.ForeignKey(User, verbose_name="制作人", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("制作时间")
    correction_reason = models.CharField("更正理由", max_length=REASON_MAX, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书"
        ordering = ["case", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "subject", "version"], name="unique_document_version")]

    def __str__(self) -> str:
        return f"《{self.kind}》{self.number} 第{self.version}版"


class Dossier(models.Model):
    """卷宗: the case's documents, evidence, record and chain-verification report in one ZIP."""

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="dossiers")
    version = models.PositiveIntegerField("版本")
    file = models.FileField("卷宗文件", upload_to="dossiers/")
    sha256 = models.CharField("SHA-256", max_length=SHA_LENGTH)
    documents = models.PositiveIntegerField("文书份数")
    evidence = models.PositiveIntegerField("证据份数")
    chain_clean = models.BooleanField("记录校验无问题")
    made_by = models.ForeignKey(User, verbose_name="制作人", on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField("制作时间")

    class Meta:
        verbose_name = verbose_name_plural = "卷宗"
        ordering = ["case", "-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="unique_dossier_version")]

    def __str__(self) -> str:
        return f"案件 {self.case_id} 卷宗 第{self.version}版"


class DocumentTemplate(models.Model):
    """A jurisdiction's own .docx template for one layout, replacing the default (validated when
    uploaded). The newest active one is used; earlier ones are kept."""

    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="辖区", on_delete=models.PROTECT, related_name="document_templates")
    layout = models.CharField("版式", max_length=10, choices=list(LAYOUTS.items()))
    file = models.FileField("模板文件", upload_to="templates/")
    sha256 = models.CharField("SHA-256", max_length=SHA_LENGTH)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(User, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")
    active = models.BooleanField("使用中", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "文书模板"
        ordering = ["jurisdiction", "layout", "-pk"]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.get_layout_display()}"
