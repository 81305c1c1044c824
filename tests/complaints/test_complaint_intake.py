"""A citizen files a complaint without an account and follows it with the receipt; the receipt is
shown once and kept only as a hash, lookups are limited; floods, huge files and markup are refused
with a clear message."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from tests.complaints.helpers import IDENTITY, file_on_portal

from rongcuo.complaints import sealing
from rongcuo.complaints.models import Complaint, Hit

pytestmark = pytest.mark.django_db


def _every_stored_value() -> str:
    """Every column of every complaint table as text: what a copy of the database would reveal."""
    dump = []
    with connection.cursor() as cursor:
        for table in ("complaints_complaint", "complaints_addition", "complaints_attachment", "core_event"):
            cursor.execute(f"SELECT * FROM {table}")
            dump += [str(row) for row in cursor.fetchall()]
    return "\n".join(dump)


def test_a_citizen_files_on_the_portal_and_follows_it_with_the_receipt_shown_once(licheng: Any) -> None:
    answer, receipt = file_on_portal(licheng)
    assert answer.status_code == 200
    assert len(receipt) == 16
    assert receipt.isdigit()
    assert answer["Cache-Control"] == "no-store"
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert complaint.receipt_hash == sealing.receipt_hash(receipt)
    assert receipt not in _every_stored_value()  # only its hash is kept
    citizen = Client()
    assert "回执码" in citizen.get("/portal/receipt/").content.decode()
    found = citizen.post("/portal/receipt/", {"receipt": f"{receipt[:8]} {receipt[8:]}"}, follow=True)
    page = found.content.decode()
    assert "已收到，等待分办" in page
    assert "网上举报" in page
    added = citizen.post("/portal/receipt/progress/", {"text": "补充：当天有监控录像。"}, follow=True).content.decode()
    assert "补充材料已提交" in added
    assert complaint.additions.get().text == "补充：当天有监控录像。"
    assert "/portal/receipt/" in Client().get("/portal/receipt/progress/")["Location"]  # another browser: no receipt


def test_a_wrong_receipt_finds_nothing_and_lookups_are_limited(licheng: Any) -> None:
    _, receipt = file_on_portal(licheng)
    citizen = Client()
    wrong = str((int(receipt) + 1) % 10**16).zfill(16)
    assert citizen.post("/portal/receipt/", {"receipt": wrong}).status_code == 404
    assert "回执码不正确" in citizen.post("/portal/receipt/", {"receipt": "12345"}).content.decode()
    for _ in range(8):
        citizen.post("/portal/receipt/", {"receipt": wrong})
    limited = citizen.post("/portal/receipt/", {"receipt": receipt})  # the 11th try, even with the right one
    assert limited.status_code == 429
    assert "查询过于频繁" in limited.content.decode()
    api = Client(REMOTE_ADDR="10.1.1.1")
    assert api.get(f"/api/public/complaints/{receipt}/").status_code == 200  # another network is not limited
    assert not Hit.objects.filter(key__contains="10.1.1.1").exists()  # addresses are kept only as keyed hashes


def test_the_public_api_files_a_named_complaint_and_returns_only_the_receipt(licheng: Any) -> None:
    api = Client()
    answer = api.post("/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": "执法人员索要财物。",
                                                  "identity": {k: IDENTITY[k] for k in ("name", "id_number", "phone")}},
                      content_type="application/json")
    assert answer.status_code == 201
    assert list(answer.json()) == ["receipt"]
    receipt = answer.json()["receipt"]
    complaint = Complaint.objects.get()
    assert not complaint.anonymous
    assert sealing.unseal(complaint.sealed_identity)["name"] == IDENTITY["name"]
    dump = _every_stored_value()
    for value in (IDENTITY["name"], IDENTITY["id_number"], IDENTITY["phone"], receipt):
        assert value not in dump  # sealed with a key outside the database, or hashed
    progress = api.get(f"/api/public/complaints/{receipt}/")
    assert progress.json()["status"] == "已收到，等待分办"
    assert progress.json()["feedback"] is None
    assert api.get("/api/public/complaints/0000000000000000/").json()["error"]["code"] == "not_found"
    anonymous_with_name = api.post("/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": "x",
                                                               "identity": {"phone": "13800000000"}},
                                   content_type="application/json")
    assert anonymous_with_name.status_code == 400
    assert "举报人姓名" in anonymous_with_name.json()["error"]["message"]


def test_the_reporter_s_own_identity_typed_into_the_text_is_masked_before_it_is_stored(licheng: Any) -> None:
    file_on_portal(licheng, text=f"我是{IDENTITY['name']}，电话 139 0531 0987，张执法收了我的钱。", named=True)
    stored = Complaint.objects.get().text
    assert IDENTITY["name"] not in stored
    assert "0987" not in stored
    assert "（举报人信息已隐去）" in stored
    assert "张执法收了我的钱" in stored


@pytest.mark.parametrize(("extra", "said"), [
    ({"text": "<script>alert(1)</script>"}, "不能包含网页代码"),
    ({"text": "看这里 <img src=x onerror=alert(1)>"}, "不能包含网页代码"),
    ({"text": ""}, "请填写举报内容"),
    ({"text": "长" * 5001}, "不能超过 5000 个字"),
    ({"jurisdiction": "999999"}, "请选择受理举报的县（区）"),
    ({"agency": "999999"}, "不属于"),
    ({"website": "http://spam.example"}, "隐藏的"),
])
def test_abusive_or_wrong_complaints_are_refused_with_a_clear_message_and_nothing_stored(
        licheng: Any, extra: dict[str, str], said: str) -> None:
    answer, receipt = file_on_portal(licheng, **extra)
    assert answer.status_code == 400
    assert said in answer.content.decode()
    assert receipt == ""
    assert not Complaint.objects.exists()
    if extra.get("text", "").startswith("长"):
        assert "长" * 100 in answer.content.decode()  # what was typed is kept in the form


def test_huge_too_many_or_disguised_attachments_are_refused(licheng: Any) -> None:
    big = SimpleUploadedFile("录像.mp4", b"\x00\x00\x00\x18ftypmp42" + b"0" * (11 * 1024 * 1024), "video/mp4")
    answer, _ = file_on_portal(licheng, attachments=[big])
    assert "每个附件不能超过 10 MB" in answer.content.decode()
    many = [SimpleUploadedFile(f"{i}.txt", b"text", "text/plain") for i in range(6)]
    assert "一次最多提交 5 个附件" in file_on_portal(licheng, attachments=many)[0].content.decode()
    disguised = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00" + b"\x00" * 100, "image/jpeg")
    assert "格式不被接受" in file_on_portal(licheng, attachments=[disguised])[0].content.decode()
    assert not Complaint.objects.exists()
    photo = SimpleUploadedFile("现场.png", io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).getvalue(), "image/png")
    answer, receipt = file_on_portal(licheng, attachments=[photo])
    assert receipt
    assert Complaint.objects.get().attachments.get().original_name == "现场.png"


def test_a_flood_from_one_network_is_refused_after_five_an_hour(licheng: Any) -> None:
    for _ in range(5):
        assert file_on_portal(licheng)[1]
    answer, receipt = file_on_portal(licheng)
    assert answer.status_code == 429
    assert "一小时内最多提交 5 件举报" in answer.content.decode()
    assert receipt == ""
    assert Complaint.objects.count() == 5
