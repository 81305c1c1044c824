"""The ledger, statistics and case-file evaluation in a real browser, each person as themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.browser.test_case_flow import Session
from tests.ledger.test_import import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agency_imports_its_ledger_self_evaluates_and_the_office_sees_the_figures(
        page: Any, live_server: Any, xixian: Any, tmp_path: Path) -> None:
    ui = Session(page, live_server.url)
    closed = dt.date.today() - dt.timedelta(days=40)
    rows = [[f"隰市监罚〔{closed.year}〕{i}号", "行政处罚", xixian.agency.name, "张三、李四", closed - dt.timedelta(days=20),
             closed, 1000 * i, "否", "否"] for i in range(1, 4)]
    rows.append(["隰市监罚〔错〕1号", "罚款", xixian.agency.name, "张三", closed, "", "", "否", "否"])
    bad = tmp_path / "台账（有错）.xlsx"
    bad.write_bytes(xlsx(rows))
    good = tmp_path / "台账.xlsx"
    good.write_bytes(xlsx(rows[:3]))
    # 联络员导入本单位台账：有错的文件逐行报告、不写入；改正后导入
    ui.sign_in("xx_liaison")
    page.get_by_role("link", name="执法台账").click()
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="导入").click()
    report = page.locator("table.report").inner_text()
    assert "第 5 行" in report
    assert "“罚款”不是行政执法事项的类别" in report
    assert "没有符合条件的台账记录" in page.locator("table.ledger").inner_text()
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="导入").click()
    assert "新增 3 行" in page.locator(".messages").inner_text()
    assert "隰市监罚" in page.locator("table.ledger").inner_text()
    ui.snap("ledger")
    # 自我评查：结案 30 日后已超期，录入一件不合格
    page.get_by_role("link", name="案卷评查").click()
    owed = page.locator("table.ledger").inner_text()
    assert "已超期" in owed
    row = page.locator("tr", has=page.locator("td", has_text=rows[0][0])).first
    row.locator("summary").click()
    row.get_by_label("证据确凿").check()
    row.locator("textarea[name=problems]").fill("现场检查笔录缺当事人签名。")
    row.locator("input[name=legal_head]").fill("王法制")
    row.locator("input[name=unit_head]").fill("李科长")
    row.get_by_role("button", name="保存评查记录").click()
    assert "已录入" in page.locator(".messages").inner_text()
    assert "出现 1 件不合格的，由所在单位予以通报批评。" in page.locator("main").inner_text()
    ui.snap("evaluation")
    # 司法局看统计与报送情况
    ui.sign_in("xx_handler")
    page.goto(f"{live_server.url}/statistics/?start={closed.year}-01-01&end={closed.year}-12-31")
    main = page.locator("main").inner_text()
    assert "罚没款" in main
    assert "未报送" in main
    assert page.locator("svg.chart").count() == 1
    ui.snap("statistics")


def test_a_long_ledger_is_followed_on_its_progress_page_until_it_is_in(page: Any, live_server: Any, xixian: Any,
                                                                        tmp_path: Path, settings: Any) -> None:
    settings.RONGCUO_LEDGER_BACKGROUND_BYTES = 0  # every file counts as long here
    ui = Session(page, live_server.url)
    closed = dt.date.today() - dt.timedelta(days=40)
    rows = [[f"隰市监罚〔{closed.year}〕{i}号", "行政处罚", xixian.agency.name, "张三", closed - dt.timedelta(days=20),
             closed, 100 * i, "否", "否"] for i in range(1, 51)]
    good = tmp_path / "长台账.xlsx"
    good.write_bytes(xlsx(rows))
    ui.sign_in("xx_liaison")
    page.get_by_role("link", name="执法台账").click()
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="导入").click()
    page.wait_for_url("**/ledger/imports/*/")
    page.get_by_text("导入完成：共 50 行，新增 50 行").wait_for()  # the page updated itself
    ui.snap("ledger-background")
