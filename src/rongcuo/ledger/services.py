"""Writes of the ledger: importing an agency's file, all or nothing, the same file twice changing
nothing. The file is checked in full before anything is written (a report of every bad row), then
read again and written in one transaction; each pass reads the file from disk, never whole. A plain
UTF-8 CSV on PostgreSQL goes ledger.staged's way (Arrow and COPY); other files row by row, written
by COPY and one upsert (PostgreSQL) or in chunks (SQLite). An import that changed rows keeps its
file under its SHA-256 and appends an event."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from rongcuo.cases.errors import InvalidInput, NotAllowed
from rongcuo.core import files
from rongcuo.core.models import Agency, Jurisdiction, User
from rongcuo.core.roles import Role
from rongcuo.ledger import fast, staged, table
from rongcuo.ledger.errors import LedgerRefused
from rongcuo.ledger.models import LedgerEntry, LedgerImport

CHUNK = 5000
MAX_FAST_EXTRAS = 40  # added columns the fast path folds into JSON in one statement
MAX_FILE_BYTES = 200 * 1024 * 1024  # behind the web server's own request limit (RONGCUO_MAX_UPLOAD_REQUEST)
NO_ROWS = "文件中只有列名，没有数据行，未导入。"
FIELDS = ("kind", "handlers", "filed_on", "closed_on", "amount", "hearing", "litigation", "extra")


@dataclass
class Outcome:
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    batch: LedgerImport | None = None
    mapping: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        head = "检查通过（未写入）" if self.dry_run else "导入完成"
        if not self.dry_run and not (self.created or self.updated):
            head = "与已有台账相同，未作改动"
        return f"{head}：共 {self.rows} 行，新增 {self.created} 行，更新 {self.updated} 行，未变 {self.unchanged} 行。"


def importable_agencies(actor: User | None, jurisdiction: Jurisdiction | None = None) -> dict[str, int]:
    """Agency name → id that this actor may import for: a liaison their own agency; the office (承办人、
    负责人、系统管理员) every agency of its jurisdiction and the jurisdictions under it; the command line
    (no actor) every agency, or those of `jurisdiction`."""
    if actor is None:
        agencies = Agency.objects.all()
        if jurisdiction is not None:
            agencies = agencies.filter(jurisdiction__in=jurisdiction.subtree_ids())
    else:
        grants = list(actor.role_assignments.values_list("role", "jurisdiction_id", "agency_id"))
        condition = Q(pk__in=[agency for role, _, agency in grants if role == Role.LIAISON and agency])
        for role, place, _ in grants:
            if role in (Role.HANDLER, Role.HEAD, Role.ADMIN) and place:
                condition |= Q(jurisdiction__in=Jurisdiction.objects.get(pk=place).subtree_ids())
        agencies = Agency.objects.filter(condition)
    names: dict[str, int] = {}
    for pk, name in agencies.values_list("pk", "name"):
        names[name] = -1 if name in names else pk  # the same name twice in scope: ambiguous
    return names


def _open(source: table.Source, name: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    try:
        return table.read_rows(source.open(), name)
    except table.TableError as error:
        raise InvalidInput("ledger_unreadable", str(error)) from None


def _checked(header: list[str], body: Iterator[tuple[int, list[Any]]], mapping: dict[str, str], known: Any,
             keep: bool) -> table.Checked:
    try:
        return table.check_rows(header, body, mapping, known, keep=keep)
    except table.TableError as error:  # the file breaks off part way (an encoding change, a huge cell)
        raise InvalidInput("ledger_unreadable", str(error)) from None


def ledger_import(*, actor: User | None, content: bytes | Path | Any, name: str, mapping: dict[str, str] | None = None,
                  dry_run: bool = False, jurisdiction: Jurisdiction | None = None,
                  progress: Callable[[int], None] | None = None, max_bytes: int | None = MAX_FILE_BYTES) -> Outcome:
    """Check the whole file, then (unless `dry_run`) write it in one transaction. Refuses with every
    bad row listed (`LedgerRefused`); a mapping names, for each template column, the file's column.
    `content` is the file's bytes, its path, or an uploaded file: a file on disk is read from there
    pass by pass, never whole. `max_bytes` is the web's limit (None on the command line)."""
    source = table.Source.of(content)
    size = source.size
    if not size:
        raise InvalidInput("ledger_empty", "文件是空的。")
    if max_bytes is not None and size > max_bytes:
        raise InvalidInput("ledger_too_large", f"台账文件不能超过 {max_bytes // 1024 // 1024} MB，请分批导入。")
    agencies = importable_agencies(actor, jurisdiction)
    if actor is not None and not agencies:
        raise NotAllowed("not_allowed", "您无权导入台账：只有执法机关联络员和行政执法监督机构可以导入。")
    header, body = _open(source, name)
    mapping = mapping or table.propose_mapping(header)
    wrong = table.check_mapping(header, mapping)
    if wrong:
        raise InvalidInput("ledger_mapping", "列对应有误：" + "；".join(wrong) + "。", details=wrong)

    known = table.agency_verdict(agencies)

    if connection.vendor == "postgresql" and len(header) - len(mapping) <= MAX_FAST_EXTRAS and name.lower().endswith(".csv"):
        try:
            written = staged.run(actor=actor, source=source, name=name, mapping=mapping, agencies=agencies,
                                 dry_run=dry_run, jurisdiction=jurisdiction, progress=progress)
            if not written.rows:
                raise InvalidInput("ledger_no_rows", NO_ROWS)
            return Outcome(rows=written.rows, created=written.created, updated=written.updated,
                           unchanged=written.unchanged, dry_run=dry_run, batch=written.batch, mapping=mapping)
        except fast.NotFast:
            header, body = _open(source, name)  # Arrow could not take it as it is: row by row
    checked = _checked(header, _counted(body, progress), mapping, known, keep=False)
    if not checked.ok:
        raise LedgerRefused(checked)
    if not checked.total:
        raise InvalidInput("ledger_no_rows", NO_ROWS)
    outcome = Outcome(rows=checked.total, dry_run=dry_run, mapping=mapping)
    header, body = _open(source, name)  # the second pass writes what the first one checked
    rows = (row for row in _checked(header, body, mapping, known, keep=True).rows)
    if dry_run:
        outcome.created, outcome.updated, outcome.unchanged = _compare(rows, agencies)
        return outcome
    stored = None
    try:
        with transaction.atomic():
            staged.lock()
            stored = staged.keep(source, "xlsx" if name.lower().endswith(".xlsx") else "csv")
            batch = LedgerImport.objects.create(
                jurisdiction=jurisdiction, sha256=stored.sha256, original_name=name[-200:], made_by=actor,
                made_at=timezone.now(), rows=checked.total, created=0, updated=0, unchanged=0)
            batch.file.name = stored.name
            write = _write_postgres if connection.vendor == "postgresql" else _write_chunks
            outcome.created, outcome.updated = write(rows, agencies, batch, progress)
            if outcome.created or outcome.updated:
                from rongcuo.ledger.statistics import refresh_months

                refresh_months([pk for pk in agencies.values() if pk > 0 and LedgerEntry.objects.filter(
                    agency_id=pk, source=batch).exists()])
            outcome.unchanged = checked.total - outcome.created - outcome.updated
            if not (outcome.created or outcome.updated):
                transaction.set_rollback(True)  # the same file again: nothing to record
                files.discard(stored)  # only if this call wrote it: under the lock no other import uses it
                return outcome
            batch.created, batch.updated, batch.unchanged = outcome.created, outcome.updated, outcome.unchanged
            batch.save()
            staged.record(actor, jurisdiction, name, stored, checked.total, outcome.created, outcome.updated)
            outcome.batch = batch
    except BaseException:
        if stored is not None:
            files.discard(stored)
        raise
    return outcome


def _counted(body: Iterator[tuple[int, list[Any]]], progress: Callable[[int], None] | None,
             every: int = 10_000) -> Iterator[tuple[int, list[Any]]]:
    """The rows as they are checked, reporting every `every` rows to `progress`."""
    for count, item in enumerate(body, start=1):
        if progress and count % every == 0:
            progress(count)
        yield item


def _values(row: table.Row, agencies: dict[str, int]) -> dict[str, Any]:
    return {"agency_id": agencies[row.agency], "case_number": row.case_number, "kind": row.kind,
            "handlers": row.handlers, "filed_on": row.filed_on, "closed_on": row.closed_on, "amount": row.amount,
            "hearing": row.hearing, "litigation": row.litigation, "extra": row.extra}


def _chunks(rows: Iterator[table.Row]) -> Iterator[list[table.Row]]:
    chunk: list[table.Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _existing(chunk: list[table.Row], agencies: dict[str, int]) -> dict[tuple[int, str], LedgerEntry]:
    condition = Q(pk__in=[])
    by_agency: dict[int, list[str]] = {}
    for row in chunk:
        by_agency.setdefault(agencies[row.agency], []).append(row.case_number)
    for agency, numbers in by_agency.items():
        condition |= Q(agency_id=agency, case_number__in=numbers)
    return {(e.agency_id, e.case_number): e for e in LedgerEntry.objects.filter(condition)}


def _differs(entry: LedgerEntry, values: dict[str, Any]) -> bool:
    return any(getattr(entry, name) != values[name] for name in FIELDS)


def _compare(rows: Iterator[table.Row], agencies: dict[str, int]) -> tuple[int, int, int]:
    created = updated = unchanged = 0
    for chunk in _chunks(rows):
        existing = _existing(chunk, agencies)
        for row in chunk:
            values = _values(row, agencies)
            entry = existing.get((values["agency_id"], row.case_number))
            if entry is None:
                created += 1
            elif _differs(entry, values):
                updated += 1
            else:
                unchanged += 1
    return created, updated, unchanged


def _write_chunks(rows: Iterator[table.Row], agencies: dict[str, int], batch: LedgerImport,
                  progress: Callable[[int], None] | None) -> tuple[int, int]:
    created = updated = done = 0
    for chunk in _chunks(rows):
        existing = _existing(chunk, agencies)
        new, changed = [], []
        for row in chunk:
            values = _values(row, agencies)
            entry = existing.get((values["agency_id"], row.case_number))
            if entry is None:
                new.append(LedgerEntry(**values, source=batch))
            elif _differs(entry, values):
                for name in FIELDS:
                    setattr(entry, name, values[name])
                entry.source = batch
                changed.append(entry)
        LedgerEntry.objects.bulk_create(new)
        LedgerEntry.objects.bulk_update(changed, [*FIELDS, "source"])
        created, updated, done = created + len(new), updated + len(changed), done + len(chunk)
        if progress:
            progress(done)
    return created, updated


def _write_postgres(rows: Iterator[table.Row], agencies: dict[str, int], batch: LedgerImport,
                    progress: Callable[[int], None] | None) -> tuple[int, int]:
    """COPY into a staging table, then one upsert that touches only rows that differ."""
    import json

    columns = ("agency_id", "case_number", "kind", "handlers", "filed_on", "closed_on", "amount", "hearing",
               "litigation", "extra")
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE ledger_stage ON COMMIT DROP AS SELECT {', '.join(columns)} "
                       "FROM ledger_ledgerentry WITH NO DATA")
        done = 0
        with cursor.cursor.copy(f"COPY ledger_stage ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                values = _values(row, agencies)
                copy.write_row([*(values[c] for c in columns[:-1]), json.dumps(values["extra"], ensure_ascii=False)])
                done += 1
                if progress and done % 100_000 == 0:
                    progress(done)
        assignments = ", ".join(f"{c} = EXCLUDED.{c}" for c in FIELDS)
        differs = " OR ".join(f"ledger_ledgerentry.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in FIELDS)
        cursor.execute(
            f"""WITH written AS (
                  INSERT INTO ledger_ledgerentry ({', '.join(columns)}, source_id)
                  SELECT {', '.join(columns)}, %s FROM ledger_stage
                  ON CONFLICT (agency_id, case_number) DO UPDATE SET {assignments}, source_id = EXCLUDED.source_id
                  WHERE {differs}
                  RETURNING (xmax = 0) AS inserted)
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written""",
            [batch.pk])
        created, updated = cursor.fetchone()
        cursor.execute("DROP TABLE ledger_stage")
    if progress:
        progress(done)
    return int(created), int(updated)
