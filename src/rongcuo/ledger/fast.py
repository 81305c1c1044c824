"""The ledger's fast path for large CSV files, without Django: Arrow reads the file in blocks, the
checks every row must pass are computed on whole columns, and only the rows that fail them go
through the row-by-row checker (table.check_rows), which says exactly what is wrong or accepts a
form the column checks do not know (2025/3/1, 是/否 spelled otherwise). The accepted rows come out
as CSV bytes in the staging table's columns, ready for PostgreSQL's COPY.

Memory holds one block of the file (and 16 bytes per row for the repeated-key check), however long
the file. A file whose cells hold line breaks goes the row-by-row way (its row numbers must be the
user's)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from rongcuo.ledger import table

BLOCK_BYTES = 8 << 20
_AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


class NotFast(Exception):
    """Arrow could not read the file as it is (ragged rows, say): the row-by-row way takes it."""


@dataclass
class Prepared:
    """What checking found so far: the rows read, the problems (and how many beyond the list), the
    added columns, and every row's key hash and line for the repeated-key check at the end."""

    total: int = 0
    problems: list[table.Problem] = field(default_factory=list)
    more_problems: int = 0
    extras: list[str] = field(default_factory=list)
    hashes: list[np.ndarray] = field(default_factory=list)
    lines: list[np.ndarray] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.more_problems

    def add(self, problem: table.Problem) -> None:
        if len(self.problems) < table.MAX_ERRORS:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def check_repeats(self) -> None:
        """Rows with the same (agency, case number) anywhere in the file: each after the first."""
        if not self.hashes:
            return
        hashes, lines = np.concatenate(self.hashes), np.concatenate(self.lines)
        order = np.lexsort((lines, hashes))
        hashes, lines = hashes[order], lines[order]
        repeat = np.flatnonzero(hashes[1:] == hashes[:-1]) + 1
        if not len(repeat):
            return
        starts = np.searchsorted(hashes, hashes[repeat], side="left")
        for at, first in sorted(zip(lines[repeat].tolist(), lines[starts].tolist(), strict=True)):
            self.add(table.Problem(at, "案件编号", f"与第 {first} 行重复（同一执法机关的同一案件编号）"))


def usable(content: bytes, name: str) -> bool:
    """A CSV this path can take: UTF-8 and no line break inside a cell (the row numbers stay the lines)."""
    if not name.lower().endswith(".csv"):
        return False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if "\n\n" in text.replace("\r\n", "\n").rstrip("\n"):  # a blank line: Arrow would skip it, shifting the lines
        return False
    return '"' not in text or not any('"' in line and line.count('"') % 2 for line in text.splitlines())


def _strings(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.utf8_trim_whitespace(pc.fill_null(column.cast(pa.string()), ""))


def prepare(content: bytes, mapping: dict[str, str], agencies: dict[str, int], result: Prepared) -> Iterator[bytes]:
    """Check every row, yielding the good ones of each block as COPY rows (agency id, case number,
    kind code, handlers, 立案, 结案, amount, hearing, litigation, then the added columns) while
    `result` collects the problems; the repeated-key check runs when the file is read. A caller
    writes what is yielded inside a transaction and rolls it back unless `result.ok` at the end."""
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    try:
        reader = _reader(body)
    except pa.ArrowInvalid:
        raise NotFast from None
    yield from _prepared(reader, mapping, agencies, result)


def _reader(body: bytes) -> pacsv.CSVStreamingReader:
    return pacsv.open_csv(io.BytesIO(body), read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
                            convert_options=pacsv.ConvertOptions(column_types=None, strings_can_be_null=False,
                                                                 auto_dict_encode=False),
                            parse_options=pacsv.ParseOptions(newlines_in_values=False))


def _prepared(reader: pacsv.CSVStreamingReader, mapping: dict[str, str], agencies: dict[str, int],
              result: Prepared) -> Iterator[bytes]:
    header = [h.strip() for h in reader.schema.names]
    index = {column: header.index(source) for column, source in mapping.items() if source in header}
    extras = [(i, name) for i, name in enumerate(header) if name and i not in index.values()]
    result.extras = [name for _, name in extras]
    names = pa.array(list(agencies), pa.string())
    ids = np.array([agencies[n] for n in agencies], dtype=np.int64)
    kind_names = pa.array(list(table._KIND_CODES), pa.string())
    kind_codes = list(table._KIND_CODES.values())
    import datetime as dt

    earliest = pa.scalar(dt.datetime.combine(table.EARLIEST, dt.time()), pa.timestamp("s"))
    latest = pa.scalar(dt.datetime.combine(dt.date.today(), dt.time()), pa.timestamp("s"))
    line = 2
    for batch in _batches(reader):
        rows = batch.num_rows
        result.total += rows
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
        filed = pc.strptime(get("立案日期"), format="%Y-%m-%d", unit="s", error_is_null=True)
        closed_text = get("结案日期")
        closed = pc.strptime(closed_text, format="%Y-%m-%d", unit="s", error_is_null=True)
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
        extra_cols = []
        for position, extra_name in extras:
            values = _strings(pa.chunked_array([batch.column(position).cast(pa.string())]))
            ok = pc.and_(ok, pc.less_equal(pc.utf8_length(values), table.EXTRA_MAX))
            ok = pc.and_(ok, pc.invert(pc.match_substring_regex(values, _CONTROL)))
            extra_cols.append((extra_name, values))
        good = np.asarray(pc.fill_null(ok, False).to_numpy(zero_copy_only=False), dtype=bool)
        bad = np.flatnonzero(~good)
        rescued: list[table.Row] = []
        if len(bad):  # say exactly what is wrong, row by row (or accept a form the columns do not know)
            cells = [batch.column(c) for c in range(batch.num_columns)]
            checked = table.check_rows(header, ((line + int(i), ["" if cell[int(i)].as_py() is None else str(cell[int(i)].as_py())
                                                                  for cell in cells]) for i in bad),
                                       mapping, lambda name: agencies.get(name, -1) > 0)
            for problem in checked.problems:
                result.add(problem)
            result.more_problems += checked.more_problems
            rescued = checked.rows
        keep = good.copy()
        for row in rescued:
            keep[row.line - line] = True
        key = pc.binary_join_element_wise(agency, number, "\x1f").to_pylist()
        positions = np.flatnonzero(keep)
        result.hashes.append(np.fromiter((hash(key[i]) for i in positions), dtype=np.int64, count=len(positions)))
        result.lines.append(positions.astype(np.int64) + line)
        line += rows
        if not result.ok:
            continue  # the file will be refused: keep checking, stop writing
        yield _copy_block(batch, good, number, kind_at, kind_codes, agency_at, ids, handlers, filed, closed, amount_text,
                          flags, extra_cols)
        if rescued:
            yield _rows_block(rescued, agencies, [name for name, _ in extra_cols])
    result.check_repeats()


def _batches(reader: pacsv.CSVStreamingReader) -> Iterator[pa.RecordBatch]:
    while True:
        try:
            yield reader.read_next_batch()
        except StopIteration:
            return
        except pa.ArrowInvalid:
            raise NotFast from None


def _copy_block(batch: pa.RecordBatch, good: np.ndarray, number: pa.ChunkedArray, kind_at: pa.ChunkedArray,
                kind_codes: list[str], agency_at: pa.ChunkedArray, ids: np.ndarray, handlers: pa.ChunkedArray,
                filed: pa.ChunkedArray, closed: pa.ChunkedArray, amount: pa.ChunkedArray,
                flags: dict[str, pa.ChunkedArray], extras: list[tuple[str, pa.ChunkedArray]]) -> bytes:
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
    }
    for position, (_, values) in enumerate(extras):
        columns[f"e{position}"] = pc.filter(values, mask)
    out = io.BytesIO()
    pacsv.write_csv(pa.table(columns), out, write_options=pacsv.WriteOptions(include_header=False))
    return out.getvalue()


def _rows_block(rows: list[table.Row], agencies: dict[str, int], extra_names: list[str]) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([agencies[row.agency], row.case_number, row.kind, row.handlers, row.filed_on.isoformat(),
                         row.closed_on.isoformat() if row.closed_on else "", str(row.amount or Decimal("0")),
                         "true" if row.hearing else "false", "true" if row.litigation else "false",
                         *(row.extra.get(name, "") for name in extra_names)])
    return out.getvalue().encode("utf-8")
