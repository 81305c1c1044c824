"""Case endpoints: list and apply, detail, timeline, and one endpoint per procedure step."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.api.errors import error_response
from rongcuo.cases import selectors, services
from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.limits import NARRATIVE_MAX, SHORT_MAX, TITLE_MAX
from rongcuo.cases.models import Case, DueDate, Source, State
from rongcuo.cases.procedure import label_of
from rongcuo.cases.search import MAX_QUERY_CHARS
from rongcuo.cases.steps import FIELDS, Field, check_permitted, run_step
from rongcuo.core.models import Officer, User
from rongcuo.core.reads import API, note_read
from rongcuo.rules.model import Outcome
from rongcuo.rules.registry import get_pack


def deadline_json(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "key": d.key, "label": d.label, "basis": d.basis, "done": d.done,
            "due_date": d.status.due_date.isoformat() if d.status.due_date else None,
            "days_left": d.status.days_left, "overdue": d.status.overdue, "paused": d.status.paused,
            "warnings": list(d.status.warnings),
        }
        for d in case_deadlines(case)
    ]


class CaseSummary(serializers.ModelSerializer[Case]):
    officer_name = serializers.CharField(source="officer.name")
    agency_name = serializers.CharField(source="agency.name")
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Case
        fields = ("id", "number", "title", "state", "state_label", "pack_id", "officer_name", "agency_name",
                  "source", "conduct_date", "filed_on")


def case_detail_json(case: Case, user: User) -> dict[str, Any]:
    data: dict[str, Any] = {**CaseSummary(case).data, "narrative": case.narrative, "facts": case.facts,
                            "is_major": case.is_major, "joint_with_discipline": case.joint_with_discipline}
    data["deadlines"] = deadline_json(case)
    data["allowed_steps"] = selectors.allowed_steps(user, case)
    data["investigators"] = [
        {"user": i.user.username, "name": i.user.get_full_name(), "recused": i.recused, "recusal_reason": i.recusal_reason}
        for i in case.investigators.select_related("user")
    ]
    data["allowed_steps_labels"] = {name: label_of(case.pack_id, name) for name in data["allowed_steps"]}
    data["regulation"] = {"pack": case.pack_id, "title": get_pack(case.pack_id).title,
                          "document_number": get_pack(case.pack_id).document_number}
    determinations = [determination_json(d) for d in case.determinations.order_by("pk")]
    data["determination"] = next((d for d in reversed(determinations) if d["superseded_on"] is None), None)
    data["determination_history"] = determinations
    notice = getattr(case, "notice", None)
    data["notice"] = notice and {"number": notice.number, "sent_on": notice.sent_on.isoformat(), "recipients": notice.recipients,
                                 "received_on": notice.received_on.isoformat() if notice.received_on else None,
                                 "receipt_method": notice.receipt_method}
    review = getattr(case, "review", None)
    data["review"] = review and {"requested_on": review.requested_on.isoformat(), "grounds": review.grounds,
                                 "decided_on": review.decided_on.isoformat() if review.decided_on else None,
                                 "upheld": review.upheld, "decision": review.decision, "number": review.number}
    data["review_window"] = services.review_window(case)
    publication = getattr(case, "publication", None)
    data["publication"] = publication and {
        "published": publication.published, "scope": publication.scope, "reason": publication.reason,
        "published_on": publication.published_on.isoformat() if publication.published_on else None}
    data["statements"] = [{"given_on": st.given_on.isoformat(), "text": st.text} for st in case.statements.order_by("pk")]
    data["evidence"] = [{"id": e.pk, "description": e.description, "file": e.file.name, "original_name": e.original_name}
                        for e in case.evidence.all()]
    data["tasks"] = [
        {"id": t.pk, "description": t.description, "due_on": t.due_on.isoformat(),
         "extended_to": t.extended_to.isoformat() if t.extended_to else None, "extension_pending": t.extension_pending,
         "completed_on": t.completed_on.isoformat() if t.completed_on else None}
        for t in case.tasks.all()
    ]
    data["earlier_cases"] = [
        {"id": e["case"].pk, "number": e["case"].number, "outcome": e["outcome"], "grounds": e["grounds"]}
        for e in services.earlier_similar_cases(case)
    ]
    return data


def determination_json(d: Any) -> dict[str, Any]:
    return {
        "number": d.number, "outcome": d.outcome, "outcome_label": Outcome(d.outcome).label, "disposition": d.disposition,
        "applied": d.applied, "choice_reason": d.choice_reason, "conduct_time_assessment": d.conduct_time_assessment,
        "current_assessment": d.current_assessment, "decided_on": d.decided_on.isoformat(),
        "outside_range_reason": d.outside_range_reason, "deciding_body": d.deciding_body,
        "meeting_date": d.meeting_date.isoformat() if d.meeting_date else None, "attendees": d.attendees,
        "superseded_on": d.superseded_on.isoformat() if d.superseded_on else None,
        "by_review": d.by_review_id is not None,
    }


def visible_case(request: Request, pk: int) -> Case:
    user: User = request.user  # type: ignore[assignment]
    return get_object_or_404(selectors.case_list(user), pk=pk)


class ApplyInput(serializers.Serializer[dict[str, Any]]):
    officer = serializers.IntegerField(help_text="执法人员 id")
    source = serializers.ChoiceField(choices=Source.choices)  # type: ignore[assignment]  # the field is named as in the domain
    title = serializers.CharField(max_length=TITLE_MAX)
    narrative = serializers.CharField(max_length=NARRATIVE_MAX)
    conduct_date = serializers.DateField()
    facts = serializers.DictField(child=serializers.BooleanField(), required=False)
    is_major = serializers.BooleanField(required=False, default=False)


class Pages(PageNumberPagination):
    """Every list comes in pages: `?page=N` (from 1), `?page_size=` up to 200 (default 50)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "页码无效。"


class CaseListView(GenericAPIView[Case]):
    pagination_class = Pages
    serializer_class = CaseSummary

    @extend_schema(summary="我可见的案件（分页；q 为中文检索词，state 为状态）", responses=CaseSummary(many=True),
                   parameters=[OpenApiParameter("q", str, description="检索：编号、事由、情况、执法人员、执法机关"),
                               OpenApiParameter("state", str, enum=[s.value for s in State], description="状态")])
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        state = request.query_params.get("state") or None
        if state is not None and state not in State.values:
            return error_response("invalid", "状态无效。", status.HTTP_400_BAD_REQUEST)
        query = (request.query_params.get("q") or "")[:MAX_QUERY_CHARS]
        cases = selectors.case_list(user, state=state, query=query)
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(CaseSummary(page, many=True).data)

    @extend_schema(summary="申请容错认定或登记案件", request=ApplyInput,
                   responses={201: OpenApiResponse(description="新立的案件"),
                              200: OpenApiResponse(description="同一申请再次提交：已有的案件")})
    def post(self, request: Request) -> Response:
        data = ApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        officer = get_object_or_404(Officer, pk=values.pop("officer"))
        user: User = request.user  # type: ignore[assignment]
        case, created = services.apply_or_find(actor=user, officer=officer, **values)  # the same one again: 200
        return Response(case_detail_json(case, user), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class CaseDetailView(APIView):
    @extend_schema(summary="案件详情（期限、可办理的环节、认定）", responses={200: OpenApiResponse(description="案件")})
    def get(self, request: Request, pk: int) -> Response:
        user: User = request.user  # type: ignore[assignment]
        case = visible_case(request, pk)
        note_read(user, case.pk, "案件详情", API)
        return Response(case_detail_json(case, user))


class EventRow(serializers.Serializer[Any]):
    sequence = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_name")
    action = serializers.CharField()
    summary = serializers.CharField()
    reason = serializers.CharField()
    legal_basis = serializers.CharField()
    before = serializers.JSONField()
    after = serializers.JSONField()
    hash = serializers.CharField()
    signature = serializers.CharField()


class CaseEventsView(GenericAPIView[Any]):
    pagination_class = Pages
    serializer_class = EventRow

    @extend_schema(summary="案件的操作记录（哈希链，分页，按顺序）", responses=EventRow(many=True))
    def get(self, request: Request, pk: int) -> Response:
        case = visible_case(request, pk)
        note_read(request.user, case.pk, "操作记录", API)  # type: ignore[arg-type]
        page = self.paginate_queryset(selectors.timeline(case))
        return self.get_paginated_response(EventRow(page, many=True).data)


class EvidenceInput(serializers.Serializer[dict[str, Any]]):
    file = serializers.FileField()
    description = serializers.CharField(max_length=SHORT_MAX)


class CaseEvidenceView(APIView):
    @extend_schema(summary="提交证据材料（multipart）", request={"multipart/form-data": EvidenceInput},
                   responses={201: OpenApiResponse(description="证据")})
    def post(self, request: Request, pk: int) -> Response:
        case = visible_case(request, pk)
        data = EvidenceInput(data=request.data)
        data.is_valid(raise_exception=True)
        user: User = request.user  # type: ignore[assignment]
        evidence = services.case_add_evidence(actor=user, case=case, **data.validated_data)
        return Response({"id": evidence.pk, "description": evidence.description, "file": evidence.file.name},
                        status=status.HTTP_201_CREATED)


class DeadlineRow(serializers.Serializer[DueDate]):
    case = serializers.IntegerField(source="case_id")
    number = serializers.CharField(source="case.number")
    title = serializers.CharField(source="case.title")
    label = serializers.CharField()  # type: ignore[assignment]  # the deadline's own label
    basis = serializers.CharField()
    due_date = serializers.DateField(source="due_on", allow_null=True)
    days_left = serializers.IntegerField(source="status.days_left", allow_null=True)
    overdue = serializers.BooleanField(source="status.overdue")
    paused = serializers.BooleanField()
    provisional = serializers.BooleanField()


class DeadlinesView(GenericAPIView[DueDate]):
    pagination_class = Pages
    serializer_class = DeadlineRow

    @extend_schema(summary="我的待办期限（工作台，分页，最紧迫的在前）", responses=DeadlineRow(many=True))
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        page = self.paginate_queryset(selectors.open_deadlines(user))
        return self.get_paginated_response(DeadlineRow(page, many=True).data)  # type: ignore[arg-type]


# --- one endpoint per step ---------------------------------------------------------------------

def _drf_field(field: Field) -> Any:
    """The DRF field for one step input, from the step's own input spec."""
    required = field.required
    if field.kind in ("int", "user", "agency", "task"):
        return serializers.IntegerField(min_value=1, required=required)
    if field.kind == "date":
        return serializers.DateField(required=required)
    if field.kind == "bool":
        return serializers.BooleanField(required=False, default=False)
    if field.kind == "users":
        if required:
            return serializers.ListField(child=serializers.IntegerField(), min_length=1)
        return serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    if field.kind == "facts":
        if required:
            return serializers.DictField(child=serializers.BooleanField())
        return serializers.DictField(child=serializers.BooleanField(), required=False, default=dict)
    if field.kind == "kind":
        return serializers.ChoiceField(choices=["consult", "escalate", "joint"])
    if required:
        return serializers.CharField(max_length=field.limit)
    return serializers.CharField(required=False, allow_blank=True, default="", max_length=field.limit)


def step_input(action: str) -> type[serializers.Serializer[dict[str, Any]]]:
    attributes: dict[str, Any] = {f.name: _drf_field(f) for f in FIELDS[action]}
    name = "".join(p.title() for p in action.split("_")) + "Input"
    return type(name, (serializers.Serializer,), attributes)


STEP_INPUTS = {action: step_input(action) for action in FIELDS}


def step_view(action: str) -> type[APIView]:
    """An APIView for one step: validate its input, call its service, return the case."""
    from rongcuo.cases.procedure import STEPS

    input_class = STEP_INPUTS[action]

    class StepView(APIView):
        @extend_schema(summary=STEPS[action].label, request=input_class, responses={200: OpenApiResponse(description="案件")},
                       operation_id=f"case_{action}")
        def post(self, request: Request, pk: int) -> Response:
            case = visible_case(request, pk)
            user: User = request.user  # type: ignore[assignment]
            check_permitted(action, case, user)  # 403 before the input is even read
            data = input_class(data=request.data)
            data.is_valid(raise_exception=True)
            run_step(action, case, user, dict(data.validated_data))
            return Response(case_detail_json(visible_case(request, pk), user))  # read afresh, records included

    StepView.__name__ = StepView.__qualname__ = "".join(p.title() for p in action.split("_")) + "View"
    return StepView



