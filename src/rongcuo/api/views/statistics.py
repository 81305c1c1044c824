"""Statistics endpoint: a jurisdiction's figures for a period, rolled up the tree."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.errors import error_response
from rongcuo.ledger import statistics


class StatisticsView(APIView):
    @extend_schema(summary="行政执法统计（按台账；期间默认本半年；上级辖区为下级各单位之和）",
                   parameters=[OpenApiParameter("jurisdiction", int, description="辖区 id（默认本人所在辖区）"),
                               OpenApiParameter("start", str, description="起始日期 YYYY-MM-DD"),
                               OpenApiParameter("end", str, description="截止日期 YYYY-MM-DD")],
                   responses={200: OpenApiResponse(description="统计树")})
    def get(self, request: Request) -> Response:
        from django.utils import timezone

        roots, only = statistics.roots_for(request.user)
        if not roots:
            raise PermissionDenied("您无权查看执法统计：行政执法监督机构查看本辖区的，执法机关联络员查看本机关的。")
        chosen = request.query_params.get("jurisdiction")
        root = roots[0]
        if chosen:
            matched = [r for r in roots if str(r.pk) == chosen]
            if not matched:
                return error_response("invalid", "所选的辖区不存在或您无权查看。", status.HTTP_400_BAD_REQUEST)
            root = matched[0]
        start, end, wrong = statistics.period_from(request.query_params, timezone.localdate())
        if wrong:
            return error_response("invalid", "；".join(wrong) + "。", status.HTTP_400_BAD_REQUEST)
        node = statistics.tree(root, start, end, only)
        return Response({"start": start.isoformat(), "end": end.isoformat(), **node.as_dict()})
