"""Large ledger imports: read from disk, never whole; the monthly sums kept exact by every import
whatever way it wrote; a load larger than the ledger rebuilds the ledger's indexes and constraints
exactly as they were; the CSV pre-check finds blank lines and quoted line breaks wherever the file's
reading blocks split them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from rongcuo.cases.errors import InvalidInput
from rongcuo.core.models import Agency
from rongcuo.ledger import errors, fast, services, staged, statistics, table
from rongcuo.ledger.models import LedgerEntry, LedgerMonth


def write_csv(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header or [*table.COLUMNS, "案由"])
        writer.writerows(rows)
    return path


def row(agency: str, number: str, kind: str = "处罚", filed: str = "2025-03-01", closed: str = "", amount: str = "",
        hearing: str = "否", note: str = "") -> list[str]:
    return [number, kind, agency, "张三", filed, closed, amount, hearing, "否", note]


def months() -> dict[tuple[int, dt.date, str], tuple[int, int, str, int]]:
    return {(m.agency_id, m.month, m.kind): (m.filed, m.closed, f"{m.amount:.2f}", m.hearings)
            for m in LedgerMonth.objects.all()}


def rebuilt() -> dict[tuple[int, dt.date, str], tuple[int, int, str, int]]:
    """What the monthly sums would be if rebuilt from the whole ledger (then put back as they were)."""
    with transaction.atomic():
        statistics.refresh_months(list(Agency.objects.values_list("pk", flat=True)))
        found = months()
        transaction.set_rollback(True)
    return found


def test_the_monthly_sums_after_each_import_equal_a_rebuild_from_the_whole_ledger(licheng: Any, tmp_path: Path) -> None:
    """New rows, then changes of kind, dates, amount, hearing, closing and reopening a case and an
    added column alone, then another agency's first rows with a row already there: after each import the sums the statistics read are
    exactly those of the ledger (on PostgreSQL moved by the import's changes, on SQLite rebuilt)."""
    a, b = licheng.agency.name, licheng.other_agency.name
    first = [row(a, "1", amount="100", closed="2025-03-20", hearing="是"), row(a, "2", kind="检查", filed="2025-02-10"),
             row(a, "3", filed="2025-01-31", closed="2025-02-01", amount="50.5"), row(a, "4", filed="2025-03-31")]
    services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "一.csv", first), name="一.csv")
    assert months() == rebuilt()
    assert months()
    second = [row(a, "1", amount="300", closed="2025-04-02", hearing="否"),  # amount, month of closing, hearing
              row(a, "2", kind="许可", filed="2025-02-10", closed="2025-02-11"),  # kind, now closed
              row(a, "3", filed="2025-01-31"),  # reopened: its closing month loses it
              row(a, "4", filed="2025-03-31", note="补记案由"),  # an added column alone: no sum moves
              row(a, "5", filed="2025-05-05", closed="2025-05-06", amount="7")]
    outcome = services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "二.csv", second), name="二.csv")
    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 4, 0)
    assert months() == rebuilt()
    jan = LedgerMonth.objects.get(agency=licheng.agency, month=dt.date(2025, 1, 1), kind="penalty")
    assert (jan.filed, jan.closed) == (1, 0)
    assert not LedgerMonth.objects.filter(agency=licheng.agency, month=dt.date(2025, 2, 1), kind="inspection").exists()
    third = [row(b, "1", filed="2025-03-01", closed="2025-03-02", amount="1"), second[-1]]  # a new agency, and one known
    outcome = services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "三.csv", third), name="三.csv")
    assert (outcome.created, outcome.updated, outcome.unchanged) == (1, 0, 1)
    assert months() == rebuilt()
    assert sum(m.filed for m in LedgerMonth.objects.all()) == LedgerEntry.objects.count() == 6


def test_a_file_on_disk_is_imported_from_its_path_and_refused_rows_name_their_lines(licheng: Any, tmp_path: Path) -> None:
    a = licheng.agency.name
    rows = [row(a, f"{i}") for i in range(1, 40)] + [row(a, "7"), row(a, "8", kind="罚款"), row(a, "9")]
    path = write_csv(tmp_path / "台账.csv", rows)
    with pytest.raises(errors.LedgerRefused) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    assert [str(p) for p in refused.value.checked.problems] == [  # in the file's order on every database
        "第 41 行“案件编号”：与第 8 行重复（同一执法机关的同一案件编号）",
        "第 42 行“执法类别”：“罚款”不是行政执法事项的类别（应为：处罚、许可、强制、检查、收费、确认、登记、给付、裁决、征收征用）",
        "第 43 行“案件编号”：与第 10 行重复（同一执法机关的同一案件编号）",
    ]
    assert not LedgerEntry.objects.exists()
    outcome = services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "好.csv", rows[:39]), name="好.csv")
    assert outcome.created == 39


@pytest.mark.parametrize("bulk_min_rows", [2, 50_000])  # indexes rebuilt after the write, or written through
def test_a_first_import_whose_only_fault_is_a_repeated_key_is_refused_with_each_repeat_and_writes_nothing(
        licheng: Any, tmp_path: Path, bulk_min_rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """An agency's first import is written without comparing (nothing to compare with); a key the
    file repeats is then found by the ledger's own unique constraint, and the import is undone and
    refused with the same report as any other, the ledger, its sums and its indexes as they were."""
    monkeypatch.setattr(staged, "BULK_MIN_ROWS", bulk_min_rows)
    a, b = licheng.agency.name, licheng.other_agency.name
    services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "乙.csv", [row(b, "1")]), name="乙.csv")
    count_ledger_rows_as_autovacuum_would()
    before = (list(LedgerEntry.objects.values_list("agency_id", "case_number")), months(),
              catalogue() if connection.vendor == "postgresql" else None)
    rows = [row(a, f"{i}", closed="2025-03-05", amount="10") for i in range(1, 30)] + [row(a, "3"), row(a, "29")]
    path = write_csv(tmp_path / "甲.csv", rows)
    for dry_run in (True, False):
        with pytest.raises(errors.LedgerRefused) as refused:
            services.ledger_import(actor=licheng.handler, content=path, name="甲.csv", dry_run=dry_run)
        assert [str(p) for p in refused.value.checked.problems] == [
            "第 31 行“案件编号”：与第 4 行重复（同一执法机关的同一案件编号）",
            "第 32 行“案件编号”：与第 30 行重复（同一执法机关的同一案件编号）",
        ]
        assert (list(LedgerEntry.objects.values_list("agency_id", "case_number")), months(),
                catalogue() if connection.vendor == "postgresql" else None) == before
    outcome = services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "好.csv", rows[:29]), name="好.csv")
    assert (outcome.created, outcome.updated) == (29, 0)
    assert months() == rebuilt()
    assert LedgerEntry.objects.filter(agency=licheng.agency).count() == 29


def test_the_web_limit_is_the_services_and_the_command_line_has_none(licheng: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "台账.csv", [row(licheng.agency.name, "1")])
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv", max_bytes=10)
    assert refused.value.code == "ledger_too_large"
    assert not LedgerEntry.objects.exists()
    assert services.ledger_import(actor=None, content=path, name="台账.csv", max_bytes=None).created == 1


def count_ledger_rows_as_autovacuum_would() -> None:
    """The planner's row count of the ledger, which decides whether a load rebuilds the indexes, as
    autovacuum would leave it: rows an earlier test wrote and rolled back are not counted."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {staged.ENTRY}")


def catalogue() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                       "ORDER BY conname", [staged.ENTRY])
        constraints = list(cursor.fetchall())
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [staged.ENTRY])
        return constraints, list(cursor.fetchall())


@pytest.mark.postgres
def test_a_load_larger_than_the_ledger_rebuilds_its_indexes_and_constraints_exactly(
        licheng: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(staged, "BULK_MIN_ROWS", 2)  # the real threshold is 50,000 rows
    count_ledger_rows_as_autovacuum_would()
    before = catalogue()
    assert len(before[0]) >= 4
    assert len(before[1]) >= 5
    a = licheng.agency.name
    rebuilt_calls: list[int] = []
    original = staged._rebuilt_indexes

    def counted(cursor: Any) -> Any:
        rebuilt_calls.append(1)
        return original(cursor)

    monkeypatch.setattr(staged, "_rebuilt_indexes", counted)
    first = [row(a, str(i), filed=f"2025-03-{i:02d}", closed=f"2025-04-{i:02d}", amount=str(i)) for i in range(1, 21)]
    outcome = services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "一.csv", first), name="一.csv")
    assert outcome.created == 20
    assert rebuilt_calls == [1]
    assert catalogue() == before
    assert months() == rebuilt()
    with pytest.raises(IntegrityError), transaction.atomic():  # the unique constraint holds again
        LedgerEntry.objects.create(agency=licheng.agency, case_number="1", kind="penalty", handlers="张三",
                                   filed_on=dt.date(2025, 1, 1))
    with transaction.atomic(), connection.cursor() as cursor:  # and the foreign key to the agency
        cursor.execute(f"UPDATE {staged.ENTRY} SET agency_id = -5 WHERE case_number = '1'")
        with pytest.raises(IntegrityError):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        transaction.set_rollback(True)
    count_ledger_rows_as_autovacuum_would()
    few = [row(a, str(i)) for i in range(21, 24)]  # fewer rows than the ledger holds: written through the indexes
    services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "二.csv", first + few), name="二.csv")
    assert rebuilt_calls == [1]
    assert catalogue() == before
    assert LedgerEntry.objects.count() == 23


def fast_path_takes(data: bytes) -> bool:
    """Whether the fast path reads the file through (the header, then every block) or hands it to
    the row-by-row way (NotFast)."""
    try:
        for _ in fast.prepare(io.BytesIO(data), {}, {}, fast.Prepared()):
            pass
    except fast.NotFast:
        return False
    return True


@pytest.mark.parametrize("block_bytes", [3, 7, 1 << 20])
@pytest.mark.parametrize(("text", "takes"), [
    ("a,b\n1,2\n3,4\n", True),
    ("a,b\r\n1,2\r\n3,4\r\n", True),
    ("a,b\n1,2\n3,4\n\n\n", True),  # blank lines after the last row
    ("a,b\n1,2\n3,4", True),  # no line break at the end
    ('a,b\n"1,5",2\n"x""y",4\n', True),  # quotes, a comma and a doubled quote inside cells
    ("a,b\n1,2\n\n3,4\n", False),  # a blank line between rows
    ("a,b\r\n1,2\r\n\r\n3,4\r\n", False),
    ('a,b\n"1\n2",3\n', False),  # a line break inside a quoted cell
    ("a,b\n1\r2,3\n", False),  # a carriage return alone
    ('"a\nb",c\n1,2\n', False),  # a line break inside a quoted name in the header
    ("甲,乙\n一,二\n", True),
])
def test_the_fast_path_hands_on_what_would_shift_row_numbers_wherever_blocks_split(
        text: str, takes: bool, block_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast, "BLOCK_BYTES", block_bytes)
    assert fast_path_takes(text.encode("utf-8")) is takes


@pytest.mark.parametrize("block_bytes", [1, 2, 1 << 20])
def test_the_fast_path_hands_on_what_is_not_utf8_in_the_header_or_any_block(
        block_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast, "BLOCK_BYTES", block_bytes)
    assert fast_path_takes("甲,乙\n一,二\n".encode("gb18030")) is False
    assert fast_path_takes(b"a,b\n" + "一,二\n".encode() * 3 + "三,四\n".encode("gb18030")) is False
    assert fast_path_takes(b"a,b\n" + "一,二\n".encode() * 3) is True


def test_a_file_found_unfit_for_the_fast_path_late_is_imported_row_by_row_with_nothing_left_of_the_first_try(
        licheng: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A quoted line break in the last row is found after the earlier blocks went to the database:
    the first try is undone and the file read the row-by-row way, its rows numbered as the user sees them."""
    monkeypatch.setattr(fast, "BLOCK_BYTES", 64)
    a = licheng.agency.name
    rows = [row(a, f"{i}") for i in range(1, 20)] + [row(a, "20", note="第一行\n第二行"), row(a, "5")]
    with pytest.raises(errors.LedgerRefused) as refused:
        services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "台账.csv", rows), name="台账.csv")
    assert [str(p) for p in refused.value.checked.problems] == ["第 23 行“案件编号”：与第 6 行重复（同一执法机关的同一案件编号）"]
    outcome = services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "好.csv", rows[:20]), name="好.csv")
    assert outcome.created == 20
    assert LedgerEntry.objects.get(case_number="20").extra == {"案由": "第一行\n第二行"}
    assert months() == rebuilt()


@pytest.mark.parametrize("block_bytes", [50, 1 << 20])
def test_a_file_read_in_many_blocks_gives_the_same_rows_and_report_as_in_one(
        licheng: Any, tmp_path: Path, block_bytes: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks are cut at line ends and each read with every cell as text: a column of whole numbers
    in the first block and decimals with thousands separators later is one column; lines count on."""
    monkeypatch.setattr(fast, "BLOCK_BYTES", block_bytes)
    a = licheng.agency.name
    rows = [row(a, f"{i}", amount=str(i), closed="2025-03-02") for i in range(1, 30)]
    rows += [row(a, "30", amount="1,200.50", closed="2025-03-02"), row(a, "31", filed="2025-02-30"), row(a, "5")]
    with pytest.raises(errors.LedgerRefused) as refused:
        services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "台账.csv", rows), name="台账.csv")
    assert [str(p) for p in refused.value.checked.problems] == [
        "第 32 行“立案日期”：没有这一天：2025-02-30",
        "第 33 行“案件编号”：与第 6 行重复（同一执法机关的同一案件编号）",
    ]
    outcome = services.ledger_import(actor=licheng.handler, content=write_csv(tmp_path / "好.csv", rows[:30]), name="好.csv")
    assert outcome.created == 30
    assert sorted(LedgerEntry.objects.values_list("amount", flat=True))[-1] == Decimal("1200.50")
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == Decimal(sum(range(1, 30))) + Decimal("1200.50")


def test_cells_no_column_would_keep_are_named_and_short_rows_read_as_empty_on_every_database(
        licheng: Any, tmp_path: Path) -> None:
    a = licheng.agency.name
    path = tmp_path / "台账.csv"
    lines = [",".join([*table.COLUMNS, "案由", ""]), ",".join([*row(a, "1"), ""]),
             ",".join([*row(a, "2", note="案由二"), "", "1", "200.50"]),  # an unquoted comma in the last cell
             ",".join([*row(a, "3"), "无名列的内容"]), ",".join(row(a, "4")[:-3])]  # 4: the trailing cells left out
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(errors.LedgerRefused) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    assert [str(p) for p in refused.value.checked.problems] == [
        "第 3 行：比第 1 行的列名多出 2 格（“1”）：单元格中的逗号请加英文双引号，或在第 1 行为多出的列写上列名",
        "第 4 行“第 11 列”：该列有内容但没有列名：请在第 1 行写上列名",
    ]
    path.write_text("\n".join([lines[0], lines[1], lines[4]]) + "\n", encoding="utf-8")
    assert services.ledger_import(actor=licheng.handler, content=path, name="台账.csv").created == 2
    assert LedgerEntry.objects.get(case_number="4").hearing is False
