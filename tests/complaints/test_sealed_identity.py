"""A named reporter's identity reaches no one who should not have it: the reported officer, the
agency's liaison and the investigators never receive it through any page, API response, document,
export or log line; the office sees only that the reporter is named; revealing it needs a
custodian's approval, and every request, decision and view is on the record."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views.debug import SafeExceptionReporterFilter
from tests.complaints.helpers import IDENTITY, SECRETS, custodian, file_on_portal, signed_in

from rongcuo.cases import services as cases
from rongcuo.complaints import services
from rongcuo.complaints.errors import NotAllowed
from rongcuo.complaints.models import Complaint
from rongcuo.core.models import Event, RoleAssignment
from rongcuo.core.roles import Role

pytestmark = pytest.mark.django_db
FACTS = {"counterparty_concealed_information": True, "actively_remedied": True}


def _readable(body: bytes) -> str:
    """A response as a person or a program would read it: text as text, an Office file or a zip
    by every file inside it."""
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(_readable(archive.read(name)) for name in archive.namelist())
    return body.decode("utf-8", errors="ignore")


def _leaks(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", "", text)  # Word splits runs: read the text between the tags too
    return [secret for secret in SECRETS if secret in text or secret in plain]


def _case_from_complaint(place: Any) -> tuple[Complaint, Any]:
    file_on_portal(place, named=True, text=f"我是{IDENTITY['name']}（电话 {IDENTITY['phone']}），张执法检查时收受香烟。")
    complaint = Complaint.objects.get()
    services.complaint_open_case(actor=place.handler, complaint=complaint, officer_id=place.officer.pk, title="收受香烟",
                                 narrative=complaint.text, conduct_date=dt.date(2025, 6, 1), facts=FACTS)
    complaint.refresh_from_db()
    case = complaint.case
    cases.case_file(actor=place.head, case=case)
    cases.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
    cases.case_update_facts(actor=place.handler, case=case, facts=FACTS, reason="经询问核实")
    cases.case_record_statement(actor=place.officer_user, case=case, text="本人没有收受香烟。")
    cases.case_determine(actor=place.head, case=case, disposition="免责", opinion="予以免责。")
    cases.case_notify(actor=place.handler, case=case, recipients="张执法")
    return complaint, case


def _everything(user: Any, complaint: Complaint, case: Any) -> dict[str, str]:
    """Every page, API answer, document and export this user can reach about the matter."""
    web = signed_in(user)
    urls = ["/", "/cases/", f"/cases/{case.pk}/", f"/cases/{case.pk}/documents/", f"/cases/{case.pk}/print/",
            f"/cases/{case.pk}/dossier/", "/complaints/", f"/complaints/{complaint.pk}/", "/publications/",
            f"/api/cases/{case.pk}/", f"/api/cases/{case.pk}/events/", f"/api/cases/{case.pk}/documents/",
            f"/api/cases/{case.pk}/dossier/file/", "/api/cases/", "/api/complaints/", f"/api/complaints/{complaint.pk}/",
            "/api/deadlines/", "/ledger/export/", "/statistics/export/", "/reports/work/", "/reports/work/document/"]
    listing = web.get(f"/api/cases/{case.pk}/documents/")
    if listing.status_code == 200:
        urls += [row["docx"] for row in listing.json()["results"] if row.get("docx")]
    seen = {}
    for url in urls:
        answer = web.get(url)
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content  # type: ignore[attr-defined]
        seen[url] = _readable(body)
    return seen


def test_the_reported_officer_the_liaison_and_the_investigators_never_receive_the_identity(
        licheng: Any, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    complaint, case = _case_from_complaint(licheng)
    from rongcuo.documents.dossier import dossier_make

    dossier_make(actor=licheng.handler, case=case)  # the export of the whole file
    for user in (licheng.officer_user, licheng.liaison, *licheng.investigators[:2], licheng.handler, licheng.head):
        for url, text in _everything(user, complaint, case).items():
            assert not _leaks(text), f"{user.username} 在 {url} 看到了举报人身份：{_leaks(text)}"
    office = signed_in(licheng.handler).get(f"/complaints/{complaint.pk}/").content.decode()
    assert "实名举报人（身份已加密）" in office
    assert signed_in(licheng.officer_user).get(f"/complaints/{complaint.pk}/").status_code == 404
    assert signed_in(licheng.investigators[0]).get(f"/api/complaints/{complaint.pk}/").status_code == 404
    records = "\n".join(f"{e.summary} {e.reason} {e.after} {e.rows}" for e in Event.objects.all())
    assert not _leaks(records), "操作记录中出现了举报人身份"
    logged = "\n".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert not _leaks(logged), "日志中出现了举报人身份"


def test_an_error_report_never_carries_the_identity_typed_into_the_form(licheng: Any) -> None:
    from rongcuo.web.views.portal import portal_complaint

    request = RequestFactory().post("/portal/complaint/", {
        "jurisdiction": licheng.jurisdiction.pk, "text": "举报内容", **{f"identity_{k}": v for k, v in IDENTITY.items()}})
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    portal_complaint(request)
    shown = SafeExceptionReporterFilter().get_post_parameters(request)
    assert not _leaks(str(dict(shown)))
    assert shown["text"] == "举报内容"


def test_the_identity_is_revealed_only_after_a_custodian_approves_and_every_view_is_recorded(licheng: Any) -> None:
    file_on_portal(licheng, named=True)
    complaint = Complaint.objects.get()
    keeper = custodian(licheng)
    with pytest.raises(NotAllowed):
        services.identity_view(actor=licheng.handler, complaint=complaint)
    with pytest.raises(NotAllowed):
        services.reveal_request(actor=licheng.investigators[0], complaint=complaint, reason="调查需要")
    request = services.reveal_request(actor=licheng.handler, complaint=complaint, reason="需当面核实举报细节")
    with pytest.raises(NotAllowed, match="身份保管人"):
        services.reveal_decide(actor=licheng.head, request=request, approve=True)
    RoleAssignment.objects.create(user=licheng.handler, role=Role.CUSTODIAN, jurisdiction=licheng.jurisdiction)
    with pytest.raises(NotAllowed, match="不能审批自己"):
        services.reveal_decide(actor=licheng.handler, request=request, approve=True)
    web = signed_in(licheng.handler)
    assert web.post(f"/complaints/{complaint.pk}/identity/", follow=True).content.decode().count(IDENTITY["name"]) == 0
    approvals = signed_in(keeper)
    pending = approvals.get("/complaints/reveals/").content.decode()
    assert "需当面核实举报细节" in pending
    assert IDENTITY["name"] not in pending  # the custodian approves without seeing
    approvals.post("/complaints/reveals/", {"request": request.pk, "decision": "approve", "note": "同意"})
    shown = web.post(f"/complaints/{complaint.pk}/identity/")
    assert IDENTITY["name"] in shown.content.decode()
    assert IDENTITY["id_number"] in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    with pytest.raises(NotAllowed):  # the approval is the requester's, not the office's
        services.identity_view(actor=licheng.head, complaint=complaint)
    actions = list(Event.objects.filter(stream=complaint.stream).values_list("action", "actor__username"))
    assert ("identity_request", "lc_handler") in actions
    assert ("identity_decision", keeper.username) in actions
    assert ("identity_view", "lc_handler") in actions
    assert [a for a, _ in actions].count("identity_view") == 1  # the refused try was not a view


def test_a_refusal_needs_a_reason_and_leaves_the_identity_sealed(licheng: Any) -> None:
    file_on_portal(licheng, named=True)
    complaint = Complaint.objects.get()
    keeper = custodian(licheng)
    request = services.reveal_request(actor=licheng.handler, complaint=complaint, reason="核实")
    refused = signed_in(keeper).post("/complaints/reveals/", {"request": request.pk, "decision": "refuse"}, follow=True)
    assert "请填写审批意见" in refused.content.decode()
    services.reveal_decide(actor=keeper, request=request, approve=False, note="理由不充分")
    with pytest.raises(NotAllowed):
        services.identity_view(actor=licheng.handler, complaint=complaint)
    assert Client().get("/complaints/reveals/").status_code == 302


def test_the_identity_key_is_rotated_without_losing_an_identity(licheng: Any, settings: Any, capsys: Any) -> None:
    from django.core.management import call_command

    from rongcuo.complaints import sealing

    file_on_portal(licheng, named=True)
    before = Complaint.objects.get().sealed_identity
    call_command("complaints", "rotate-key")
    assert "重新加密 1 件" in capsys.readouterr().out
    after = Complaint.objects.get().sealed_identity
    assert after != before
    assert len(sealing.key_file().read_bytes().split()) == 2
    assert sealing.unseal(after)["name"] == IDENTITY["name"]
    new_only = settings.RONGCUO_IDENTITY_KEY_FILE.parent / "new-only.key"
    new_only.write_bytes(sealing.key_file().read_bytes().split()[0] + b"\n")
    settings.RONGCUO_IDENTITY_KEY_FILE = new_only  # the old key can be dropped once backed up
    assert sealing.unseal(after)["phone"] == IDENTITY["phone"]
