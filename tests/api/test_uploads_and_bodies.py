"""Uploads and request bodies as an attacker or a busy office sends them: twenty files at once to
one case beside a step, a program renamed .pdf, a body far larger than allowed, control
characters. Each gets a clear answer, never a 500, and nothing is left behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from rongcuo.cases import services as s
from rongcuo.core.models import Event

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 40


def client(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def filed(place: Any) -> Any:
    case = s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。", conduct_date=dt.date(2025, 6, 1), facts={})
    s.case_file(actor=place.head, case=case)
    return case


def upload(user: Any, case: Any, name: str, content: bytes, description: str = "现场照片") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client(user).post(f"/api/cases/{case.pk}/evidence/",
                             {"file": SimpleUploadedFile(name, content), "description": description}, format="multipart")


def stored_files(root: Path) -> list[Path]:
    return [p for p in (root / "evidence").rglob("*") if p.is_file()] if (root / "evidence").exists() else []


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(("name", "content"), [("检查记录.pdf", PDF), ("现场.png", PNG), ("说明.txt", "情况说明".encode())])
def test_documents_and_images_are_accepted_and_kept_under_their_digest(licheng: Any, media: Path, name: str,
                                                                       content: bytes) -> None:
    import hashlib

    case = filed(licheng)
    response = upload(licheng.officer_user, case, name, content)
    assert response.status_code == 201, response.content
    digest = hashlib.sha256(content).hexdigest()
    assert digest in response.json()["file"]
    assert (media / response.json()["file"]).read_bytes() == content
    event = Event.objects.get(stream=case.stream, action="add_evidence")
    assert event.after["sha256"] == digest
    assert event.after["original_name"] == name


@pytest.mark.parametrize(("name", "content"), [
    ("处罚决定.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 64),  # a Windows program
    ("工具.exe", b"MZ\x90\x00" + b"\0" * 64),
    ("脚本.pdf", b"#!/bin/sh\nrm -rf /\n"),
    ("网页.html", b"<html><script>alert(1)</script></html>"),
])
def test_programs_and_unknown_files_are_refused_and_leave_nothing(licheng: Any, media: Path, name: str,
                                                                  content: bytes) -> None:
    case = filed(licheng)
    before = Event.objects.count()
    response = upload(licheng.officer_user, case, name, content)
    assert response.status_code == 400
    assert "格式不被接受" in response.json()["error"]["message"]
    assert Event.objects.count() == before
    assert stored_files(media) == []


def test_a_refused_upload_by_someone_without_the_right_leaves_no_file(licheng: Any, media: Path) -> None:
    case = filed(licheng)
    response = upload(licheng.investigators[2], case, "检查记录.pdf", PDF)  # not assigned to this case
    assert response.status_code == 403
    assert stored_files(media) == []


def test_a_body_larger_than_allowed_is_refused_before_it_is_read(licheng: Any) -> None:
    case = filed(licheng)
    api = client(licheng.officer_user)
    response = api.generic("POST", f"/api/cases/{case.pk}/evidence/", b"x" * 10,
                           content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(500 * 1024 * 1024))
    assert response.status_code == 413
    assert "过大" in response.json()["error"]["message"]
    response = api.generic("POST", "/api/rules/assess/", b"{}", content_type="application/json",
                           CONTENT_LENGTH=str(5 * 1024 * 1024))
    assert response.status_code == 413


@pytest.mark.parametrize("text", ["有\x00空字符", "有\x07响铃", "有\x1b转义"])
def test_control_characters_are_refused_on_api_and_pages(licheng: Any, text: str) -> None:
    case = filed(licheng)
    before = Event.objects.count()
    api = client(licheng.handler)
    response = api.post(f"/api/cases/{case.pk}/record_statement/", {"text": text, "given_on": "2025-06-02"}, format="json")
    assert response.status_code == 400
    assert "控制字符" in response.json()["error"]["message"]
    page = Client()
    page.force_login(licheng.officer_user)
    response = page.post(f"/cases/{case.pk}/record_statement/", {"text": text})
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()
    assert page.get("/cases/", {"q": text}).status_code == 400
    assert Event.objects.count() == before


def test_line_breaks_and_tabs_are_kept(licheng: Any) -> None:
    case = filed(licheng)
    response = client(licheng.officer_user).post(f"/api/cases/{case.pk}/record_statement/",
                                                 {"text": "第一段\n\t第二段\r\n", "given_on": "2025-06-02"}, format="json")
    assert response.status_code == 200, response.content
    assert case.statements.get().text.startswith("第一段\n\t第二段")


@pytest.mark.postgres  # threads need a real server; the PostgreSQL pass runs this
@pytest.mark.django_db(transaction=True)
def test_twenty_uploads_at_once_beside_a_step_all_succeed_and_the_chain_holds(licheng: Any, media: Path,
                                                                               at_once: Any) -> None:
    case = filed(licheng)
    def send(index: int) -> int:
        content = PDF + f"% copy {index}\n".encode()
        return int(upload(licheng.officer_user, case, f"材料{index}.pdf", content, f"材料{index}").status_code)

    def step() -> int:
        return int(client(licheng.handler).post(
            f"/api/cases/{case.pk}/assign_investigators/",
            {"investigators": [u.pk for u in licheng.investigators[:2]]}, format="json").status_code)

    codes = at_once(*[lambda i=i: send(i) for i in range(20)], step)
    assert sorted(codes) == [200] + [201] * 20
    assert case.evidence.count() == 20
    assert len(stored_files(media)) == 20
    call_command("audit", "verify")


def test_a_disposition_longer_than_its_column_is_refused_on_the_api(licheng: Any) -> None:
    case = filed(licheng)
    s.case_assign_investigators(actor=licheng.handler, case=case, investigators=licheng.investigators[:2])
    s.case_update_facts(actor=licheng.handler, case=case, facts={"actively_remedied": True}, reason="核实")
    s.case_record_statement(actor=licheng.officer_user, case=case, text="陈述。")
    before = Event.objects.count()
    response = client(licheng.head).post(f"/api/cases/{case.pk}/determine/",
                                         {"disposition": "从" * 21, "opinion": "意见"}, format="json")
    assert response.status_code == 400
    assert Event.objects.count() == before


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, "{bad"])
def test_json_too_deep_or_broken_is_refused_in_chinese_and_changes_nothing(licheng: Any, body: str) -> None:
    from rongcuo.cases.models import Case

    answer = client(licheng.officer_user).post("/api/cases/", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["error"] == {"code": "parse_error", "message": "请求内容格式错误（应为 JSON）。"}
    assert not Case.objects.exists()


def test_a_ledger_mapping_nested_too_deep_is_refused(licheng: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client(licheng.handler).post("/api/ledger/import/", {
        "file": SimpleUploadedFile("台账.csv", "案件编号\n1\n".encode()), "mapping": "[" * 100_000 + "]" * 100_000},
        format="multipart")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "parse_error"


def test_a_request_django_cannot_read_gets_a_chinese_page(licheng: Any) -> None:
    """Django answers a request it cannot parse (an upload's part header over its limit, say) with
    its own 400 page before any view runs; that page is ours, in Chinese."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import SuspiciousOperation
    from django.test import RequestFactory
    from django.views.defaults import bad_request

    request = RequestFactory().post("/ledger/import/")
    request.user = AnonymousUser()
    answer = bad_request(request, SuspiciousOperation("multipart header too long"))
    assert answer.status_code == 400
    assert "服务器无法读取这次提交的内容" in answer.content.decode()
    assert "Bad Request" not in answer.content.decode()
