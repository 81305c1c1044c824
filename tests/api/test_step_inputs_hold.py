"""The steps this change added (送达、确认收到、公开、党组认定), sent what an attacker or a hurried user
sends: another jurisdiction's case, text longer than its column, a NUL byte, the same request twice at
once. Each gets a clear 4xx (or succeeds once), never a 500, and a refusal changes nothing. The
database suites run again on PostgreSQL, where an overlong value is an error, not a silent cut."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from rongcuo.cases import services as s
from rongcuo.core.models import Event

FACTS = {"counterparty_concealed_information": True, "actively_remedied": True}
TODAY = dt.date.today().isoformat()


def client(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def notified_xixian(place: Any, title: str = "治超检查中车主隐瞒改装") -> Any:
    case = s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title=title,
                        narrative="车主隐瞒改装。", conduct_date=dt.date(2025, 6, 1), facts=FACTS)
    s.case_file(actor=place.head, case=case)
    s.case_update_facts(actor=place.handler, case=case, facts=FACTS, reason="核实")
    s.case_determine(actor=place.head, case=case, disposition="免责", opinion="予以免责。",
                     meeting_date=dt.date.today(), attendees="党组成员")
    s.case_notify(actor=place.handler, case=case, recipients="李华")
    return case


def events(case: Any) -> int:
    return Event.objects.filter(stream=case.stream).count()


@pytest.mark.parametrize(
    ("step", "body"),
    [
        ("record_receipt", {"received_on": TODAY, "method": "送" * 51}),
        ("publish", {"published": True, "scope": "范" * 201, "published_on": TODAY}),
        ("publish", {"published": False, "reason": "理" * 501}),
        ("record_receipt", {"received_on": TODAY, "method": "送达\x00回证"}),
        ("publish", {"published": True, "scope": "本单位\x00", "published_on": TODAY}),
    ],
)
def test_overlong_or_nul_input_to_a_new_step_is_a_400_and_changes_nothing(xixian: Any, step: str, body: dict[str, Any]) -> None:
    case = notified_xixian(xixian)
    before = events(case)
    response = client(xixian.handler).post(f"/api/cases/{case.pk}/{step}/", body, format="json")
    assert response.status_code == 400, response.content.decode()
    assert "error" in response.json()
    assert events(case) == before
    case.refresh_from_db()
    assert not hasattr(case, "publication")
    assert case.notice.received_on is None


def test_overlong_attendees_of_the_party_group_are_a_400(xixian: Any) -> None:
    case = s.case_apply(actor=xixian.officer_user, officer=xixian.officer, source="own_application", title="t",
                        narrative="n", conduct_date=dt.date(2025, 6, 1), facts=FACTS)
    s.case_file(actor=xixian.head, case=case)
    s.case_update_facts(actor=xixian.handler, case=case, facts=FACTS)
    response = client(xixian.head).post(f"/api/cases/{case.pk}/determine/", {
        "disposition": "免责", "opinion": "o", "meeting_date": TODAY, "attendees": "人" * 501}, format="json")
    assert response.status_code == 400
    assert case.determinations.count() == 0


def test_the_longest_allowed_texts_are_stored_whole_and_recorded(xixian: Any) -> None:
    title = "隐" * 200  # the longest 事由: the record's summary must still fit its column
    case = notified_xixian(xixian, title=title)
    scope = "范" * 200
    response = client(xixian.handler).post(f"/api/cases/{case.pk}/publish/",
                                           {"published": True, "scope": scope, "published_on": TODAY}, format="json")
    assert response.status_code == 200, response.content.decode()
    case.refresh_from_db()
    assert case.title == title
    assert case.publication.scope == scope
    assert Event.objects.filter(stream=case.stream, action="publish").get().after["scope"] == scope


def test_another_jurisdictions_handler_gets_a_404_on_every_new_step(licheng: Any, xixian: Any) -> None:
    case = notified_xixian(xixian)
    before = events(case)
    for step, body in (("record_receipt", {"received_on": TODAY}), ("publish", {"published": False, "reason": "r"}),
                       ("acknowledge_receipt", {})):
        response = client(licheng.handler).post(f"/api/cases/{case.pk}/{step}/", body, format="json")
        assert response.status_code == 404, step
    assert events(case) == before


@pytest.mark.postgres  # threads need a real server; the PostgreSQL pass runs these
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("step", "body"), [("publish", {"published": False, "reason": "涉及隐私"}),
                                            ("record_receipt", {"received_on": TODAY})])
def test_the_same_step_twice_at_once_succeeds_once(xixian: Any, step: str, body: dict[str, Any], at_once: Any) -> None:
    case = notified_xixian(xixian)
    def send() -> int:
        return int(client(xixian.handler).post(f"/api/cases/{case.pk}/{step}/", body, format="json").status_code)

    codes = at_once(send, send)
    assert sorted(codes) == [200, 409]
    assert Event.objects.filter(stream=case.stream, action=step).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_application_sent_twice_at_once_makes_one_case(licheng: Any, at_once: Any) -> None:
    body = {"officer": licheng.officer.pk, "source": "own_application", "title": "同时提交", "narrative": "n",
            "conduct_date": "2025-06-01"}
    def send() -> int:
        return int(client(licheng.officer_user).post("/api/cases/", body, format="json").status_code)

    codes = at_once(*[send] * 8)
    assert sorted(codes) == [200] * 7 + [201]  # created once, and only that answer says so
    assert licheng.officer.cases.count() == 1


def test_a_chosen_record_that_does_not_exist_is_bad_input_and_the_page_keeps_what_was_typed(licheng: Any) -> None:
    from django.test import Client

    case = s.case_apply(actor=licheng.officer_user, officer=licheng.officer, source="own_application", title="t",
                        narrative="n", conduct_date=dt.date(2025, 6, 1), facts={})
    s.case_file(actor=licheng.head, case=case)
    before = events(case)
    response = client(licheng.handler).post(f"/api/cases/{case.pk}/recuse/", {"investigator": 999999, "reason": "r"},
                                            format="json")
    assert response.status_code == 400
    assert "不存在" in response.json()["error"]["message"]
    page = Client()
    page.force_login(licheng.handler)
    answer = page.post(f"/cases/{case.pk}/transfer/", {"agency": "999999", "reason": "需要移交的理由"}, follow=True)
    assert "所选的机关不存在" in answer.content.decode()
    assert "需要移交的理由" in answer.content.decode()
    assert events(case) == before
