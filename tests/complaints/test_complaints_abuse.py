"""What an attacker tried against complaints and the portal, each now refused with a clear
message and nothing stored: identity and personal data spelled with spaces or full-width digits,
ids that are not ids, disguised or tell-tale attachments, forged client addresses, a receipt
reaching a log, a head approving a text they wrote themselves."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from tests.cases.test_regulation_procedures import determined_licheng
from tests.complaints.helpers import IDENTITY, custodian, file_on_portal, signed_in

from rongcuo.complaints import services
from rongcuo.complaints.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.complaints.models import Complaint, Hit
from rongcuo.core.logging import JsonFormatter
from rongcuo.portal import services as portal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelled", [
    "欧阳 明华", "欧阳·明华", "１３９０５３１０９８７", "139 0531 0987", "139.0531.0987", "+86 139-0531-0987",
    "370102 19880715 4512", "３７０１０２１９８８０７１５４５１２",
])
def test_a_reporter_s_identity_however_spelled_is_masked_before_it_is_stored(licheng: Any, spelled: str) -> None:
    file_on_portal(licheng, named=True, text=f"举报人{spelled}反映：张执法收受香烟。")
    stored = Complaint.objects.get().text
    assert spelled not in stored
    assert "（举报人信息已隐去）" in stored


@pytest.mark.parametrize("typed", ["张 执法", "张·执法", "电话１３８１２３４５６７８", "身份证 110101 19900307 4514",
                                   "邮箱 zhang＠example．cn", "139.1234.5678"])
def test_a_release_holding_personal_data_however_spelled_is_not_approved(licheng: Any, typed: str) -> None:
    release = portal.release_propose(actor=licheng.handler, case=determined_licheng(licheng))
    portal.release_edit(actor=licheng.handler, release=release, title=release.title, body=f"{release.text}\n{typed}")
    with pytest.raises(ProcedureError, match="仍含有个人信息"):
        portal.release_approve(actor=licheng.head, release=release)


def test_a_head_who_edited_the_text_cannot_approve_it_alone(licheng: Any) -> None:
    from rongcuo.core.models import RoleAssignment, User
    from rongcuo.core.roles import Role

    release = portal.release_propose(actor=licheng.handler, case=determined_licheng(licheng))
    portal.release_edit(actor=licheng.head, release=release, title=release.title, body=release.text + "\n（经审核修改）")
    with pytest.raises(NotAllowed, match="拟稿人和修改人以外"):
        portal.release_approve(actor=licheng.head, release=release)
    other = User.objects.create_user(username="lc_head2", password="x-long-password-1")
    RoleAssignment.objects.create(user=other, role=Role.HEAD, jurisdiction=licheng.jurisdiction)
    assert portal.release_approve(actor=other, release=release).state == "approved"


@pytest.mark.parametrize("bad", ["²", "١", "1e3", "abc", "99999999999999999999", "-1"])
def test_ids_that_are_not_ids_are_refused_never_a_server_error(licheng: Any, bad: str) -> None:
    api = Client()
    answer = api.post("/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": "反映问题。", "agency": bad},
                      content_type="application/json")
    assert answer.status_code == 400
    assert "不属于" in answer.json()["error"]["message"]
    complaint, _ = services.complaint_file(jurisdiction_id=licheng.jurisdiction.pk, text_body="反映问题。", address="x")
    office = signed_in(licheng.handler)
    for what, field in (("link", "case"), ("duplicate", "primary"), ("open_case", "officer")):
        page = office.post(f"/complaints/{complaint.pk}/act/", {"what": what, field: bad, "title": "t", "narrative": "n",
                                                                "conduct_date": "2025-06-01"}, follow=True)
        assert page.status_code == 200
        assert "未完成" in page.content.decode()
    head = signed_in(licheng.head)
    for field in ("case", "release", "comment"):
        page = head.post("/publications/", {"what": {"case": "propose", "release": "approve", "comment": "answer"}[field],
                                            field: bad}, follow=True)
        assert page.status_code == 200
        assert "不存在" in page.content.decode()
    keeper = signed_in(custodian(licheng))
    assert "申请不存在" in keeper.post("/complaints/reveals/", {"request": bad, "decision": "approve"}, follow=True).content.decode()


@pytest.mark.parametrize("value", [["一", "二"], {"a": 1}, 12345, True])
def test_text_that_is_not_text_is_refused(licheng: Any, value: Any) -> None:
    answer = Client().post("/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": value},
                           content_type="application/json")
    assert answer.status_code == 400
    assert "应为文字" in answer.json()["error"]["message"] or "请填写" in answer.json()["error"]["message"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("text", ["<img src=x onerror=alert(1)", "看 &lt;script&gt;", "</p", "<!-- x"])
def test_unfinished_markup_is_refused_too(licheng: Any, text: str) -> None:
    with pytest.raises(InvalidInput, match="网页代码"):
        services.complaint_file(jurisdiction_id=licheng.jurisdiction.pk, text_body=text, address="x")


def test_an_attachment_s_name_carries_no_identity_or_markup_and_its_content_must_match_it(licheng: Any) -> None:
    name = f"{IDENTITY['name']}_{IDENTITY['phone']}_<img src=x onerror=alert(1)>.txt"
    file_on_portal(licheng, named=True, attachments=[SimpleUploadedFile(name, "现场照片说明".encode(), "text/plain")])
    stored = Complaint.objects.get().attachments.get().original_name
    assert IDENTITY["name"] not in stored
    assert IDENTITY["phone"] not in stored
    assert "<" not in stored
    assert stored.endswith(".txt")
    for disguised in (SimpleUploadedFile("照片.html", b"\xff\xd8\xff\xe0" + b"0" * 64, "text/html"),
                      SimpleUploadedFile("run.exe", b"%PDF-1.4\n%" + b"0" * 64, "application/pdf")):
        answer, receipt = file_on_portal(licheng, attachments=[disguised])
        assert "内容与文件名不符" in answer.content.decode()
        assert receipt == ""
    assert Complaint.objects.count() == 1


def test_behind_a_trusted_proxy_each_citizen_has_their_own_limit_and_a_forged_header_counts_for_nothing(
        licheng: Any) -> None:
    def file(client: Client, **headers: str) -> int:
        return int(client.post("/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": "反映问题。"},
                               content_type="application/json", **headers).status_code)

    with override_settings(RONGCUO_TRUSTED_PROXIES=["127.0.0.1"]):
        for _ in range(5):
            assert file(Client(), HTTP_X_FORWARDED_FOR="203.0.113.7") == 201
        assert file(Client(), HTTP_X_FORWARDED_FOR="203.0.113.7") == 429
        assert file(Client(), HTTP_X_FORWARDED_FOR="203.0.113.8") == 201  # another citizen behind the same proxy
    direct = Client(REMOTE_ADDR="198.51.100.1")  # not a trusted proxy: its header is not believed
    for index in range(5):
        assert file(direct, HTTP_X_FORWARDED_FOR=f"10.0.0.{index}") == 201
    assert file(direct, HTTP_X_FORWARDED_FOR="10.0.0.99") == 429
    assert Hit.objects.count() == 11  # refused requests are not counted


def test_an_ipv6_household_shares_one_limit_across_its_addresses(licheng: Any) -> None:
    for last in range(5):
        Client(REMOTE_ADDR=f"2001:db8:1:2::{last + 1}").post(
            "/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": "反映问题。"},
            content_type="application/json")
    refused = Client(REMOTE_ADDR="2001:db8:1:2:ffff::9").post(
        "/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": "反映问题。"},
        content_type="application/json")
    assert refused.status_code == 429


def test_a_receipt_never_reaches_a_log_line_even_in_an_error_message() -> None:
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1,
                               "Internal Server Error: %s", ("/api/public/complaints/4603368003468580/",), None)
    line = JsonFormatter().format(record)
    assert "4603368003468580" not in line
    assert "/api/public/complaints/…" in line


def test_an_anonymous_complaint_is_explained_to_a_group_not_only_on_the_portal(licheng: Any) -> None:
    complaint, _ = services.complaint_file(jurisdiction_id=licheng.jurisdiction.pk, text_body="反映问题。", address="x")
    services.complaint_close(actor=licheng.handler, complaint=complaint, closing="unfounded", note="不属实。")
    with pytest.raises(InvalidInput, match="会议说明或通报"):
        services.feedback_give(actor=licheng.handler, complaint=complaint, body="不属实。", way="portal", scope="局务会")
