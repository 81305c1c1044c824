"""The ledger import's PostgreSQL path for plain UTF-8 CSV files: Arrow checks whole columns
(ledger.fast) while COPY writes each block into a staging table; then set-based statements find the
repeated keys, compare with the ledger, shift the monthly sums by what changes, and write. The whole
import is one transaction, rolled back if any row is bad, so it is all or nothing. When the ledger
holds no row of the file's agencies (an agency's or a city's first import) there is nothing to
compare: the rows are written straight from the stage, and a key the file repeats is found by the
ledger's unique constraint, the write undone and the repeats reported as on any other import.

Speed, following PostgreSQL's advice on populating a database (docs, "Populating a Database"): a
load that adds at least as many rows as the ledger holds (a first import, a city's back catalogue)
drops the ledger's secondary indexes and foreign keys, inserts, and builds them again, each in one
pass (re-adding a foreign key checks every row in one query instead of one lookup per row). Until
the import commits, others reading the ledger wait; statistics read the monthly sums, which stay
readable. A smaller load writes through the indexes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from rongcuo.core import files
from rongcuo.core.models import Jurisdiction, User
from rongcuo.core.records import stage_event
from rongcuo.ledger import fast, table
from rongcuo.ledger.errors import LedgerRefused
from rongcuo.ledger.models import LedgerEntry, LedgerImport, LedgerMonth

COLUMNS = ("agency_id", "case_number", "kind", "handlers", "filed_on", "closed_on", "amount", "hearing", "litigation")
FIELDS = ("kind", "handlers", "filed_on", "closed_on", "amount", "hearing", "litigation")
MONTHLY = ("kind", "filed_on", "closed_on", "amount", "hearing")  # what the monthly sums are made of
BULK_MIN_ROWS = 50_000  # below this, rebuilding the indexes costs more than writing through them
ENTRY = LedgerEntry._meta.db_table
MONTH = LedgerMonth._meta.db_table
LOCK_KEY = 7_300_001  # pg_advisory_xact_lock key of ledger imports


def lock() -> None:
    """One ledger import at a time (PostgreSQL; SQLite writes one at a time anyway): two requests
    with the same file never race for the rows or for the stored file."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def keep(source: table.Source, kind: str) -> files.Stored:
    """The imported file kept under its SHA-256, copied from disk in chunks."""
    with source.open() as handle:
        return files.store(File(handle, name="ledger"), "ledger", kind)


def record(actor: User | None, jurisdiction: Jurisdiction | None, name: str, stored: files.Stored, rows: int,
           created: int, updated: int) -> None:
    """The import's event on the ledger's record: who, which file (its SHA-256), what it changed."""
    stage_event(stream=f"ledger:{jurisdiction.pk if jurisdiction else 'all'}", actor=actor, action="ledger_import",
                summary=f"导入台账“{name[-80:]}”：新增 {created} 行，更新 {updated} 行",
                after={"file": stored.name, "sha256": stored.sha256, "rows": rows, "created": created, "updated": updated})


@dataclass
class Written:
    """What an import found and (unless it was a dry run or changed nothing) wrote."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    batch: LedgerImport | None = None

    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


def run(*, actor: User | None, source: table.Source, name: str, mapping: dict[str, str], agencies: dict[str, int],
        dry_run: bool, jurisdiction: Jurisdiction | None, progress: Callable[[int], None] | None) -> Written:
    """Import `source` (already known to be a CSV Arrow can read); raises LedgerRefused with every
    bad row, or fast.NotFast when Arrow cannot read it after all."""
    result = fast.Prepared()
    outcome = Written()
    with transaction.atomic(), connection.cursor() as cursor, source.open() as handle:
        lock()
        cursor.execute("SET LOCAL work_mem = '64MB'")  # the repeated-key sort and the sums in memory
        cursor.execute(f"CREATE TEMP TABLE ledger_stage ON COMMIT DROP AS SELECT {', '.join(COLUMNS)} "
                       f"FROM {ENTRY} WITH NO DATA")
        cursor.execute("ALTER TABLE ledger_stage ADD COLUMN line bigint")
        blocks = fast.prepare(handle, mapping, agencies, result)
        first = next(blocks, None)  # the header is read with the first block: the added columns are known
        extras = [f"e{i}" for i in range(len(result.extras))]
        for column in extras:
            cursor.execute(f"ALTER TABLE ledger_stage ADD COLUMN {column} text")
        if first is not None:
            with cursor.cursor.copy(f"COPY ledger_stage ({', '.join([*COLUMNS, 'line', *extras])}) FROM STDIN "
                                    "WITH (FORMAT csv)") as copy:
                copy.write(first)
                for block in _reported(blocks, result, progress):
                    copy.write(block)
        outcome.rows = result.total
        fresh = _fresh(cursor, result.agencies)
        if dry_run or not fresh or not result.ok:  # a fresh write finds them only if they are there (below)
            _repeats(cursor, result)
        _refuse_unless_ok(result)
        if fresh:
            outcome.created = result.total
        else:
            outcome.created, outcome.updated = _changes(cursor, result, extras)
        if dry_run or not (outcome.created or outcome.updated):
            transaction.set_rollback(True)
            return outcome
        stored = keep(source, "csv")  # only now that it will be written: a refusal or no change copies nothing
        try:
            batch = new_batch(actor, jurisdiction, name, stored, outcome)
            if fresh:
                _write_fresh(cursor, result, extras, batch)
            else:
                _write_changes(cursor, outcome, batch)
            cursor.execute("DROP TABLE ledger_stage")
            record(actor, jurisdiction, name, stored, result.total, outcome.created, outcome.updated)
        except BaseException:
            files.discard(stored)  # still under the lock: no other import can have come to use it
            raise
        outcome.batch = batch
    return outcome


def _refuse_unless_ok(result: fast.Prepared) -> None:
    if not result.ok:
        raise LedgerRefused(table.Checked(problems=result.problems, more_problems=result.more_problems, total=result.total))


def _fresh(cursor: Any, agencies: set[int]) -> bool:
    """Whether the ledger holds no row of any agency the file's rows name: then every row is new,
    and nothing needs comparing (an agency's or a city's first import)."""
    cursor.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {ENTRY} WHERE agency_id = ANY(%s))", [sorted(agencies)])
    return bool(cursor.fetchone()[0])


def new_batch(actor: User | None, jurisdiction: Jurisdiction | None, name: str, stored: files.Stored,
              outcome: Written) -> LedgerImport:
    """The import's own row: who, when, which file (kept under its SHA-256), what it changed."""
    return LedgerImport.objects.create(
        jurisdiction=jurisdiction, sha256=stored.sha256, original_name=name[-200:], made_by=actor,
        made_at=timezone.now(), rows=outcome.rows, created=outcome.created, updated=outcome.updated,
        unchanged=outcome.unchanged, file=stored.name)


def _write_fresh(cursor: Any, result: fast.Prepared, extras: list[str], batch: LedgerImport) -> None:
    """Every staged row is new: the sums and the rows straight from the stage. A key the file repeats
    is found by the ledger's unique constraint (checking for one first costs a sort of the whole file
    on every import); the write is then undone and the repeats listed as on any other import."""
    names = list(result.extras)
    try:
        with transaction.atomic():
            _shift_months(cursor, "ledger_stage", changed=False)
            with _rebuilt_indexes(cursor) if _bulk(cursor, result.total) else nullcontext():
                cursor.execute(f"""INSERT INTO {ENTRY} ({', '.join(COLUMNS)}, extra, source_id)
                                   SELECT {', '.join('s.' + c for c in COLUMNS)}, {_extra_sql(extras)}, %s
                                   FROM ledger_stage s""", [*names, batch.pk])
    except IntegrityError:
        _repeats(cursor, result)
        if result.ok:  # not a repeated key after all
            raise
        _refuse_unless_ok(result)


def _changes(cursor: Any, result: fast.Prepared, extras: list[str]) -> tuple[int, int]:
    """The ledger already holds rows of these agencies: one join finds the rows that are new or
    differ, with the ledger's id and current values, which everything after reads (the counts, the
    monthly sums, the writes). Returns how many are new and how many differ."""
    names = list(result.extras)
    staged = _extra_sql(extras)
    differs = " OR ".join([*(f"e.{c} IS DISTINCT FROM s.{c}" for c in FIELDS), f"e.extra IS DISTINCT FROM {staged}"])
    cursor.execute("ANALYZE ledger_stage")
    cursor.execute(f"""CREATE TEMP TABLE ledger_changes ON COMMIT DROP AS
                       SELECT {', '.join('s.' + c for c in COLUMNS)}, {staged} AS extra, e.id AS entry_id,
                              {', '.join(f'e.{c} AS old_{c}' for c in MONTHLY)}
                       FROM ledger_stage s LEFT JOIN {ENTRY} e
                         ON e.agency_id = s.agency_id AND e.case_number = s.case_number
                       WHERE e.id IS NULL OR {differs}""", [*names, *names])
    cursor.execute("SELECT count(*) FILTER (WHERE entry_id IS NULL), count(entry_id) FROM ledger_changes")
    created, updated = cursor.fetchone()
    return int(created), int(updated)


def _write_changes(cursor: Any, outcome: Written, batch: LedgerImport) -> None:
    """The monthly sums moved and the ledger changed by what `_changes` found."""
    _shift_months(cursor, "ledger_changes", changed=bool(outcome.updated))
    with _rebuilt_indexes(cursor) if _bulk(cursor, outcome.created) else nullcontext():
        # two set-based statements (an upsert's speculative insertion costs twice as much):
        # change the rows that differ, then add those that are new
        changes = ", ".join(f"{c} = c.{c}" for c in (*FIELDS, "extra"))
        if outcome.updated:
            cursor.execute(f"""UPDATE {ENTRY} AS e SET {changes}, source_id = %s
                               FROM ledger_changes c WHERE e.id = c.entry_id""", [batch.pk])
        cursor.execute(f"""INSERT INTO {ENTRY} ({', '.join(COLUMNS)}, extra, source_id)
                           SELECT {', '.join(COLUMNS)}, extra, %s FROM ledger_changes WHERE entry_id IS NULL""",
                       [batch.pk])
    cursor.execute("DROP TABLE ledger_changes")


def _reported(blocks: Iterator[bytes], result: fast.Prepared, progress: Callable[[int], None] | None) -> Iterator[bytes]:
    for block in blocks:
        yield block
        if progress:
            progress(result.total)


def _extra_sql(extras: list[str]) -> str:
    """The added columns of a staged row as the ledger's JSON (empty cells left out)."""
    if not extras:
        return "'{}'::jsonb"
    return "jsonb_strip_nulls(jsonb_build_object(" + ", ".join(f"%s::text, NULLIF(s.{c}, '')" for c in extras) + "))"


def _repeats(cursor: Any, result: fast.Prepared) -> None:
    """Rows with the same (agency, case number) as an earlier row of the file: each after the first,
    found by the database among all good rows (the keys first, by hashing; the lines only of keys that
    repeat), merged with the other problems in the file's order so that the report lists the same
    first problems as the row-by-row way, however many there are."""
    cursor.execute("""WITH repeated AS (SELECT agency_id, case_number FROM ledger_stage
                                         GROUP BY agency_id, case_number HAVING count(*) > 1)
                      SELECT line, first, count(*) OVER () FROM (
                          SELECT s.line, min(s.line) OVER (PARTITION BY s.agency_id, s.case_number) AS first
                            FROM ledger_stage s JOIN repeated r USING (agency_id, case_number)) lines
                      WHERE line <> first ORDER BY line LIMIT %s""", [table.MAX_ERRORS])
    found = cursor.fetchall()
    if not found:
        return
    repeats = [table.Problem(int(line), "案件编号", f"与第 {first} 行重复（同一执法机关的同一案件编号）")
               for line, first, _ in found]
    total = len(result.problems) + result.more_problems + int(found[0][2])
    merged = sorted([*result.problems, *repeats], key=lambda problem: problem.row)[:table.MAX_ERRORS]
    result.problems, result.more_problems = merged, total - len(merged)


def _month(column: str) -> str:
    """The first day of a date's month (date arithmetic: date_trunc would go through a time zone)."""
    return f"({column} - (extract(day FROM {column})::int - 1))"


def _shift_months(cursor: Any, rows: str, changed: bool) -> None:
    """The monthly sums moved by what this import changes: each new or changed row's 立案 month
    (+1, and its hearing) and 结案 month (+1, and its amount) added, and when rows changed, their
    current months taken away. Its cost follows the file, not the ledger; statistics.refresh_months
    rebuilds the same sums from the whole ledger (the tests compare the two)."""
    parts = [f"""SELECT agency_id, {_month('filed_on')} AS month, kind, count(*) AS filed, 0 AS closed,
                        0::numeric AS amount, count(*) FILTER (WHERE hearing) AS hearings
                   FROM {rows} GROUP BY 1, 2, 3""",
             f"""SELECT agency_id, {_month('closed_on')}, kind, 0, count(*), sum(amount), 0
                   FROM {rows} WHERE closed_on IS NOT NULL GROUP BY 1, 2, 3"""]
    if changed:
        parts += [f"""SELECT agency_id, {_month('old_filed_on')}, old_kind, -count(*), 0, 0,
                             -count(*) FILTER (WHERE old_hearing)
                        FROM ledger_changes WHERE entry_id IS NOT NULL GROUP BY 1, 2, 3""",
                  f"""SELECT agency_id, {_month('old_closed_on')}, old_kind, 0, -count(*), -sum(old_amount), 0
                        FROM ledger_changes WHERE old_closed_on IS NOT NULL GROUP BY 1, 2, 3"""]
    shift = f"""SELECT agency_id, month, kind, sum(filed) AS filed, sum(closed) AS closed, sum(amount) AS amount,
                       sum(hearings) AS hearings FROM ({" UNION ALL ".join(parts)}) parts GROUP BY agency_id, month, kind"""
    cursor.execute(f"CREATE TEMP TABLE ledger_month_shift ON COMMIT DROP AS {shift}")
    cursor.execute("ANALYZE ledger_month_shift")
    # the months there are first, then the new ones (a negative change must never be inserted: the
    # columns are unsigned, and an upsert's speculative insertion costs twice as much)
    cursor.execute(f"""UPDATE {MONTH} AS m SET filed = m.filed + d.filed, closed = m.closed + d.closed,
                              amount = m.amount + d.amount, hearings = m.hearings + d.hearings
                       FROM ledger_month_shift d
                       WHERE m.agency_id = d.agency_id AND m.month = d.month AND m.kind = d.kind""")
    cursor.execute(f"""INSERT INTO {MONTH} (agency_id, month, kind, filed, closed, amount, hearings)
                       SELECT d.agency_id, d.month, d.kind, d.filed, d.closed, d.amount, d.hearings FROM ledger_month_shift d
                       WHERE NOT EXISTS (SELECT 1 FROM {MONTH} m
                                         WHERE m.agency_id = d.agency_id AND m.month = d.month AND m.kind = d.kind)""")
    if changed:  # a month a change emptied goes
        cursor.execute(f"""DELETE FROM {MONTH} m USING ledger_month_shift d
                           WHERE m.agency_id = d.agency_id AND m.month = d.month AND m.kind = d.kind
                             AND m.filed = 0 AND m.closed = 0 AND m.amount = 0 AND m.hearings = 0""")
    cursor.execute("DROP TABLE ledger_month_shift")


def _bulk(cursor: Any, created: int) -> bool:
    """Whether to rebuild the indexes: the load adds at least as many rows as the ledger holds
    (the planner's estimate; a table never analysed counts as empty)."""
    if created < BULK_MIN_ROWS:
        return False
    cursor.execute("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass", [ENTRY])
    return created >= int(cursor.fetchone()[0])


@contextmanager
def _rebuilt_indexes(cursor: Any) -> Iterator[None]:
    """The ledger without its secondary indexes, unique and foreign-key constraints while the block
    runs, each rebuilt after it exactly as the catalogue defined it (the primary key stays: other
    tables' foreign keys rest on it)."""
    cursor.execute("""SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                      WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname""", [ENTRY])
    constraints = list(cursor.fetchall())
    cursor.execute("""SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
                      WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                      ORDER BY 1""", [ENTRY])
    indexes = list(cursor.fetchall())
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL alters no table with checks still pending
    for constraint, _ in constraints:
        cursor.execute(f'ALTER TABLE {ENTRY} DROP CONSTRAINT "{constraint}"')
    for index, _ in indexes:
        cursor.execute(f"DROP INDEX {index}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for _, definition in indexes:
        cursor.execute(definition)
    for constraint, definition in constraints:  # unique first (its index), then the foreign keys, each checked at once
        cursor.execute(f'ALTER TABLE {ENTRY} ADD CONSTRAINT "{constraint}" {definition}')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them, for the rest of the transaction
