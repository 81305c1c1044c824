"""Through the API alone, a case goes from application to archive; every refusal is a JSON error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def as_user(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(user: Any, url: str, data: dict[str, Any] | None = None, expect: int = 200) -> dict[str, Any]:
    response = as_user(user).post(url, data or {}, format="json")
    assert response.status_code == expect, response.content.decode()
    body: dict[str, Any] = response.json()
    return body


def test_a_licheng_case_goes_from_application_to_archive_through_the_api(licheng: Any) -> None:
    p = licheng
    case = post(p.officer_user, "/api/cases/", {
        "officer": p.officer.pk, "source": "own_application", "title": "检查中未发现隐患", "narrative": "企业隐瞒。",
        "conduct_date": "2025-06-01", "facts": {"counterparty_concealed_information": True, "actively_remedied": True},
    }, expect=201)
    url = f"/api/cases/{case['id']}"
    assert case["state"] == "applied"
    assert case["allowed_steps"] == []
    assert case["regulation"]["document_number"] == "济历城政发〔2025〕1号"
    post(p.head, f"{url}/file/")
    post(p.handler, f"{url}/assign_investigators/", {"investigators": [u.pk for u in p.investigators[:2]]})
    post(p.handler, f"{url}/recuse/", {"investigator": p.investigators[1].pk, "reason": "亲属关系"})
    post(p.handler, f"{url}/assign_investigators/", {"investigators": [p.investigators[2].pk]})
    post(p.investigators[0], f"{url}/update_facts/", {"facts": {"counterparty_concealed_information": True, "actively_remedied": True},
                                                     "reason": "经询问企业负责人核实"})
    post(p.officer_user, f"{url}/record_statement/", {"text": "我已履职。"})
    detail = post(p.head, f"{url}/determine/", {"disposition": "免责", "opinion": "予以免责。"})
    assert detail["determination"]["outcome"] == "tolerated"
    assert detail["determination"]["outcome_label"] == "容错"
    assert {d["key"] for d in detail["deadlines"]} >= {"notice"}
    post(p.handler, f"{url}/notify/", {"recipients": "当事人及所在单位"})
    post(p.handler, f"{url}/issue_opinion_letter/", {"content": "建议完善检查记录。"})
    detail = post(p.officer_user, f"{url}/acknowledge_receipt/")
    assert detail["notice"]["received_on"] == dt.date.today().isoformat()
    assert "前申请复核" in detail["review_window"]
    post(p.officer_user, f"{url}/request_review/", {"grounds": "请求复核。"})
    error = post(p.officer_user, f"{url}/request_review/", {"grounds": "再次请求。"}, expect=409)["error"]
    assert error["code"] == "wrong_state"  # under review: no second request, and never a 500
    post(p.head, f"{url}/decide_review/", {"upheld": True, "decision": "维持。"})
    error = post(p.officer_user, f"{url}/request_review/", {"grounds": "再次请求。"}, expect=409)["error"]
    assert error["code"] == "not_allowed" or "不能再次申请" in error["message"]
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    detail = post(p.handler, f"{url}/add_rectification_task/", {"description": "完善制度", "due_on": due})
    task = detail["tasks"][0]["id"]
    post(p.officer_user, f"{url}/complete_task/", {"task": task, "report": "已完善。"})
    detail = post(p.handler, f"{url}/archive/")
    assert detail["state"] == "archived"
    events = as_user(p.handler).get(f"{url}/events/").json()["results"]
    assert [e["sequence"] for e in events] == list(range(1, len(events) + 1))
    actions = [e["action"] for e in events]
    after_archive = actions[actions.index("archive") + 1:]  # the dossier is made at 归档, PDFs first
    assert after_archive[-1] == "make_dossier"
    assert set(after_archive[:-1]) <= {"render_pdf"}
    assert all(e["legal_basis"].startswith("历城区办法") for e in events if e["legal_basis"])


def test_a_xixian_case_goes_from_application_to_archive_through_the_api(xixian: Any) -> None:
    p = xixian
    case = post(p.officer_user, "/api/cases/", {
        "officer": p.officer.pk, "source": "own_application", "title": "检查中未发现隐患", "narrative": "企业隐瞒。",
        "conduct_date": "2025-06-01", "facts": {"counterparty_concealed_information": True},
    }, expect=201)
    url = f"/api/cases/{case['id']}"
    detail = post(p.head, f"{url}/file/")
    assert "request_review" not in detail["allowed_steps"]
    post(p.handler, f"{url}/update_facts/", {"facts": {"counterparty_concealed_information": True, "actively_remedied": True},
                                           "reason": "经调查核实"})
    detail = post(p.head, f"{url}/determine/", {"disposition": "免责", "opinion": "党组研究，予以免责。",
                                                "meeting_date": dt.date.today().isoformat(), "attendees": "党组成员五人"})
    assert detail["determination"]["deciding_body"] == "所在单位党组（集体研究决定）"
    assert detail["determination"]["attendees"] == "党组成员五人"
    post(p.handler, f"{url}/notify/", {"recipients": "当事人及所在单位"})
    error = post(p.officer_user, f"{url}/request_review/", {"grounds": "不服"}, expect=409)["error"]
    assert error["code"] == "not_in_regulation"
    post(p.handler, f"{url}/publish/", {"published": True, "scope": "本单位", "published_on": dt.date.today().isoformat()})
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    detail = post(p.handler, f"{url}/add_rectification_task/", {"description": "完善制度", "due_on": due})
    post(p.officer_user, f"{url}/complete_task/", {"task": detail["tasks"][0]["id"], "report": "已完善。"})
    detail = post(p.handler, f"{url}/archive/")
    assert detail["state"] == "archived"
    events = as_user(p.handler).get(f"{url}/events/").json()["results"]
    assert all(e["legal_basis"].startswith("隰县制度") for e in events if e["legal_basis"])


def test_the_same_application_resent_returns_the_first_case(licheng: Any) -> None:
    body = {"officer": licheng.officer.pk, "source": "own_application", "title": "t", "narrative": "n", "conduct_date": "2025-06-01"}
    first = post(licheng.officer_user, "/api/cases/", body, expect=201)
    again = post(licheng.officer_user, "/api/cases/", body, expect=200)
    assert again["id"] == first["id"]


def test_an_overlong_hearing_host_is_a_400_not_a_500(licheng: Any) -> None:
    case = post(licheng.officer_user, "/api/cases/", {
        "officer": licheng.officer.pk, "source": "own_application", "title": "t", "narrative": "n", "conduct_date": "2025-06-01",
    }, expect=201)
    post(licheng.head, f"/api/cases/{case['id']}/file/")
    error = post(licheng.handler, f"/api/cases/{case['id']}/hold_hearing/",
                 {"held_on": dt.date.today().isoformat(), "host": "主" * 51, "summary": "s"}, expect=400)["error"]
    assert "host" in str(error) or "听证主持人" in str(error)


def test_a_refused_step_is_a_json_error_naming_what_is_missing(licheng: Any) -> None:
    case = post(licheng.officer_user, "/api/cases/", {
        "officer": licheng.officer.pk, "source": "own_application", "title": "t", "narrative": "n", "conduct_date": "2025-06-01",
    }, expect=201)
    post(licheng.head, f"/api/cases/{case['id']}/file/")
    error = post(licheng.head, f"/api/cases/{case['id']}/determine/", {"disposition": "免责", "opinion": "…"}, expect=409)["error"]
    assert error["code"] == "missing_records"
    assert "陈述申辩" in error["message"]
    error = post(licheng.head, f"/api/cases/{case['id']}/file/", expect=409)["error"]
    assert error["code"] == "wrong_state"
    error = post(licheng.officer_user, f"/api/cases/{case['id']}/determine/", {"disposition": "免责", "opinion": "…"}, expect=403)["error"]
    assert error["code"] == "not_allowed"


def test_unknown_facts_in_an_application_are_refused_and_nothing_is_created(licheng: Any) -> None:
    error = post(licheng.officer_user, "/api/cases/", {
        "officer": licheng.officer.pk, "source": "own_application", "title": "t", "narrative": "n",
        "conduct_date": "2025-06-01", "facts": {"privat_gain": True},
    }, expect=400)["error"]
    assert error["code"] == "invalid_facts"
    assert "private_gain" in error["message"]
    assert as_user(licheng.handler).get("/api/cases/").json()["results"] == []


@pytest.mark.parametrize(
    ("who", "sees_own_agency_case", "sees_other_agency_case"),
    [
        ("handler", True, True), ("head", True, True), ("investigator", True, True),
        ("liaison", True, False), ("officer", True, False), ("other_officer", False, True),
        ("discipline", False, False), ("other_place_handler", False, False), ("nobody", False, False),
    ],
)
def test_who_sees_which_case(licheng: Any, xixian: Any, who: str, sees_own_agency_case: bool, sees_other_agency_case: bool) -> None:
    from rongcuo.core.models import User

    own = post(licheng.officer_user, "/api/cases/", {"officer": licheng.officer.pk, "source": "own_application",
                                                     "title": "t", "narrative": "n", "conduct_date": "2025-06-01"}, expect=201)
    other = post(licheng.other_officer_user, "/api/cases/", {"officer": licheng.other_officer.pk, "source": "own_application",
                                                             "title": "t", "narrative": "n", "conduct_date": "2025-06-01"}, expect=201)
    users = {
        "handler": licheng.handler, "head": licheng.head, "investigator": licheng.investigators[0], "liaison": licheng.liaison,
        "officer": licheng.officer_user, "other_officer": licheng.other_officer_user, "discipline": licheng.discipline,
        "other_place_handler": xixian.handler, "nobody": User.objects.create_user(username="nobody", password="x-long-password-1"),
    }
    client = as_user(users[who])
    for case, expected in ((own, sees_own_agency_case), (other, sees_other_agency_case)):
        response = client.get(f"/api/cases/{case['id']}/")
        assert response.status_code == (200 if expected else 404)
        listed = [c["id"] for c in client.get("/api/cases/").json()["results"]]
        assert (case["id"] in listed) is expected


def test_anonymous_requests_are_refused_in_chinese(licheng: Any) -> None:
    response = APIClient().get("/api/cases/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"
    assert "登录" in response.json()["error"]["message"]


def test_a_token_signs_in_api_clients(licheng: Any) -> None:
    token = APIClient().post("/api/auth/token/", {"username": "lc_handler", "password": "x-long-password-1"}, format="json")
    assert token.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    answer = client.get("/api/deadlines/")
    assert answer.status_code == 200
    assert answer.json()["count"] == 0  # signed in, nothing running yet


def test_the_workbench_lists_running_deadlines(licheng: Any) -> None:
    case = post(licheng.officer_user, "/api/cases/", {"officer": licheng.officer.pk, "source": "own_application",
                                                      "title": "t", "narrative": "n", "conduct_date": "2025-06-01"}, expect=201)
    post(licheng.head, f"/api/cases/{case['id']}/file/")
    rows = as_user(licheng.handler).get("/api/deadlines/").json()["results"]
    assert rows[0]["label"] == "调查终结并作出决定"
    from rongcuo.cases.clocks import holiday_calendar
    from rongcuo.deadlines import DayKind, due_date

    due = due_date(dt.date.today(), 30, DayKind.NATURAL, holiday_calendar()).date  # 第十七条：立案之日起 30 日
    assert rows[0]["due_date"] == due.isoformat()
    assert rows[0]["days_left"] == (due - dt.date.today()).days


def test_the_openapi_schema_lists_every_step(licheng: Any) -> None:
    schema = as_user(licheng.handler).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/cases/{id}/determine/" in schema["paths"]
    assert "/api/cases/{id}/archive/" in schema["paths"]
