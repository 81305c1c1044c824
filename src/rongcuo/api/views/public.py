"""The public API for other channels (a WeChat mini-program, the 12345 platform's web form): file a
complaint without an account and get its receipt once, follow it with the receipt, add
information; and the released determinations. The receipt travels only in this API's paths, which
the access log masks (web.middleware)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.errors import error_response
from rongcuo.api.views.cases import Pages
from rongcuo.complaints import selectors, services
from rongcuo.complaints.errors import InvalidInput
from rongcuo.core.clients import client_address
from rongcuo.portal import selectors as portal


def _address(request: Request) -> str:
    return client_address(request)


class Public(APIView):
    """No account, no session (so no CSRF token either): anyone may call it, within its limits."""

    authentication_classes = ()
    permission_classes = (AllowAny,)


class ComplaintInput(serializers.Serializer[Any]):
    # Every field is checked by the service, with Chinese messages; the schema documents them.
    jurisdiction = serializers.IntegerField(help_text="受理的县（区）id（见 /portal/）")
    text = serializers.CharField(help_text="举报内容（至多 5000 字，不能含网页代码）")
    reported_person = serializers.CharField(required=False, help_text="被举报人")
    agency = serializers.IntegerField(required=False, help_text="被举报单位 id")
    identity = inline_serializer("Identity", {"name": serializers.CharField(), "id_number": serializers.CharField(required=False),
                                              "phone": serializers.CharField(required=False),
                                              "address": serializers.CharField(required=False)},
                                 required=False, help_text="实名举报人的身份（加密保存）；不提供即为匿名举报")


def _identity(data: Any) -> tuple[bool, dict[str, Any] | None]:
    raw = data.get("identity") if hasattr(data, "get") else None
    if raw in (None, "", {}):
        if hasattr(data, "getlist") and data.get("identity.name"):  # multipart: identity.name, identity.phone …
            raw = {k: data.get(f"identity.{k}", "") for k in ("name", "id_number", "phone", "address")}
        else:
            return True, None
    if not isinstance(raw, dict):
        raise InvalidInput("invalid_identity", "identity 应为包含 name、id_number、phone 的对象。")
    return False, raw


class PublicComplaintsView(Public):
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    @extend_schema(summary="提交举报（无需登录），返回只显示一次的回执码", request=ComplaintInput,
                   responses={201: inline_serializer("Receipt", {"receipt": serializers.CharField()}),
                              400: OpenApiResponse(description="输入有误（中文说明）"),
                              429: OpenApiResponse(description="同一网络提交过于频繁")})
    def post(self, request: Request) -> Response:
        if not hasattr(request.data, "get"):
            return error_response("invalid", "请求内容应为 JSON 对象。", status.HTTP_400_BAD_REQUEST)
        anonymous, identity = _identity(request.data)
        _, receipt = services.complaint_file(
            jurisdiction_id=request.data.get("jurisdiction", ""), text_body=request.data.get("text", ""),
            reported_person=request.data.get("reported_person", ""), agency_id=request.data.get("agency"),
            anonymous=anonymous, identity=identity, attachments=request.FILES.getlist("attachments"),
            address=_address(request))
        response = Response({"receipt": receipt}, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response


class PublicComplaintView(Public):
    parser_classes = (JSONParser, MultiPartParser, FormParser)

    def _found(self, request: Request, receipt: str) -> Any:
        return services.complaint_lookup(receipt=receipt, address=_address(request))

    @extend_schema(summary="凭回执码查看办理情况和反馈", responses={200: OpenApiResponse(description="办理情况"),
                                                       404: OpenApiResponse(description="回执码不正确"),
                                                       429: OpenApiResponse(description="查询过于频繁")})
    def get(self, request: Request, receipt: str) -> Response:
        complaint = self._found(request, receipt)
        if complaint is None:
            return error_response("not_found", "回执码不正确。", status.HTTP_404_NOT_FOUND)
        response = Response(selectors.progress(complaint).as_dict())
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(summary="凭回执码补充材料", request=inline_serializer("Addition", {"text": serializers.CharField()}),
                   responses={201: OpenApiResponse(description="已补充"), 404: OpenApiResponse(description="回执码不正确"),
                              429: OpenApiResponse(description="查询过于频繁（回执码的尝试与查询共用限额）")})
    def post(self, request: Request, receipt: str) -> Response:
        complaint = self._found(request, receipt)
        if complaint is None:
            return error_response("not_found", "回执码不正确。", status.HTTP_404_NOT_FOUND)
        services.complaint_add(complaint=complaint, text_body=request.data.get("text", "") if hasattr(request.data, "get")
                               else "", attachments=request.FILES.getlist("attachments"), address=_address(request))
        return Response({"added": True}, status=status.HTTP_201_CREATED)


class ReleaseRow(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    jurisdiction = serializers.CharField(source="jurisdiction.name")
    title = serializers.CharField()
    text = serializers.CharField()
    decided_on = serializers.DateField()
    published_at = serializers.DateTimeField(source="approved_at")


class PublicDecisionsView(GenericAPIView[Any]):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    pagination_class = Pages
    serializer_class = ReleaseRow

    @extend_schema(summary="公开的认定决定（脱敏后审核公开的文本）")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(portal.releases(portal.place(request.query_params.get("jurisdiction", ""))))
        return self.get_paginated_response(ReleaseRow(page, many=True).data)
