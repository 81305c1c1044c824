"""The ledger's files for people: the template to fill in, and the ledger exported as .xlsx
(streamed) or, for large ledgers, as CSV; neither lets a cell become a formula in a spreadsheet."""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from django.core.files.base import File

from rongcuo.ledger import table


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
