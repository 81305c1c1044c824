"""Complaints under concurrent requests (PostgreSQL, as in production): the same step sent at once
is taken once and the others are told why, never a server error; a flood from many clients at once
still stops at the limit."""

from __future__ import annotations

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
