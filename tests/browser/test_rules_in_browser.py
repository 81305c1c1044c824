"""A legal officer compares the regulations in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_ticks_facts_and_sees_where_the_regulations_differ(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="按事实比较").click()
    page.fill("input[name=on]", "2025-06-01")
    page.get_by_label("事项涉及多家行政执法主体，主动担当、积极作为").check()
    page.get_by_label("积极主动采取措施，有效避免损失、消除不良影响或挽回损失").check()
    page.get_by_role("button", name="比较").click()
    result = page.locator("#comparison")
    assert "各地不一致" in result.inner_text()
    assert "第十条第（三）项" in result.inner_text()
    assert "第十二条第（一）项" in result.inner_text()
    assert "应当从轻、减轻处理或者予以免责" in result.inner_text()
    assert "隰县制度没有以此为要件的条款" in result.inner_text()
    # What was ticked is still ticked: nothing the user entered is lost.
    assert page.get_by_label("事项涉及多家行政执法主体，主动担当、积极作为").is_checked()


def test_pack_page_reads_on_a_tablet(page: Any, live_server: Any) -> None:
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto(f"{live_server.url}/packs/xixian-2022/")
    assert page.get_by_role("heading", name="隰县行政执法尽职免责和容错纠错制度（试行）").is_visible()
    assert page.locator("#c13").inner_text().startswith("第十三条")
