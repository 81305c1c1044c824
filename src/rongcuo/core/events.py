"""The record: every write appends an event to a per-stream SHA-256 hash chain.

An event's hash covers the previous event's hash and every field a reader relies on, in a
canonical JSON form, so an edited, deleted or reordered row breaks the chain at that point. The
hash is signed with the record's Ed25519 key (core.signing), which is kept outside the database:
whoever can write to the database cannot append a forged event or recompute a chain unseen.
Appends to one stream are serialised on its head row (StreamHead), so concurrent steps on one case
wait for each other instead of failing; the database refuses UPDATE and DELETE on events.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from rongcuo.core import signing
from rongcuo.core.audit_report import Problem
from rongcuo.core.models import Event, StreamHead, User

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
    if event.rows:  # the rows the event wrote (core.records); absent from events that wrote none
        payload["rows"] = event.rows
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
    rows: dict[str, Any] | None = None,
) -> Event:
    """Append one event to `stream`; must run inside the caller's transaction.

    The summary is the one line a timeline shows: cut to its column with “…” (a summary may quote
    what a user typed; the whole text is kept in `reason` or `after`)."""
    limit = Event._meta.get_field("summary").max_length or 200
    if len(summary) > limit:
        summary = summary[: limit - 1] + "…"
    with transaction.atomic():
        head = _locked_head(stream)
        event = Event(
            stream=stream,
            sequence=head.sequence + 1,
            actor=actor,
            actor_name=((actor.get_full_name() or actor.username) if actor else "系统")[:150],
            at=timezone.now().replace(microsecond=0),
            action=action,
            summary=summary,
            reason=reason,
            legal_basis=legal_basis,
            before=before or {},
            after=after or {},
            rows=rows or {},
            previous_hash=head.hash,
        )
        event.hash = event_hash(event)
        event.signature = signing.sign(event.hash.encode())
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
        return event


def _locked_head(stream: str) -> StreamHead:
    """The stream's head row, locked until the caller's transaction ends (created for a new stream;
    a concurrent creator makes the other wait on the unique key, then both see the same row)."""
    head = StreamHead.objects.select_for_update().filter(stream=stream).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            StreamHead.objects.create(stream=stream, sequence=0, hash=GENESIS)
    except IntegrityError:
        pass
    return StreamHead.objects.select_for_update().get(stream=stream)


def verify_stream(stream: str, events: Iterable[Event]) -> list[Problem]:
    """The chain of one stream, in the order the rows were written: numbering, links, hashes and
    the signature on every hash."""
    problems: list[Problem] = []
    previous, expected_sequence = GENESIS, 1
    for event in events:
        where = f"{stream} 第 {event.sequence} 条"
        if event.sequence != expected_sequence:
            problems.append(Problem("sequence", where, f"缺失或顺序被打乱（应为第 {expected_sequence} 条）"))
        if event.previous_hash != previous:
            problems.append(Problem("link", where, "与前一条记录的链接不符（记录被删除、插入或重排）"))
        if event_hash(event) != event.hash:
            problems.append(Problem("content", where, "内容与哈希不符（记录被修改）"))
        elif not event.signature or not signing.is_valid(event.signature, event.hash.encode()):
            problems.append(Problem("signature", where, "签名无效（记录不是本系统写入的：伪造追加或重算了哈希链）"))
        previous, expected_sequence = event.hash, event.sequence + 1
    return problems
