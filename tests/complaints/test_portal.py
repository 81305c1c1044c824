"""The public portal: every regulation's clauses, the positive and negative lists open to moderated
comment, the determinations released only after review and only in redacted form, the
certificates and statistics a jurisdiction chooses to publish; no personal data from the record."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.cases.test_regulation_procedures import determined_licheng
from tests.complaints.helpers import IDENTITY, SECRETS, file_on_portal

from rongcuo.cases.models import Case
from rongcuo.complaints import redaction
from rongcuo.complaints.errors import NotAllowed, ProcedureError
from rongcuo.core.models import Officer
from rongcuo.portal import services
from rongcuo.portal.models import Comment, Release
from rongcuo.rules.registry import get_pack

pytestmark = pytest.mark.django_db
# Personal data planted in every field of the record a release could draw on.
PLANTED_ID, PLANTED_PHONE, PLANTED_LANDLINE, PLANTED_MAIL = "110101199003074514", "13812345678", "0531-88776655", "zhang@example.cn"


def public_pages(place: Any) -> dict[str, str]:
    anonymous = Client()
    urls = ["/portal/", f"/portal/{place.jurisdiction.pk}/", f"/portal/{place.jurisdiction.pk}/lists/", "/portal/decisions/",
            f"/portal/decisions/?jurisdiction={place.jurisdiction.pk}", "/portal/complaint/", "/portal/receipt/",
            "/api/public/decisions/", "/certificates/"]
    urls += [f"/portal/decisions/{r.pk}/" for r in Release.objects.all()]
    return {url: anonymous.get(url).content.decode() for url in urls}


def planted_case(place: Any) -> Case:
    case = determined_licheng(place)
    Officer.objects.filter(pk=place.officer.pk).update(name="张执法")
    case.narrative = (f"检查时企业隐瞒了隐患。执法人员张执法（身份证 {PLANTED_ID}，手机 {PLANTED_PHONE}）与企业负责人"
                      f"王大锤（电话 {PLANTED_LANDLINE}，邮箱 {PLANTED_MAIL}）在场，调查人员 inv0 记录。")
    case.title = f"张执法（{PLANTED_PHONE}）未及时发现隐患"
    case.save(update_fields=["narrative", "title"])
    determination = case.determination
    determination.opinion = f"经查，张执法（身份证 {PLANTED_ID}）符合容错情形。"
    determination.disposition = f"免责（联系 {PLANTED_LANDLINE}）"
    determination.save(update_fields=["opinion", "disposition"])
    return case


def test_the_portal_is_public_in_chinese_and_shows_every_clause_of_each_regulation(licheng: Any, xixian: Any) -> None:
    pages = public_pages(licheng)
    for url, html in pages.items():
        assert "<html lang=\"zh-hans\"" in html or url.startswith("/api/"), url
    regulation = pages[f"/portal/{licheng.jurisdiction.pk}/"]
    for clause in get_pack("licheng-2025").clauses:
        assert clause.text in regulation, clause.citation
    assert "济历城政发〔2025〕1号" in regulation
    lists = pages[f"/portal/{licheng.jurisdiction.pk}/lists/"]
    assert "正面清单" in lists
    assert "负面清单：不予容错的情形" in lists
    from rongcuo.rules.vocabulary import default_vocabulary

    item_12_3 = lists.split('id="c-licheng-2025-12.3"', 1)[1].split('class="list-item"', 1)[0]
    assert "适用本项须具备的事实：" in item_12_3
    assert default_vocabulary().label("other_agency_error") not in item_12_3  # the example's other facts are not shown
    positive, negative = lists.split("负面清单：不予容错的情形", 1)
    for clause in get_pack("licheng-2025").clauses:
        side = negative if clause.tier.value == "exclusion" else positive  # catch-alls with the list they close
        assert clause.text in side, f"{clause.citation} 不在应在的清单中"
    assert "兜底条款：不自动适用" in positive
    xixian_lists = Client().get(f"/portal/{xixian.jurisdiction.pk}/lists/").content.decode()
    assert "免除责任须同时符合的条件" in xixian_lists
    assert "规定：同时符合第十一条第二款所列三项条件，可以免除相关执法机构及执法人员的责任。" in xixian_lists
    assert "本机关的理解：本制度未展开“三个区分开来”的内容" in xixian_lists
    assert 'name="viewport"' in pages["/portal/"]  # usable on a phone
    assert "隰县" in pages["/portal/"]


def test_a_comment_on_a_list_is_public_only_once_answered_and_never_with_personal_data(licheng: Any) -> None:
    citizen = Client()
    page = f"/portal/{licheng.jurisdiction.pk}/lists/"
    answer = citizen.post(page, {"pack": "licheng-2025", "clause": "10.3", "text": f"建议写明“多部门”的范围。电话 {PLANTED_PHONE}"},
                          follow=True).content.decode()
    assert "意见已提交" in answer
    assert "建议写明" not in answer  # not before moderation
    comment = Comment.objects.get()
    assert PLANTED_PHONE not in comment.text
    assert "（电话已隐去）" in comment.text
    wrong = citizen.post(page, {"pack": "licheng-2025", "clause": "99.9", "text": "x"}, follow=True).content.decode()
    assert "所评论的条款不存在" in wrong
    with pytest.raises(NotAllowed):
        services.comment_moderate(actor=licheng.liaison, comment=comment, publish=True, answer="x")
    with pytest.raises(ProcedureError, match="请填写答复"):
        services.comment_moderate(actor=licheng.handler, comment=comment, publish=True, answer="")
    services.comment_moderate(actor=licheng.handler, comment=comment, publish=True, answer="感谢建议，将在修订时研究。")
    shown = citizen.get(page).content.decode()
    assert "建议写明“多部门”的范围" in shown
    assert "感谢建议，将在修订时研究。" in shown


def test_a_release_is_proposed_redacted_from_the_record_and_public_only_after_another_head_approves(licheng: Any) -> None:
    case = planted_case(licheng)
    with pytest.raises(NotAllowed):
        services.release_propose(actor=licheng.officer_user, case=case)
    release = services.release_propose(actor=licheng.handler, case=case)
    for planted in (PLANTED_ID, PLANTED_PHONE, PLANTED_LANDLINE, PLANTED_MAIL, "张执法"):
        assert planted not in release.text
    assert "张某" in release.text
    assert "（身份证号已隐去）" in release.text
    assert licheng.agency.name in release.title  # the agency is kept
    assert "第十条第（七）项" in release.text
    assert not public_pages(licheng)["/portal/decisions/"].count(release.title)  # a draft is not public
    with pytest.raises(NotAllowed, match="负责人"):
        services.release_approve(actor=licheng.handler, release=release)
    services.release_edit(actor=licheng.handler, release=release, title=release.title,
                          body=release.text + "\n经办人张执法。")  # a name typed back in by mistake
    with pytest.raises(ProcedureError, match="仍含有个人信息：姓名：张执法"):
        services.release_approve(actor=licheng.head, release=release)
    release.refresh_from_db()
    services.release_edit(actor=licheng.handler, release=release, title=release.title,
                          body=release.text.replace("经办人张执法。", ""))
    services.release_approve(actor=licheng.head, release=Release.objects.get())
    pages = public_pages(licheng)
    assert release.title in pages["/portal/decisions/"]
    for url, html in pages.items():
        for planted in (PLANTED_ID, PLANTED_PHONE, PLANTED_LANDLINE, PLANTED_MAIL, "张执法", "王大锤"):
            assert planted not in html, f"{url} 公开了 {planted}"
    assert Release.objects.get().text.splitlines()[0] in pages[f"/portal/decisions/{release.pk}/"]  # the stored text


def test_the_head_who_proposed_a_release_cannot_approve_it(licheng: Any) -> None:
    case = determined_licheng(licheng)
    release = services.release_propose(actor=licheng.head, case=case)
    with pytest.raises(NotAllowed, match="拟稿人和修改人以外"):
        services.release_approve(actor=licheng.head, release=release)


def test_a_reporter_s_sealed_identity_is_removed_from_a_release_of_the_case(licheng: Any) -> None:
    from rongcuo.complaints import services as complaints
    from rongcuo.complaints.models import Complaint

    case = determined_licheng(licheng)
    file_on_portal(licheng, named=True)
    complaint = Complaint.objects.get()
    complaints.complaint_link(actor=licheng.handler, complaint=complaint, case_id=case.pk)
    case.narrative += f"据实名举报人{IDENTITY['name']}反映。"
    case.save(update_fields=["narrative"])
    release = services.release_propose(actor=licheng.handler, case=case)
    assert not [s for s in SECRETS if s in release.text]
    assert redaction.SECRET_MASK in release.text


def test_certificates_and_statistics_are_public_only_where_the_jurisdiction_publishes_them(licheng: Any) -> None:
    citizen = Client()
    assert citizen.get(f"/portal/{licheng.jurisdiction.pk}/statistics/").status_code == 404
    licheng.jurisdiction.publish_statistics = True
    licheng.jurisdiction.save()
    page = citizen.get(f"/portal/{licheng.jurisdiction.pk}/statistics/").content.decode()
    assert "行政执法统计" in page
    assert "立案 0 件" in page


@pytest.mark.parametrize("text", ["张三", "欧阳修", "司马光明"])
def test_names_are_masked_to_the_surname_and_mou(text: str) -> None:
    masked = redaction.redact(f"当事人{text}到场。", people=[text])
    assert masked == f"当事人{redaction.masked_name(text)}到场。"
    assert masked.endswith("某到场。")
    assert redaction.masked_name("欧阳修") == "欧阳某"
