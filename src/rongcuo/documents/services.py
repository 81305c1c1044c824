"""Every write of documents: issuing a step's documents, correcting one as a new version, its PDF,
and a jurisdiction's templates. Each stores the file once under its SHA-256 and appends an event
carrying that digest, so `audit verify` re-hashes it. (The dossier: documents.dossier.)"""

from __future__ import annotations

import io
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.cases.models import Case, State
from rongcuo.cases.procedure import basis_of
from rongcuo.cases.services.base import may
from rongcuo.core import files
from rongcuo.core.models import Jurisdiction, User
from rongcuo.core.records import keep_file, stage_event, unit_of_work
from rongcuo.core.roles import Role
from rongcuo.documents.drafts import Context, Draft, MissingData
from rongcuo.documents.kinds import KINDS
from rongcuo.documents.layout import LAYOUTS, REQUIRED, default_template
from rongcuo.documents.models import DocumentTemplate, IssuedDocument
from rongcuo.documents.render import page_count, pdf_unavailable_reason, render_docx, to_pdf
from rongcuo.rules.registry import get_pack

log = logging.getLogger("rongcuo.documents")
REASON_MAX = 200
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


def _today() -> Any:
    return timezone.localdate()


def template_for(jurisdiction: Jurisdiction, layout: str) -> bytes:
    """The jurisdiction's own template for the layout, else the default."""
    own = DocumentTemplate.objects.filter(jurisdiction=jurisdiction, layout=layout, active=True).order_by("-pk").first()
    if own is None:
        return default_template(layout)
    with default_storage.open(str(own.file.name), "rb") as handle:
        return bytes(handle.read())


def draft_of(case: Case, actor: User, title: str, subject: str, extra: dict[str, Any] | None = None) -> tuple[Draft, str]:
    """The document's content and its issuer, or MissingData naming everything that is missing."""
    context = Context(case=case, actor=actor, today=_today(), title=title, extra=extra or {})
    draft = KINDS[title].build(context, subject)
    issuer = context.issuer
    if title in NUMBERED and not draft.number:  # a step that takes a 文号 never issues its document without it
        context.missing.append(f"{title}的文号")
    context.check()
    return draft, issuer


# Documents whose step takes a 文号: issuing one without it is refused.
NUMBERED = {"不予受理书面答复", "容错纠错认定决定书", "告知书", "行政执法监督意见书", "复核决定书"}


def _issue(actor: User, case: Case, title: str, subject: str, *, step: str, reason: str = "",
           extra: dict[str, Any] | None = None) -> IssuedDocument:
    draft, issuer = draft_of(case, actor, title, subject, extra)
    try:
        content = render_docx(template_for(case.jurisdiction, KINDS[title].layout), draft, issuer=draft.issuer or issuer,
                              issued_on=_today(), case_number=case.number)
    except Exception:  # a template checked on upload should not fail; if it does, say so, never a 500
        log.exception("document_render_failed", extra={"case": case.pk, "document": title})
        raise ProcedureError("document_render", f"用本辖区的文书模板制作《{title}》失败，本环节未办理；"
                                                "请系统管理员检查模板，或在“文书设置”中恢复使用默认模板。") from None
    stored = files.store(ContentFile(content, name=f"{title}.docx"), "documents", "docx")
    keep_file(stored)
    previous = IssuedDocument.objects.filter(case=case, kind=title, subject=subject).order_by("-version").first()
    version = previous.version + 1 if previous else 1
    document = IssuedDocument(case=case, kind=title, subject=subject, version=version, number=draft.number,
                              sha256=stored.sha256, step=step, issued_by=actor, issued_at=timezone.now(),
                              correction_reason=reason)
    document.file.name = stored.name
    document.save()
    edition = f"（第{version}版）" if version > 1 else ""
    stage_event(stream=case.stream, actor=actor, action="issue_document",
                summary=f"制作《{draft.title}》{draft.number}{edition}", reason=reason,
                legal_basis=basis_of(case.pack_id, step) if step in get_pack(case.pack_id).procedure.steps else "",
                after={"document": title, "number": draft.number, "version": version, "file": stored.name,
                       "sha256": stored.sha256})
    return document


def issue_step_documents(*, actor: User, case: Case, action: str) -> list[IssuedDocument]:
    """The documents the case's regulation names for this step (pack.yaml `documents`), made from
    the records the step has just written, inside the step's unit of work: a document that cannot
    be made refuses the step, naming what is missing."""
    rule = get_pack(case.pack_id).procedure.steps.get(action)
    issued: list[IssuedDocument] = []
    for title in rule.documents if rule else ():
        kind = KINDS[title]
        subject = kind.subject(case)
        if subject is None:
            raise MissingData(title, ["所载的办案记录"])
        if kind.once and IssuedDocument.objects.filter(case=case, kind=title, subject=subject).exists():
            continue
        issued.append(_issue(actor, case, title, subject, step=action))
    return issued


def document_reissue(*, actor: User, document: IssuedDocument, reason: str) -> IssuedDocument:
    """更正: the document made again from the record as it stands now, as a new version with its
    own record; the earlier version is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("missing_text", "请填写更正理由。")
    if len(reason) > REASON_MAX:
        raise InvalidInput("too_long", f"更正理由不能超过 {REASON_MAX} 个字（现有 {len(reason)} 个字）。")
    asked = timezone.now()
    with unit_of_work():
        case = Case.objects.select_for_update().get(pk=document.case_id)
        if not may(actor, case, frozenset({Role.HANDLER})):
            raise NotAllowed("not_allowed", "您无权更正文书：只有本案承办人可以更正。")
        if case.state == State.ARCHIVED:
            raise ProcedureError("wrong_state", "案件已归档，文书不能再更正。")
        # the same correction sent again while this one waited for the case: one new version, not two
        meanwhile = IssuedDocument.objects.filter(case=case, kind=document.kind, subject=document.subject,
                                                  issued_at__gte=asked, correction_reason=reason).order_by("-pk").first()
        if meanwhile is not None:
            return meanwhile
        return _issue(actor, case, document.kind, document.subject, step=document.step, reason=reason)


def ensure_pdfs(documents: list[IssuedDocument], actor: User | None = None) -> None:
    """Make the PDFs these documents lack, in one LibreOffice run, and record each; a PDF made
    meanwhile by another request is kept and ours discarded."""
    missing = [d for d in documents if not d.pdf]
    if not missing:
        return
    reason = pdf_unavailable_reason()
    if reason:
        raise ProcedureError("pdf_unavailable", reason)
    sources = {}
    for document in missing:
        with default_storage.open(str(document.file.name), "rb") as handle:
            sources[str(document.pk)] = bytes(handle.read())
    made = to_pdf(sources)
    for document in missing:
        pdf = made[str(document.pk)]
        stored = files.store(ContentFile(pdf, name="document.pdf"), "documents", "pdf")
        try:
            with unit_of_work():
                row = IssuedDocument.objects.select_for_update().get(pk=document.pk)
                if row.pdf:  # made meanwhile by another request: keep that one
                    files.discard(stored)
                    document.refresh_from_db()
                    continue
                row.pdf.name, row.pdf_sha256, row.pages = stored.name, stored.sha256, page_count(pdf)
                row.save()
                stage_event(stream=f"case:{row.case_id}", actor=actor, action="render_pdf",
                            summary=f"生成《{row.kind}》{row.number}的 PDF 版本",
                            after={"document": row.kind, "version": row.version, "file": stored.name,
                                   "sha256": stored.sha256})
            document.refresh_from_db()
        except BaseException:
            files.discard(stored)
            raise


# --- templates -----------------------------------------------------------------------------------

def _check_template(content: bytes, layout: str) -> None:
    """A template must open, hold only placeholders and simple conditions on the known names (with
    the layout's required ones) and no external reference, and make a sample with its body whole."""
    import datetime as dt

    from docx import Document

    from rongcuo.documents import template_check
    from rongcuo.documents.drafts import Para

    try:
        template_check.check(content, REQUIRED[layout])
    except InvalidInput:
        raise
    except Exception:
        raise InvalidInput("template_unreadable", "无法打开该模板：请上传 Word（.docx）文件。") from None
    marker = "正文样张（检查用）。"
    sample = Draft("样张", layout, [Para(marker)], number="样〔2026〕1号", recipient="样张：")
    try:
        made = render_docx(content, sample, issuer="样张机关", issued_on=dt.date(2026, 1, 1), case_number="样")
        paragraphs = [p.text for p in Document(io.BytesIO(made)).paragraphs]
    except Exception:
        raise InvalidInput("template_render", "用该模板制作样张失败：请检查占位符是否完整、成对（如 {%p if %} 与 {%p endif %}）。") from None
    if marker not in paragraphs:
        raise InvalidInput("template_body", "正文占位符须单独成段，写作 {{p body }}（不是 {{ body }}）。")


def _refuse_unless_admin(actor: User, jurisdiction: Jurisdiction) -> None:
    if not actor.role_assignments.filter(role=Role.ADMIN, jurisdiction=jurisdiction).exists():
        raise NotAllowed("not_allowed", "您无权设置文书：只有本辖区的系统管理员可以设置。")


def template_upload(*, actor: User, jurisdiction: Jurisdiction, layout: str, upload: Any) -> DocumentTemplate:
    """Replace a layout's template for the jurisdiction, after checking it."""
    _refuse_unless_admin(actor, jurisdiction)
    if layout not in LAYOUTS:
        raise InvalidInput("invalid_layout", "请选择版式：公文式或表格式。")
    size = getattr(upload, "size", 0) or 0
    if size == 0 or size > TEMPLATE_MAX_BYTES:
        raise InvalidInput("template_size", f"模板文件不能为空，也不能超过 {TEMPLATE_MAX_BYTES // 1024 // 1024} MB。")
    upload.seek(0)
    content = upload.read()
    if files.detected_kind(io.BytesIO(content), "template.docx") != "docx":
        raise InvalidInput("template_unreadable", "无法打开该模板：请上传 Word（.docx）文件。")
    _check_template(content, layout)
    stored = files.store(ContentFile(content, name="template.docx"), "templates", "docx")
    with unit_of_work():
        keep_file(stored)
        DocumentTemplate.objects.filter(jurisdiction=jurisdiction, layout=layout, active=True).update(active=False)
        original = str(getattr(upload, "name", "") or "")[-200:]
        template = DocumentTemplate(jurisdiction=jurisdiction, layout=layout, sha256=stored.sha256,
                                    original_name=original, uploaded_by=actor, uploaded_at=timezone.now())
        template.file.name = stored.name
        template.save()
        stage_event(stream=f"templates:{jurisdiction.pk}", actor=actor, action="template_upload",
                    summary=f"启用{LAYOUTS[layout][:5]}模板“{original}”",
                    after={"layout": layout, "file": stored.name, "sha256": stored.sha256})
    return template


def template_revert(*, actor: User, jurisdiction: Jurisdiction, layout: str) -> None:
    """Go back to the default template for the layout (the uploaded ones are kept)."""
    _refuse_unless_admin(actor, jurisdiction)
    if layout not in LAYOUTS:
        raise InvalidInput("invalid_layout", "请选择版式：公文式或表格式。")
    with unit_of_work():
        changed = DocumentTemplate.objects.filter(jurisdiction=jurisdiction, layout=layout, active=True).update(active=False)
        if changed:
            stage_event(stream=f"templates:{jurisdiction.pk}", actor=actor, action="template_revert",
                        summary=f"{LAYOUTS[layout][:5]}恢复使用默认模板", after={"layout": layout})


def office_name_set(*, actor: User, jurisdiction: Jurisdiction, name: str, prefix: str | None = None) -> None:
    """发文机关名称 (how the supervising office signs its documents) and 文号简称 (历司 in 历司容决〔2026〕3号)."""
    _refuse_unless_admin(actor, jurisdiction)
    name = (name or "").strip()
    limit = Jurisdiction._meta.get_field("office_name").max_length or 100
    if not name:
        raise InvalidInput("missing_text", "请填写发文机关名称。")
    if len(name) > limit:
        raise InvalidInput("too_long", f"发文机关名称不能超过 {limit} 个字。")
    prefix = jurisdiction.number_prefix if prefix is None else prefix.strip()
    prefix_limit = Jurisdiction._meta.get_field("number_prefix").max_length or 20
    if len(prefix) > prefix_limit or any(c in prefix for c in "〔〕[]号"):
        raise InvalidInput("invalid_prefix", f"文号简称不超过 {prefix_limit} 个字，不含〔〕和“号”。")
    with unit_of_work():
        before = {"office_name": jurisdiction.office_name, "number_prefix": jurisdiction.number_prefix}
        jurisdiction.office_name, jurisdiction.number_prefix = name, prefix
        jurisdiction.save(update_fields=["office_name", "number_prefix"])
        stage_event(stream=f"templates:{jurisdiction.pk}", actor=actor, action="office_name",
                    summary=f"发文机关名称设为“{name}”，文号简称“{prefix}”", before=before,
                    after={"office_name": name, "number_prefix": prefix})
