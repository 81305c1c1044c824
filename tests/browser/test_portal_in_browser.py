"""The public portal in a real browser on a phone-sized screen: a citizen files a named complaint
without an account, keeps the receipt, and reads the office's feedback; the office triages,
closes and answers it on its pages; the identity stays sealed for the reported officer."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser.test_case_flow import Session
from tests.complaints.helpers import IDENTITY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_files_on_a_phone_follows_it_and_reads_the_feedback(browser: Any, page: Any, live_server: Any,
                                                                      licheng: Any) -> None:
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    citizen = phone.new_page()
    citizen.set_default_timeout(10_000)
    citizen.goto(f"{live_server.url}/portal/")
    assert "公众门户" in citizen.title()
    citizen.get_by_role("link", name="我要举报").first.click()
    citizen.select_option("select[name=agency]", label=f"{licheng.jurisdiction.name} · {licheng.agency.name}")
    citizen.fill("input[name=reported_person]", "张执法")
    citizen.fill("textarea[name=text]", "2025年5月检查时，执法人员张执法收受商户香烟两条。")
    assert not citizen.locator("input[name=identity_name]").is_visible()  # anonymous by default: nothing to fill in
    citizen.get_by_label("匿名举报", exact=False).uncheck()
    assert citizen.locator("input[name=identity_name]").is_visible()
    citizen.fill("input[name=identity_name]", IDENTITY["name"])
    citizen.fill("input[name=identity_phone]", IDENTITY["phone"])
    citizen.get_by_role("button", name="提交举报").click()
    receipt = citizen.locator(".receipt-code").inner_text().replace(" ", "")
    assert len(receipt) == 16
    width = citizen.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "门户在手机上不应横向滚动"
    citizen.screenshot(path="test-artifacts/screenshots/portal-receipt-phone.png", full_page=True)

    ui = Session(page, live_server.url)
    ui.sign_in("lc_handler")
    page.get_by_role("link", name="信访举报").first.click()
    assert "实名举报人（身份已加密）" in page.locator("main").inner_text()
    assert IDENTITY["name"] not in page.content()
    page.locator("table a").first.click()
    page.locator("section", has_text="办结").locator("select[name=closing]").select_option(label="经查不属实")
    page.locator("textarea[name=note]").fill("经调取执法记录仪视频，未见收受财物。")
    page.get_by_role("button", name="办结").click()
    assert "已办结" in page.locator(".messages").inner_text()
    page.locator("textarea[name=text]").fill("经调查核实，您反映的问题不属实。感谢监督。")
    page.get_by_role("button", name="登记反馈").click()
    assert "已登记反馈" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="归档").click()
    assert "已归档" in page.locator(".messages").inner_text()
    ui.snap("complaint-archived")

    citizen.goto(f"{live_server.url}/portal/receipt/")
    citizen.fill("input[name=receipt]", receipt)
    citizen.get_by_role("button", name="查询").click()
    shown = citizen.locator("main").inner_text()
    assert "经查不属实" in shown
    assert "经调查核实，您反映的问题不属实。感谢监督。" in shown
    citizen.screenshot(path="test-artifacts/screenshots/portal-feedback-phone.png", full_page=True)
    phone.close()

    ui.sign_in("lc_officer")
    page.goto(f"{live_server.url}/complaints/")
    assert IDENTITY["name"] not in page.content()
