"""The office's complaint endpoints: the list and one complaint (the reporter shown only as
实名/匿名), registering one, every triage and closing step, and the custodian's decision on a
request to reveal an identity. The identity itself is only on the pages, for the approved person."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.errors import error_response
from rongcuo.api.views.cases import Pages
from rongcuo.api.views.public import _identity
from rongcuo.cases.errors import InvalidInput
from rongcuo.complaints import selectors, services
from rongcuo.complaints.models import Complaint, Feedback
from rongcuo.complaints.services.common import as_id, office_complaints, office_places
from rongcuo.core.models import Jurisdiction, User


def _user(request: Request) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _date(value: Any, what: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("invalid_date", f"{what}应写作 2025-03-01。") from None


class ComplaintRow(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    jurisdiction = serializers.CharField(source="jurisdiction.name")
    channel = serializers.CharField(source="get_channel_display")
    ticket = serializers.CharField()
    received_on = serializers.DateField()
    reporter = serializers.CharField(source="reporter_label")
    agency = serializers.CharField(source="agency.name", default=None)
    reported_person = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    case = serializers.IntegerField(source="case_id", allow_null=True)
    duplicate_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True)
    closing = serializers.CharField()
    feedback_due_on = serializers.DateField(allow_null=True)


class ComplaintListView(GenericAPIView[Any]):
    pagination_class = Pages
    serializer_class = ComplaintRow

    @extend_schema(summary="本辖区的信访举报（分页）", parameters=[OpenApiParameter("status", str, description="状态")])
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.office_list(_user(request), request.query_params.get("status")))
        return self.get_paginated_response(ComplaintRow(page, many=True).data)

    @extend_schema(summary="登记来信、来访、热线转办或移送的举报", request=None,
                   responses={201: OpenApiResponse(description="{id, receipt}：回执码只返回这一次")})
    def post(self, request: Request) -> Response:
        data: Any = request.data if hasattr(request.data, "get") else {}
        chosen = str(data.get("jurisdiction", ""))
        place = Jurisdiction.objects.filter(pk=as_id(chosen),
                                            pk__in=office_places(_user(request))).first()
        if place is None:
            return error_response("invalid_jurisdiction", "受理辖区不存在或不在您的辖区。", status.HTTP_400_BAD_REQUEST)
        anonymous, identity = _identity(data)
        complaint, receipt = services.complaint_register(
            actor=_user(request), jurisdiction=place, channel=str(data.get("channel", "")),
            received_on=_date(data.get("received_on", ""), "收到日期"), text_body=data.get("text", ""),
            reported_person=data.get("reported_person", ""), agency_id=data.get("agency"), ticket=data.get("ticket", ""),
            anonymous=anonymous, identity=identity)
        return Response({"id": complaint.pk, "receipt": receipt}, status=status.HTTP_201_CREATED)


def _complaint(request: Request, pk: int) -> Complaint | None:
    return office_complaints(_user(request)).filter(pk=pk).first()


class ComplaintDetailView(APIView):
    @extend_schema(summary="一件举报（举报人只显示实名或匿名）", responses={200: OpenApiResponse(description="举报")})
    def get(self, request: Request, pk: int) -> Response:
        complaint = _complaint(request, pk)
        if complaint is None:
            return error_response("not_found", "举报不存在或您无权查看。", status.HTTP_404_NOT_FOUND)
        feedback = Feedback.objects.filter(complaint=complaint).first()
        return Response({**ComplaintRow(complaint).data, "text": complaint.text,
                         "additions": [{"text": a.text, "added_at": a.added_at} for a in complaint.additions.all()],
                         "attachments": [{"id": a.pk, "name": a.original_name, "sha256": a.sha256}
                                         for a in complaint.attachments.all()],
                         "feedback": {"kind": feedback.kind, "way": feedback.way, "text": feedback.text,
                                      "scope": feedback.scope, "given_on": feedback.given_on} if feedback else None})


ACTIONS = ("link", "open-case", "transfer", "duplicate", "close", "feedback", "archive", "clarify", "reveal-request")


def _run(action: str, user: User, complaint: Complaint, data: Any) -> None:
    calls: dict[str, Any] = {
        "link": lambda: services.complaint_link(actor=user, complaint=complaint, case_id=data.get("case")),
        "open-case": lambda: services.complaint_open_case(
            actor=user, complaint=complaint, officer_id=data.get("officer"), title=data.get("title", ""),
            narrative=data.get("narrative", ""), conduct_date=_date(data.get("conduct_date", ""), "行为发生日期"),
            facts=data.get("facts") if isinstance(data.get("facts"), dict) else None),
        "transfer": lambda: services.complaint_transfer(actor=user, complaint=complaint, to=data.get("to", ""),
                                                        reason=data.get("reason", "")),
        "duplicate": lambda: services.complaint_mark_duplicate(actor=user, complaint=complaint,
                                                               primary_id=data.get("primary")),
        "close": lambda: services.complaint_close(actor=user, complaint=complaint, closing=str(data.get("closing", "")),
                                                  note=data.get("note", ""), officer_id=data.get("officer")),
        "feedback": lambda: services.feedback_give(actor=user, complaint=complaint, body=data.get("text", ""),
                                                   way=str(data.get("way", "")), scope=data.get("scope", "")),
        "archive": lambda: services.complaint_archive(actor=user, complaint=complaint),
        "clarify": lambda: services.clarify(
            actor=user, complaint=complaint, finding=str(data.get("finding", "")), established=data.get("established", ""),
            scope=data.get("scope", ""), manner=str(data.get("manner", "")), held_on=_date(data.get("held_on", ""), "日期"),
            refer=data.get("refer") is True, referral_note=data.get("referral_note", "")),
        "reveal-request": lambda: services.reveal_request(actor=user, complaint=complaint, reason=data.get("reason", "")),
    }
    calls[action]()


def action_view(action: str) -> type[APIView]:
    class ActionView(APIView):
        @extend_schema(summary=f"举报：{action}", request=None, operation_id=f"complaint_{action.replace('-', '_')}",
                       responses={200: OpenApiResponse(description="举报的新状态")})
        def post(self, request: Request, pk: int) -> Response:
            complaint = _complaint(request, pk)
            if complaint is None:
                return error_response("not_found", "举报不存在或您无权查看。", status.HTTP_404_NOT_FOUND)
            data = request.data if hasattr(request.data, "get") else {}
            _run(action, _user(request), complaint, data)
            complaint.refresh_from_db()
            return Response(ComplaintRow(complaint).data)

    ActionView.__name__ = f"Complaint{action.title().replace('-', '')}View"
    return ActionView


class RevealDecisionView(APIView):
    @extend_schema(summary="举报人身份保管人审批查看身份的申请", request=None,
                   responses={200: OpenApiResponse(description="{state}")})
    def post(self, request: Request, pk: int) -> Response:
        found = selectors.pending_reveals(_user(request)).filter(pk=pk).first()
        if found is None:
            return error_response("not_found", "申请不存在或已审批。", status.HTTP_404_NOT_FOUND)
        data = request.data if hasattr(request.data, "get") else {}
        decided = services.reveal_decide(actor=_user(request), request=found, approve=data.get("approve") is True,
                                         note=data.get("note", ""))
        return Response({"state": decided.state})
