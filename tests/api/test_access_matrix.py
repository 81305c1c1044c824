"""Who may see and do what, on every path: every role × every API operation and every page × a
case that is the actor's own, one of the same agency, one of another agency of the same
jurisdiction, and one of another jurisdiction.

The expected answers are the tables below, written out by hand from the division of duties in the
regulations (docs/user-guide.md, “角色”), not derived from the code they check. Each request runs
in a savepoint that is rolled back, so every cell starts from the same cases.

An answer is one of: hidden (404: the case is missing or not visible, one answer for both), refused
(403 on the API; on a page the step is not taken and the message says 您无权), or acted (the
request got past every check of who may: it succeeded, or the procedure refused it for the case's
state or the input, 409 or 400). No request may end in a server error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from rongcuo.cases import services as s
from rongcuo.cases.models import RectificationTask
from rongcuo.cases.steps import FIELDS

pytestmark = pytest.mark.django_db

SCOPES = ("own", "same_agency", "other_agency", "other_jurisdiction")
J = frozenset({"own", "same_agency", "other_agency"})  # anywhere in the actor's jurisdiction
A = frozenset({"own", "same_agency"})  # the liaison's agency
OWN = frozenset({"own"})  # the officer's own case; the investigator's assigned case; discipline's joint case
NONE: frozenset[str] = frozenset()

# Who sees a case at all (list, case page, API detail, record, evidence files).
SEES = {
    "handler": J, "head": J, "investigator": J, "recused_investigator": J, "unassigned_investigator": J,
    "administrator": J, "liaison": A, "officer": OWN, "discipline": OWN, "superuser": NONE,
}

HANDLER_J = {"handler": J}
HEAD_J = {"head": J}
OFFICER_OR_LIAISON = {"officer": OWN, "liaison": A}

# Who may take each step (and add evidence), by scope. Everyone else who sees the case is refused.
ACTS: dict[str, dict[str, frozenset[str]]] = {
    "file": HEAD_J, "reject": HEAD_J, "approve_extension": HEAD_J, "determine": HEAD_J, "decide_review": HEAD_J,
    "recuse": {"handler": J, "head": J},
    "assign_investigators": HANDLER_J, "schedule_hearing": HANDLER_J, "hold_hearing": HANDLER_J, "consult": HANDLER_J, "transfer": HANDLER_J,
    "pause_clock": HANDLER_J, "resume_clock": HANDLER_J, "notify": HANDLER_J, "record_receipt": HANDLER_J,
    "publish": HANDLER_J, "issue_opinion_letter": HANDLER_J, "add_rectification_task": HANDLER_J,
    "decide_task_extension": HANDLER_J, "follow_up": HANDLER_J, "archive": HANDLER_J,
    "update_facts": {"handler": J, "investigator": OWN},
    "record_statement": {"handler": J, "investigator": OWN, "officer": OWN},
    "report_transfer_result": {"handler": J, "liaison": A},
    "acknowledge_receipt": {"officer": OWN},
    "request_review": OFFICER_OR_LIAISON, "complete_task": OFFICER_OR_LIAISON, "request_task_extension": OFFICER_OR_LIAISON,
    "evidence": {"handler": J, "liaison": A, "officer": OWN, "investigator": OWN},
    "dossier": {"handler": J, "head": J},  # 卷宗: made and downloaded by the handler and the head
    "reissue": HANDLER_J,  # 更正 a document
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_table_names_every_step_of_the_procedure() -> None:
    assert set(ACTS) == {*FIELDS, "evidence", "dossier", "reissue"}


def expected(actor: str, scope: str, operation: str) -> str:
    if scope not in SEES[actor]:
        return "hidden"
    if operation not in ACTS:  # a read
        return "acted"
    return "acted" if scope in ACTS[operation].get(actor, NONE) else "refused"


def _case(place: Any, officer: Any, *, joint: bool = False) -> Any:
    applicant, source = (officer.user, "own_application") if officer.user else (place.liaison, "unit_application")
    case = s.case_apply(actor=applicant, officer=officer, source=source, title="检查中未发现隐患",
                        narrative="企业隐瞒了隐患。", conduct_date=dt.date(2025, 6, 1), facts={})
    s.case_file(actor=place.head, case=case)
    if joint:
        type(case).objects.filter(pk=case.pk).update(joint_with_discipline=True)
    RectificationTask.objects.create(case=case, description="完善检查记录", due_on=dt.date.today() + dt.timedelta(days=30))
    s.case_add_evidence(actor=place.handler, case=case, file=SimpleUploadedFile("记录.pdf", PDF), description="检查记录")
    return case


@pytest.fixture
def world(licheng: Any, xixian: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    from rongcuo.core.models import Officer, RoleAssignment, User
    from rongcuo.core.roles import Role

    settings.MEDIA_ROOT = tmp_path
    p = licheng
    colleague = Officer.objects.create(name="王同事", certificate_number="37010000009", agency=p.agency)
    own = _case(p, p.officer, joint=True)
    s.case_assign_investigators(actor=p.handler, case=own, investigators=p.investigators[:2])
    s.case_recuse(actor=p.head, case=own, investigator=p.investigators[1], reason="与当事人有亲属关系")
    cases = {"own": own, "same_agency": _case(p, colleague), "other_agency": _case(p, p.other_officer),
             "other_jurisdiction": _case(xixian, xixian.officer, joint=True)}
    administrator = User.objects.create_user(username="lc_admin", password="x-long-password-1", first_name="管理员")
    RoleAssignment.objects.create(user=administrator, role=Role.ADMIN, jurisdiction=p.jurisdiction)
    actors = {
        "handler": p.handler, "head": p.head, "investigator": p.investigators[0], "recused_investigator": p.investigators[1],
        "unassigned_investigator": p.investigators[2], "administrator": administrator, "liaison": p.liaison,
        "officer": p.officer_user, "discipline": p.discipline,
        "superuser": User.objects.create_superuser(username="root", password="x-long-password-1"),
    }
    return {"place": p, "cases": cases, "actors": actors}


def api_payload(action: str, case: Any, place: Any) -> dict[str, Any]:
    task = case.tasks.first()
    values = {"text": "测试内容", "textarea": "测试内容", "date": dt.date.today().isoformat(), "int": 10, "bool": False,
              "users": [place.investigators[2].pk], "user": place.investigators[0].pk, "agency": place.other_agency.pk,
              "task": task.pk, "disposition": "免责", "kind": "consult", "facts": {}}
    return {f.name: values[f.kind] for f in FIELDS[action]}


def form_payload(action: str, case: Any, place: Any) -> dict[str, Any]:
    return {name: [str(v) for v in value] if isinstance(value, list) else ("" if value is False else str(value))
            for name, value in api_payload(action, case, place).items() if not isinstance(value, dict)}


def rolled_back(send: Any) -> Any:
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    assert response.status_code < 500, response.content[:500]
    return response


def api_answer(response: Any) -> str:
    return {404: "hidden", 403: "refused"}.get(response.status_code, "acted")


def page_answer(web: Client, path: str, data: dict[str, Any]) -> str:
    web.cookies.pop("messages", None)  # only this request's messages
    response = rolled_back(lambda: web.post(path, data))
    if response.status_code == 404:
        return "hidden"
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return "refused" if "您无权" in said else "acted"


def answers(actor: Any, case: Any, place: Any) -> dict[str, str]:
    """Every operation on one case by one actor, through the API and through the pages."""
    api = APIClient()
    api.force_authenticate(actor)
    web = Client()
    web.force_login(actor)
    result: dict[str, str] = {}
    evidence = case.evidence.first()
    for name, path in (("detail", ""), ("events", "events/")):
        result[f"接口 GET {name}"] = api_answer(rolled_back(lambda path=path: api.get(f"/api/cases/{case.pk}/{path}")))
    listed = [c["id"] for c in api.get("/api/cases/?page_size=200").json()["results"]]
    result["接口 案件列表"] = "acted" if case.pk in listed else "hidden"
    result["页面 案件列表"] = "acted" if f'href="/cases/{case.pk}/"' in web.get("/cases/").content.decode() else "hidden"
    result["页面 案件页"] = "hidden" if rolled_back(lambda: web.get(f"/cases/{case.pk}/")).status_code == 404 else "acted"
    result["页面 证据文件"] = "hidden" if rolled_back(
        lambda: web.get(f"/cases/{case.pk}/evidence/{evidence.pk}/")).status_code == 404 else "acted"
    result["接口 evidence"] = api_answer(rolled_back(lambda: api.post(
        f"/api/cases/{case.pk}/evidence/", {"file": SimpleUploadedFile("补充.pdf", PDF), "description": "补充材料"},
        format="multipart")))
    result["页面 evidence"] = page_answer(web, f"/cases/{case.pk}/evidence/",
                                        {"file": SimpleUploadedFile("补充.pdf", PDF), "description": "补充材料"})
    document = case.documents.first()
    result["接口 GET documents"] = api_answer(rolled_back(lambda: api.get(f"/api/cases/{case.pk}/documents/")))
    result["页面 documents"] = api_answer(rolled_back(lambda: web.get(f"/cases/{case.pk}/documents/")))
    result["接口 GET docx"] = api_answer(rolled_back(lambda: api.get(f"/api/cases/{case.pk}/documents/{document.pk}/docx/")))
    result["页面 docx"] = api_answer(rolled_back(lambda: web.get(f"/cases/{case.pk}/documents/{document.pk}/docx/")))
    result["页面 print"] = api_answer(rolled_back(lambda: web.get(f"/cases/{case.pk}/print/")))
    result["接口 dossier"] = api_answer(rolled_back(lambda: api.post(f"/api/cases/{case.pk}/dossier/")))
    result["页面 dossier"] = page_answer(web, f"/cases/{case.pk}/dossier/make/", {})
    result["接口 reissue"] = api_answer(rolled_back(lambda: api.post(
        f"/api/cases/{case.pk}/documents/{document.pk}/reissue/", {"reason": "更正"}, format="json")))
    result["页面 reissue"] = page_answer(web, f"/cases/{case.pk}/documents/{document.pk}/reissue/", {"reason": "更正"})
    for action in FIELDS:
        result[f"接口 {action}"] = api_answer(rolled_back(lambda action=action: api.post(
            f"/api/cases/{case.pk}/{action}/", api_payload(action, case, place), format="json")))
        result[f"页面 {action}"] = page_answer(web, f"/cases/{case.pk}/{action}/", form_payload(action, case, place))
    return result


@pytest.mark.parametrize("who", list(SEES))
def test_every_operation_answers_as_the_table_says(world: dict[str, Any], who: str) -> None:
    actor = world["actors"][who]
    wrong = []
    for scope in SCOPES:
        for operation, answer in answers(actor, world["cases"][scope], world["place"]).items():
            want = expected(who, scope, operation.split(" ", 1)[1].removeprefix("GET "))
            if answer != want:
                wrong.append(f"{who} × {scope} × {operation}: 应为 {want}，实为 {answer}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_requests_reach_no_case(world: dict[str, Any]) -> None:
    case = world["cases"]["own"]
    api, web = APIClient(), Client()
    document = case.documents.first()
    for path in ("", "events/", "documents/", f"documents/{document.pk}/docx/", "dossier/", "dossier/file/"):
        assert api.get(f"/api/cases/{case.pk}/{path}").status_code == 401, path
    for path in ("documents/", f"documents/{document.pk}/docx/", f"documents/{document.pk}/pdf/", "dossier/", "print/"):
        assert web.get(f"/cases/{case.pk}/{path}")["Location"].startswith("/login/"), path
    for action in [*FIELDS, "evidence"]:
        assert api.post(f"/api/cases/{case.pk}/{action}/", {}, format="json").status_code == 401, action
        response = web.post(f"/cases/{case.pk}/{action}/", {})
        assert response.status_code == 302, action
        assert response["Location"].startswith("/login/"), action
    assert web.get(f"/cases/{case.pk}/")["Location"].startswith("/login/")
