"""Ledger endpoints: the list (paginated, filtered), import (all or nothing, every bad row reported),
export and the template."""

from __future__ import annotations

import json
from typing import Any

from django.http import FileResponse, HttpResponse, HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.errors import error_response
from rongcuo.api.views.cases import Pages
from rongcuo.core.models import User
from rongcuo.ledger import exports, selectors, services, table
from rongcuo.ledger.models import LedgerEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTERS = [
    OpenApiParameter("agency", int, description="执法机关 id"),
    OpenApiParameter("kind", str, enum=[code for code, _ in table.KINDS], description="执法类别"),
    OpenApiParameter("year", int, description="立案年份"),
    OpenApiParameter("q", str, description="案件编号包含的文字"),
]


class EntryRow(serializers.ModelSerializer[LedgerEntry]):
    agency_name = serializers.CharField(source="agency.name")
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = LedgerEntry
        fields = ("id", "case_number", "kind", "kind_label", "agency", "agency_name", "handlers", "filed_on",
                  "closed_on", "amount", "hearing", "litigation", "extra")


def _user(request: Request) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _visible(request: Request) -> Any:
    if not selectors.may_see_ledger(_user(request)):
        raise PermissionDenied("您无权查看执法台账：执法机关联络员查看本机关的，行政执法监督机构查看本辖区的。")
    filters, wrong = selectors.clean_filters(_user(request), request.query_params)
    return filters, wrong


class LedgerListView(GenericAPIView[LedgerEntry]):
    pagination_class = Pages
    serializer_class = EntryRow

    @extend_schema(summary="执法台账（分页，可按执法机关、类别、年份、案件编号筛选）", parameters=FILTERS,
                   responses=EntryRow(many=True))
    def get(self, request: Request) -> Response:
        filters, wrong = _visible(request)
        if wrong:
            return error_response("invalid", "；".join(wrong) + "。", status.HTTP_400_BAD_REQUEST)
        page = self.paginate_queryset(selectors.entries(_user(request), filters))
        return self.get_paginated_response(EntryRow(page, many=True).data)


class ImportInput(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField(help_text=".xlsx 或 .csv")
    mapping = serializers.CharField(required=False, help_text='列对应（JSON）：{"案件编号": "文件中的列名", …}；不给时按列名和常见别名对应')
    dry_run = serializers.BooleanField(required=False, default=False, help_text="只检查，不写入")


class LedgerImportView(APIView):
    @extend_schema(summary="导入台账（全部行无误才写入；同一文件再次导入不作改动；有错误时 400，error.fields 逐行列出行、列和问题）",
                   request={"multipart/form-data": ImportInput},
                   responses={200: OpenApiResponse(description="检查结果或未作改动"), 201: OpenApiResponse(description="已导入")})
    def post(self, request: Request) -> Response:
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        mapping: dict[str, str] | None = None
        if data.validated_data.get("mapping"):
            try:
                mapping = json.loads(data.validated_data["mapping"])
            except ValueError:
                mapping = None
            if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
                return error_response("invalid", "列对应应为 JSON 对象：{\"台账列\": \"文件中的列名\"}。", status.HTTP_400_BAD_REQUEST)
        upload = data.validated_data["file"]
        outcome = services.ledger_import(actor=_user(request), content=upload, name=str(upload.name or ""),
                                         mapping=mapping, dry_run=data.validated_data["dry_run"])
        body = {"summary": outcome.summary, "rows": outcome.rows, "created": outcome.created, "updated": outcome.updated,
                "unchanged": outcome.unchanged, "dry_run": outcome.dry_run, "mapping": outcome.mapping}
        changed = not outcome.dry_run and (outcome.created or outcome.updated)
        return Response(body, status=status.HTTP_201_CREATED if changed else status.HTTP_200_OK)


class LedgerExportView(APIView):
    @extend_schema(summary="导出台账（.xlsx，按模板列在前，各单位增加的列在后）", parameters=FILTERS,
                   responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponseBase:
        filters, wrong = _visible(request)
        if wrong:
            return error_response("invalid", "；".join(wrong) + "。", status.HTTP_400_BAD_REQUEST)
        made = exports.export_file(selectors.entries(_user(request), filters))
        return FileResponse(made, as_attachment=True, filename="行政执法台账.xlsx", content_type=XLSX)


class LedgerTemplateView(APIView):
    @extend_schema(summary="台账导入模板（.xlsx）", responses={(200, XLSX): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(exports.template_workbook(), content_type=XLSX)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''%E5%8F%B0%E8%B4%A6%E6%A8%A1%E6%9D%BF.xlsx"
        return response
