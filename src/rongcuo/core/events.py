"""The record: every write appends an event to a per-stream SHA-256 hash chain.

An event's hash covers the previous event's hash and every field a reader relies on, in a
canonical JSON form, so an edited, deleted or reordered row breaks the chain at that point.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from rongcuo.core.models import Event, User

GENESIS = "0" * 64


def canonical(event: Event) -> bytes:
    payload = {
        "stream": event.stream,
        "sequence": event.sequence,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "at": event.at.isoformat(),
        "action": event.action,
        "summary": event.summary,
        "reason": event.reason,
        "legal_basis": event.legal_basis,
        "before": event.before,
        "after": event.after,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(event: Event) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def append_event(
    *,
    stream: str,
    actor: User | None,
    action: str,
    summary: str,
    reason: str = "",
    legal_basis: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Append one event to `stream`; must run inside the caller's transaction.

    The summary is the one line a timeline shows: cut to its column with “…” (a summary may quote
    what a user typed; the whole text is kept in `reason` or `after`)."""
    limit = Event._meta.get_field("summary").max_length or 200
    if len(summary) > limit:
        summary = summary[: limit - 1] + "…"
    with transaction.atomic():
        last = Event.objects.select_for_update().filter(stream=stream).order_by("-sequence").first()
        event = Event(
            stream=stream,
            sequence=(last.sequence + 1) if last else 1,
            actor=actor,
            actor_name=(actor.get_full_name() or actor.username) if actor else "系统",
            at=timezone.now().replace(microsecond=0),
            action=action,
            summary=summary,
            reason=reason,
            legal_basis=legal_basis,
            before=before or {},
            after=after or {},
            previous_hash=last.hash if last else GENESIS,
        )
        event.hash = event_hash(event)
        event.save()
        return event


@dataclass(frozen=True)
class ChainProblem:
    stream: str
    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"{self.stream} 第 {self.sequence} 条：{self.problem}"


def verify_stream(stream: str, events: Iterable[Event]) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    previous, expected_sequence = GENESIS, 1
    for event in events:
        if event.sequence != expected_sequence:
            problems.append(ChainProblem(stream, expected_sequence, f"缺失或顺序被打乱（此处为第 {event.sequence} 条）"))
        if event.previous_hash != previous:
            problems.append(ChainProblem(stream, event.sequence, "与前一条记录的链接不符（记录被删除、插入或重排）"))
        if event_hash(event) != event.hash:
            problems.append(ChainProblem(stream, event.sequence, "内容与哈希不符（记录被修改）"))
        previous, expected_sequence = event.hash, event.sequence + 1
    return problems


def verify_all() -> tuple[int, int, list[ChainProblem]]:
    """(streams, events, problems) over the whole log."""
    problems: list[ChainProblem] = []
    streams = events = 0
    current: str | None = None
    batch: list[Event] = []
    for event in Event.objects.order_by("stream", "id").iterator():
        events += 1
        if event.stream != current:
            if current is not None:
                problems += verify_stream(current, batch)
            current, batch, streams = event.stream, [], streams + 1
        batch.append(event)
    if current is not None:
        problems += verify_stream(current, batch)
    return streams, events, problems


def heads() -> list[dict[str, Any]]:
    """The last event of every stream: export these daily so history cannot be rewritten unseen."""
    result = []
    for stream in Event.objects.values_list("stream", flat=True).distinct().order_by("stream"):
        last = Event.objects.filter(stream=stream).order_by("-sequence").first()
        assert last is not None
        result.append({"stream": stream, "sequence": last.sequence, "hash": last.hash, "at": last.at.isoformat()})
    return result
