"""Reminders: in the workbench, and once a day by e-mail through the office's SMTP server (a real
local SMTP server here, aiosmtpd), never with a complaint's content or a reporter's identity."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.management import call_command
from tests.complaints.helpers import SECRETS, custodian, file_on_portal, signed_in

from rongcuo.complaints import services
from rongcuo.complaints.models import Complaint

pytestmark = pytest.mark.django_db


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Any] = []

    def handle_message(self, message: Any) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    settings.RONGCUO_SMTP_HOST, settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", "127.0.0.1", port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    try:
        yield inbox
    finally:
        server.stop()


def _text(message: Any) -> str:
    raw = message_from_bytes(message.as_bytes())
    body = raw.get_payload(decode=True) or b""
    return f"{make_header(decode_header(raw['Subject']))}\n{body.decode('utf-8')}"


def test_the_workbench_reminds_the_office_of_triage_and_feedback_owed(licheng: Any) -> None:
    file_on_portal(licheng)
    page = signed_in(licheng.handler).get("/").content.decode()
    assert "待分办的举报 1 件" in page
    complaint = Complaint.objects.get()
    services.complaint_close(actor=licheng.handler, complaint=complaint, closing="unfounded", note="不属实。")
    page = signed_in(licheng.handler).get("/").content.decode()
    assert "应当向举报人反馈的举报 1 件" in page
    assert "待分办" not in page
    assert "举报" not in signed_in(licheng.officer_user).get("/").content.decode()


def test_reminders_are_mailed_once_a_day_and_carry_no_reporter(licheng: Any, smtp: Inbox, capsys: Any) -> None:
    licheng.handler.email = "handler@licheng.gov.cn"
    licheng.handler.save()
    keeper = custodian(licheng)
    keeper.email = "keeper@licheng.gov.cn"
    keeper.save()
    licheng.liaison.email = "liaison@licheng.gov.cn"  # nothing to remind: no mail
    licheng.liaison.save()
    file_on_portal(licheng, named=True)
    services.reveal_request(actor=licheng.handler, complaint=Complaint.objects.get(), reason="核实")
    call_command("notify", "--base-url", "https://rongcuo.example.gov.cn/")
    assert "已发送提醒邮件 2 封" in capsys.readouterr().out
    mails = {m["To"]: _text(m) for m in smtp.messages}
    assert set(mails) == {"handler@licheng.gov.cn", "keeper@licheng.gov.cn"}
    assert "待分办的举报 1 件：https://rongcuo.example.gov.cn/complaints/?status=new" in mails["handler@licheng.gov.cn"]
    assert "待审批的查看举报人身份申请 1 件" in mails["keeper@licheng.gov.cn"]
    assert "容错纠错系统待办提醒" in mails["handler@licheng.gov.cn"]
    for text in mails.values():
        assert not [s for s in SECRETS if s in text]
    call_command("notify")
    assert len(smtp.messages) == 2  # once a day


def test_without_an_smtp_server_nothing_is_sent_and_the_command_says_so(licheng: Any, settings: Any, capsys: Any) -> None:
    settings.RONGCUO_SMTP_HOST = ""
    file_on_portal(licheng)
    call_command("notify")
    assert "未配置 RONGCUO_SMTP_HOST" in capsys.readouterr().out
    call_command("notify", "--dry-run")
    assert "lc_handler\t待分办的举报 1 件" in capsys.readouterr().out
