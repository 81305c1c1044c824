"""Every endpoint and form this change added, sent what an attacker or a hurried user sends: an id of
another jurisdiction, text longer than its column, a NUL byte. Each gets a clear 4xx (or a Chinese
message on the page), never a 500, and a refusal changes nothing. The suite runs again on
PostgreSQL, where an overlong value would be an error, not a silent cut; two requests at once are in
test_complaints_concurrency.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient
from tests.cases.test_regulation_procedures import determined_licheng, determined_xixian
from tests.complaints.helpers import custodian, signed_in

from rongcuo.complaints import services
from rongcuo.complaints.models import Complaint, Feedback
from rongcuo.core.models import Event
from rongcuo.ledger.models import LedgerEntry
from rongcuo.portal.models import Comment, Release

pytestmark = pytest.mark.django_db
TODAY = dt.date.today().isoformat()


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def closed(place: Any) -> Complaint:
    complaint, _ = services.complaint_file(jurisdiction_id=place.jurisdiction.pk, text_body="反映问题。", address="probe")
    return services.complaint_close(actor=place.handler, complaint=complaint, closing="unfounded", note="不属实。",
                                    officer_id=place.officer.pk)


@pytest.mark.parametrize(("body", "said"), [
    ({"text": "长" * 5001}, "不能超过 5000 个字"),
    ({"text": "反映", "reported_person": "人" * 201}, "不能超过 200 个字"),
    ({"text": "反映", "identity": {"name": "名" * 51, "phone": "13800000000"}}, "不能超过 50 个字"),
    ({"text": "反映", "identity": {"name": "王五", "phone": "1" * 21}}, "不能超过 20 个字"),
    ({"text": "反映", "identity": {"name": "王五", "address": "址" * 201}}, "不能超过 200 个字"),
    ({"text": "反映\x00问题"}, "控制字符"),
    ({"text": "反映", "agency": "AGENCY_OF_XIXIAN"}, "不属于"),
])
def test_the_public_complaint_api_refuses_bad_input_and_stores_nothing(licheng: Any, xixian: Any, body: dict[str, Any],
                                                                       said: str) -> None:
    if body.get("agency") == "AGENCY_OF_XIXIAN":
        body = {**body, "agency": xixian.agency.pk}
    answer = Client().post("/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, **body},
                           content_type="application/json")
    assert answer.status_code == 400, answer.content.decode()
    assert said in answer.json()["error"]["message"]
    assert not Complaint.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize(("action", "body", "said"), [
    ("transfer", {"to": "去" * 201, "reason": "理由"}, "不能超过 200 个字"),
    ("transfer", {"to": "纪委", "reason": "理" * 2001}, "不能超过 2000 个字"),
    ("close", {"closing": "unfounded", "note": "说" * 2001}, "不能超过 2000 个字"),
    ("close", {"closing": "unfounded", "note": "不属实", "officer": "XIXIAN_OFFICER"}, "不属于该举报的受理辖区"),
    ("link", {"case": "XIXIAN_CASE"}, "案件不存在"),
    ("duplicate", {"primary": "XIXIAN_COMPLAINT"}, "同一受理辖区"),
    ("open-case", {"officer": "XIXIAN_OFFICER", "title": "t", "narrative": "n", "conduct_date": "2025-06-01"},
     "不属于该举报的受理辖区"),
    ("reveal-request", {"reason": "理" * 2001}, "不能超过 2000 个字"),
    ("transfer", {"to": "纪委\x00", "reason": "理由"}, "控制字符"),
])
def test_every_office_step_refuses_bad_input_and_changes_nothing(licheng: Any, xixian: Any, action: str,
                                                                 body: dict[str, Any], said: str) -> None:
    complaint, _ = services.complaint_file(jurisdiction_id=licheng.jurisdiction.pk, text_body="反映问题。", address="a",
                                           anonymous=False, identity={"name": "王五", "phone": "13800000000"})
    foreign, _ = services.complaint_file(jurisdiction_id=xixian.jurisdiction.pk, text_body="反映问题。", address="b")
    replacements = {"XIXIAN_OFFICER": xixian.officer.pk, "XIXIAN_CASE": determined_xixian(xixian).pk,
                    "XIXIAN_COMPLAINT": foreign.pk}
    body = {key: replacements.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    before = Event.objects.filter(stream=complaint.stream).count()
    answer = api(licheng.handler).post(f"/api/complaints/{complaint.pk}/{action}/", body, format="json")
    assert answer.status_code == 400, answer.content.decode()
    assert said in answer.json()["error"]["message"]
    complaint.refresh_from_db()
    assert complaint.status == "new"
    assert complaint.case is None
    assert Event.objects.filter(stream=complaint.stream).count() == before
    assert api(xixian.handler).post(f"/api/complaints/{complaint.pk}/{action}/", {}, format="json").status_code == 404


def test_feedback_clarification_and_reveal_refuse_bad_input_and_change_nothing(licheng: Any, xixian: Any) -> None:
    complaint = closed(licheng)
    handler, head = api(licheng.handler), api(licheng.head)
    for body in ({"text": "反" * 2001, "way": "notice", "scope": "局务会"}, {"text": "不属实", "way": "notice", "scope": "范" * 201},
                 {"text": "不属\x00实", "way": "notice", "scope": "局务会"}):
        assert handler.post(f"/api/complaints/{complaint.pk}/feedback/", body, format="json").status_code == 400
    assert not Feedback.objects.exists()
    clear = {"finding": "诬告陷害", "established": "查明。", "scope": "本局", "manner": "meeting", "held_on": TODAY}
    for body in ({**clear, "established": "查" * 2001}, {**clear, "scope": "范" * 201},
                 {**clear, "refer": True, "referral_note": "纪" * 201}, {**clear, "held_on": "2025-13-01"}):
        answer = head.post(f"/api/complaints/{complaint.pk}/clarify/", body, format="json")
        assert answer.status_code == 400, answer.content.decode()
    assert not complaint.clarifications.exists()
    assert api(xixian.head).post(f"/api/complaints/{complaint.pk}/clarify/", clear, format="json").status_code == 404
    keeper = custodian(xixian)  # another county's custodian
    request = services.reveal_request(actor=licheng.handler, complaint=services.complaint_file(
        jurisdiction_id=licheng.jurisdiction.pk, text_body="反映。", address="c", anonymous=False,
        identity={"name": "王五", "phone": "13800000000"})[0], reason="核实")
    assert api(keeper).post(f"/api/complaints/reveals/{request.pk}/decision/", {"approve": True}, format="json").status_code == 404
    own = custodian(licheng)
    long_note = api(own).post(f"/api/complaints/reveals/{request.pk}/decision/", {"approve": False, "note": "意" * 201},
                              format="json")
    assert long_note.status_code == 400
    request.refresh_from_db()
    assert request.state == "pending"


def test_the_portal_forms_refuse_bad_input_with_a_message_and_store_nothing(licheng: Any, xixian: Any) -> None:
    citizen = Client()
    lists = f"/portal/{licheng.jurisdiction.pk}/lists/"
    for body in ({"pack": "licheng-2025", "clause": "10.3", "text": "意" * 1001},
                 {"pack": "xixian-2022", "clause": "11.1", "text": "别的县的规定"},
                 {"pack": "licheng-2025", "clause": "1" * 41, "text": "x"}):
        assert "意见未提交" in citizen.post(lists, body, follow=True).content.decode()
    assert citizen.post(lists, {"pack": "licheng-2025", "clause": "10.3", "text": "意\x00见"}).status_code == 400
    assert not Comment.objects.exists()
    assert citizen.post("/portal/receipt/", {"receipt": "1" * 24 + "\x00"}).status_code == 400
    assert citizen.get(f"/portal/{xixian.jurisdiction.pk + 1000}/lists/").status_code == 404


def test_publications_refuse_another_county_s_case_and_overlong_text(licheng: Any, xixian: Any) -> None:
    foreign = determined_xixian(xixian)
    web = signed_in(licheng.handler)
    assert "不存在" in web.post("/publications/", {"what": "propose", "case": foreign.pk}, follow=True).content.decode()
    case = determined_licheng(licheng)
    web.post("/publications/", {"what": "propose", "case": case.pk})
    release = Release.objects.get()
    page = web.post("/publications/", {"what": "edit", "release": release.pk, "title": "题" * 201, "text": "x"},
                    follow=True).content.decode()
    assert "不能超过 200 个字" in page
    page = web.post("/publications/", {"what": "edit", "release": release.pk, "title": "t", "text": "文" * 20001},
                    follow=True).content.decode()
    assert "不能超过 20000 个字" in page
    release.refresh_from_db()
    assert release.title != "t"
    other = signed_in(xixian.head)
    assert "不存在" in other.post("/publications/", {"what": "approve", "release": release.pk}, follow=True).content.decode()
    release.refresh_from_db()
    assert release.state == "draft"


def test_the_evaluation_notice_and_the_import_run_are_their_own_jurisdiction_s(xixian: Any, licheng: Any,
                                                                             settings: Any) -> None:
    from tests.evaluation.test_evaluation import entry

    from rongcuo.evaluation import services as evaluation
    from rongcuo.evaluation.models import Evaluation

    owed = entry(xixian, "罚9")
    made = evaluation.evaluation_record_self(actor=xixian.liaison, entry=owed, failed_items=[], problems="",
                                             grade="合格", legal_head="王", unit_head="李")
    assert signed_in(licheng.liaison).get(f"/evaluation/{made.pk}/notice/").status_code in (403, 404)
    bad = signed_in(xixian.liaison).post(f"/evaluation/{made.pk}/notice/", {"notified_on": "2025-02-30"}, follow=True)
    assert "日期" in bad.content.decode()
    assert Evaluation.objects.get().handler_notified_on is None
    assert signed_in(xixian.liaison).post(f"/evaluation/{made.pk}/notice/", {"notified_on": "2025\x00"}).status_code == 400
    assert signed_in(licheng.liaison).get("/ledger/imports/999999/").status_code == 404
    assert LedgerEntry.objects.count() == 1
