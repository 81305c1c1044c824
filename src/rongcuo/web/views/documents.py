"""Document pages: a case's documents (Word, PDF, 更正), its dossier (卷宗), the print page, and the
administrator's document settings (发文机关名称, templates)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongcuo.cases import selectors as case_selectors
from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.errors import ProcedureError
from rongcuo.core.models import Jurisdiction
from rongcuo.core.reads import note_read
from rongcuo.documents import dossier, selectors, services
from rongcuo.documents.layout import LAYOUTS, VARIABLES, default_template
from rongcuo.documents.models import IssuedDocument
from rongcuo.documents.render import pdf_unavailable_reason
from rongcuo.documents.selectors import DOCX, download_name
from rongcuo.documents.timeline import action_label
from rongcuo.rules.registry import get_pack
from rongcuo.web.downloads import download
from rongcuo.web.pages import page_of
from rongcuo.web.views.cases import _case, _user


def _document(request: HttpRequest, pk: int, document_pk: int) -> IssuedDocument:
    case = _case(request, pk)  # 404 for a case the user may not see: its documents are not probed either
    document = selectors.document_of(case, document_pk)
    if document is None:
        raise Http404("文书不存在")
    return document


def _send(name: str | None, download: str, content_type: str) -> FileResponse:
    if not name or not default_storage.exists(name):
        raise Http404("文件不存在")
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=download, content_type=content_type)


@login_required
def case_documents(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = _case(request, pk)
    page = page_of(request, selectors.documents_of(case).order_by("-pk"), size=20)
    context = {"case": case, "page": page, "superseded": selectors.superseded_ids(case),
               "pdf_reason": pdf_unavailable_reason(), "may_correct": _may_correct(request, case)}
    return render(request, "web/case_documents.html", context)


def _may_correct(request: HttpRequest, case: Any) -> bool:
    from rongcuo.cases.services.base import may
    from rongcuo.core.roles import Role

    return case.state != "archived" and may(_user(request), case, frozenset({Role.HANDLER}))


@login_required
def document_docx(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    document = _document(request, pk, document_pk)
    note_read(_user(request), pk, f"文书 {document.pk}（Word）")
    return _send(document.file.name, download_name(document, "docx"), DOCX)


@login_required
def document_pdf(request: HttpRequest, pk: int, document_pk: int) -> HttpResponseBase:
    document = _document(request, pk, document_pk)
    try:
        services.ensure_pdfs([document], _user(request))
    except ProcedureError as error:
        messages.error(request, f"PDF 未生成：{error.message}")
        return redirect("web:case_detail", pk=pk)
    note_read(_user(request), pk, f"文书 {document.pk}（PDF）")
    return _send(document.pdf.name, download_name(document, "pdf"), "application/pdf")


@login_required
@require_POST
def document_reissue(request: HttpRequest, pk: int, document_pk: int) -> HttpResponseBase:
    document = _document(request, pk, document_pk)
    try:
        new = services.document_reissue(actor=_user(request), document=document, reason=request.POST.get("reason", ""))
    except ProcedureError as error:
        messages.error(request, f"《{document.kind}》未更正：{error.message}")
    else:
        messages.success(request, f"已重新制作《{new.kind}》第{new.version}版，原版本保留。")
    return redirect("web:case_documents", pk=pk)


@login_required
def case_dossier(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = _case(request, pk)
    if not dossier.may_make(_user(request), case):
        raise PermissionDenied("只有本案的承办人或负责人可以下载卷宗。")
    latest = selectors.latest_dossier(case)
    if latest is None:
        raise Http404("本案尚未制作卷宗")
    note_read(_user(request), pk, f"卷宗 第{latest.version}版")
    return _send(latest.file.name, f"卷宗_{case.number or case.pk}_第{latest.version}版.zip", "application/zip")


@login_required
@require_POST
def case_dossier_make(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = _case(request, pk)
    try:
        made = dossier.dossier_make(actor=_user(request), case=case)
    except ProcedureError as error:
        messages.error(request, f"卷宗未制作：{error.message}")
    else:
        messages.success(request, f"已制作卷宗第{made.version}版（文书 {made.documents} 份，证据 {made.evidence} 份）。")
    return redirect("web:case_detail", pk=pk)


@login_required
def case_print(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The case on paper: facts, determination, deadlines, documents and the record."""
    case = _case(request, pk)
    events = [(e, action_label(e, case)) for e in case_selectors.timeline(case)]
    note_read(_user(request), pk, "打印页面")
    context = {"case": case, "pack": get_pack(case.pack_id), "determination": case.determination,
               "deadlines": case_deadlines(case), "events": events,
               "documents": selectors.documents_of(case), "statements": case.statements.order_by("pk")}
    return render(request, "web/case_print.html", context)


# --- the administrator's document settings --------------------------------------------------------

def _administered(request: HttpRequest, jurisdiction_pk: int | None = None) -> list[Jurisdiction]:
    places = list(selectors.administered(_user(request)))
    if not places:
        raise PermissionDenied("只有系统管理员可以设置文书。")
    if jurisdiction_pk is not None and jurisdiction_pk not in {p.pk for p in places}:
        raise PermissionDenied("您不是该辖区的系统管理员。")
    return places


@login_required
def document_settings(request: HttpRequest) -> HttpResponseBase:
    places = _administered(request)
    rows = [{"jurisdiction": p, "templates": selectors.active_templates(p)} for p in places]
    return render(request, "web/document_settings.html", {"rows": rows, "layouts": LAYOUTS, "variables": VARIABLES})


@login_required
@require_POST
def document_settings_save(request: HttpRequest, jurisdiction_pk: int) -> HttpResponseBase:
    _administered(request, jurisdiction_pk)
    jurisdiction = Jurisdiction.objects.get(pk=jurisdiction_pk)
    user, what = _user(request), request.POST.get("what", "")
    try:
        if what == "office_name":
            services.office_name_set(actor=user, jurisdiction=jurisdiction, name=request.POST.get("office_name", ""),
                                     prefix=request.POST.get("number_prefix"))
            messages.success(request, "已保存发文机关名称和文号简称。")
        elif what == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise ProcedureError("missing_file", "请选择模板文件（.docx）。")
            services.template_upload(actor=user, jurisdiction=jurisdiction, layout=request.POST.get("layout", ""), upload=upload)
            messages.success(request, "模板已通过检查并启用。")
        elif what == "revert":
            services.template_revert(actor=user, jurisdiction=jurisdiction, layout=request.POST.get("layout", ""))
            messages.success(request, "已恢复使用默认模板。")
        else:
            raise ProcedureError("invalid", "未知的操作。")
    except ProcedureError as error:
        messages.error(request, f"未保存：{error.message}")
    return redirect("web:document_settings")


@login_required
def document_template_file(request: HttpRequest, jurisdiction_pk: int, layout: str) -> HttpResponseBase:
    """The template in use (the jurisdiction's own, or the default), to edit in Word."""
    _administered(request, jurisdiction_pk)
    if layout not in LAYOUTS:
        raise Http404("未知的版式")
    jurisdiction = Jurisdiction.objects.get(pk=jurisdiction_pk)
    own = selectors.active_templates(jurisdiction).get(layout)
    name = f"{jurisdiction.name}_{LAYOUTS[layout][:5]}模板.docx"
    if own is not None:
        return _send(own.file.name, name, DOCX)
    return download(default_template(layout), name, DOCX)

