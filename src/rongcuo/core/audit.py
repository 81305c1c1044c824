"""`audit verify`: is the record whole, and do the rows say what the record says?

Five checks, each reported by `Problem`s:
1. every stream's hash chain and the signature on every event (core.events.verify_stream);
2. every stream's head row against its last event (a truncated or forged tail);
3. every case row against the images its events carry (core.records): an edit, insertion or
   deletion made beside the application;
4. every file an event names (evidence, issued documents) re-hashed against the SHA-256 it carries;
5. optionally, an earlier signed export of the heads (`export_heads`): a stream that has since
   lost events, been rewritten or deleted whole is reported even if the database agrees with
   itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from rongcuo.core import records, signing
from rongcuo.core.audit_report import Problem
from rongcuo.core.events import verify_stream
from rongcuo.core.models import Event, StreamHead

CASE_PREFIX = "case:"
CHUNK = 500
EXPORT_FORMAT = "rongcuo-heads/1"


@dataclass
class Report:
    streams: int = 0
    events: int = 0
    rows: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)


def verify(against: dict[str, Any] | None = None) -> Report:
    report = Report()
    _chains(report)
    _heads(report)
    _rows(report)
    _files(report)
    if against is not None:
        report.problems += compare_with_export(against)
    return report


def verify_case(case_id: int) -> Report:
    """The same checks for one case: its chain and signatures, its head, its rows and its files."""
    report = Report(streams=1)
    stream = f"{CASE_PREFIX}{case_id}"
    events = list(Event.objects.filter(stream=stream).order_by("id"))
    report.events = len(events)
    report.problems += verify_stream(stream, events)
    head = StreamHead.objects.filter(stream=stream).first()
    last = (events[-1].sequence, events[-1].hash) if events else None
    if head is None and last is not None:
        report.problems.append(Problem("head", stream, "记录流没有链头：记录不是经本系统写入的"))
    elif head is not None and last != (head.sequence, head.hash):
        report.problems.append(Problem("head", stream, f"最后一条记录与链头（第 {head.sequence} 条）不符：记录被截断或被追加了伪造记录"))
    _rows(report, [case_id])
    _files(report, stream)
    return report


def _streams() -> Iterator[tuple[str, list[Event]]]:
    current: str | None = None
    batch: list[Event] = []
    for event in Event.objects.order_by("stream", "id").iterator(chunk_size=2000):
        if event.stream != current:
            if current is not None:
                yield current, batch
            current, batch = event.stream, []
        batch.append(event)
    if current is not None:
        yield current, batch


def _chains(report: Report) -> None:
    for stream, events in _streams():
        report.streams += 1
        report.events += len(events)
        report.problems += verify_stream(stream, events)


def _heads(report: Report) -> None:
    last = {stream: (sequence, digest) for stream, sequence, digest in _last_events()}
    for head in StreamHead.objects.order_by("stream").iterator():
        found = last.pop(head.stream, None)
        if found is None:
            report.problems.append(Problem("lost_stream", head.stream, "记录流的全部记录已被删除"))
        elif found != (head.sequence, head.hash):
            report.problems.append(Problem(
                "head", head.stream,
                f"最后一条记录（第 {found[0]} 条）与链头（第 {head.sequence} 条）不符：记录被截断或被追加了伪造记录"))
    for stream in last:
        report.problems.append(Problem("head", stream, "记录流没有链头：记录不是经本系统写入的"))


def _last_events() -> Iterator[tuple[str, int, str]]:
    latest = Event.objects.values("stream").annotate(top=models.Max("sequence"))
    tops = {row["stream"]: row["top"] for row in latest}
    for stream, sequence, digest in Event.objects.values_list("stream", "sequence", "hash").iterator(chunk_size=5000):
        if tops.get(stream) == sequence:
            yield stream, sequence, digest


def _case_ids() -> list[int]:
    from_streams = {
        int(s[len(CASE_PREFIX):])
        for s in StreamHead.objects.filter(stream__startswith=CASE_PREFIX).values_list("stream", flat=True)
    }
    from_events = {
        int(s[len(CASE_PREFIX):])
        for s in Event.objects.filter(stream__startswith=CASE_PREFIX).values_list("stream", flat=True).distinct()
    }
    ids: set[int] = from_streams | from_events
    for model in records.recorded_models():
        if records.case_column(model) == "id":
            ids |= set(model._default_manager.values_list("id", flat=True))
    return sorted(ids)


def _rows(report: Report, ids: list[int] | None = None) -> None:
    recorded = records.recorded_models()
    ids = _case_ids() if ids is None else ids
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        said: dict[str, dict[str, Any] | None] = {}
        streams = [f"{CASE_PREFIX}{i}" for i in chunk]
        for rows in Event.objects.filter(stream__in=streams).order_by("id").values_list("rows", flat=True):
            said.update(rows or {})
        for model in recorded:
            column = records.case_column(model)
            for row in model._default_manager.filter(**{f"{column}__in": chunk}).order_by("pk").iterator():
                report.rows += 1
                key = records.row_key(row)
                expected = said.pop(key, None)
                if expected is None:
                    report.problems.append(Problem("row_unrecorded", _name(row),
                                                   "此行不是由办案程序写入的（记录中没有它）"))
                    continue
                actual = records.image(row)
                if actual != expected:
                    report.problems.append(Problem("row_changed", _name(row), _difference(model, expected, actual)))
        for key, expected in said.items():
            if expected is not None:
                report.problems.append(Problem("row_deleted", _key_name(key), "记录中有此行，数据库中已被删除"))


def _name(row: models.Model) -> str:
    case_id = getattr(row, "case_id", None) or row.pk
    return f"案件 {case_id} 的{row._meta.verbose_name}（{row.pk}）"


def _key_name(key: str) -> str:
    label, _, pk = key.rpartition(":")
    try:
        from django.apps import apps

        model = apps.get_model(label)
        return f"{model._meta.verbose_name}（{pk}）"
    except (LookupError, ValueError):
        return key


def _difference(model: type[models.Model], expected: dict[str, Any], actual: dict[str, Any]) -> str:
    columns = {f.attname: f for f in model._meta.concrete_fields}
    labels = {name: str(f.verbose_name) for name, f in columns.items()}

    def shown(name: str, value: Any) -> str:
        choices = dict(columns[name].flatchoices) if name in columns and columns[name].choices else {}
        return _show(str(choices.get(value, value)) if choices else value)

    parts = [
        f"“{labels.get(name, name)}”记录为 {shown(name, expected.get(name))}，数据库中为 {shown(name, actual.get(name))}"
        for name in sorted(set(expected) | set(actual))
        if expected.get(name) != actual.get(name)
    ]
    return "被直接修改：" + "；".join(parts)


def _show(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return f"“{text[:60]}”"


def _files(report: Report, stream: str | None = None) -> None:
    events = Event.objects.filter(after__has_key="sha256")
    if stream is not None:
        events = events.filter(stream=stream)
    for event in events.order_by("id").iterator():
        name, digest = event.after.get("file"), event.after.get("sha256")
        if not name or not digest:
            continue
        report.files += 1
        where = f"{event.stream} 第 {event.sequence} 条所记文件"
        if not default_storage.exists(name):
            report.problems.append(Problem("file_missing", where, "文件已不存在"))
            continue
        if file_sha256(name) != digest:
            report.problems.append(Problem("file_changed", where, "文件内容与记录的 SHA-256 不符（文件被替换或修改）"))


def file_sha256(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- signed exports of the heads -------------------------------------------------------------

def _export_message(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def export_heads() -> dict[str, Any]:
    """Every stream's head, signed: keep the file outside the server (docs/operations.md)."""
    heads = [
        {"stream": h.stream, "sequence": h.sequence, "hash": h.hash}
        for h in StreamHead.objects.order_by("stream").iterator()
    ]
    body = {"format": EXPORT_FORMAT, "exported_at": timezone.now().isoformat(),
            "public_key": signing.public_key_hex(), "heads": heads}
    return {**body, "signature": signing.sign(_export_message(body))}


def compare_with_export(export: dict[str, Any]) -> list[Problem]:
    body = {k: v for k, v in export.items() if k != "signature"}
    if body.get("format") != EXPORT_FORMAT:
        return [Problem("export_invalid", "导出文件", "不是本系统导出的链头文件")]
    if body.get("public_key") != signing.public_key_hex() or not signing.is_valid(
        str(export.get("signature", "")), _export_message(body)
    ):
        return [Problem("export_invalid", "导出文件", "签名无效：文件被修改，或不是用本系统的密钥签发的")]
    exported_at = str(body.get("exported_at", ""))[:19].replace("T", " ")
    problems: list[Problem] = []
    for head in body.get("heads", []):
        stream, sequence = head["stream"], head["sequence"]
        if sequence == 0:
            continue
        event = Event.objects.filter(stream=stream, sequence=sequence).first()
        if event is None:
            last = Event.objects.filter(stream=stream).aggregate(top=models.Max("sequence"))["top"]
            message = (f"{exported_at} 导出时有 {sequence} 条记录，现在整条记录流都不存在（被删除）" if last is None
                       else f"{exported_at} 导出时有 {sequence} 条记录，现在只剩 {last} 条（记录被截断）")
            problems.append(Problem("export_truncated", stream, message))
        elif event.hash != head["hash"]:
            problems.append(Problem("export_rewritten", stream,
                                    f"第 {sequence} 条与 {exported_at} 导出时不同（记录流被重写）"))
    return problems
