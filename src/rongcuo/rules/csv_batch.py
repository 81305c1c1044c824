"""`assess-batch`: a CSV of cases (case_id + fact columns) in, a CSV of outcomes and citations out.

Reading streams the file through Arrow's CSV reader block by block (memory stays flat however long
the file is: a block of rows, the distinct results met so far and 8 bytes per row to find a
repeated case_id); only when Arrow refuses the file do we re-read it with the `csv` module to name
the exact line. The result is written to a temporary file and renamed, so a failed run never
leaves a partial output behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import queue
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rongcuo.rules.batch import BoolArray, compile_pack
from rongcuo.rules.errors import BatchInputError
from rongcuo.rules.pack import Pack
from rongcuo.rules.registry import require_in_force
from rongcuo.rules.vocabulary import default_vocabulary

TRUE_VALUES = ("1", "true", "True", "TRUE")
FALSE_VALUES = ("0", "false", "False", "FALSE", "")  # an empty cell: fact not established
OUTPUT_HEADER = "case_id,outcome,dispositions,grounds\n"
_NEEDS_QUOTES = frozenset(',"\r\n')


@dataclass(frozen=True, slots=True)
class BatchStats:
    cases: int
    outcomes: dict[str, int]


def read_header(path: Path) -> list[str]:
    """The header row, checked: `case_id` first, then known, distinct fact names."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except OSError as error:
        raise BatchInputError(f"无法读取输入文件 (cannot read input) {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise BatchInputError(f"{path}: 文件不是 UTF-8 编码 (not UTF-8)") from None
    if not header or header[0].strip() != "case_id":
        raise BatchInputError(f"{path}:1: 表头第一列应为 case_id (header must start with case_id)")
    vocabulary = default_vocabulary()
    seen: set[str] = set()
    for name in header[1:]:
        if name not in vocabulary:
            raise BatchInputError(f"{path}:1: 未知的事实要素 (unknown fact) {name}{vocabulary.suggest(name)}")
        if name in seen:
            raise BatchInputError(f"{path}:1: 表头中事实要素 {name} 重复 (duplicate column)")
        seen.add(name)
    return header


def locate_bad_row(path: Path, width: int) -> BatchInputError:
    """Re-read with the csv module to say exactly which line is wrong and why."""
    allowed = set(TRUE_VALUES) | set(FALSE_VALUES)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
            for row in reader:
                line = reader.line_num
                if len(row) != width:
                    return BatchInputError(
                        f"{path}:{line}: 第 {line} 行有 {len(row)} 列，表头有 {width} 列 "
                        f"(line {line}: expected {width} columns, got {len(row)})"
                    )
                for name, value in zip(header[1:], row[1:], strict=True):
                    if value.strip() not in allowed:
                        return BatchInputError(
                            f"{path}:{line}: 第 {line} 行 {name} 的值 {value!r} 无法识别，应为 1/0/true/false "
                            f"(line {line}: bad value for {name})"
                        )
        except csv.Error as error:
            return BatchInputError(f"{path}:{reader.line_num}: 第 {reader.line_num} 行无法解析 (line {reader.line_num}): {error}")
    return BatchInputError(f"{path}: 文件无法解析 (the CSV could not be parsed)")


BLOCK_BYTES = 1 << 20


def read_batches(path: Path, block_bytes: int = BLOCK_BYTES) -> tuple[list[str], Any]:
    """The fact names and an iterator of Arrow record batches; errors surface while iterating."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    header = read_header(path)
    facts = header[1:]
    column_types = {"case_id": pa.string(), **{name: pa.bool_() for name in facts}}
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=block_bytes),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=column_types,
                true_values=list(TRUE_VALUES),
                false_values=[v for v in FALSE_VALUES if v],
                null_values=[""],
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        raise locate_bad_row(path, len(header)) from None
    return facts, reader


def batch_columns(batch: Any, facts: list[str]) -> dict[str, BoolArray]:
    columns: dict[str, BoolArray] = {}
    for name in facts:
        column = batch.column(name)
        if column.null_count:
            column = column.fill_null(False)
        columns[name] = column.to_numpy(zero_copy_only=False).astype(np.bool_, copy=False)
    return columns


# A 64-bit hash of each case_id, computed over Arrow's buffers without a Python object per row:
# a polynomial over the UTF-8 bytes (modulo 2**64), mixed with the length and finished with
# splitmix64. Two ids that meet are compared as text afterwards, so a collision costs a re-read,
# never a wrong answer.
_BASE = np.uint64(0x100000001B3)
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))
_MASK = (1 << 64) - 1


def _powers(length: int) -> Any:
    powers = np.full(max(length, 1), _BASE, dtype=np.uint64)
    powers[0] = 1
    with np.errstate(over="ignore"):
        return np.multiply.accumulate(powers)


def _finish(sums: Any, lengths: Any) -> Any:
    with np.errstate(over="ignore"):
        x = sums ^ (lengths.astype(np.uint64) * _MIX[0])
        x ^= x >> np.uint64(30)
        x *= _MIX[0]
        x ^= x >> np.uint64(27)
        x *= _MIX[1]
        x ^= x >> np.uint64(31)
    return x


def _id_hashes(ids: Any) -> Any:
    """The hash of every id of an Arrow string array (see above)."""
    count = len(ids)
    offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32, count=count + 1, offset=ids.offset * 4)
    start, end = int(offsets[0]), int(offsets[-1])
    data = ids.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8)[start:end] if data is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    longest = int(lengths.max(initial=0))
    powers = _powers(longest)
    with np.errstate(over="ignore"):
        if count and longest and int(lengths.min()) == longest:  # ids of one width (C0000001…): a matrix
            terms = (raw.reshape(count, longest).astype(np.uint64) + np.uint64(1)) * powers
            return _finish(terms.sum(axis=1, dtype=np.uint64), lengths)
        first = offsets[:-1] - start
        position = np.arange(end - start, dtype=np.int64) - np.repeat(first, lengths)
        terms = (raw.astype(np.uint64) + np.uint64(1)) * powers[position]
        running = np.concatenate(([np.uint64(0)], np.cumsum(terms, dtype=np.uint64)))
        sums = running[first + lengths] - running[first]
    return _finish(sums, lengths)


def _id_hash(value: str) -> int:
    """The same hash for one id, in plain Python (the re-read of the rare rows whose hashes meet)."""
    total, power = 0, 1
    for byte in value.encode():
        total = (total + (byte + 1) * power) & _MASK
        power = (power * int(_BASE)) & _MASK
    return int(_finish(np.array([total], dtype=np.uint64), np.array([len(value.encode())]))[0])


def find_duplicate(path: Path, hashes: Any) -> BatchInputError | None:
    """8 bytes per row were kept; only ids whose hashes meet are read again and compared."""
    hashes.sort()  # in place: no second copy
    meeting = hashes[1:] == hashes[:-1]
    if not meeting.any():
        return None
    suspects = set(hashes[1:][meeting].tolist())
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        return duplicate_case_id(path, (row[0] for row in reader if _id_hash(row[0]) in suspects), reader)


def duplicate_case_id(path: Path, ids: Iterable[str], reader: Any) -> BatchInputError | None:
    """Name the first repeated case_id and both lines (the reader says which line it is on)."""
    first_line: dict[str, int] = {}
    for case_id in ids:
        line = reader.line_num
        if case_id in first_line:
            return BatchInputError(
                f"{path}:{line}: 第 {line} 行的 case_id {case_id!r} 与第 {first_line[case_id]} 行重复 "
                f"(duplicate case_id on line {line}, first on line {first_line[case_id]})"
            )
        first_line[case_id] = line
    return None


def _body(case_ids: Any, tails: list[str], inverse: Any) -> bytes:
    """All output rows as bytes: each case id joined to the tail of its mask, inside Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(case_ids) == 0:
        return b""
    if _needs_quotes(case_ids):
        case_ids = pa.array([_quote(value) for value in case_ids.to_pylist()], pa.string())
    rows = pc.binary_join_element_wise(case_ids, pa.array(tails, pa.string()).take(pa.array(inverse)), "")
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int32)
    start, end = int(offsets[rows.offset]), int(offsets[rows.offset + len(rows)])
    body: bytes = rows.buffers()[2].to_pybytes()[start:end]
    return body


_QUOTED_BYTES = np.frombuffer(b',"\r\n', dtype=np.uint8)


def _needs_quotes(ids: Any) -> bool:
    """Does any id hold a comma, a quote or a line break (looked for in Arrow's data buffer)?"""
    offsets = np.frombuffer(ids.buffers()[1], dtype=np.int32, count=len(ids) + 1, offset=ids.offset * 4)
    data = ids.buffers()[2]
    if data is None:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)[int(offsets[0]):int(offsets[-1])]
    return bool(np.isin(raw, _QUOTED_BYTES).any())


def _quote(value: str) -> str:
    if _NEEDS_QUOTES.isdisjoint(value):
        return value
    return '"' + value.replace('"', '""') + '"'


def _read_ahead(reader: Any, depth: int = 4) -> Iterator[Any]:
    """The reader's batches, parsed in a thread of their own while the caller assesses the previous
    ones (Arrow parses without the interpreter lock, so reading and assessing use two cores). At most
    `depth` batches wait, so memory stays flat; an error while reading is raised here, in order."""
    waiting: queue.Queue[Any] = queue.Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in reader:
                while not stop.is_set():
                    try:
                        waiting.put(batch, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            waiting.put(done)
        except BaseException as error:  # handed to the consumer, raised there
            waiting.put(error)

    thread = threading.Thread(target=produce, name="assess-batch-reader", daemon=True)
    thread.start()
    try:
        while (item := waiting.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def run_batch(pack: Pack, source: Path, target: Path, on: dt.date, block_bytes: int = BLOCK_BYTES) -> BatchStats:
    """Assess every case in `source` under `pack` and write `target` atomically, block by block."""
    import pyarrow as pa

    require_in_force(pack, on)
    facts, reader = read_batches(source, block_bytes)
    compiled = compile_pack(pack)
    tails: dict[int, tuple[str, str]] = {}  # mask -> (output tail, outcome)
    counts: dict[str, int] = {}
    hashes: list[Any] = []
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(OUTPUT_HEADER.encode())
            try:
                for batch in _read_ahead(reader):
                    size += _write_batch(out, batch, facts, compiled, tails, counts, hashes)
            except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
                raise locate_bad_row(source, len(facts) + 1) from None
        every = np.concatenate(hashes) if hashes else None
        hashes.clear()
        duplicate = find_duplicate(source, every) if every is not None else None
        if duplicate is not None:
            raise duplicate
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return BatchStats(cases=size, outcomes=counts)


def _write_batch(out: Any, batch: Any, facts: list[str], compiled: Any, tails: dict[int, tuple[str, str]],
                 counts: dict[str, int], hashes: list[Any]) -> int:
    rows = batch.num_rows
    if rows == 0:
        return 0
    ids = batch.column("case_id")
    hashes.append(_id_hashes(ids))
    result = compiled.run(batch_columns(batch, [name for name in facts if name in compiled.facts]), rows)
    masks, inverse = np.unique(result.matched, return_inverse=True)
    per_mask = np.bincount(inverse, minlength=len(masks))
    batch_tails = []
    for mask, count in zip(masks.tolist(), per_mask.tolist(), strict=True):
        if mask not in tails:
            summary = compiled.describe_mask(int(mask))
            grounds = ";".join(c.citation for c in summary.grounds)
            tails[mask] = (f",{summary.outcome.value},{';'.join(summary.dispositions)},{grounds}\n", summary.outcome.value)
        tail, outcome = tails[mask]
        batch_tails.append(tail)
        counts[outcome] = counts.get(outcome, 0) + count
    out.write(_body(ids, batch_tails, inverse))
    return int(rows)
