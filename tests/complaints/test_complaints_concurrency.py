"""Complaints under concurrent requests (PostgreSQL, as in production): the same step sent at once
is taken once and the others are told why, never a server error; a flood from many clients at once
still stops at the limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from rongcuo.complaints import services
from rongcuo.complaints.models import Complaint, Feedback
from rongcuo.core.models import Event

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_feedback_sent_five_times_at_once_is_recorded_once(licheng: Any, at_once: Any) -> None:
    complaint, _ = services.complaint_file(jurisdiction_id=licheng.jurisdiction.pk, text_body="反映问题。", address="a")
    services.complaint_close(actor=licheng.handler, complaint=complaint, closing="unfounded", note="不属实。")

    def answer() -> int:
        api = APIClient()
        api.force_authenticate(licheng.handler)
        return int(api.post(f"/api/complaints/{complaint.pk}/feedback/", {"text": "经查不属实。", "way": "notice",
                                                                         "scope": "局务会"}, format="json").status_code)

    assert sorted(at_once(*[answer] * 5)) == [200, 409, 409, 409, 409]
    assert Feedback.objects.count() == 1
    assert Event.objects.filter(stream=complaint.stream, action="complaint_feedback").count() == 1


def test_a_flood_of_complaints_at_once_from_one_network_stops_at_the_limit(licheng: Any, at_once: Any) -> None:
    def file() -> int:
        return int(Client().post("/api/public/complaints/", {"jurisdiction": licheng.jurisdiction.pk, "text": "同时提交。"},
                                 content_type="application/json").status_code)

    codes = at_once(*[file] * 8)
    assert codes.count(201) <= 5
    assert set(codes) <= {201, 429}
    assert Complaint.objects.count() == codes.count(201)


def test_closing_approving_deciding_and_clarifying_sent_twice_at_once_are_taken_once(licheng: Any, at_once: Any) -> None:
    from tests.cases.test_regulation_procedures import determined_licheng

    from rongcuo.complaints.models import Clarification, RevealRequest
    from rongcuo.core.models import RoleAssignment, User
    from rongcuo.core.roles import Role
    from rongcuo.portal import services as portal
    from rongcuo.portal.models import Release

    def as_user(user: Any) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    complaint, _ = services.complaint_file(jurisdiction_id=licheng.jurisdiction.pk, text_body="反映。", address="c",
                                           anonymous=False, identity={"name": "王五", "phone": "13800000000"})
    close = {"closing": "unfounded", "note": "不属实。", "officer": licheng.officer.pk}
    codes = at_once(*[lambda: int(as_user(licheng.handler).post(f"/api/complaints/{complaint.pk}/close/", close,
                                                                format="json").status_code)] * 3)
    assert sorted(codes) == [200, 409, 409]
    assert Event.objects.filter(stream=complaint.stream, action="complaint_close").count() == 1

    clear = {"finding": "诬告陷害", "established": "查明。", "scope": "本局", "manner": "meeting",
             "held_on": dt.date.today().isoformat()}
    codes = at_once(*[lambda: int(as_user(licheng.head).post(f"/api/complaints/{complaint.pk}/clarify/", clear,
                                                             format="json").status_code)] * 3)
    assert codes == [200, 200, 200]  # three clarifications asked for: three notices, three distinct numbers
    assert len(set(Clarification.objects.values_list("number", flat=True))) == 3

    keeper = User.objects.create_user(username="keeper", password="x-long-password-1")
    RoleAssignment.objects.create(user=keeper, role=Role.CUSTODIAN, jurisdiction=licheng.jurisdiction)
    request = services.reveal_request(actor=licheng.handler, complaint=complaint, reason="核实")
    codes = at_once(*[lambda: int(as_user(keeper).post(f"/api/complaints/reveals/{request.pk}/decision/",
                                                       {"approve": True}, format="json").status_code)] * 3)
    assert codes.count(200) == 1  # the others find it decided: 404 (no longer pending) or 409 (decided meanwhile)
    assert set(codes) <= {200, 404, 409}
    assert RevealRequest.objects.get().state == "approved"

    release = portal.release_propose(actor=licheng.handler, case=determined_licheng(licheng))
    approve = lambda: portal.release_approve(actor=licheng.head, release=release).state  # noqa: E731
    results = at_once(*[lambda: _outcome(approve)] * 3)
    assert sorted(results) == ["approved", "refused", "refused"]
    assert Release.objects.get().state == "approved"
    assert Event.objects.filter(action="release_approve").count() == 1


def _outcome(call: Any) -> str:
    from rongcuo.complaints.errors import ProcedureError

    try:
        return str(call())
    except ProcedureError:
        return "refused"
