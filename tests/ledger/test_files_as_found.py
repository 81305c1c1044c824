"""Ledger files as a probe of real and hostile files found them: damaged or oversized workbooks,
unclosed quotes, rows of commas, a record over several lines, two agencies of one name, a formula's
floating-point amount, a header with no rows. Each is refused in Chinese or read right, never a
server error, and the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.ledger.test_import import xlsx

from rongcuo.cases.errors import InvalidInput
from rongcuo.core.models import Agency
from rongcuo.ledger import errors, services, table
from rongcuo.ledger.models import LedgerEntry

HEADER = ",".join(table.COLUMNS)


def csv_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "台账.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def line(agency: str, number: str, kind: str = "处罚", filed: str = "2025-03-01", amount: str = "") -> str:
    return f"{number},{kind},{agency},张三,{filed},,{amount},否,否"


def problems(licheng: Any, content: Any, name: str = "台账.csv") -> list[str]:
    with pytest.raises(errors.LedgerRefused) as refused:
        services.ledger_import(actor=licheng.handler, content=content, name=name)
    assert not LedgerEntry.objects.exists()
    return [str(p) for p in refused.value.checked.problems]


def rewritten(workbook: bytes, sheet_xml: Any) -> bytes:
    """The workbook with its first sheet's XML changed by `sheet_xml(old) -> new`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml(data)
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("damage", [
    lambda xml: xml[: len(xml) // 2],  # cut off half way
    lambda xml: xml.replace(b'r="A2"', b'r="2A"'),  # a cell reference no spreadsheet writes
])
def test_a_damaged_workbook_is_refused_in_chinese(licheng: Any, damage: Any) -> None:
    content = rewritten(xlsx([["案1", "处罚", licheng.agency.name, "张三", dt.date(2025, 3, 1), None, 1, "否", "否"]]),
                        damage)
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=content, name="台账.xlsx")
    assert refused.value.message.startswith(("无法作为 Excel（.xlsx）文件打开", "第 2 行无法读取"))
    web = Client()
    web.force_login(licheng.handler)
    answer = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", content)}, follow=True)
    assert answer.status_code == 200
    assert "台账未导入" in answer.content.decode()


def test_a_workbook_with_a_row_beyond_excel_s_last_is_refused_without_reading_to_it(licheng: Any) -> None:
    content = rewritten(xlsx([["案1", "处罚", licheng.agency.name, "张三", dt.date(2025, 3, 1), None, 1, "否", "否"]]),
                        lambda xml: xml.replace(b'<row r="2"', b'<row r="2000000"').replace(b'r="A2"', b'r="A2000000"'))
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=content, name="台账.xlsx")
    assert refused.value.message == "第 1048577 行超出 Excel 工作表的最大行数 1048576。"


def test_an_amount_a_formula_computed_is_read_as_excel_shows_it(licheng: Any) -> None:
    row = ["案1", "处罚", licheng.agency.name, "张三", dt.date(2025, 3, 1), None, 1200.1 * 3, "否", "否"]
    assert row[6] == 3600.2999999999997
    services.ledger_import(actor=licheng.handler, content=xlsx([row]), name="台账.xlsx")
    assert LedgerEntry.objects.get().amount == Decimal("3600.30")


def test_an_unclosed_quote_is_refused_never_swallowing_the_rows_after_it(licheng: Any, tmp_path: Path) -> None:
    a = licheng.agency.name
    path = csv_file(tmp_path, line(a, "1") + ',"见附件', line(a, "2"), line(a, "3"))
    path.write_text(path.read_text(encoding="utf-8").replace(HEADER, HEADER + ",备注"), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    assert refused.value.message == "第 2 行无法读取：引号没有闭合（从这一行起到文件末尾都在一个单元格中）"
    assert not LedgerEntry.objects.exists()


def test_a_record_over_several_lines_is_named_by_its_first_line(licheng: Any, tmp_path: Path) -> None:
    a = licheng.agency.name
    path = tmp_path / "台账.csv"
    path.write_text(HEADER + ",备注\n" + line(a, "1", kind="罚款") + ',"第一行\n第二行"\n' + line(a, "2") + ",\n"
                    + line(a, "2") + ",\n", encoding="utf-8")
    assert problems(licheng, path) == [
        "第 2 行“执法类别”：“罚款”不是行政执法事项的类别（应为：处罚、许可、强制、检查、收费、确认、登记、给付、裁决、征收征用）",
        "第 5 行“案件编号”：与第 4 行重复（同一执法机关的同一案件编号）",
    ]


def test_rows_of_empty_cells_are_skipped_on_every_database(licheng: Any, tmp_path: Path) -> None:
    a = licheng.agency.name
    path = csv_file(tmp_path, line(a, "1"), ",,,,,,,,", line(a, "2"), '" ",,,,,,,,', ",,,,,,,,")
    outcome = services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    assert (outcome.rows, outcome.created) == (2, 2)


def test_a_file_with_only_its_header_says_there_are_no_rows(licheng: Any, tmp_path: Path) -> None:
    for path in (csv_file(tmp_path), csv_file(tmp_path, ",,,,,,,,")):
        with pytest.raises(InvalidInput) as refused:
            services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
        assert refused.value.message == "文件中只有列名，没有数据行，未导入。"


def test_a_name_two_agencies_share_is_refused_by_row_never_a_server_error(licheng: Any, tmp_path: Path) -> None:
    Agency.objects.create(name="同名局", jurisdiction=licheng.jurisdiction)
    Agency.objects.create(name="同名局", jurisdiction=licheng.jurisdiction)
    path = csv_file(tmp_path, line("同名局", "1"), line(licheng.agency.name, "2"))
    for dry_run in (True, False):
        with pytest.raises(errors.LedgerRefused) as refused:
            services.ledger_import(actor=licheng.handler, content=path, name="台账.csv", dry_run=dry_run)
        assert [str(p) for p in refused.value.checked.problems] == [
            "第 2 行“执法机关”：“同名局”是您可以导入的两个以上执法机关共用的名称，无法确定是哪一个：请系统管理员区分其名称"]
    assert not LedgerEntry.objects.exists()


def test_a_repeat_of_a_row_in_another_date_form_names_the_first_row_of_all(licheng: Any, tmp_path: Path) -> None:
    a = licheng.agency.name
    path = csv_file(tmp_path, line(a, "R-1"), line(a, "X"), line(a, "R-1", filed="2025/3/1"), line(a, "R-1", filed="2025/3/2"))
    assert problems(licheng, path) == ["第 4 行“案件编号”：与第 2 行重复（同一执法机关的同一案件编号）",
                                       "第 5 行“案件编号”：与第 2 行重复（同一执法机关的同一案件编号）"]


def test_a_long_report_lists_the_same_first_problems_on_every_database(licheng: Any, tmp_path: Path) -> None:
    a = licheng.agency.name
    bad = [line(a, f"B{i}", kind="罚款") for i in range(table.MAX_ERRORS + 100)]
    path = csv_file(tmp_path, line(a, "R"), line(a, "R"), *bad)
    with pytest.raises(errors.LedgerRefused) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    listed = refused.value.checked.problems
    assert str(listed[0]) == "第 3 行“案件编号”：与第 2 行重复（同一执法机关的同一案件编号）"
    assert (len(listed), refused.value.checked.more_problems, listed[-1].row) == (table.MAX_ERRORS, 101, 1002)


def test_sums_of_amounts_are_in_yuan_and_fen(licheng: Any, tmp_path: Path) -> None:
    from rongcuo.ledger import statistics

    a = licheng.agency.name
    path = csv_file(tmp_path, *(f"{i},处罚,{a},张三,2025-03-01,2025-03-02,{i}.10,否,否" for i in range(1, 8)))
    services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    for start in (dt.date(2025, 3, 1), dt.date(2025, 3, 2)):  # from the monthly sums, and from the ledger itself
        amount = statistics.agency_figures([licheng.agency.pk], start, dt.date(2025, 3, 31))[licheng.agency.pk].amount
        assert str(amount) == "28.70"


def test_someone_who_may_not_import_leaves_no_file_behind(licheng: Any, settings: Any) -> None:
    web = Client()
    web.force_login(licheng.investigators[0])
    answer = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.csv", (HEADER + "\n").encode())}, follow=True)
    assert "您无权导入台账" in answer.content.decode()
    assert not (Path(settings.MEDIA_ROOT) / "ledger-pending").exists()


def test_a_workbook_with_a_title_above_its_header_is_read_from_the_header(licheng: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["历城区市场监督管理局行政执法台账（2025年）"])
    sheet.append([])
    sheet.append(list(table.COLUMNS))
    sheet.append(["案1", "处罚", licheng.agency.name, "张三", dt.date(2025, 3, 1), None, 1, "否", "否"])
    sheet.append(["案2", "罚款", licheng.agency.name, "张三", dt.date(2025, 3, 1), None, 1, "否", "否"])
    out = io.BytesIO()
    book.save(out)
    assert problems(licheng, out.getvalue(), "台账.xlsx") == [  # numbered as the spreadsheet numbers its rows
        "第 5 行“执法类别”：“罚款”不是行政执法事项的类别（应为：处罚、许可、强制、检查、收费、确认、登记、给付、裁决、征收征用）"]
    sheet.delete_rows(5)
    book.save(out := io.BytesIO())
    assert services.ledger_import(actor=licheng.handler, content=out.getvalue(), name="台账.xlsx").created == 1


def test_a_workbook_whose_header_uses_other_words_still_goes_to_the_mapping_step(licheng: Any) -> None:
    content = xlsx([["案1", "处罚", licheng.agency.name, "张三", dt.date(2025, 3, 1), None, 1, "否", "否"]],
                   header=["编码", "种类", "部门", "经办", "开始", "结束", "金额", "听", "诉"])
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=content, name="台账.xlsx")
    assert refused.value.code == "ledger_mapping"
    mapping = dict(zip(table.COLUMNS, ["编码", "种类", "部门", "经办", "开始", "结束", "金额", "听", "诉"], strict=True))
    assert services.ledger_import(actor=licheng.handler, content=content, name="台账.xlsx", mapping=mapping).created == 1


def test_a_mapping_form_sent_after_its_file_was_cleared_says_so(licheng: Any) -> None:
    web = Client()
    web.force_login(licheng.handler)
    answer = web.post("/ledger/import/", {"pending": "0" * 64, "name": "台账.xlsx", "map_0": "案件编号"}, follow=True)
    assert "已上传的文件已不在服务器上（一天内未导入的会被清除），请重新选择文件" in answer.content.decode()


def test_copies_kept_for_a_mapping_step_nobody_finished_are_removed_after_a_day(licheng: Any, settings: Any) -> None:
    import os
    import time

    old = Path(settings.MEDIA_ROOT) / "ledger-pending" / "ab" / ("ab" + "0" * 62 + ".csv")
    old.parent.mkdir(parents=True)
    old.write_text("旧文件", encoding="utf-8")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    web = Client()
    web.force_login(licheng.handler)
    content = "编码,种类\n1,处罚\n".encode()  # columns to map by hand: the upload is kept for the mapping step
    answer = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.csv", content)})
    assert "列对应" in answer.content.decode()
    assert not old.exists()
    assert len(list((Path(settings.MEDIA_ROOT) / "ledger-pending").rglob("*.csv"))) == 1


def test_two_people_mapping_the_same_file_can_both_send_their_mapping(licheng: Any, settings: Any) -> None:
    """The copy kept for the mapping step is named by the file's digest, so two people uploading the
    same file share it: the first to import must not take it from under the second."""
    import os
    import time

    header = ["编码", "种类", "机关", "人员", "日期"]
    content = xlsx([["历市监〔2025〕10号", "许可", licheng.agency.name, "赵六", "2025-05-07"]], header)
    mapping = {"name": "台账.xlsx", "map_0": "编码", "map_1": "种类", "map_2": "机关", "map_3": "人员", "map_4": "日期"}
    forms = []
    for person in (licheng.handler, licheng.liaison):
        web = Client()
        web.force_login(person)
        page = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", content)}).content.decode()
        forms.append((web, page.split('name="pending" value="')[1].split('"')[0]))
    (first, pending), (second, same) = forms
    assert pending == same
    assert "新增 1 行" in first.post("/ledger/import/", {"pending": pending, **mapping}, follow=True).content.decode()
    answer = second.post("/ledger/import/", {"pending": same, **mapping}, follow=True).content.decode()
    assert "已上传的文件已不在服务器上" not in answer
    assert "与已有台账相同，未作改动：共 1 行，新增 0 行，更新 0 行，未变 1 行。" in answer
    assert LedgerEntry.objects.count() == 1
    kept = next((Path(settings.MEDIA_ROOT) / "ledger-pending").rglob("*.xlsx"))
    os.utime(kept, (time.time() - 2 * 86400, time.time() - 2 * 86400))  # kept two days ago, then uploaded again:
    first.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", content)})
    other = Client()
    other.force_login(licheng.handler)
    other.post("/ledger/import/", {"file": SimpleUploadedFile("另.csv", "编码,种类\n1,处罚\n".encode())})  # sweeps
    assert kept.exists()  # its day started again at the second upload


def test_a_line_longer_than_a_cell_may_be_is_refused_before_it_is_split(licheng: Any, tmp_path: Path) -> None:
    """A line of a million commas would be split by the csv module into a list of a million cells
    (gigabytes for a file within the web's limit): it is refused as it is read, by its line."""
    path = tmp_path / "台账.csv"
    path.write_text(",".join(table.COLUMNS) + "\n" + line(licheng.agency.name, "1") + "\n"
                    + "," * (table.CELL_MAX_BYTES + 5) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    assert (refused.value.code, refused.value.message) == (
        "ledger_unreadable", "第 3 行超过 1 MB，不是台账的一行：请检查文件是否完整、是否为逗号分隔的台账。")
    assert not LedgerEntry.objects.exists()


def test_an_import_that_writes_nothing_leaves_no_file_behind(licheng: Any, tmp_path: Path, settings: Any) -> None:
    kept = Path(settings.MEDIA_ROOT) / "ledger"

    def files_kept() -> list[str]:
        return sorted(p.name for p in kept.rglob("*.csv")) if kept.exists() else []

    header_only = csv_file(tmp_path)
    with pytest.raises(InvalidInput):
        services.ledger_import(actor=licheng.handler, content=header_only, name="台账.csv")
    assert files_kept() == []
    rows = csv_file(tmp_path, line(licheng.agency.name, "1"))
    services.ledger_import(actor=licheng.handler, content=rows, name="台账.csv")
    assert len(files_kept()) == 1
    again = tmp_path / "again.csv"
    again.write_bytes(rows.read_bytes() + b"\n")  # the same rows, other bytes: nothing changes, nothing is kept
    assert services.ledger_import(actor=licheng.handler, content=again, name="台账.csv").batch is None
    assert services.ledger_import(actor=licheng.handler, content=again, name="台账.csv", dry_run=True).created == 0
    assert len(files_kept()) == 1


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_a_file_whose_encoding_changes_part_way_names_the_line_where_it_changes(
        licheng: Any, tmp_path: Path, ending: str) -> None:
    """The text reader decodes ahead of the rows; the line named is the first one not in the
    file's encoding, not the row being read when the decoder met it."""
    rows = [HEADER, *(line(licheng.agency.name, str(i)) for i in range(1, 1001))]
    path = tmp_path / "台账.csv"
    path.write_bytes(ending.join(rows).encode("utf-8") + ending.encode()
                     + line(licheng.agency.name, "甲乙").encode("gb18030") + ending.encode()
                     + line(licheng.agency.name, "1002").encode("utf-8") + ending.encode())
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    assert refused.value.message == "第 1002 行起编码与文件开头不一致：请把整个文件存为 UTF-8 或 GBK 编码。"
    assert not LedgerEntry.objects.exists()


def test_a_file_kept_for_someone_elses_mapping_step_cannot_be_imported_by_its_digest(licheng: Any, xixian: Any) -> None:
    header = ["编码", "种类", "机关", "人员", "日期"]
    content = xlsx([["历市监〔2025〕10号", "许可", licheng.agency.name, "赵六", "2025-05-07"]], header)
    owner = Client()
    owner.force_login(licheng.handler)
    page = owner.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", content)}).content.decode()
    pending = page.split('name="pending" value="')[1].split('"')[0]
    mapping = {"pending": pending, "name": "台账.xlsx", "map_0": "编码", "map_1": "种类", "map_2": "机关", "map_3": "人员",
               "map_4": "日期"}
    stranger = Client()
    stranger.force_login(xixian.handler)
    answer = stranger.post("/ledger/import/", mapping, follow=True).content.decode()
    assert "已上传的文件已不在服务器上" in answer
    assert licheng.agency.name not in answer  # nothing of the file is shown to them
    assert "新增 1 行" in owner.post("/ledger/import/", mapping, follow=True).content.decode()


def test_text_after_a_closing_quote_is_refused_alike_on_every_database(licheng: Any, tmp_path: Path) -> None:
    """Arrow would read "历市监"罚1号 as 历市监罚1号; the row-by-row reader refuses it, and so the
    file is refused on every database, not imported on one and refused on the other."""
    path = csv_file(tmp_path, line(licheng.agency.name, "1"), line(licheng.agency.name, '"历市监"罚2号'))
    with pytest.raises(InvalidInput) as refused:
        services.ledger_import(actor=licheng.handler, content=path, name="台账.csv")
    assert refused.value.message.startswith("第 3 行无法读取：引号的用法有误")
    assert not LedgerEntry.objects.exists()
