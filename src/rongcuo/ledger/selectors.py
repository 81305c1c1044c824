"""Reads of the ledger: what a user sees (an agency its own; the office its jurisdiction and those
under it) and the filters of the list and the export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from rongcuo.core.models import Agency, Jurisdiction, User
from rongcuo.core.roles import Role
from rongcuo.ledger.models import LedgerEntry
from rongcuo.ledger.table import KIND_NAMES

SEARCH_MAX = 100


def visible_agencies(user: User) -> QuerySet[Agency]:
    if not user.is_authenticated:
        return Agency.objects.none()
    condition = Q(pk__in=[])
    for role, place, agency in user.role_assignments.values_list("role", "jurisdiction_id", "agency_id"):
        if role == Role.LIAISON and agency:
            condition |= Q(pk=agency)
        elif role in (Role.HANDLER, Role.HEAD, Role.ADMIN, Role.INVESTIGATOR) and place:
            condition |= Q(jurisdiction__in=Jurisdiction.objects.get(pk=place).subtree_ids())
    return Agency.objects.filter(condition).order_by("name")


def may_see_ledger(user: User) -> bool:
    return visible_agencies(user).exists()


def entries(user: User, filters: dict[str, Any] | None = None) -> QuerySet[LedgerEntry]:
    """The entries this user sees, filtered by agency (id), kind, year of 立案, case number text."""
    filters = filters or {}
    found = LedgerEntry.objects.filter(agency__in=visible_agencies(user)).select_related("agency")
    if filters.get("agency"):
        found = found.filter(agency_id=filters["agency"])
    if filters.get("kind"):
        found = found.filter(kind=filters["kind"])
    if filters.get("year"):
        year = int(filters["year"])
        found = found.filter(filed_on__gte=dt.date(year, 1, 1), filed_on__lt=dt.date(year + 1, 1, 1))
    if filters.get("q"):
        found = found.filter(case_number__icontains=str(filters["q"])[:SEARCH_MAX])
    return found.order_by("-filed_on", "-pk")


def _number(text: str) -> bool:
    """Plain ASCII digits of a sane length (str.isdigit accepts ² and other digits int() refuses)."""
    return text.isascii() and text.isdecimal() and len(text) <= 18


def clean_filters(user: User, raw: Any) -> tuple[dict[str, Any], list[str]]:
    """The list's filters from a query string, and what was wrong with them (in Chinese)."""
    result: dict[str, Any] = {}
    wrong: list[str] = []
    agency = str(raw.get("agency") or "")
    if agency:
        if _number(agency) and visible_agencies(user).filter(pk=int(agency)).exists():
            result["agency"] = int(agency)
        else:
            wrong.append("所选的执法机关不存在或您无权查看")
    kind = str(raw.get("kind") or "")
    if kind:
        if kind in KIND_NAMES:
            result["kind"] = kind
        else:
            wrong.append("执法类别无效")
    year = str(raw.get("year") or "")
    if year:
        if _number(year) and 1990 <= int(year) <= 2100:
            result["year"] = int(year)
        else:
            wrong.append("年份无效")
    text = str(raw.get("q") or "").strip()
    if text:
        result["q"] = text[:SEARCH_MAX]
    return result, wrong
