"""The rules pages a legal officer reads: packs with clause texts, and checking facts across packs."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pack_list_shows_both_regulations(client: Client) -> None:
    page = client.get("/packs/").content.decode()
    assert "历城区行政执法履职尽责容错纠错实施办法（试行）" in page
    assert "隰政办发〔2022〕63号" in page
    assert "2025年3月1日 起，至 2027年2月28日" in page


def test_pack_page_quotes_every_clause_with_its_examples(client: Client) -> None:
    page = client.get("/packs/licheng-2025/").content.decode()
    assert "第十条第（七）项" in page
    assert "行政执法过程中，因行政相对人故意隐瞒或未如实反映情况，致使没有及时发现潜在问题的" in page
    assert "不自动成立" in page  # catch-alls say they need the deciding body's reasons


def test_unknown_pack_page_is_a_chinese_404(client: Client) -> None:
    response = client.get("/packs/nope/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="zh-hans"' in page
    assert "<h1>页面不存在</h1>" in page
    assert "Not Found" not in page


def test_checking_facts_shows_each_pack_and_why_they_differ(client: Client) -> None:
    page = client.get(
        "/rules/check/", {"f": ["multi_agency_proactive", "actively_remedied"], "on": "2025-06-01", "run": "1"}
    ).content.decode()
    assert "各地不一致" in page
    assert "第十条第（三）项" in page
    assert "第十二条第（一）项" in page
    assert "差异原因" in page
    assert "隰县制度没有以此为要件的条款" in page
    comparison = page[page.index('id="comparison"'):]
    assert "multi_agency_proactive" not in comparison
    assert "licheng-2025" not in comparison


def test_a_bad_date_is_explained_and_nothing_is_lost(client: Client) -> None:
    page = client.get("/rules/check/", {"f": ["private_gain"], "on": "2025-02-30", "run": "1"}).content.decode()
    assert "日期格式错误" in page
    assert 'value="private_gain" checked' in page


def test_sign_in_page_is_in_chinese_and_wrong_passwords_are_counted(client: Client) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user(username="liu", password="a-long-passphrase-1")
    page = client.post("/login/", {"username": "liu", "password": "wrong"}).content.decode()
    assert "用户名或密码不正确" in page
    for _ in range(5):
        client.post("/login/", {"username": "liu", "password": "wrong"})
    locked = client.post("/login/", {"username": "liu", "password": "a-long-passphrase-1"})
    assert "已暂时锁定" in locked.content.decode()


def test_pack_pages_show_conditions_and_outcomes_in_chinese_only(client: Client) -> None:
    import re

    for url in ("/packs/", "/packs/licheng-2025/", "/packs/xixian-2022/"):
        html = client.get(url).content.decode()
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S))
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.search(r"\b[a-z]+_[a-z_]+\b", text)  # no fact names
        for code in ("tolerated", "mitigable", "no_ground", "licheng-2025", "xixian-2022", " and ", " or "):
            assert code not in text, (url, code)
    page = client.get("/packs/licheng-2025/").content.decode()
    assert "“行政相对人隐瞒、伪造、毁灭证据或者提供虚假材料，致使作出错误执法决定”或者“行政相对人逃避案件调查，致使执法行为不能及时作出”" in page
    assert "但书：但法律法规对执法期限扣除另有规定的除外" in page


def test_a_date_with_no_regulation_in_force_is_said_in_chinese(client: Client) -> None:
    page = client.get("/rules/check/", {"f": ["key_task"], "on": "2019-01-01", "run": "1"}).content.decode()
    assert "2019年1月1日没有施行中的容错纠错规定。" in page
    assert "no pack" not in page
