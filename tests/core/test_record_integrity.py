"""The record holds against the people who run the database: each of the thirteen ways an insider
with SQL access (who first drops the append-only trigger) or access to the file store could rewrite
history is reported by `audit verify`, naming what was done, and a clean record passes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from rongcuo.cases import services as s
from rongcuo.core import audit
from rongcuo.core.events import event_hash
from rongcuo.core.models import Event

CONDUCT = dt.date(2025, 6, 1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def drop_append_only_trigger() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS core_event_append_only ON core_event")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_event_no_delete")


def sql(*statements: str, params: list[Any] | None = None) -> None:
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, params or [])


@pytest.fixture
def decided_case(licheng: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    case = s.case_apply(actor=licheng.officer_user, officer=licheng.officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。", conduct_date=CONDUCT,
                        facts={"counterparty_concealed_information": True, "actively_remedied": True})
    s.case_file(actor=licheng.head, case=case)
    s.case_assign_investigators(actor=licheng.handler, case=case, investigators=licheng.investigators[:2])
    s.case_add_evidence(actor=licheng.officer_user, case=case, file=SimpleUploadedFile("检查记录.pdf", PDF),
                        description="现场检查记录")
    s.case_update_facts(actor=licheng.handler, case=case, facts=dict(case.facts), reason="经询问、调阅案卷核实")
    s.case_record_statement(actor=licheng.officer_user, case=case, text="本人已按规定检查，企业故意隐瞒。")
    s.case_determine(actor=licheng.head, case=case, disposition="免责", opinion="符合容错情形，予以免责。")
    return case


def codes() -> set[str]:
    return {p.code for p in audit.verify().problems}


def events_of(case: Any) -> list[Event]:
    return list(Event.objects.filter(stream=case.stream).order_by("sequence"))


def export(tmp_path: Path) -> Path:
    path = tmp_path / "heads.json"
    call_command("audit", "export-heads", "--output", str(path))
    return path


def test_an_untouched_record_passes_with_rows_and_files_checked(decided_case: Any, tmp_path: Path, capsys: Any) -> None:
    path = export(tmp_path)
    call_command("audit", "verify", "--against", str(path))
    out = capsys.readouterr().out
    assert "校验通过" in out
    report = audit.verify()
    assert report.files == 1 + decided_case.documents.count()  # the evidence and every issued document
    assert report.rows >= 5  # the case, investigators, evidence, statement, determination


def test_the_database_refuses_to_change_or_delete_an_event(decided_case: Any) -> None:
    for statement in ("UPDATE core_event SET summary = 'x'", "DELETE FROM core_event"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert codes() == set()


def _edit_event(case: Any) -> None:
    sql("UPDATE core_event SET summary = %s WHERE stream = %s AND sequence = 2", params=["改过的摘要", case.stream])


def _reorder(case: Any) -> None:
    sql("UPDATE core_event SET sequence = 1000 WHERE stream = %s AND sequence = 2",
        "UPDATE core_event SET sequence = 2 WHERE stream = %s AND sequence = 3",
        "UPDATE core_event SET sequence = 3 WHERE stream = %s AND sequence = 1000", params=[case.stream])


def _delete_middle(case: Any) -> None:
    sql("DELETE FROM core_event WHERE stream = %s AND sequence = 3", params=[case.stream])


def _delete_last(case: Any) -> None:
    last = events_of(case)[-1]
    sql("DELETE FROM core_event WHERE id = %s", params=[last.pk])


def _delete_chain(case: Any) -> None:
    sql("DELETE FROM core_event WHERE stream = %s", params=[case.stream])


def _forge_append_sql(case: Any) -> None:
    last = events_of(case)[-1]
    forged = Event(stream=case.stream, sequence=last.sequence + 1, actor=None, actor_name="系统", at=last.at,
                   action="archive", summary="归档", reason="", legal_basis="", before={}, after={}, rows={},
                   previous_hash=last.hash)
    forged.hash = event_hash(forged)
    drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_event (stream, sequence, actor_name, at, action, summary, reason, legal_basis, before,"
            " after, rows, previous_hash, hash, signature) VALUES (%s, %s, %s, %s, %s, %s, '', '', %s, %s, %s, %s, %s, %s)",
            [forged.stream, forged.sequence, forged.actor_name, forged.at, forged.action, forged.summary,
             "{}", "{}", "{}", forged.previous_hash, forged.hash, last.signature])
        cursor.execute("UPDATE core_streamhead SET sequence = %s, hash = %s WHERE stream = %s",
                       [forged.sequence, forged.hash, case.stream])


def _recompute_chain(case: Any) -> None:
    """Edit an event, then recompute every hash after it (and the head) so the chain links again."""
    drop_append_only_trigger()
    previous = None
    for event in events_of(case):
        if event.sequence == 2:
            event.summary = "改过的摘要"
        if previous is not None:
            event.previous_hash = previous
        event.hash = event_hash(event)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE core_event SET summary = %s, previous_hash = %s, hash = %s WHERE id = %s",
                           [event.summary, event.previous_hash, event.hash, event.pk])
        previous = event.hash
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_streamhead SET hash = %s WHERE stream = %s", [previous, case.stream])


def _edit_case_row(case: Any) -> None:
    sql("UPDATE cases_case SET state = 'archived' WHERE id = %s", params=[case.pk])


def _edit_determination(case: Any) -> None:
    sql("UPDATE cases_determination SET outcome = 'not_tolerated' WHERE case_id = %s", params=[case.pk])


def _edit_number(case: Any) -> None:
    sql("UPDATE cases_case SET number = %s WHERE id = %s", params=["历司容〔2025〕999号", case.pk])


def _overwrite_evidence(case: Any) -> None:
    from django.conf import settings

    name = case.evidence.get().file.name
    (Path(settings.MEDIA_ROOT) / name).write_bytes(PDF.replace(b"1 0", b"2 0"))


def _delete_evidence_file(case: Any) -> None:
    from django.conf import settings

    (Path(settings.MEDIA_ROOT) / case.evidence.get().file.name).unlink()


def _delete_whole_case(case: Any) -> None:
    """Everything of the case removed together, its chain head included: the database agrees
    with itself; only the earlier export shows it."""
    sql("DELETE FROM core_event WHERE stream = %s", "DELETE FROM core_streamhead WHERE stream = %s", params=[case.stream])
    from rongcuo.core.records import case_column, recorded_models

    for model in recorded_models():
        if case_column(model) == "case_id":
            sql(f"DELETE FROM {model._meta.db_table} WHERE case_id = %s", params=[case.pk])
    sql("DELETE FROM cases_case WHERE id = %s", params=[case.pk])


# (tamper, what the report must say, needs the earlier export to be seen)
TAMPERS: list[tuple[str, Callable[[Any], None], set[str], bool]] = [
    ("修改一条记录的内容", _edit_event, {"content"}, False),
    ("调换两条记录的顺序", _reorder, {"sequence", "content"}, False),
    ("删除中间的一条记录", _delete_middle, {"sequence", "link"}, False),
    ("删除最后一条记录", _delete_last, {"head", "row_changed"}, False),
    ("删除整条记录流", _delete_chain, {"lost_stream", "row_unrecorded"}, False),
    ("用 SQL 追加一条伪造的记录", _forge_append_sql, {"signature"}, False),
    ("修改记录后重算整条哈希链", _recompute_chain, {"signature"}, False),
    ("直接修改案件的状态", _edit_case_row, {"row_changed"}, False),
    ("直接修改认定结论", _edit_determination, {"row_changed"}, False),
    ("直接修改立案编号", _edit_number, {"row_changed"}, False),
    ("替换磁盘上的证据文件", _overwrite_evidence, {"file_changed"}, False),
    ("删除磁盘上的证据文件", _delete_evidence_file, {"file_missing"}, False),
    ("连同链头删除整个案件", _delete_whole_case, {"export_truncated"}, True),
]


def test_there_are_thirteen_tampers() -> None:
    assert len(TAMPERS) == 13


@pytest.mark.parametrize(("name", "tamper", "expected", "needs_export"), TAMPERS, ids=[t[0] for t in TAMPERS])
def test_each_tamper_is_reported_by_audit_verify(decided_case: Any, tmp_path: Path, capsys: Any, name: str,
                                                 tamper: Callable[[Any], None], expected: set[str],
                                                 needs_export: bool) -> None:
    path = export(tmp_path)
    assert codes() == set()
    tamper(decided_case)
    found = {p.code for p in audit.verify(json.loads(path.read_text(encoding="utf-8"))).problems}
    assert expected <= found, f"{name}: reported {found}"
    if needs_export:
        assert audit.verify().problems == [], "this tamper leaves a database that agrees with itself"
    capsys.readouterr()
    with pytest.raises(CommandError, match="校验失败"):
        call_command("audit", "verify", "--against", str(path))
    assert "篡改：" in capsys.readouterr().err


def test_truncation_and_rewriting_are_reported_against_an_earlier_export(decided_case: Any, tmp_path: Path) -> None:
    path = export(tmp_path)
    exported = json.loads(path.read_text(encoding="utf-8"))
    _delete_last(decided_case)
    problems = audit.compare_with_export(exported)
    assert [p.code for p in problems] == ["export_truncated"]
    assert "现在只剩" in problems[0].message


def test_an_altered_export_file_is_not_believed(decided_case: Any, tmp_path: Path) -> None:
    exported = json.loads(export(tmp_path).read_text(encoding="utf-8"))
    exported["heads"][0]["sequence"] = 1
    assert [p.code for p in audit.compare_with_export(exported)] == ["export_invalid"]


def test_a_row_written_beside_the_procedure_is_reported(decided_case: Any, licheng: Any) -> None:
    from rongcuo.cases.models import Statement

    Statement.objects.create(case=decided_case, text="事后补写的陈述", given_on=CONDUCT, recorded_by=licheng.handler)
    assert "row_unrecorded" in codes()


def test_the_report_names_the_changed_column_in_chinese(decided_case: Any) -> None:
    _edit_case_row(decided_case)
    message = next(str(p) for p in audit.verify().problems if p.code == "row_changed")
    assert "“状态”" in message
    assert "记录为 “已认定”，数据库中为 “已归档”" in message
