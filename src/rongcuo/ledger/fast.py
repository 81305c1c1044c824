"""The ledger's fast path for large CSV files, without Django: Arrow reads the file in blocks, the
checks every row must pass are computed on whole columns, and only the rows that fail them go
through the row-by-row checker (table.check_rows), which says exactly what is wrong or accepts a
form the column checks do not know (2025/3/1, 是/否 spelled otherwise). The accepted rows come out
as CSV bytes in the staging table's columns, each with its line in the file, ready for PostgreSQL's
COPY; the database finds the repeated keys among them (services), so nothing grows with the file.

Memory holds one block of the file, however long the file: it is read from disk, never whole. A
file whose cells hold line breaks goes the row-by-row way (its row numbers must be the user's).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from rongcuo.ledger import table

BLOCK_BYTES = 8 << 20
_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


class NotFast(Exception):
    """Arrow could not read the file as it is (ragged rows, say): the row-by-row way takes it."""


@dataclass
class Prepared:
    """What checking found so far: the rows read, the problems (and how many beyond the list), the
    added columns and the agencies the good rows name."""

    total: int = 0
    problems: list[table.Problem] = field(default_factory=list)
    more_problems: int = 0
    extras: list[str] = field(default_factory=list)
    agencies: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.more_problems

    def add(self, problem: table.Problem) -> None:
        if len(self.problems) < table.MAX_ERRORS:
            self.problems.append(problem)
        else:
            self.more_problems += 1


class _Lines:
    """What this path needs of the lines, checked block by block as they are read (state carries
    from one block to the next): no blank line before the last row (Arrow would skip it, shifting
    the lines), no carriage return but before a line feed, no line break inside a quoted cell (the
    row numbers stay the lines), and quotes as the row-by-row reader takes them (Arrow reads
    "abc"def as abcdef, which the csv module in strict mode refuses: both ways must take the same
    files). Arrow checks the UTF-8 itself."""

    def __init__(self) -> None:
        self.blank = False

    def take(self, lines: bytes) -> None:
        """Check whole lines; raises NotFast for what the row-by-row way must read."""
        lines = lines.replace(b"\r\n", b"\n")
        if b"\r" in lines:
            raise NotFast
        if self.blank or b'"' in lines or b"\n\n" in lines or lines.startswith(b"\n"):
            for line in lines.split(b"\n")[:-1] if lines.endswith(b"\n") else lines.split(b"\n"):
                if not line:
                    self.blank = True
                elif self.blank or line.count(b'"') % 2 or (b'"' in line and not _strict_csv(line)):
                    raise NotFast


def _strict_csv(line: bytes) -> bool:
    try:
        next(csv.reader([line.decode("utf-8")], strict=True))
    except (csv.Error, UnicodeDecodeError):
        return False
    return True


def _day(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """Dates written 2025-03-01, null where not. The C library's strptime takes 2025-02-30 as 2 March,
    so a date counts only if its day is the day written (the row checker then says what is wrong, or
    accepts 2025-3-1 and other forms)."""
    parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
    written = pc.if_else(pc.match_substring_regex(text, _DAY), text, "0000-00-00")
    same = pc.equal(pc.day(parsed), pc.cast(pc.utf8_slice_codeunits(written, 8, 10), pa.int64()))
    return pc.if_else(pc.fill_null(same, False), parsed, pa.scalar(None, pa.timestamp("s")))


def _strings(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.utf8_trim_whitespace(pc.fill_null(column.cast(pa.string()), ""))


def prepare(handle: BinaryIO, mapping: dict[str, str], agencies: dict[str, int], result: Prepared) -> Iterator[bytes]:
    """Check every row, yielding the good ones of each block as COPY rows (agency id, case number,
    kind code, handlers, 立案, 结案, amount, hearing, litigation, the row's line, then the added
    columns) while `result` collects the problems. Rows are yielded even after a bad one, so that
    the caller can find the repeated keys among all good rows; it writes what is yielded inside a
    transaction and rolls it back unless `result.ok` at the end. Raises NotFast, at whatever block,
    for a file this path cannot take as it is (not UTF-8, a quoted line break, ragged rows): the
    caller rolls back and reads it row by row."""
    lines = _Lines()
    first = handle.readline()
    first = first[3:] if first.startswith(codecs.BOM_UTF8) else first
    lines.take(first)
    try:
        header = [h.strip() for h in next(csv.reader([first.decode("utf-8")]), [])]
    except UnicodeDecodeError:
        raise NotFast from None
    yield from _prepared(header, _batches(handle, len(header), lines), mapping, agencies, result)


def _batches(handle: BinaryIO, width: int, lines: _Lines) -> Iterator[pa.RecordBatch]:
    """The rows after the header, a block at a time, every cell as text. Arrow's own streaming reader
    reads ahead of a slow consumer (its memory grew with the file) and fixes each column's type from
    the first block; here each block is cut at a line end and parsed alone, all columns as strings."""
    names = [f"c{i}" for i in range(width)]
    read = pacsv.ReadOptions(column_names=names)
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False)
    parse = pacsv.ParseOptions(newlines_in_values=False)
    carry = b""
    while True:
        chunk = handle.read(BLOCK_BYTES)
        data = carry + chunk
        cut = data.rfind(b"\n") + 1 if chunk else len(data)
        block, carry = data[:cut], data[cut:]
        lines.take(block)
        if block.strip():
            try:
                parsed = pacsv.read_csv(io.BytesIO(block), read_options=read, parse_options=parse, convert_options=convert)
            except pa.ArrowInvalid:  # ragged rows (the row-by-row way says which), or not UTF-8
                raise NotFast from None
            yield from parsed.combine_chunks().to_batches()
        if not chunk:
            return


def _prepared(header: list[str], batches: Iterator[pa.RecordBatch], mapping: dict[str, str], agencies: dict[str, int],
              result: Prepared) -> Iterator[bytes]:
    index = {column: header.index(source) for column, source in mapping.items() if source in header}
    extras = [(i, name) for i, name in enumerate(header) if name and i not in index.values()]
    result.extras = [name for _, name in extras]
    unnamed = [i for i, name in enumerate(header) if not name]
    usable = [name for name, pk in agencies.items() if pk > 0]  # a name two agencies share goes to the row checker
    names = pa.array(usable, pa.string())
    ids = np.array([agencies[n] for n in usable], dtype=np.int64)
    kind_names = pa.array(list(table._KIND_CODES), pa.string())
    kind_codes = list(table._KIND_CODES.values())
    import datetime as dt

    earliest = pa.scalar(dt.datetime.combine(table.EARLIEST, dt.time()), pa.timestamp("s"))
    latest = pa.scalar(dt.datetime.combine(dt.date.today(), dt.time()), pa.timestamp("s"))
    line = 2
    for batch in batches:
        rows = batch.num_rows
        filled = pa.chunked_array([pa.array([False] * rows)])
        for i in range(batch.num_columns):  # rows of empty cells (",,,,", as Excel leaves at the end) are skipped
            filled = pc.or_(filled, pc.greater(pc.utf8_length(_strings(pa.chunked_array([batch.column(i)]))), 0))
        present = np.asarray(filled.to_numpy(zero_copy_only=False), dtype=bool)
        result.total += int(present.sum())
        col = {name: _strings(pa.chunked_array([batch.column(i).cast(pa.string())])) for name, i in index.items()}
        empty = pa.chunked_array([pa.array([""] * rows, pa.string())])

        def get(column: str, col: dict[str, pa.ChunkedArray] = col, empty: pa.ChunkedArray = empty) -> pa.ChunkedArray:
            return col.get(column, empty)

        number, kind, agency, handlers = get("案件编号"), get("执法类别"), get("执法机关"), get("承办人")
        clean = pa.chunked_array([pa.array([True] * rows)])
        for values in col.values():  # no control character in any cell (the row checker says which)
            clean = pc.and_(clean, pc.invert(pc.match_substring_regex(values, _CONTROL)))
        kind_at = pc.index_in(kind, value_set=kind_names)
        agency_at = pc.index_in(agency, value_set=names)
        filed = _day(get("立案日期"))
        closed_text = get("结案日期")
        closed = _day(closed_text)
        amount_text = pc.replace_substring(get("罚没款金额"), ",", "")
        ok = pc.and_(pc.greater(pc.utf8_length(number), 0), pc.less_equal(pc.utf8_length(number), table.CASE_NUMBER_MAX))
        ok = pc.and_(ok, pc.is_valid(kind_at))
        ok = pc.and_(ok, pc.is_valid(agency_at))
        ok = pc.and_(ok, pc.and_(pc.greater(pc.utf8_length(handlers), 0),
                                 pc.less_equal(pc.utf8_length(handlers), table.HANDLERS_MAX)))
        ok = pc.and_(ok, clean)
        ok = pc.and_(ok, pc.is_valid(filed))
        ok = pc.and_(ok, pc.fill_null(pc.and_(pc.greater_equal(filed, earliest), pc.less_equal(filed, latest)), False))
        closed_ok = pc.or_(pc.equal(closed_text, ""), pc.and_(pc.is_valid(closed), pc.and_(
            pc.greater_equal(pc.fill_null(closed, filed), filed), pc.less_equal(pc.fill_null(closed, filed), latest))))
        ok = pc.and_(ok, pc.fill_null(closed_ok, False))
        ok = pc.and_(ok, pc.or_(pc.equal(amount_text, ""), pc.match_substring_regex(amount_text, _AMOUNT)))
        flags = {}
        for column in ("是否听证", "是否复议诉讼"):
            text = pc.utf8_lower(get(column))
            truthy = pc.is_in(text, value_set=pa.array(sorted(table.TRUE_WORDS)))
            falsy = pc.is_in(text, value_set=pa.array(sorted(table.FALSE_WORDS)))
            ok = pc.and_(ok, pc.or_(truthy, falsy))
            flags[column] = truthy
        for position in unnamed:  # content under a column without a name: the row checker says so
            ok = pc.and_(ok, pc.equal(_strings(pa.chunked_array([batch.column(position)])), ""))
        extra_cols = []
        for position, extra_name in extras:
            values = _strings(pa.chunked_array([batch.column(position).cast(pa.string())]))
            ok = pc.and_(ok, pc.less_equal(pc.utf8_length(values), table.EXTRA_MAX))
            ok = pc.and_(ok, pc.invert(pc.match_substring_regex(values, _CONTROL)))
            extra_cols.append((extra_name, values))
        good = np.asarray(pc.fill_null(ok, False).to_numpy(zero_copy_only=False), dtype=bool) & present
        bad = np.flatnonzero(~good & present)
        rescued: list[table.Row] = []
        if len(bad):  # say exactly what is wrong, row by row (or accept a form the columns do not know)
            cells = [batch.column(c) for c in range(batch.num_columns)]
            checked = table.check_rows(header, ((line + int(i), ["" if cell[int(i)].as_py() is None else str(cell[int(i)].as_py())
                                                                  for cell in cells]) for i in bad),
                                       mapping, table.agency_verdict(agencies), repeats=False)
            for problem in checked.problems:
                result.add(problem)
            result.more_problems += checked.more_problems
            rescued = checked.rows
        lines = pa.array(np.arange(line, line + rows, dtype=np.int64))
        line += rows
        result.agencies.update(ids[pc.unique(pc.filter(agency_at, pa.array(good))).to_numpy()].tolist())
        result.agencies.update(agencies[row.agency] for row in rescued)
        yield _copy_block(batch, good, number, kind_at, kind_codes, agency_at, ids, handlers, filed, closed, amount_text,
                          flags, lines, extra_cols)
        if rescued:
            yield _rows_block(rescued, agencies, [name for name, _ in extra_cols])


def _copy_block(batch: pa.RecordBatch, good: np.ndarray, number: pa.ChunkedArray, kind_at: pa.ChunkedArray,
                kind_codes: list[str], agency_at: pa.ChunkedArray, ids: np.ndarray, handlers: pa.ChunkedArray,
                filed: pa.ChunkedArray, closed: pa.ChunkedArray, amount: pa.ChunkedArray,
                flags: dict[str, pa.ChunkedArray], lines: pa.Array,
                extras: list[tuple[str, pa.ChunkedArray]]) -> bytes:
    mask = pa.array(good)
    kinds = pa.array(kind_codes, pa.string())
    agency_ids = pa.array(ids)
    columns = {
        "agency_id": pc.take(agency_ids, pc.filter(agency_at, mask)),
        "case_number": pc.filter(number, mask),
        "kind": pc.take(kinds, pc.filter(kind_at, mask)),
        "handlers": pc.filter(handlers, mask),
        "filed_on": pc.cast(pc.filter(filed, mask), pa.date32()),
        "closed_on": pc.cast(pc.filter(closed, mask), pa.date32()),  # null (empty in the CSV) when not closed
        "amount": pc.if_else(pc.equal(pc.filter(amount, mask), ""), "0", pc.filter(amount, mask)),
        "hearing": pc.filter(flags["是否听证"], mask),
        "litigation": pc.filter(flags["是否复议诉讼"], mask),
        "line": pc.filter(lines, mask),
    }
    for position, (_, values) in enumerate(extras):
        columns[f"e{position}"] = pc.filter(values, mask)
    out = io.BytesIO()
    pacsv.write_csv(pa.table(columns), out, write_options=pacsv.WriteOptions(include_header=False))
    return out.getvalue()


def _rows_block(rows: list[table.Row], agencies: dict[str, int], extra_names: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([agencies[row.agency], row.case_number, row.kind, row.handlers, row.filed_on.isoformat(),
                         row.closed_on.isoformat() if row.closed_on else "", str(row.amount or Decimal("0")),
                         "true" if row.hearing else "false", "true" if row.litigation else "false", row.line,
                         *(row.extra.get(name, "") for name in extra_names)])
    return out.getvalue().encode("utf-8")
