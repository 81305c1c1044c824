"""The ledger as its users reach it: the page (import with the mapping step and the report, the list,
export) and the API, each showing an agency its own ledger and the office its jurisdiction's."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient
from tests.ledger.test_import import good_rows, xlsx

from rongcuo.ledger.models import LedgerEntry


def signed_in(user: Any) -> Client:
    web = Client()
    web.force_login(user)
    return web


def test_a_liaison_imports_on_the_page_and_sees_only_their_agency(licheng: Any) -> None:
    web = signed_in(licheng.liaison)
    page = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(good_rows(licheng.agency.name)))},
                    follow=True).content.decode()
    assert "导入完成：共 3 行，新增 3 行" in page
    assert "市监罚〔2025〕1号" in page
    other = signed_in(licheng.handler)
    other.post("/ledger/import/", {"file": SimpleUploadedFile("b.xlsx", xlsx(
        [[f"综执罚〔2025〕{i}号", "处罚", licheng.other_agency.name, "王五", "2025-06-01", "", "", "", ""] for i in (1, 2)]))})
    listed = web.get("/ledger/").content.decode()
    assert "综执罚" not in listed  # the liaison sees only their own agency
    assert "综执罚" in other.get("/ledger/").content.decode()  # the office sees its jurisdiction
    assert signed_in(licheng.officer_user).get("/ledger/").status_code == 403


def test_a_bad_file_on_the_page_shows_each_bad_row_and_writes_nothing(licheng: Any) -> None:
    rows = good_rows(licheng.agency.name)
    rows[1][1] = "罚款"
    page = signed_in(licheng.handler).post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(rows))}).content.decode()
    assert "未导入任何一行" in page
    assert "第 3 行" in page
    assert "“罚款”不是行政执法事项的类别" in page
    assert not LedgerEntry.objects.exists()


def test_columns_that_do_not_match_are_mapped_on_a_second_page(licheng: Any) -> None:
    header = ["编码", "种类", "机关", "人员", "日期"]
    content = xlsx([["历市监〔2025〕10号", "许可", licheng.agency.name, "赵六", "2025-05-07"]], header)
    web = signed_in(licheng.handler)
    page = web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", content)}).content.decode()
    assert "指定“台账.xlsx”的列" in page
    assert "未指定“案件编号”对应文件中的哪一列" in page
    pending = page.split('name="pending" value="')[1].split('"')[0]
    answer = web.post("/ledger/import/", {"pending": pending, "name": "台账.xlsx", "map_0": "编码", "map_1": "种类",
                                          "map_2": "机关", "map_3": "人员", "map_4": "日期"}, follow=True)
    assert "新增 1 行" in answer.content.decode()
    assert LedgerEntry.objects.get().case_number == "历市监〔2025〕10号"
    forged = web.post("/ledger/import/", {"pending": "0" * 64, "name": "台账.xlsx"}, follow=True)
    assert "已上传的文件已不在服务器上" in forged.content.decode()  # a digest the server never kept reads nothing
    assert "请选择 .xlsx 或 .csv 文件" in web.post("/ledger/import/", {}, follow=True).content.decode()


def test_the_api_imports_lists_filters_and_exports_what_the_user_sees(licheng: Any, xixian: Any) -> None:
    api = APIClient()
    api.force_authenticate(licheng.handler)
    bad = good_rows(licheng.agency.name)
    bad[0][4] = "明天"
    refused = api.post("/api/ledger/import/", {"file": SimpleUploadedFile("x.xlsx", xlsx(bad))}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == [{"row": 2, "column": "立案日期",
                                                   "message": "日期应写作 2025-03-01、2025/3/1 或 2025年3月1日"}]
    made = api.post("/api/ledger/import/", {"file": SimpleUploadedFile("x.xlsx", xlsx(good_rows(licheng.agency.name)))},
                    format="multipart")
    assert made.status_code == 201
    again = api.post("/api/ledger/import/", {"file": SimpleUploadedFile("x.xlsx", xlsx(good_rows(licheng.agency.name)))},
                     format="multipart")
    assert again.status_code == 200
    assert again.json()["unchanged"] == 3
    listed = api.get("/api/ledger/?kind=penalty&year=2025").json()
    assert listed["count"] == 2
    assert {r["kind_label"] for r in listed["results"]} == {"处罚"}
    assert api.get(f"/api/ledger/?agency={xixian.agency.pk}").status_code == 400  # another county's agency
    exported = api.get("/api/ledger/export/?kind=inspection")
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content))).worksheets[0]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["市监罚〔2025〕2号"]
    other = APIClient()
    other.force_authenticate(xixian.handler)
    assert other.get("/api/ledger/").json()["count"] == 0
    officer = APIClient()
    officer.force_authenticate(licheng.officer_user)
    assert officer.get("/api/ledger/").status_code == 403
    assert officer.post("/api/ledger/import/", {"file": SimpleUploadedFile("x.xlsx", xlsx(bad))},
                        format="multipart").status_code == 403


def test_a_large_ledger_exports_as_csv_that_imports_again_unchanged(licheng: Any) -> None:
    web = signed_in(licheng.handler)
    web.post("/ledger/import/", {"file": SimpleUploadedFile("台账.xlsx", xlsx(good_rows(licheng.agency.name)))})
    exported = b"".join(web.get("/ledger/export/?format=csv").streaming_content)
    assert exported.startswith("\ufeff案件编号,执法类别".encode())
    again = web.post("/ledger/import/", {"file": SimpleUploadedFile("导出.csv", exported)}, follow=True)
    assert "未作改动" in again.content.decode()


def test_an_empty_upload_to_the_api_is_refused_in_chinese_without_the_fields_identifier(licheng: Any) -> None:
    api = APIClient()
    api.force_authenticate(licheng.handler)
    refused = api.post("/api/ledger/import/", {"file": SimpleUploadedFile("x.csv", b"")}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == "输入有误：提交的是空文件。"
    assert refused.json()["error"]["fields"] == {"file": ["提交的是空文件。"]}  # programs still see which field


def test_a_report_of_more_than_a_thousand_errors_says_once_how_many_are_not_listed(licheng: Any) -> None:
    lines = ["案件编号,执法类别,执法机关,承办人,立案日期"] + [f"{i},罚款,{licheng.agency.name},张三,2025-03-01" for i in range(1, 1006)]
    page = signed_in(licheng.handler).post("/ledger/import/", {"file": SimpleUploadedFile(
        "台账.csv", "\n".join(lines).encode())}).content.decode()
    assert "台账有 1005 处错误，另有 5 处未列出" in page
    assert page.count("未列出") == 1
    assert page.count("不是行政执法事项的类别") == 1000
