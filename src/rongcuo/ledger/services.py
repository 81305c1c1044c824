"""Writes of the ledger: importing an agency's file, all or nothing, the same file twice changing
nothing. The file is checked in full before anything is written (a report of every bad row), then
read again and written in one transaction: PostgreSQL by COPY into a staging table and one upsert,
SQLite in chunks. An import that changed rows keeps its file under its SHA-256 and appends an event."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from rongcuo.cases.errors import InvalidInput, NotAllowed
from rongcuo.core import files
from rongcuo.core.models import Agency, Jurisdiction, User
from rongcuo.core.records import stage_event
from rongcuo.core.roles import Role
from rongcuo.ledger import fast, table
from rongcuo.ledger.models import LedgerEntry, LedgerImport

CHUNK = 5000
MAX_FAST_EXTRAS = 40
LOCK_KEY = 7_300_001  # pg_advisory_xact_lock key of ledger imports  # added columns the fast path folds into JSON in one statement
MAX_FILE_BYTES = 200 * 1024 * 1024
FIELDS = ("kind", "handlers", "filed_on", "closed_on", "amount", "hearing", "litigation", "extra")


class LedgerRefused(InvalidInput):
    """A file with bad rows: nothing is written; `details` lists every problem (row, column, message)."""

    def __init__(self, checked: table.Checked) -> None:
        more = f"，另有 {checked.more_problems} 处未列出" if checked.more_problems else ""
        super().__init__("ledger_rows_invalid", f"台账有 {len(checked.problems) + checked.more_problems} 处错误{more}，"
                         "未导入任何一行；请改正后重新导入。",
                         details=[{"row": p.row, "column": p.column, "message": p.message} for p in checked.problems])
        self.checked = checked


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


def _open(content: bytes, name: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    try:
        return table.read_rows(io.BytesIO(content), name)
    except table.TableError as error:
        raise InvalidInput("ledger_unreadable", str(error)) from None


def _checked(header: list[str], body: Iterator[tuple[int, list[Any]]], mapping: dict[str, str], known: Any,
             keep: bool) -> table.Checked:
    try:
        return table.check_rows(header, body, mapping, known, keep=keep)
    except table.TableError as error:  # the file breaks off part way (an encoding change, a huge cell)
        raise InvalidInput("ledger_unreadable", str(error)) from None


def _lock() -> None:
    """One ledger import at a time (PostgreSQL; SQLite writes one at a time anyway): two requests
    with the same file never race for the rows or for the stored file."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def ledger_import(*, actor: User | None, content: bytes, name: str, mapping: dict[str, str] | None = None,
                  dry_run: bool = False, jurisdiction: Jurisdiction | None = None,
                  progress: Callable[[int], None] | None = None) -> Outcome:
    """Check the whole file, then (unless `dry_run`) write it in one transaction. Refuses with every
    bad row listed (`LedgerRefused`); a mapping names, for each template column, the file's column."""
    if not content:
        raise InvalidInput("ledger_empty", "文件是空的。")
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput("ledger_too_large", f"台账文件不能超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请分批导入。")
    agencies = importable_agencies(actor, jurisdiction)
    if actor is not None and not agencies:
        raise NotAllowed("not_allowed", "您无权导入台账：只有执法机关联络员和行政执法监督机构可以导入。")
    header, body = _open(content, name)
    mapping = mapping or table.propose_mapping(header)
    wrong = table.check_mapping(header, mapping)
    if wrong:
        raise InvalidInput("ledger_mapping", "列对应有误：" + "；".join(wrong) + "。", details=wrong)

    def known(agency: str) -> bool:
        return agencies.get(agency, -1) > 0

    if connection.vendor == "postgresql" and fast.usable(content, name) and len(header) - len(mapping) <= MAX_FAST_EXTRAS:
        try:
            return _import_fast(actor, content, name, mapping, agencies, dry_run, jurisdiction, progress)
        except fast.NotFast:
            header, body = _open(content, name)  # Arrow could not take it as it is: row by row
    checked = _checked(header, _counted(body, progress), mapping, known, keep=False)
    if not checked.ok:
        raise LedgerRefused(checked)
    outcome = Outcome(rows=checked.total, dry_run=dry_run, mapping=mapping)
    header, body = _open(content, name)  # the second pass writes what the first one checked
    rows = (row for row in _checked(header, body, mapping, known, keep=True).rows)
    if dry_run:
        outcome.created, outcome.updated, outcome.unchanged = _compare(rows, agencies)
        return outcome
    stored = None
    try:
        with transaction.atomic():
            _lock()
            stored = files.store(ContentFile(content, name="ledger"), "ledger",
                                 "xlsx" if name.lower().endswith(".xlsx") else "csv")
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
            stage_event(stream=f"ledger:{jurisdiction.pk if jurisdiction else 'all'}", actor=actor, action="ledger_import",
                        summary=f"导入台账“{name[-80:]}”：新增 {outcome.created} 行，更新 {outcome.updated} 行",
                        after={"file": stored.name, "sha256": stored.sha256, "rows": checked.total,
                               "created": outcome.created, "updated": outcome.updated})
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


def _import_fast(actor: User | None, content: bytes, name: str, mapping: dict[str, str], agencies: dict[str, int],
                 dry_run: bool, jurisdiction: Jurisdiction | None,
                 progress: Callable[[int], None] | None = None) -> Outcome:
    """PostgreSQL and a plain UTF-8 CSV: Arrow checks whole columns and COPY writes each block into a
    staging table as it is read; the whole import is one transaction, rolled back if any row is bad."""
    result = fast.Prepared()
    stored = None
    columns = ("agency_id", "case_number", "kind", "handlers", "filed_on", "closed_on", "amount", "hearing", "litigation")
    outcome = Outcome(rows=0, dry_run=dry_run, mapping=mapping)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
                _lock()
                if not dry_run:
                    stored = files.store(ContentFile(content, name="ledger"), "ledger", "csv")
                cursor.execute(f"CREATE TEMP TABLE ledger_stage ON COMMIT DROP AS SELECT {', '.join(columns)} "
                               "FROM ledger_ledgerentry WITH NO DATA")
                blocks = fast.prepare(content, mapping, agencies, result)
                first = next(blocks, None)  # the header is read with the first block: the added columns are known
                extras = [f"e{i}" for i in range(len(result.extras))]
                for column in extras:
                    cursor.execute(f"ALTER TABLE ledger_stage ADD COLUMN {column} text")
                if first is not None:
                    with cursor.cursor.copy(f"COPY ledger_stage ({', '.join([*columns, *extras])}) FROM STDIN "
                                            "WITH (FORMAT csv)") as copy:
                        copy.write(first)
                        for block in blocks:
                            copy.write(block)
                            if progress:
                                progress(result.total)
                outcome.rows = result.total
                if not result.ok:
                    raise LedgerRefused(table.Checked(problems=result.problems, more_problems=result.more_problems,
                                                      total=result.total))
                pairs = ", ".join(f"%s::text, NULLIF({c}, '')" for c in extras)
                extra_sql = f"jsonb_strip_nulls(jsonb_build_object({pairs}))" if extras else "'{}'::jsonb"
                names = list(result.extras)
                differs = " OR ".join(f"e.{c} IS DISTINCT FROM s.{c}" for c in FIELDS if c != "extra")
                cursor.execute("ANALYZE ledger_stage")
                cursor.execute(f"""SELECT count(*) FILTER (WHERE e.id IS NULL),
                                          count(*) FILTER (WHERE e.id IS NOT NULL AND ({differs} OR e.extra IS DISTINCT FROM {extra_sql.replace('NULLIF(', 'NULLIF(s.')}))
                                   FROM ledger_stage s LEFT JOIN ledger_ledgerentry e
                                     ON e.agency_id = s.agency_id AND e.case_number = s.case_number""", names)
                created, updated = cursor.fetchone()
                outcome.created, outcome.updated = int(created), int(updated)
                outcome.unchanged = result.total - outcome.created - outcome.updated
                if dry_run or not (outcome.created or outcome.updated):
                    transaction.set_rollback(True)
                    return outcome
                batch = LedgerImport.objects.create(
                    jurisdiction=jurisdiction, sha256=stored.sha256, original_name=name[-200:], made_by=actor,  # type: ignore[union-attr]
                    made_at=timezone.now(), rows=result.total, created=outcome.created, updated=outcome.updated,
                    unchanged=outcome.unchanged)
                batch.file.name = stored.name  # type: ignore[union-attr]
                batch.save(update_fields=["file"])
                # two set-based statements (an upsert's speculative insertion costs twice as much): change
                # the rows that differ, then add those that are new
                staged = extra_sql.replace("NULLIF(", "NULLIF(s.")
                changes = ", ".join(f"{c} = s.{c}" for c in FIELDS if c != "extra")
                cursor.execute(
                    f"""UPDATE ledger_ledgerentry AS e SET {changes}, extra = {staged}, source_id = %s
                        FROM ledger_stage s WHERE e.agency_id = s.agency_id AND e.case_number = s.case_number
                          AND ({differs} OR e.extra IS DISTINCT FROM {staged})""", [*names, batch.pk, *names])
                cursor.execute(
                    f"""INSERT INTO ledger_ledgerentry ({', '.join(columns)}, extra, source_id)
                        SELECT {', '.join('s.' + c for c in columns)}, {staged}, %s FROM ledger_stage s
                        WHERE NOT EXISTS (SELECT 1 FROM ledger_ledgerentry e
                                          WHERE e.agency_id = s.agency_id AND e.case_number = s.case_number)""",
                    [*names, batch.pk])
                cursor.execute("SELECT DISTINCT agency_id FROM ledger_stage")
                touched = [row[0] for row in cursor.fetchall()]
                cursor.execute("DROP TABLE ledger_stage")
                from rongcuo.ledger.statistics import refresh_months

                refresh_months(touched)
                stage_event(stream=f"ledger:{jurisdiction.pk if jurisdiction else 'all'}", actor=actor, action="ledger_import",
                            summary=f"导入台账“{name[-80:]}”：新增 {outcome.created} 行，更新 {outcome.updated} 行",
                            after={"file": stored.name, "sha256": stored.sha256, "rows": result.total,  # type: ignore[union-attr]
                                   "created": outcome.created, "updated": outcome.updated})
                outcome.batch = batch
    except BaseException:
        if stored is not None:
            files.discard(stored)
        raise
    if stored is not None and outcome.batch is None:
        files.discard(stored)
    return outcome


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


# --- export --------------------------------------------------------------------------------------

def template_workbook() -> bytes:
    """The ledger template (.xlsx): the columns in order, an example row, the kinds on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "行政执法台账"
    sheet.append(list(table.COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(["（示例，导入前删除本行）", "处罚", "某某市场监督管理局", "张三、李四", "2025-03-01", "2025-04-15", 2000,
                  "否", "否"])
    for column, width in zip("ABCDEFGHI", (24, 10, 24, 16, 12, 12, 12, 10, 12), strict=True):
        sheet.column_dimensions[column].width = width
    kinds = book.create_sheet("填写说明")
    kinds.append(["列", "填写要求"])
    notes = {
        "案件编号": f"必填，同一执法机关内不重复，不超过 {table.CASE_NUMBER_MAX} 字",
        "执法类别": "必填：" + "、".join(name for _, name in table.KINDS) + "（可写“行政处罚”等全称）",
        "执法机关": "必填，与系统中的执法机关名称一致", "承办人": f"必填，多人以顿号分隔，不超过 {table.HANDLERS_MAX} 字",
        "立案日期": "必填，如 2025-03-01", "结案日期": "未结案的留空", "罚没款金额": "元，最多两位小数，没有的留空或填 0",
        "是否听证": "是 / 否", "是否复议诉讼": "是 / 否（提起行政复议或行政诉讼的填“是”）",
    }
    for column in table.COLUMNS:
        kinds.append([column, notes[column]])
    kinds.append(["其他列", "可在后面增加本单位需要的列，导入时原样保存"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(sheet: Any, value: Any) -> Any:
    """A cell that is text whatever it begins with: a value starting with = + - @ is kept as the
    characters typed, never turned into a formula in the reader's Excel (formula injection)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=table._CONTROL.sub("", value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def export_workbook(entries: Any, target: BinaryIO) -> int:
    """Write entries to .xlsx in the template's columns and the added ones (streamed: openpyxl's
    write-only mode), returning how many rows were written."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("行政执法台账")
    extras: list[str] = []
    for extra in entries.order_by().values_list("extra", flat=True).distinct().iterator(chunk_size=5000):
        for key in extra or {}:
            if key not in extras and len(extras) < table.MAX_EXTRA_COLUMNS * 4:
                extras.append(key)
    sheet.append([_text_cell(sheet, name) for name in [*table.COLUMNS, *extras]])
    count = 0
    for e in entries.select_related("agency").order_by("agency__name", "filed_on", "case_number").iterator(chunk_size=5000):
        row = [e.case_number, table.KIND_NAMES.get(e.kind, e.kind), e.agency.name, e.handlers, e.filed_on,
               e.closed_on, float(e.amount), "是" if e.hearing else "否", "是" if e.litigation else "否",
               *((e.extra or {}).get(k, "") for k in extras)]
        sheet.append([_text_cell(sheet, value) for value in row])
        count += 1
    book.save(target)
    return count


def export_csv(entries: Any) -> File[Any]:
    """The same as a UTF-8 CSV with a BOM (Excel opens it as such), for large ledgers: .xlsx takes
    openpyxl about a minute per 250,000 rows, CSV a few seconds. A value starting with = + - @ is
    prefixed with ' so that no spreadsheet runs it as a formula."""
    import csv
    import tempfile

    handle = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    extras: list[str] = []
    for extra in entries.order_by().values_list("extra", flat=True).distinct().iterator(chunk_size=5000):
        extras += [k for k in extra or {} if k not in extras]

    def safe(value: Any) -> Any:
        return f"'{value}" if isinstance(value, str) and value.startswith(table.FORMULA_START) else value

    writer.writerow([safe(c) for c in [*table.COLUMNS, *extras]])
    for e in entries.select_related("agency").order_by("agency__name", "filed_on", "case_number").iterator(chunk_size=5000):
        writer.writerow([safe(v) for v in (e.case_number, table.KIND_NAMES.get(e.kind, e.kind), e.agency.name, e.handlers,
                                           e.filed_on.isoformat(), e.closed_on.isoformat() if e.closed_on else "",
                                           str(e.amount), "是" if e.hearing else "否", "是" if e.litigation else "否",
                                           *((e.extra or {}).get(k, "") for k in extras))])
    text.flush()
    text.detach()
    handle.seek(0)
    return File(handle, name="台账.csv")


def export_file(entries: Any) -> File[Any]:
    import tempfile

    handle = tempfile.TemporaryFile()  # noqa: SIM115  (handed to the response, which closes it)
    export_workbook(entries, handle)
    handle.seek(0)
    return File(handle, name="台账.xlsx")


def today() -> dt.date:
    return timezone.localdate()
