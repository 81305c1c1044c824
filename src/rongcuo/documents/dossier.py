"""卷宗: one ZIP per case — the 卷内目录 (index with page counts), every document in order, the
evidence files, the record as CSV and as a readable document, and the chain-verification report.
Made by the handler or the head on demand and automatically at 归档; stored once under its
SHA-256, which the case's record carries."""

from __future__ import annotations

import csv
import io
import logging
import re
import tempfile
import zipfile
from pathlib import PurePosixPath

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from rongcuo.cases.errors import NotAllowed
from rongcuo.cases.models import Case
from rongcuo.cases.services.base import may
from rongcuo.core import audit, files, signing
from rongcuo.core.models import Event, User
from rongcuo.core.records import keep_file, stage_event, unit_of_work
from rongcuo.core.roles import Role
from rongcuo.documents.drafts import Draft, Para, Table
from rongcuo.documents.models import Dossier, IssuedDocument
from rongcuo.documents.render import pdf_unavailable_reason, render_docx
from rongcuo.documents.services import ensure_pdfs, template_for
from rongcuo.documents.timeline import action_label

log = logging.getLogger("rongcuo.documents")
MAKERS = frozenset({Role.HANDLER, Role.HEAD})
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def may_make(actor: User, case: Case) -> bool:
    return may(actor, case, MAKERS)


def _safe(name: str, limit: int = 60) -> str:
    return _UNSAFE.sub("_", name).strip("_")[:limit] or "文件"


def _record_csv(events: list[Event]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["序号", "时间", "操作人", "操作", "摘要", "理由", "法律依据", "哈希", "签名"])
    for e in events:
        writer.writerow([e.sequence, timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name,
                         action_label(e), e.summary, e.reason, e.legal_basis, e.hash, e.signature])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV as such


def _verification_text(case: Case, report: audit.Report, last: int) -> str:
    lines = [
        "记录校验报告", "",
        f"案件：{case.number} {case.title}",
        f"校验时间：{timezone.localtime().strftime('%Y年%m月%d日 %H:%M:%S')}",
        f"校验范围：本案第 1 至第 {last} 条操作记录；数据行 {report.rows} 行；文件 {report.files} 个",
        "校验内容：哈希链与每条记录的签名、链头、数据库中的办案数据与记录一致、每个文件的 SHA-256",
        f"签名公钥（Ed25519）：{signing.public_key_hex()}", "",
    ]
    if report.problems:
        lines.append(f"结论：发现 {len(report.problems)} 处问题，记录不完整或被改动：")
        lines += [f"  {i}. {p}" for i, p in enumerate(report.problems, 1)]
    else:
        lines.append("结论：校验通过。记录完整，签名有效，数据与文件均与记录一致，未发现篡改。")
    return "\n".join(lines) + "\n"


def _read(name: str | None) -> bytes:
    if not name:
        raise FileNotFoundError("文件不存在")
    with default_storage.open(name, "rb") as handle:
        return bytes(handle.read())


def _form(case: Case, actor: User, title: str, table: Table, note: str = "") -> bytes:
    draft = Draft(title, "form", [table, *([Para(note)] if note else [])], signed=False)
    return render_docx(template_for(case.jurisdiction, "form"), draft, issuer="", issued_on=timezone.localdate(),
                       case_number=case.number)


def build(case: Case, actor: User, no_pdf: str | None) -> tuple[tempfile.SpooledTemporaryFile[bytes], dict[str, int | bool]]:
    """The ZIP, written to a temporary file, and its counts; `no_pdf` says why pages are not counted."""
    documents = list(IssuedDocument.objects.filter(case=case).order_by("pk"))
    events = list(Event.objects.filter(stream=case.stream).order_by("sequence"))
    report = audit.verify_case(case.pk)
    latest = {(d.kind, d.subject): d.pk for d in documents}  # the newest version of each
    target = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115  (returned to the caller, who closes it)
    sums: list[tuple[str, str]] = []
    rows: list[tuple[str, ...]] = [("序号", "文书", "文号", "日期", "页数", "起止页", "文件")]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        def put(name: str, content: bytes) -> None:
            archive.writestr(name, content)
            sums.append((files.sha256_of(content), name))

        page, order = 1, 0
        for document in documents:
            current = latest[(document.kind, document.subject)] == document.pk
            folder = "" if current else "历次版本/"
            if current:
                order += 1
            stem = f"{folder}{order:02d}_{_safe(document.kind)}" + (f"_第{document.version}版" if document.version > 1 or not current else "")
            put(f"{stem}.docx", _read(document.file.name))
            if document.pdf:
                put(f"{stem}.pdf", _read(document.pdf.name))
            if current:
                pages = document.pages
                span = f"{page}–{page + pages - 1}" if pages else "—"
                page += pages or 0
                rows.append((str(order), f"《{document.kind}》" + (f"（第{document.version}版）" if document.version > 1 else ""),
                             document.number, timezone.localtime(document.issued_at).strftime("%Y-%m-%d"),
                             str(pages) if pages else "—", span, f"{stem}.docx"))
        evidence = list(case.evidence.order_by("pk"))
        for index, item in enumerate(evidence, 1):
            suffix = PurePosixPath(item.file.name or "").suffix
            put(f"证据材料/{index:02d}_{_safe(item.description, 40)}{suffix}", _read(item.file.name))
        put("操作记录.csv", _record_csv(events))
        record_rows = (("序号", "时间", "操作人", "摘要"), *[
            (str(e.sequence), timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M"), e.actor_name, e.summary) for e in events])
        record_docx = _form(case, actor, "操作记录", Table(record_rows, (14, 34, 28, 80)))
        put("操作记录.docx", record_docx)
        put("记录校验报告.txt", _verification_text(case, report, events[-1].sequence if events else 0).encode("utf-8"))
        note = "页数按 PDF 计。" if no_pdf is None else f"页数未计：{no_pdf}"
        index_docx = _form(case, actor, "卷内目录", Table(tuple(rows), (12, 46, 34, 22, 12, 16, 14)),
                           f"{note}另附：证据材料 {len(evidence)} 份（证据材料/）；操作记录（CSV 与 Word）；记录校验报告。")
        # the index and the record stay .docx (and .csv): a LibreOffice run for them would cost more
        # than the whole dossier takes once the documents' PDFs exist
        put("00_卷内目录.docx", index_docx)
        archive.writestr("SHA256SUMS.txt", "".join(f"{digest}  {name}\n" for digest, name in sums))
    target.seek(0)
    current_count = len(latest)
    return target, {"documents": current_count, "evidence": len(evidence), "chain_clean": not report.problems}


def dossier_make(*, actor: User, case: Case) -> Dossier:
    """Make the case's dossier now (a new version each time) and record it. The documents' PDFs are
    made first; the dossier itself is built holding the case, so requests sent together make one."""
    if not may_make(actor, case):
        raise NotAllowed("not_allowed", "您无权制作卷宗：只有本案的承办人或负责人可以制作。")
    asked = timezone.now()
    pdf_note = pdf_unavailable_reason()
    if pdf_note is None:
        try:
            ensure_pdfs(list(IssuedDocument.objects.filter(case=case).order_by("pk")), actor)
        except Exception:  # LibreOffice failed: the dossier is still made, its index says why pages are not counted
            log.exception("dossier_pdfs_failed", extra={"case": case.pk})
            pdf_note = "PDF 生成失败（详见服务器日志），页数未计。"
    with unit_of_work():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        last = Dossier.objects.filter(case=locked).order_by("-version").first()
        if last is not None and last.made_at >= asked:  # made by a request sent with this one
            return last
        content, counts = build(locked, actor, pdf_note)
        with content:
            stored = files.store(File(content, name="dossier.zip"), "dossiers", "zip")
        keep_file(stored)
        dossier = Dossier(case=locked, version=(last.version + 1) if last else 1, sha256=stored.sha256,
                          documents=int(counts["documents"]), evidence=int(counts["evidence"]),
                          chain_clean=bool(counts["chain_clean"]), made_by=actor, made_at=timezone.now())
        dossier.file.name = stored.name
        dossier.save()
        verdict = "记录校验通过" if dossier.chain_clean else "记录校验发现问题"
        stage_event(stream=locked.stream, actor=actor, action="make_dossier",
                    summary=f"制作卷宗（第{dossier.version}版）：文书 {dossier.documents} 份，证据 {dossier.evidence} 份，{verdict}",
                    after={"version": dossier.version, "file": stored.name, "sha256": stored.sha256,
                           "chain_clean": dossier.chain_clean})
    return dossier


def dossier_make_at_archive(*, actor: User, case: Case) -> Dossier | None:
    """At 归档 the dossier is made at once; if that fails the case stays archived and the page offers
    to make it (the failure is logged, not shown as an error of the archive)."""
    try:
        return dossier_make(actor=actor, case=case)
    except Exception:
        log.exception("dossier_failed", extra={"case": case.pk})
        return None
