"""Rules endpoints: the packs with their clauses, and assessment or comparison of facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from rongcuo.rules.assess import assess
from rongcuo.rules.compare import compare
from rongcuo.rules.errors import RulesError
from rongcuo.rules.pack import Pack
from rongcuo.rules.registry import all_packs, installed_pack, packs_in_force, require_in_force


def pack_summary(pack: Pack) -> dict[str, Any]:
    return {
        "id": pack.id,
        "version": pack.version,
        "title": pack.title,
        "issuer": pack.issuer,
        "document_number": pack.document_number,
        "jurisdiction": pack.jurisdiction,
        "valid_from": pack.valid_from.isoformat(),
        "valid_to": pack.valid_to.isoformat() if pack.valid_to else None,
        "in_force_today": pack.in_force(dt.date.today()),
    }


def pack_detail(pack: Pack) -> dict[str, Any]:
    return {
        **pack_summary(pack),
        "notes": list(pack.notes),
        "clauses": [
            {
                "key": c.key,
                "article": c.article,
                "paragraph": c.paragraph,
                "item": c.item,
                "citation": c.citation,
                "role": c.role.value,
                "role_label": c.role.label,
                "text": c.text,
                "condition": c.condition_text,
                "facts": list(c.facts),
                "note": c.note,
            }
            for c in pack.clauses
        ],
    }


class FactsField(serializers.DictField):
    """A JSON object of fact name → boolean; names are checked against the vocabulary."""

    child = serializers.BooleanField()


class AssessInput(serializers.Serializer[dict[str, Any]]):
    pack = serializers.CharField(help_text="规则包 id，如 licheng-2025")
    facts = FactsField(help_text="事实要素：名称 → true/false，未给出的视为 false")
    on = serializers.DateField(required=False, help_text="行为发生日期，默认今天")


class CompareInput(serializers.Serializer[dict[str, Any]]):
    packs = serializers.ListField(child=serializers.CharField(), required=False, help_text="默认：该日期施行的全部规则包")
    facts = FactsField()
    on = serializers.DateField(required=False)


def _strict_facts(request: Request) -> dict[str, Any]:
    """The raw facts object: the serializer coerces "1" to True, the contract wants booleans."""
    raw = request.data.get("facts") if isinstance(request.data, dict) else None
    if not isinstance(raw, dict):
        raise RulesError("facts 应为 JSON 对象：事实名 → true/false")
    return raw


class PackListView(APIView):
    permission_classes = (AllowAny,)  # the regulations are public; assessing facts stores nothing

    @extend_schema(summary="规则包列表", operation_id="packs_list", responses={200: OpenApiResponse(description="规则包")})
    def get(self, request: Request) -> Response:
        return Response([pack_summary(p) for p in all_packs()])


class PackDetailView(APIView):
    permission_classes = (AllowAny,)  # the regulations are public; assessing facts stores nothing

    @extend_schema(summary="规则包条款（含原文、条件与解读）", responses={200: OpenApiResponse(description="规则包")})
    def get(self, request: Request, pack_id: str) -> Response:
        return Response(pack_detail(installed_pack(pack_id)))


class AssessView(APIView):
    permission_classes = (AllowAny,)  # the regulations are public; assessing facts stores nothing

    @extend_schema(summary="按一个规则包认定事实", request=AssessInput, responses={200: OpenApiResponse(description="认定结果")})
    def post(self, request: Request) -> Response:
        data = AssessInput(data=request.data)
        data.is_valid(raise_exception=True)
        pack = installed_pack(data.validated_data["pack"])
        on = data.validated_data.get("on") or dt.date.today()
        require_in_force(pack, on)
        return Response(assess(pack, _strict_facts(request), on).to_dict())


class CompareView(APIView):
    permission_classes = (AllowAny,)  # the regulations are public; assessing facts stores nothing

    @extend_schema(summary="同一事实在多个规则包下比较", request=CompareInput, responses={200: OpenApiResponse(description="比较结果")})
    def post(self, request: Request) -> Response:
        data = CompareInput(data=request.data)
        data.is_valid(raise_exception=True)
        on = data.validated_data.get("on") or dt.date.today()
        names = data.validated_data.get("packs")
        packs = [installed_pack(n) for n in names] if names else packs_in_force(on)
        return Response(compare(packs, _strict_facts(request), on).to_dict())
