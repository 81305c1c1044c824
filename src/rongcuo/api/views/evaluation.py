"""Case-file evaluation endpoints: files owed a self-evaluation, recording one, the rate and the
consequences for a year, and the yearly sample."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.errors import error_response
from rongcuo.api.views.cases import Pages
from rongcuo.core.models import Jurisdiction, User
from rongcuo.evaluation import selectors, services
from rongcuo.evaluation.models import NAME_MAX, TEXT_MAX, Sampling
from rongcuo.ledger.models import LedgerEntry

YEAR = OpenApiParameter("year", int, description="年度（默认今年）")


def _user(request: Request) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _agencies(request: Request) -> Any:
    agencies = selectors.scope(_user(request))
    if not agencies.exists():
        raise PermissionDenied("您无权查看案卷评查：执法机关查看本机关的，行政执法监督机构查看本辖区的。")
    return agencies


def _year(request: Request) -> int | None:
    text = request.query_params.get("year", "")
    today = timezone.localdate()
    if not text:
        return today.year
    return int(text) if text.isascii() and text.isdecimal() and len(text) == 4 and 1990 <= int(text) <= today.year else None


class OwedRow(serializers.Serializer[Any]):
    entry = serializers.IntegerField(source="entry.pk")
    case_number = serializers.CharField(source="entry.case_number")
    agency = serializers.CharField(source="entry.agency.name")
    handlers = serializers.CharField(source="entry.handlers")
    closed_on = serializers.DateField(source="entry.closed_on")
    due_on = serializers.DateField()
    days_left = serializers.IntegerField()
    overdue = serializers.BooleanField()


class OwedView(GenericAPIView[Any]):
    pagination_class = Pages
    serializer_class = OwedRow

    @extend_schema(summary="应当自我评查的案卷（结案后 30 日内；分页，最早结案的在前）", responses=OwedRow(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.owed(_agencies(request)))
        rows = selectors.with_due_dates(list(page or []), timezone.localdate())
        return self.get_paginated_response(OwedRow(rows, many=True).data)


class SelfInput(serializers.Serializer[dict[str, Any]]):
    failed_items = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list,
                                         max_length=100, help_text="未达到的标准项目编号")
    problems = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX)
    grade = serializers.ChoiceField(choices=["", "优秀", "合格"], required=False, default="")
    legal_head = serializers.CharField(max_length=NAME_MAX)
    unit_head = serializers.CharField(max_length=NAME_MAX)
    notified_on = serializers.DateField(required=False, allow_null=True, default=None)


class SelfEvaluationView(APIView):
    @extend_schema(summary="录入自我评查（案卷所属执法机关的联络员）", request=SelfInput,
                   responses={201: OpenApiResponse(description="评查记录")})
    def post(self, request: Request, entry_pk: int) -> Response:
        entry = LedgerEntry.objects.filter(pk=entry_pk, agency__in=_agencies(request)).first()
        if entry is None:
            return error_response("not_found", "案卷不存在或您无权查看。", status.HTTP_404_NOT_FOUND)
        data = SelfInput(data=request.data)
        data.is_valid(raise_exception=True)
        made = services.evaluation_record_self(actor=_user(request), entry=entry, **data.validated_data)
        return Response({"id": made.pk, "grade": made.grade, "entry": entry.pk}, status=status.HTTP_201_CREATED)


class YearView(APIView):
    @extend_schema(summary="年度评查率（第六条）和年度考核后果（第八条）", parameters=[YEAR],
                   responses={200: OpenApiResponse(description="评查率与后果")})
    def get(self, request: Request) -> Response:
        agencies = _agencies(request)
        year = _year(request)
        if year is None:
            return error_response("invalid", "年度无效。", status.HTTP_400_BAD_REQUEST)
        rates = selectors.rates(agencies, dt.date(year, 1, 1), dt.date(year, 12, 31))
        return Response({
            "year": year,
            "rates": [{"agency": r.agency.name, "required": r.required, "done": r.done, "percent": r.percent} for r in rates],
            "consequences": [{"agency": h.agency.name, "handler": h.handler, "handled": h.consequence.handled,
                              "failed": h.consequence.failed, "consequence": h.consequence.text,
                              "citation": h.consequence.citation, "provided": h.consequence.provided}
                             for h in selectors.consequences(agencies, year)],
        })


class DrawInput(serializers.Serializer[dict[str, Any]]):
    jurisdiction = serializers.IntegerField(min_value=1, max_value=2**62)
    year = serializers.IntegerField(min_value=1990, max_value=2100)


def sampling_json(sampling: Sampling) -> dict[str, Any]:
    return {"id": sampling.pk, "jurisdiction": sampling.jurisdiction.name, "year": sampling.year, "seed": sampling.seed,
            "files": [{"id": f.pk, "entry": f.entry_id, "case_number": f.entry.case_number, "agency": f.entry.agency.name,
                       "kind": f.entry.kind} for f in sampling.files.select_related("entry", "entry__agency").order_by("pk")]}


class SamplingView(APIView):
    @extend_schema(summary="抽取年度层级监督检查的案卷（第十、十一条；随机种子记录在案）", request=DrawInput,
                   responses={201: OpenApiResponse(description="抽中的案卷")})
    def post(self, request: Request) -> Response:
        data = DrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        place = Jurisdiction.objects.filter(pk=data.validated_data["jurisdiction"]).first()
        if place is None:
            return error_response("invalid", "所选的辖区不存在。", status.HTTP_400_BAD_REQUEST)
        made = services.sampling_draw(actor=_user(request), jurisdiction=place, year=data.validated_data["year"])
        return Response(sampling_json(made), status=status.HTTP_201_CREATED)
