"""What every complaint service shares: who is the office for a complaint, text checks, the
record, and the per-address limits."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from rongcuo.complaints.errors import InvalidInput, NotAllowed, TooMany
from rongcuo.complaints.models import Complaint, Hit
from rongcuo.core.models import Jurisdiction, User
from rongcuo.core.records import stage_event
from rongcuo.core.roles import Role

# Markup in what a citizen types is refused, not stored and escaped later: nobody writes a tag in
# a complaint, and a refusal tells a confused sender plainly what to fix.
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:|&#|&[a-z]+;", re.IGNORECASE)


ID_MAX = 2**63 - 1  # a bigint primary key


def as_id(value: Any) -> int:
    """An id a user sent, as the database's integer, or -1 (which matches nothing): "²", "1e3",
    "abc", 99…9 and JSON objects never reach the database."""
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if text.isascii() and text.isdecimal() and len(text) <= 19 and int(text) <= ID_MAX:
        return int(text)
    return -1


def today() -> dt.date:
    return timezone.localdate()


def text(value: Any, limit: int, what: str, required: bool = True) -> str:
    """A typed text, stripped, within its declared limit and free of markup (Chinese message)."""
    if value is not None and not isinstance(value, str):
        raise InvalidInput("invalid_text", f"{what}应为文字。")
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InvalidInput("missing_text", f"请填写{what}。")
    if len(cleaned) > limit:
        raise InvalidInput("too_long", f"{what}不能超过 {limit} 个字（现有 {len(cleaned)} 个）。")
    if MARKUP.search(cleaned):
        raise InvalidInput("markup", f"{what}不能包含网页代码（如 <script>），请只填写文字。")
    return cleaned


def office_places(actor: User, roles: tuple[str, ...] = (Role.HANDLER, Role.HEAD)) -> list[int]:
    """The jurisdictions (with everything under them) where the actor is the office."""
    places = list(actor.role_assignments.filter(role__in=roles, jurisdiction__isnull=False)
                  .values_list("jurisdiction_id", flat=True))
    ids: list[int] = []
    for place in Jurisdiction.objects.filter(pk__in=places):
        ids += place.subtree_ids()
    return ids


def office_complaints(actor: User) -> QuerySet[Complaint]:
    return Complaint.objects.filter(jurisdiction__in=office_places(actor))


def need_office(actor: User, complaint: Complaint, what: str, roles: tuple[str, ...] = (Role.HANDLER, Role.HEAD)) -> None:
    if complaint.jurisdiction_id not in office_places(actor, roles):
        raise NotAllowed("not_allowed", f"您无权{what}：信访举报由受理辖区的行政执法监督机构办理。")


def record(complaint: Complaint, actor: User | None, action: str, summary: str, *, reason: str = "",
           legal_basis: str = "", after: dict[str, Any] | None = None) -> None:
    """An event on the complaint's record. Never a reporter's identity: callers pass ids and labels."""
    stage_event(stream=complaint.stream, actor=actor, action=action, summary=summary[:200], reason=reason,
                legal_basis=legal_basis[:200], after=after or {})


def address_key_of(address: str) -> str:
    """The throttling key of a client address: an IPv6 client by its /64 (one household or phone
    gets many addresses), hashed with the server's secret (complaints.sealing)."""
    import ipaddress

    from rongcuo.complaints.sealing import address_key

    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address_key(address)
    if parsed.version == 6:
        return address_key(str(ipaddress.ip_network(f"{parsed}/64", strict=False)))
    return address_key(str(parsed))


def throttle(key: str, limit: int, window: dt.timedelta, message: str) -> None:
    """Count one request under `key`; refuse (429) past `limit` within `window`. Requests under the
    same key are counted one at a time (a PostgreSQL advisory lock on the key), so a burst sent at
    once stops at the limit too."""
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        Hit.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()  # nothing is kept longer than a day
        if Hit.objects.filter(key=key, at__gte=now - window).count() >= limit:
            raise TooMany("too_many", message)
        Hit.objects.create(key=key, at=now)
