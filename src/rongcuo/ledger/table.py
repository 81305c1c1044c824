"""The enforcement ledger's table, without Django: the template's columns, the ten kinds of
enforcement matter (历城区办法第四条), reading .xlsx and .csv as agencies export them, mapping their
columns to the template's, and checking every row, with a report of (row, column, what is wrong).

Reading streams: an .xlsx is read with openpyxl's read-only mode and a .csv line by line, so memory
holds one row at a time whatever the file's length.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

# The template's columns, in this order (the contract); agencies may add columns after them.
COLUMNS = ("案件编号", "执法类别", "执法机关", "承办人", "立案日期", "结案日期", "罚没款金额", "是否听证", "是否复议诉讼")
REQUIRED = ("案件编号", "执法类别", "执法机关", "承办人", "立案日期")
# What agencies' own exports call the same columns.
ALIASES = {
    "案件编号": ("案号", "编号", "立案编号", "案件号"),
    "执法类别": ("类别", "执法类型", "案件类别", "行政执法类别"),
    "执法机关": ("执法单位", "实施机关", "办案单位", "单位"),
    "承办人": ("办案人", "承办人员", "执法人员", "主办人"),
    "立案日期": ("立案时间", "受理日期", "受理时间"),
    "结案日期": ("结案时间", "办结日期", "办结时间"),
    "罚没款金额": ("罚没款", "罚款金额", "罚没金额", "罚没款数"),
    "是否听证": ("听证", "是否举行听证"),
    "是否复议诉讼": ("复议诉讼", "是否复议或诉讼", "是否行政复议诉讼"),
}
# 历城区办法第四条：行政执法事项 (code, name); a file may write 行政处罚 or 处罚.
KINDS = (
    ("penalty", "处罚"), ("permit", "许可"), ("coercion", "强制"), ("inspection", "检查"), ("fee", "收费"),
    ("confirmation", "确认"), ("registration", "登记"), ("benefit", "给付"), ("adjudication", "裁决"),
    ("expropriation", "征收征用"),
)
KIND_NAMES = dict(KINDS)
_KIND_CODES = {name: code for code, name in KINDS} | {f"行政{name}": code for code, name in KINDS} | {
    "征收": "expropriation", "征用": "expropriation", "行政征收": "expropriation", "行政征用": "expropriation",
    "征收或征用": "expropriation", "行政征收或征用": "expropriation"}
TRUE_WORDS = {"是", "有", "1", "true", "yes", "y", "√", "已听证", "已举行"}
FALSE_WORDS = {"否", "无", "0", "false", "no", "n", "", "未", "没有"}
# Limits, matching the model's columns.
CASE_NUMBER_MAX = 100
HANDLERS_MAX = 200
AGENCY_MAX = 100
EXTRA_MAX = 500  # an added column's value
AMOUNT_MAX = Decimal("999999999999.99")
MAX_ERRORS = 1000  # a report lists at most this many problems (and says how many more)
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # an .xlsx's parts, unpacked
MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024  # its shared strings, which openpyxl holds in memory whole
XLSX_MAX_ROWS = 1_048_576  # Excel's last row
CELL_MAX_BYTES = 1 << 20  # a CSV cell
MAX_EXTRA_COLUMNS = 40  # columns an agency adds after the template's
EARLIEST = dt.date(1949, 10, 1)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_START = ("=", "+", "-", "@")


class TableError(Exception):
    """A file that cannot be read as a ledger at all (not a row's problem)."""


@dataclass(frozen=True)
class Source:
    """The file being imported, opened afresh for each pass over it (checking, writing, keeping it)
    so that no pass holds it in memory: a file on disk (the command line, an upload Django spooled
    to disk, a file kept for the mapping step) or, for small uploads, its bytes."""

    path: Path | None = None
    data: bytes = b""

    @classmethod
    def of(cls, content: bytes | str | Path | Any) -> Source:
        """From bytes, a path, or an uploaded file (one spooled to disk is read from there)."""
        if isinstance(content, Source):
            return content
        if isinstance(content, bytes | bytearray):
            return cls(data=bytes(content))
        if isinstance(content, str | Path):
            return cls(path=Path(content))
        spooled = getattr(content, "temporary_file_path", None)
        if callable(spooled):
            return cls(path=Path(spooled()))
        content.seek(0)
        return cls(data=bytes(content.read()))

    def open(self) -> BinaryIO:
        return self.path.open("rb") if self.path is not None else io.BytesIO(self.data)

    @property
    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else len(self.data)


@dataclass(frozen=True)
class Problem:
    row: int  # the row number as the user sees it in the file (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”：{self.message}" if self.column else f"第 {self.row} 行：{self.message}"


@dataclass
class Row:
    """One checked row, in the template's terms."""

    line: int
    case_number: str
    kind: str
    agency: str
    handlers: str
    filed_on: dt.date
    closed_on: dt.date | None
    amount: Decimal
    hearing: bool
    litigation: bool
    extra: dict[str, str] = field(default_factory=dict)


def kind_code(text: str) -> str | None:
    found = _KIND_CODES.get(text)
    return found if found is not None else _KIND_CODES.get(re.sub(r"\s+", "", text))


# --- reading ---------------------------------------------------------------------------------------

def _cell(value: Any) -> str | dt.date:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float):  # as Excel shows it: 15 significant digits (=1200.1*3 is 3600.3, not 3600.2999…)
        value = float(f"{value:.15g}")
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def read_rows(source: BinaryIO, filename: str) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The header and an iterator of (row number, values); .xlsx or .csv (UTF-8, with or without
    BOM, or GB18030 as Excel saves Chinese CSV)."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(source)
    if suffix == ".csv":
        return _csv(source)
    raise TableError("只能导入 .xlsx 或 .csv 文件。")


def _xlsx(source: BinaryIO) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(source) as archive:  # a small file that unpacks to gigabytes is refused unopened
            unpacked = sum(info.file_size for info in archive.infolist())
            strings = sum(info.file_size for info in archive.infolist() if info.filename.lower().endswith("sharedstrings.xml"))
        source.seek(0)
        if unpacked > MAX_UNPACKED_BYTES:
            raise TableError(f"该 Excel 文件解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，请分批导入或存为 CSV。")
        if strings > MAX_SHARED_STRINGS_BYTES:  # openpyxl reads every shared string into memory at once
            raise TableError(f"该 Excel 文件的文字部分解压后超过 {MAX_SHARED_STRINGS_BYTES // 1024 // 1024} MB，"
                             "请分批导入或存为 CSV。")
        book = load_workbook(source, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # read every row, whatever range the file claims to hold
        rows = sheet.iter_rows(values_only=True)
        header, first, pending = _header_row(rows)
    except StopIteration:
        raise TableError("文件是空的：第一行应为列名。") from None
    except TableError:
        raise
    except Exception:  # openpyxl and the XML parser raise many kinds for a damaged file
        raise TableError("无法作为 Excel（.xlsx）文件打开：文件已损坏或不是 Excel 保存的工作簿。") from None

    def body() -> Iterator[tuple[int, list[Any]]]:
        number = first
        try:
            for number, values in enumerate(itertools.chain(pending, rows), start=first + 1):
                if number > XLSX_MAX_ROWS:  # past Excel's last row: a crafted file, or empty rows without end
                    raise TableError(f"第 {number} 行超出 Excel 工作表的最大行数 {XLSX_MAX_ROWS}。")
                cells = [_cell(v) for v in values]
                if any(c != "" for c in cells):
                    yield number, cells
        except TableError:
            raise
        except Exception:
            raise TableError(f"第 {number + 1} 行无法读取：文件已损坏或含有 Excel 不会写出的内容。") from None
        finally:
            book.close()
    return header, body()


TITLE_ROWS = 10  # rows a workbook may have above its header (a title, the unit, the period)


def _header_row(rows: Iterator[Any]) -> tuple[list[str], int, list[Any]]:
    """The header, its row number, and the rows read past it: the first row naming three or more of
    the template's columns (or their aliases) within the first TITLE_ROWS rows, so that a title above
    it (“某局行政执法台账（2025年）”, as government ledgers begin) is passed over; else the first row
    (its columns are then mapped by hand)."""
    seen: list[Any] = []
    for values in rows:
        seen.append(values)
        if len(propose_mapping([str(_cell(v)) for v in values])) >= 3:
            return [str(_cell(v)) for v in values], len(seen), []
        if len(seen) == TITLE_ROWS:
            break
    if not seen:
        raise StopIteration
    return [str(_cell(v)) for v in seen[0]], 1, seen[1:]


def _csv(source: BinaryIO) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    head = source.read(65536)
    source.seek(0)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            encoding = "gb18030"
    text = io.TextIOWrapper(source, encoding=encoding, newline="")
    csv.field_size_limit(CELL_MAX_BYTES)
    reader = csv.reader(_bounded_lines(text), strict=True)  # an unclosed quote is an error, never rows swallowed
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise TableError("文件是空的：第一行应为列名。") from None
    except (UnicodeDecodeError, csv.Error):
        raise TableError("无法读取该 CSV 文件：请存为 UTF-8 或 GBK 编码的逗号分隔文件。") from None
    if not any(header):
        raise TableError("文件是空的：第一行应为列名。")

    def body() -> Iterator[tuple[int, list[Any]]]:
        start = reader.line_num + 1  # a record's first line: a quoted cell may run over several
        try:
            for values in reader:
                if any(v.strip() for v in values):
                    yield start, [v.strip() for v in values]
                start = reader.line_num + 1
        except UnicodeDecodeError:
            found = _undecodable_line(source, encoding)
            raise TableError(f"第 {found} 行起编码与文件开头不一致：请把整个文件存为 UTF-8 或 GBK 编码。") from None
        except csv.Error as error:
            raise TableError(f"第 {start} 行无法读取：{_csv_problem(error)}") from None
    return header, body()


def _undecodable_line(source: BinaryIO, encoding: str) -> int:
    """The first line whose bytes are not `encoding`. The text reader decodes kilobytes ahead of the
    row it hands over, so the row being read when decoding failed can be dozens of lines before the
    one at fault. Lines end as the reader ends them: a line feed, a carriage return and line feed, or
    a carriage return alone (neither UTF-8 nor GB18030 uses those bytes inside a character)."""
    source.seek(0)
    number = 1
    for raw in source:
        parts = re.split(rb"\r(?!\n)", raw)
        for position, part in enumerate(parts):
            if not part and position == len(parts) - 1:
                continue  # after a carriage return that ended the file
            try:
                part.decode(encoding)
            except UnicodeDecodeError:
                return number
            number += 1
    return number


def _bounded_lines(text: io.TextIOWrapper) -> Iterator[str]:
    """The file's lines, none longer than a cell may be: the csv module splits a whole line into a
    list before anything can look at it, and a line of millions of commas would take gigabytes."""
    number = 0
    while True:
        line = text.readline(CELL_MAX_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > CELL_MAX_BYTES:
            raise TableError(f"第 {number} 行超过 {CELL_MAX_BYTES // 1024 // 1024} MB，不是台账的一行：请检查文件是否完整、"
                             "是否为逗号分隔的台账。")
        yield line


def _csv_problem(error: csv.Error) -> str:
    """What the csv module found, in words (its own messages are English)."""
    said = str(error)
    if "field larger than field limit" in said:
        return f"单元格超过 {CELL_MAX_BYTES // 1024 // 1024} MB"
    if "unexpected end of data" in said or "EOF" in said:
        return "引号没有闭合（从这一行起到文件末尾都在一个单元格中）"
    if "expected after" in said:
        return "引号的用法有误：单元格中的英文双引号要写成两个（\"\"），整个单元格再用双引号括起来"
    if "NUL" in said:
        return "含有空字符（NUL）"
    return "格式有误，请用 Excel 或 WPS 另存为 CSV 后重试"


# --- mapping ---------------------------------------------------------------------------------------

def propose_mapping(header: list[str]) -> dict[str, str]:
    """Template column → the file's column, where the name or a known alias matches."""
    found: dict[str, str] = {}
    names = {re.sub(r"\s+", "", h): h for h in header}
    for column in COLUMNS:
        for candidate in (column, *ALIASES.get(column, ())):
            if candidate in names:
                found[column] = names[candidate]
                break
    return found


def check_mapping(header: list[str], mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping (Chinese sentences), or [] when every required column is mapped."""
    named = [h for h in header if h]
    repeated = sorted({h for h in named if named.count(h) > 1})
    if repeated:
        return [f"文件中有同名的列：{'、'.join(repeated)}，请改为不同的列名"]
    if len(named) - len([s for s in mapping.values() if s]) > MAX_EXTRA_COLUMNS:
        return [f"模板之外的列不能超过 {MAX_EXTRA_COLUMNS} 列"]
    if any(_CONTROL.search(h) for h in named):
        return ["列名中含有控制字符"]
    problems = [f"文件中没有“{source}”列（对应“{column}”）" for column, source in mapping.items()
                if source and source not in header]
    problems += [f"未指定“{column}”对应文件中的哪一列" for column in REQUIRED if not mapping.get(column)]
    problems += [f"未知的台账列“{column}”" for column in mapping if column not in COLUMNS]
    chosen = [source for source in mapping.values() if source]
    problems += [f"文件中的“{s}”列被指定给了多个台账列" for s in sorted({s for s in chosen if chosen.count(s) > 1})]
    return problems


# --- values ----------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any, today: dt.date | None = None) -> dt.date:
    """A date of the ledger: written as agencies write it, not before 1949-10-01 nor after today."""
    day = _parse_date(value)
    if day < EARLIEST:
        raise ValueError("日期不能早于1949年10月1日")
    if day > (today or dt.date.today()):
        raise ValueError("日期不能晚于今天")
    return day


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-":  # 2025-03-01, the template's own form: the fast path
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    match = _DATE.match(text)
    if not match:
        if re.fullmatch(r"\d{5}", text):  # an Excel serial number kept as text
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(text))
        raise ValueError("日期应写作 2025-03-01、2025/3/1 或 2025年3月1日")
    year, month, day_ = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day_)
    except ValueError:
        raise ValueError(f"没有这一天：{text}") from None


def parse_amount(value: Any) -> Decimal:
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
    if text == "":
        return Decimal("0")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("应为金额（元），如 2000 或 1500.50") from None
    if not amount.is_finite():
        raise ValueError("应为金额（元），如 2000 或 1500.50")
    if amount < 0:
        raise ValueError("金额不能为负数")
    if amount > AMOUNT_MAX:
        raise ValueError("金额过大")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("金额最多保留两位小数")
    return amount.quantize(Decimal("0.01"))


def parse_flag(value: Any) -> bool:
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError("应填“是”或“否”")


# --- rows ------------------------------------------------------------------------------------------

@dataclass
class Checked:
    """The outcome of checking a whole file: its good rows, or the problems of its bad ones."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # beyond MAX_ERRORS, counted but not listed
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and not self.more_problems

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(problem)
        else:
            self.more_problems += 1


def agency_verdict(agencies: dict[str, int]) -> Any:
    """`known_agency` for check_rows from name → id (-1: a name two agencies in scope share)."""
    def known(name: str) -> bool | str:
        pk = agencies.get(name, 0)
        if pk == -1:
            return f"“{name}”是您可以导入的两个以上执法机关共用的名称，无法确定是哪一个：请系统管理员区分其名称"
        return pk > 0
    return known


def check_rows(header: list[str], body: Iterable[tuple[int, list[Any]]], mapping: dict[str, str],
               known_agency: Any = None, keep: bool = True, repeats: bool = True) -> Checked:
    """Check every row. `known_agency(name)` says whether an agency name may be written to (None:
    any name); `keep=False` checks without keeping the rows (a dry run of a huge file);
    `repeats=False` leaves repeated keys to the caller, who sees the whole file."""
    index = {column: header.index(source) for column, source in mapping.items() if source in header}
    extras = [(i, name) for i, name in enumerate(header) if name and i not in index.values()]
    result = Checked()
    seen: dict[tuple[str, str], int] = {}
    for line, values in body:
        result.total += 1
        _check_width(line, values, header, result)
        row = _check_row(line, values, index, extras, result, known_agency)
        if row is None:
            continue
        key = (row.agency, row.case_number)
        if repeats and key in seen:
            result.add(Problem(line, "案件编号", f"与第 {seen[key]} 行重复（同一执法机关的同一案件编号）"))
            continue
        seen[key] = line
        if keep:
            result.rows.append(row)
    return result


def _check_width(line: int, values: list[Any], header: list[str], result: Checked) -> None:
    """Cells no column would keep are never dropped unsaid: beyond the last column (an unquoted comma
    splits a cell in two) or under a column without a name. A row shorter than the header is read
    with the missing cells empty (spreadsheets leave trailing empty cells out)."""
    beyond = [str(v).strip() for v in values[len(header):] if v is not None and str(v).strip()]
    if beyond:
        result.add(Problem(line, "", f"比第 1 行的列名多出 {len(values) - len(header)} 格（“{beyond[0][:20]}”）："
                                     "单元格中的逗号请加英文双引号，或在第 1 行为多出的列写上列名"))
    for position, name in enumerate(header):
        if not name and position < len(values) and values[position] is not None and str(values[position]).strip():
            result.add(Problem(line, f"第 {position + 1} 列", "该列有内容但没有列名：请在第 1 行写上列名"))


def _check_row(line: int, values: list[Any], index: dict[str, int], extras: list[tuple[int, str]], result: Checked,
               known_agency: Any) -> Row | None:
    def get(column: str) -> Any:
        position = index.get(column)
        return values[position] if position is not None and position < len(values) else ""

    before = len(result.problems) + result.more_problems

    def text(column: str, limit: int, required: bool) -> str:
        value = str(get(column)).strip()
        if required and not value:
            result.add(Problem(line, column, "不能为空"))
        elif _CONTROL.search(value):
            result.add(Problem(line, column, "含有控制字符"))
        elif len(value) > limit:
            result.add(Problem(line, column, f"不能超过 {limit} 个字（现有 {len(value)} 个字）"))
        return value

    def parsed(column: str, parse: Any, default: Any = None) -> Any:
        raw = get(column)
        if column in REQUIRED or (raw != "" and raw is not None):
            try:
                return parse(raw)
            except ValueError as error:
                result.add(Problem(line, column, str(error) if str(raw).strip() else "不能为空"))
        return default

    number = text("案件编号", CASE_NUMBER_MAX, True)
    kind_text = text("执法类别", 20, True)
    kind = kind_code(kind_text) if kind_text else None
    if kind_text and kind is None:
        result.add(Problem(line, "执法类别", f"“{kind_text}”不是行政执法事项的类别（应为："
                                              f"{'、'.join(name for _, name in KINDS)}）"))
    agency = text("执法机关", AGENCY_MAX, True)
    verdict = known_agency(agency) if agency and known_agency is not None else True
    if verdict is not True:  # False, or the reason as a sentence
        result.add(Problem(line, "执法机关", verdict or f"“{agency}”不是您可以导入台账的执法机关"))
    handlers = text("承办人", HANDLERS_MAX, True)
    filed = parsed("立案日期", parse_date)
    closed = parsed("结案日期", parse_date)
    if filed and closed and closed < filed:
        result.add(Problem(line, "结案日期", "不能早于立案日期"))
    amount = parsed("罚没款金额", parse_amount, Decimal("0"))
    hearing = parsed("是否听证", parse_flag, False)
    litigation = parsed("是否复议诉讼", parse_flag, False)
    extra: dict[str, str] = {}
    for position, name in extras:
        value = str(values[position]).strip() if position < len(values) and values[position] is not None else ""
        if len(value) > EXTRA_MAX:
            result.add(Problem(line, name, f"不能超过 {EXTRA_MAX} 个字"))
        elif _CONTROL.search(value):
            result.add(Problem(line, name, "含有控制字符"))
        elif value:
            extra[name] = value
    if len(result.problems) + result.more_problems > before:
        return None
    return Row(line, number, kind or "", agency, handlers, filed, closed, amount or Decimal("0"), bool(hearing),
               bool(litigation), extra)
