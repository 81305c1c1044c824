"""Document endpoints: a case's issued documents and their files, 更正, and the dossier (卷宗)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.views.cases import Pages, visible_case
from rongcuo.core.models import User
from rongcuo.core.reads import API, note_read
from rongcuo.documents import dossier, selectors, services
from rongcuo.documents.errors import NotMade
from rongcuo.documents.models import Dossier, IssuedDocument
from rongcuo.documents.render import pdf_unavailable_reason
from rongcuo.documents.selectors import DOCX, download_name


class DocumentRow(serializers.ModelSerializer[IssuedDocument]):
    docx = serializers.SerializerMethodField(help_text="Word 文件的下载地址")
    pdf = serializers.SerializerMethodField(help_text="PDF 的下载地址；服务器不能生成 PDF 时为 null")
    pdf_unavailable = serializers.SerializerMethodField(help_text="PDF 不可用的原因，可用时为 null")
    superseded = serializers.SerializerMethodField(help_text="已被同一文书的新版本取代")
    issued_by = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = ("id", "kind", "number", "version", "sha256", "pdf_sha256", "pages", "issued_at", "issued_by",
                  "correction_reason", "superseded", "docx", "pdf", "pdf_unavailable")

    def _url(self, document: IssuedDocument, kind: str) -> str:
        return f"/api/cases/{document.case_id}/documents/{document.pk}/{kind}/"

    def get_docx(self, document: IssuedDocument) -> str:
        return self._url(document, "docx")

    def get_pdf(self, document: IssuedDocument) -> str | None:
        return self._url(document, "pdf") if document.pdf or pdf_unavailable_reason() is None else None

    def get_pdf_unavailable(self, document: IssuedDocument) -> str | None:
        return None if document.pdf else pdf_unavailable_reason()

    def get_superseded(self, document: IssuedDocument) -> bool:
        return document.pk in self.context.get("superseded", set())

    def get_issued_by(self, document: IssuedDocument) -> str:
        return str(document.issued_by.get_full_name() or document.issued_by.username)


def _user(request: Request) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _document(request: Request, pk: int, document_pk: int) -> IssuedDocument:
    document = selectors.document_of(visible_case(request, pk), document_pk)
    if document is None:
        raise Http404("文书不存在")
    return document


def _file(name: str | None, download: str, content_type: str) -> FileResponse:
    if not name or not default_storage.exists(name):
        raise Http404("文件不存在")
    return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=download, content_type=content_type)


class CaseDocumentsView(GenericAPIView[IssuedDocument]):
    pagination_class = Pages
    serializer_class = DocumentRow

    @extend_schema(summary="案件的文书（各版本，按制作顺序，分页）", responses=DocumentRow(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = visible_case(request, pk)
        note_read(_user(request), case.pk, "文书目录", API)
        page = self.paginate_queryset(selectors.documents_of(case))
        rows = DocumentRow(page, many=True, context={"superseded": selectors.superseded_ids(case)}).data
        return self.get_paginated_response(rows)


class DocumentDocxView(APIView):
    @extend_schema(summary="下载文书（Word）", responses={(200, DOCX): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int, document_pk: int) -> FileResponse:
        document = _document(request, pk, document_pk)
        note_read(_user(request), pk, f"文书 {document.pk}（Word）", API)
        return _file(document.file.name, download_name(document, "docx"), DOCX)


class DocumentPdfView(APIView):
    @extend_schema(summary="下载文书（PDF；首次下载时生成，服务器未安装 LibreOffice 时为 409 并说明原因）",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int, document_pk: int) -> FileResponse:
        document = _document(request, pk, document_pk)
        services.ensure_pdfs([document], _user(request))
        note_read(_user(request), pk, f"文书 {document.pk}（PDF）", API)
        return _file(document.pdf.name, download_name(document, "pdf"), "application/pdf")


class ReissueInput(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=services.REASON_MAX, help_text="更正理由")


class DocumentReissueView(APIView):
    @extend_schema(summary="更正文书：按现有记录重新制作为新版本（原版本保留；仅承办人，归档前）", request=ReissueInput,
                   responses={201: DocumentRow})
    def post(self, request: Request, pk: int, document_pk: int) -> Response:
        document = _document(request, pk, document_pk)
        data = ReissueInput(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.document_reissue(actor=_user(request), document=document, reason=data.validated_data["reason"])
        return Response(DocumentRow(new).data, status=status.HTTP_201_CREATED)


class DossierRow(serializers.ModelSerializer[Dossier]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Dossier
        fields = ("version", "sha256", "documents", "evidence", "chain_clean", "made_at", "download")

    def get_download(self, made: Dossier) -> str:
        return f"/api/cases/{made.case_id}/dossier/file/"


class CaseDossierView(APIView):
    @extend_schema(summary="卷宗的最新版本（仅承办人、负责人；尚未制作时为 404）", responses={200: DossierRow})
    def get(self, request: Request, pk: int) -> Response:
        case = visible_case(request, pk)
        if not dossier.may_make(_user(request), case):
            raise PermissionDenied("只有本案的承办人或负责人可以查看卷宗。")
        latest = selectors.latest_dossier(case)
        if latest is None:
            raise NotMade("no_dossier", "本案尚未制作卷宗：归档时自动制作，承办人或负责人也可随时制作。")
        return Response(DossierRow(latest).data)

    @extend_schema(summary="制作卷宗（新版本；归档时自动制作）", request=None, responses={201: DossierRow})
    def post(self, request: Request, pk: int) -> Response:
        made = dossier.dossier_make(actor=_user(request), case=visible_case(request, pk))
        return Response(DossierRow(made).data, status=status.HTTP_201_CREATED)


class DossierFileView(APIView):
    @extend_schema(summary="下载卷宗（ZIP）", responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> FileResponse:
        case = visible_case(request, pk)
        if not dossier.may_make(_user(request), case):
            raise PermissionDenied("只有本案的承办人或负责人可以下载卷宗。")
        latest = selectors.latest_dossier(case)
        if latest is None:
            raise NotMade("no_dossier", "本案尚未制作卷宗：归档时自动制作，承办人或负责人也可随时制作。")
        note_read(_user(request), pk, f"卷宗 第{latest.version}版", API)
        return _file(latest.file.name, f"卷宗_{case.number or case.pk}_第{latest.version}版.zip", "application/zip")
