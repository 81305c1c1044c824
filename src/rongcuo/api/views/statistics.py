"""Statistics endpoint: a jurisdiction's figures for a period, rolled up the tree."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.errors import error_response
from rongcuo.core.models import Jurisdiction
from rongcuo.ledger import statistics

PERIOD = [OpenApiParameter("jurisdiction", int, description="辖区 id（默认本人所在辖区）"),
          OpenApiParameter("start", str, description="起始日期 YYYY-MM-DD"),
          OpenApiParameter("end", str, description="截止日期 YYYY-MM-DD")]


def _scope(request: Request, places: list[Jurisdiction]) -> tuple[Jurisdiction, dt.date, dt.date] | Response:
    """The jurisdiction (one of `places`) and period asked for, or the 400 that says what is wrong."""
    from django.utils import timezone

    chosen = request.query_params.get("jurisdiction")
    matched = [p for p in places if str(p.pk) == chosen] if chosen else places[:1]
    if not matched:
        return error_response("invalid", "所选的辖区不存在或您无权查看。", status.HTTP_400_BAD_REQUEST)
    start, end, wrong = statistics.period_from(request.query_params, timezone.localdate())
    if wrong:
        return error_response("invalid", "；".join(wrong) + "。", status.HTTP_400_BAD_REQUEST)
    return matched[0], start, end


class StatisticsView(APIView):
    @extend_schema(summary="行政执法统计（按台账；期间默认本半年；上级辖区为下级各单位之和）",
                   parameters=PERIOD, responses={200: OpenApiResponse(description="统计树")})
    def get(self, request: Request) -> Response:
        roots, only = statistics.roots_for(request.user)
        if not roots:
            raise PermissionDenied("您无权查看执法统计：行政执法监督机构查看本辖区的，执法机关联络员查看本机关的。")
        scope = _scope(request, roots)
        if isinstance(scope, Response):
            return scope
        root, start, end = scope
        node = statistics.tree(root, start, end, only)
        return Response({"start": start.isoformat(), "end": end.isoformat(), **node.as_dict()})


class WorkReportView(APIView):
    @extend_schema(summary="容错纠错工作情况（向本级政府报告用：受理、认定、依据、时限、重复问题、纠错）",
                   parameters=PERIOD, responses={200: OpenApiResponse(description="工作情况")})
    def get(self, request: Request) -> Response:
        from django.utils import timezone

        from rongcuo.cases import work_report
        from rongcuo.core.roles import Role

        ids = request.user.role_assignments.filter(  # type: ignore[union-attr]
            role__in=[Role.HANDLER, Role.HEAD, Role.ADMIN], jurisdiction__isnull=False).values_list("jurisdiction_id", flat=True)
        places = list(Jurisdiction.objects.filter(pk__in=ids).order_by("pk"))
        if not places:
            raise PermissionDenied("您无权查看容错纠错工作情况：由行政执法监督机构查看。")
        scope = _scope(request, places)
        if isinstance(scope, Response):
            return scope
        place, start, end = scope
        return Response(work_report.as_dict(work_report.build(place, start, end, timezone.localdate())))
