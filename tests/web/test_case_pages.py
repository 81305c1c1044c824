"""The case pages as each role sees them: the case's own regulation only, the decision and its
review, a reference assessment never shown as established, one date format, files by permission."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from rongcuo.cases import services as s

FACTS = {"counterparty_concealed_information": True, "actively_remedied": True}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def page_of(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def apply(place: Any) -> Any:
    return s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="检查中未发现隐患",
                        narrative="企业隐瞒了冷库。", conduct_date=dt.date(2025, 6, 1), facts=FACTS)


def test_a_xixian_case_page_names_only_the_county_regulation(xixian: Any) -> None:
    case = apply(xixian)
    s.case_file(actor=xixian.head, case=case)
    s.case_update_facts(actor=xixian.handler, case=case, facts=FACTS, reason="核实")
    html = page_of(xixian.head, f"/cases/{case.pk}/")
    assert "党组集体研究作出认定结论" in html
    assert "党组会议日期" in html
    assert "隰县制度第十四条" in html
    assert "历城" not in visible_text(html)
    assert "xixian-2022" not in visible_text(html)


def test_the_applicant_sees_a_reference_not_an_established_outcome(licheng: Any) -> None:
    case = apply(licheng)
    text = visible_text(page_of(licheng.officer_user, f"/cases/{case.pk}/"))
    assert "系统参考意见" in text
    assert "不是认定结论" in text
    assert "认定决定" not in text.split("系统参考意见")[0].split("基本情况")[-1]


def test_a_changed_review_shows_the_new_decision_and_keeps_the_old_one(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    s.case_assign_investigators(actor=licheng.handler, case=case, investigators=licheng.investigators[:2])
    s.case_update_facts(actor=licheng.handler, case=case, facts=FACTS, reason="核实")
    s.case_record_statement(actor=licheng.officer_user, case=case, text="我已按规定检查，企业隐瞒冷库。")
    s.case_determine(actor=licheng.head, case=case, disposition="免责", opinion="予以免责。")
    s.case_notify(actor=licheng.handler, case=case, recipients="张执法")
    text = visible_text(page_of(licheng.officer_user, f"/cases/{case.pk}/"))
    assert "尚未送达" in text
    assert "我已按规定检查，企业隐瞒冷库。" in text  # the statement is on the page
    s.case_acknowledge_receipt(actor=licheng.officer_user, case=case)
    html = page_of(licheng.handler, f"/cases/{case.pk}/")
    assert "前申请复核" in visible_text(html)
    assert "<summary>提出纠错要求" not in html  # not offered while the review right stands
    s.case_request_review(actor=licheng.officer_user, case=case, grounds="不服")
    s.case_update_facts(actor=licheng.handler, case=case, facts={"actively_remedied": True}, reason="复核查明")
    s.case_decide_review(actor=licheng.head, case=case, upheld=False, decision="变更为从轻", disposition="从轻")
    text = visible_text(page_of(licheng.handler, f"/cases/{case.pk}/"))
    assert "认定决定（经复核变更）" in text
    assert "经复核变更，仅作记录" in text
    assert "结论： 可以从轻或者减轻" in text or "可以从轻或者减轻" in text.split("认定决定（经复核变更）")[1][:200]
    assert not ISO_DATE.search(text), ISO_DATE.search(text)


def test_only_those_who_see_the_case_can_open_its_evidence(licheng: Any, xixian: Any, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    case = apply(licheng)
    evidence = s.case_add_evidence(actor=licheng.officer_user, case=case,
                                   file=SimpleUploadedFile("检查记录.pdf", b"%PDF-1.4 record"), description="现场检查记录")
    url = f"/cases/{case.pk}/evidence/{evidence.pk}/"
    client = Client()
    client.force_login(licheng.handler)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 record"  # type: ignore[attr-defined]
    for outsider in (xixian.handler, licheng.other_officer_user):
        client.force_login(outsider)
        assert client.get(url).status_code in (403, 404)
    client.force_login(licheng.handler)
    assert client.get(f"/cases/{case.pk}/evidence/999999/").status_code == 404


def test_the_workbench_shows_each_cases_next_step_only(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    text = visible_text(page_of(licheng.handler, "/"))
    line = next(row for row in text.splitlines() if "检查中未发现隐患" in row and "下一步" in row)
    assert "下一步 指派调查人员" in line
    assert "恢复计时" not in text  # nothing paused: not offered
    assert "审批延长整改期限" not in text


def test_discipline_inspection_sees_its_joint_investigations_and_what_it_may_do(licheng: Any) -> None:
    text = visible_text(page_of(licheng.discipline, "/"))
    assert "参与的联合调查" in text
    assert "目前没有商请您参与的联合调查" in text
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    s.case_consult(actor=licheng.handler, case=case, kind="joint", with_whom="区纪委监委", summary="商请联合调查")
    text = visible_text(page_of(licheng.discipline, "/"))
    assert "检查中未发现隐患" in text.split("参与的联合调查")[1]


def test_a_missing_page_is_a_chinese_404(licheng: Any) -> None:
    client = Client()
    client.force_login(licheng.handler)
    response = client.get("/cases/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_nul_byte_in_a_search_or_form_is_a_400_that_says_why(licheng: Any) -> None:
    client = Client()
    client.force_login(licheng.handler)
    response = client.get("/cases/", {"q": "隐瞒\x00"})
    assert response.status_code == 400
    assert "空字符" in response.content.decode()
    case = apply(licheng)
    response = client.post(f"/cases/{case.pk}/reject/", {"reason": "理由\x00"})
    assert response.status_code == 400
    api = client.get("/api/cases/", {"q": "\x00"})
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "control_characters"
    assert case.state == "applied"


def test_ticked_investigators_stay_ticked_after_a_refusal(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    client = Client()
    client.force_login(licheng.handler)
    chosen = licheng.investigators[0].pk
    client.post(f"/cases/{case.pk}/assign_investigators/", {"investigators": [str(chosen)]})  # one is too few
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "不得少于两人" in html
    assert f'value="{chosen}" id="assign_investigators-investigators-{chosen}" checked' in html
    other = licheng.investigators[1].pk
    assert f'value="{other}" id="assign_investigators-investigators-{other}">' in html
    assert "<details open>\n    <summary>指派调查人员" in html


def test_a_step_address_opened_in_the_browser_shows_the_case(licheng: Any) -> None:
    case = apply(licheng)
    client = Client()
    client.force_login(licheng.head)
    response = client.get(f"/cases/{case.pk}/file/")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.state == "applied"
