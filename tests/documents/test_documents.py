"""Official documents: each step issues its regulation's documents from the record, in GB/T 9704
layout, numbered, stored once under their SHA-256 and downloadable only by those who see the case."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document
from docx.oxml.ns import qn
from rest_framework.test import APIClient

from rongcuo.cases import services as s
from rongcuo.cases.errors import NotAllowed, ProcedureError
from rongcuo.cases.models import Case, State
from rongcuo.core.models import Event
from rongcuo.documents import services as documents
from rongcuo.documents.drafts import numeral_date
from rongcuo.documents.models import IssuedDocument
from rongcuo.rules.registry import get_pack

CONDUCT = dt.date(2025, 6, 1)
FACTS = {"counterparty_concealed_information": True, "actively_remedied": True}
TODAY = dt.date.today()


def apply(place: Any, **extra: Any) -> Case:
    return s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="未及时发现隐患",
                        narrative="检查时企业隐瞒了隐患。\n企业负责人事后承认。", conduct_date=CONDUCT, facts=FACTS, **extra)


def decided_licheng(place: Any) -> Case:
    case = apply(place, is_major=True)
    s.case_file(actor=place.head, case=case, reason="符合立案条件。")
    s.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
    s.case_update_facts(actor=place.handler, case=case, facts=dict(case.facts), reason="经询问、调阅案卷核实")
    s.case_record_statement(actor=place.officer_user, case=case, text="本人已按规定检查，企业故意隐瞒。")
    s.case_schedule_hearing(actor=place.handler, case=case, hearing_on=TODAY + dt.timedelta(days=3), place="区司法局二楼会议室",
                            host="王主持")
    s.case_hold_hearing(actor=place.handler, case=case, held_on=TODAY, host="王主持", summary="双方陈述意见。")
    s.case_approve_extension(actor=place.head, case=case, days=10, reason="需调取其他部门材料。")
    s.case_determine(actor=place.head, case=case, disposition="免责", opinion="符合容错情形，予以免责。")
    return case


def notified(place: Any, case: Case) -> Case:
    s.case_notify(actor=place.handler, case=case, recipients="张执法、历城区市场监督管理局")
    s.case_record_receipt(actor=place.handler, case=case, received_on=TODAY, method="直接送达")
    return case


def issued(case: Case, kind: str) -> IssuedDocument:
    return IssuedDocument.objects.filter(case=case, kind=kind).order_by("-pk").first()  # type: ignore[return-value]


def opened(document: IssuedDocument) -> Any:
    with document.file.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def text_of(docx: Any) -> str:
    """Every paragraph's text, the tables' cells included, whitespace removed."""
    parts = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "".join("".join(parts).split())


def east_asian_fonts(docx: Any, text: str) -> set[str]:
    """The w:eastAsia font of every run that holds `text`."""
    return {run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
            for p in docx.paragraphs for run in p.runs if text in run.text}


def test_every_step_of_a_licheng_case_issues_its_documents_without_typing(licheng: Any) -> None:
    case = notified(licheng, decided_licheng(licheng))
    kinds = [d.kind for d in IssuedDocument.objects.filter(case=case).order_by("pk")]
    expected = {
        "立案审批表", "调查人员指派及回避告知", "陈述申辩告知书", "陈述申辩笔录", "听证通知书", "听证笔录",
        "延期审批表", "调查报告", "容错纠错认定决定书", "告知书", "送达回证",
    }
    assert set(kinds) == expected
    assert kinds.count("送达回证") == 2  # blank when sent, filled in when service was recorded
    filing = issued(case, "立案审批表")
    assert filing.number == case.number
    assert "符合立案条件" in text_of(opened(filing))
    receipt = opened(issued(case, "送达回证"))
    assert "直接送达" in text_of(receipt)
    assert issued(case, "送达回证").version == 2


def test_the_decision_is_laid_out_to_gb_t_9704_with_its_number_and_every_grounds_full_text(licheng: Any) -> None:
    case = decided_licheng(licheng)
    determination = case.determination
    docx = opened(issued(case, "容错纠错认定决定书"))
    section = docx.sections[0]
    mm = [round(length.mm, 1) for length in (section.page_width, section.page_height, section.top_margin,
                                             section.left_margin, section.bottom_margin, section.right_margin)]
    assert mm == [210, 297, 37, 28, 35, 26]  # A4; margins top, left, bottom, right (stored in twips)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines of 28.95 pt fill the 225 mm type area
    assert 22 * 579 <= 225 / 25.4 * 1440 < 23 * 579
    text = text_of(docx)
    assert determination.number in text
    assert determination.number.startswith("历司容决〔")
    for ground in determination.current_assessment["grounds"]:
        assert ground["citation"] in text
        assert "".join(ground["text"].split()) in text
    assert "应当从轻、减轻处理或者予以免责" in text  # the regulation's own 应当 words
    assert "本机关决定：免责" in text
    assert "收到本决定书之日起15日内" in text
    assert "区行政执法监督机构（历城区司法局）书面提出复核申请" in text
    assert "《历城区办法》第十八条规定：“对行政执法机关及其行政执法人员予以容错免责的，不作为行政执法错误认定”。" in text
    assert numeral_date(determination.decided_on) in text  # 成文日期 in Chinese numerals
    assert east_asian_fonts(docx, "容错纠错认定决定书") == {"方正小标宋简体"}
    title = next(r for p in docx.paragraphs for r in p.runs if r.text == "容错纠错认定决定书")
    assert title.font.size.pt == 22  # 2号
    body = next(r for p in docx.paragraphs for r in p.runs if "符合容错情形" in r.text)
    assert body.font.size.pt == 16  # 3号
    assert east_asian_fonts(docx, "符合容错情形") == {"仿宋_GB2312"}
    assert east_asian_fonts(docx, determination.number) == {"仿宋_GB2312"}
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ")
    assert footer.text.endswith(" —")
    assert 'w:instr="PAGE"' in footer._p.xml
    assert footer.runs[0].font.size.pt == 14  # 4号


def test_a_xixian_decision_is_signed_by_the_unit_records_the_party_group_and_invents_no_review(xixian: Any) -> None:
    case = apply(xixian)
    s.case_file(actor=xixian.head, case=case)
    s.case_update_facts(actor=xixian.handler, case=case, facts=FACTS, reason="经调查核实。")
    s.case_determine(actor=xixian.head, case=case, disposition="减轻", opinion="党组研究认为符合容错情形。",
                     meeting_date=TODAY, attendees="王书记、李副局长")
    decision = text_of(opened(issued(case, "容错纠错认定决定书")))
    assert "复核" not in decision  # 隰县制度 has no review: none is invented
    assert "隰县市场监督管理局" in decision
    assert "《隰县制度》第十一条第一款第（六）项" in decision
    minutes = text_of(opened(issued(case, "党组会议纪要")))
    assert "隰县市场监督管理局党组会议纪要（摘录）" in minutes
    assert "王书记、李副局长" in minutes
    assert "历城" not in decision + minutes
    assert case.determination.number.startswith("隰市监容决〔")  # the unit decides under its own 文号
    assert "经隰县市场监督管理局党组于" in decision  # collectively, as 第十四条 has it
    assert "《隰县制度》第十五条规定：“经研究决定，对执法人员予以容错的，不作为执法错误认定”。" in decision
    assert "隰县市场监督管理局党组" + "（印章）" in minutes
    assert "本机关决定" not in minutes


def test_a_document_whose_data_is_missing_is_refused_by_name_and_the_step_changes_nothing(licheng: Any) -> None:
    case = apply(licheng)
    licheng.jurisdiction.office_name = ""
    licheng.jurisdiction.save()
    case.jurisdiction.refresh_from_db()
    with pytest.raises(ProcedureError, match="发文机关名称") as refused:
        s.case_file(actor=licheng.head, case=case)
    assert "立案审批表" in refused.value.message
    case.refresh_from_db()
    assert case.state == State.APPLIED
    assert not case.number
    assert not IssuedDocument.objects.filter(case=case).exists()
    assert not Event.objects.filter(stream=case.stream, action__in=["file", "issue_document"]).exists()


def test_the_clarification_notice_needs_its_scope_manner_date_and_findings(licheng: Any) -> None:
    case = apply(licheng)
    with pytest.raises(ProcedureError) as refused:
        documents.draft_of(case, licheng.handler, "澄清正名通知", f"clarification:{case.pk}")
    assert refused.value.details == ["澄清正名的范围", "澄清正名的方式", "澄清正名的日期", "经查明的情况"]
    draft, issuer = documents.draft_of(case, licheng.handler, "澄清正名通知", f"clarification:{case.pk}", extra={
        "scope": "历城区市场监督管理局全体干部职工", "manner": "召开会议", "on": TODAY, "findings": "所反映问题经查不属实。"})
    assert issuer == "历城区司法局"
    assert "在历城区市场监督管理局全体干部职工范围内为张执法澄清正名" in "".join(p.text for p in draft.body)  # type: ignore[union-attr]


def test_each_document_is_stored_once_and_downloads_give_the_bytes_its_record_holds(licheng: Any) -> None:
    case = decided_licheng(licheng)
    decision = issued(case, "容错纠错认定决定书")
    event = Event.objects.get(stream=case.stream, action="issue_document", after__sha256=decision.sha256)
    assert event.after["file"] == decision.file.name
    web, api = Client(), APIClient()
    web.force_login(licheng.officer_user)
    api.force_authenticate(licheng.handler)
    first = b"".join(web.get(f"/cases/{case.pk}/documents/{decision.pk}/docx/").streaming_content)
    again = b"".join(api.get(f"/api/cases/{case.pk}/documents/{decision.pk}/docx/").streaming_content)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(again).hexdigest() == decision.sha256
    listed = api.get(f"/api/cases/{case.pk}/documents/").json()
    row = next(r for r in listed["results"] if r["id"] == decision.pk)
    assert row["kind"] == "容错纠错认定决定书"
    assert row["number"] == case.determination.number
    assert row["sha256"] == decision.sha256
    assert row["docx"] == f"/api/cases/{case.pk}/documents/{decision.pk}/docx/"
    assert row["pdf"] is None  # this server runs without LibreOffice (the conftest default) …
    assert "LibreOffice" in row["pdf_unavailable"]  # … and says so
    assert listed["count"] == IssuedDocument.objects.filter(case=case).count()


def test_nobody_who_cannot_see_the_case_downloads_its_documents(licheng: Any, xixian: Any) -> None:
    case = decided_licheng(licheng)
    decision = issued(case, "容错纠错认定决定书")
    for outsider in (xixian.handler, xixian.head, licheng.other_officer_user):
        api, web = APIClient(), Client()
        api.force_authenticate(outsider)
        web.force_login(outsider)
        for path in (f"/api/cases/{case.pk}/documents/", f"/api/cases/{case.pk}/documents/{decision.pk}/docx/",
                     f"/api/cases/{case.pk}/documents/{decision.pk}/pdf/", f"/api/cases/{case.pk}/dossier/"):
            assert api.get(path).status_code == 404, (outsider, path)
        assert web.get(f"/cases/{case.pk}/documents/{decision.pk}/docx/").status_code == 404
        assert web.get(f"/cases/{case.pk}/print/").status_code == 404
    other = apply(xixian)
    s.case_file(actor=xixian.head, case=other)
    foreign = issued(other, "立案审批表")
    api = APIClient()
    api.force_authenticate(licheng.handler)  # a document id of another case, through a case one may see
    assert api.get(f"/api/cases/{case.pk}/documents/{foreign.pk}/docx/").status_code == 404
    assert APIClient().get(f"/api/cases/{case.pk}/documents/").status_code == 401


def test_a_correction_is_a_new_version_with_its_own_record_and_the_old_one_kept(licheng: Any) -> None:
    case = decided_licheng(licheng)
    first = issued(case, "容错纠错认定决定书")
    licheng.jurisdiction.office_name = "济南市历城区司法局"
    licheng.jurisdiction.save()
    api = APIClient()
    api.force_authenticate(licheng.head)
    refused = api.post(f"/api/cases/{case.pk}/documents/{first.pk}/reissue/", {"reason": "发文机关名称有误"}, format="json")
    assert refused.status_code == 403  # the handler corrects, not the head
    api.force_authenticate(licheng.handler)
    assert api.post(f"/api/cases/{case.pk}/documents/{first.pk}/reissue/", {"reason": ""}, format="json").status_code == 400
    answer = api.post(f"/api/cases/{case.pk}/documents/{first.pk}/reissue/", {"reason": "发文机关名称有误"}, format="json")
    assert answer.status_code == 201
    second = IssuedDocument.objects.get(pk=answer.json()["id"])
    assert (second.version, second.number, second.correction_reason) == (2, first.number, "发文机关名称有误")
    assert "济南市历城区司法局" in text_of(opened(second))
    first.refresh_from_db()
    assert "济南市历城区司法局" not in text_of(opened(first))  # kept as issued
    assert Event.objects.filter(stream=case.stream, action="issue_document", after__version=2, reason="发文机关名称有误").exists()
    listed = {r["id"]: r["superseded"] for r in api.get(f"/api/cases/{case.pk}/documents/?page_size=200").json()["results"]}
    assert listed[first.pk] is True
    assert listed[second.pk] is False


def test_a_replaced_template_is_checked_on_upload_and_then_used(licheng: Any) -> None:
    from rongcuo.core.models import RoleAssignment, User
    from rongcuo.core.roles import Role
    from rongcuo.documents.layout import default_template

    admin = User.objects.create_user(username="lc_admin", password="x-long-password-1")
    RoleAssignment.objects.create(user=admin, role=Role.ADMIN, jurisdiction=licheng.jurisdiction)
    web = Client()
    web.force_login(admin)
    url = f"/documents/settings/{licheng.jurisdiction.pk}/"

    def upload(content: bytes, name: str = "模板.docx") -> str:
        response = web.post(url, {"what": "upload", "layout": "letter", "file": SimpleUploadedFile(name, content)}, follow=True)
        return response.content.decode()

    assert "请上传 Word" in upload(b"not a docx", "模板.docx")
    broken = Document(io.BytesIO(default_template("letter")))
    for paragraph in broken.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("{{ number }}", "")
    buffer = io.BytesIO()
    broken.save(buffer)
    assert "缺少必需的占位符" in upload(buffer.getvalue())
    unknown = Document(io.BytesIO(default_template("letter")))
    unknown.add_paragraph("{{ secret }}")
    buffer = io.BytesIO()
    unknown.save(buffer)
    assert "未知的占位符：secret" in upload(buffer.getvalue())
    own = Document(io.BytesIO(default_template("letter")))
    for paragraph in own.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace("{{ seal }}", "（历城区司法局印章）")
    buffer = io.BytesIO()
    own.save(buffer)
    assert "模板已通过检查并启用" in upload(buffer.getvalue())
    case = decided_licheng(licheng)
    assert "（历城区司法局印章）" in text_of(opened(issued(case, "容错纠错认定决定书")))
    assert "（历城区司法局印章）" not in text_of(opened(issued(case, "立案审批表")))  # forms keep their own template
    web.force_login(licheng.handler)
    assert web.post(url, {"what": "revert", "layout": "letter"}).status_code == 403


def test_pdf_of_each_kind_renders_and_its_first_page_is_kept_as_an_artefact(licheng: Any, libreoffice: str) -> None:
    import subprocess
    from pathlib import Path

    case = notified(licheng, decided_licheng(licheng))
    s.case_issue_opinion_letter(actor=licheng.handler, case=case, content="请完善检查记录制度。")
    one_of_each = {d.kind: d for d in IssuedDocument.objects.filter(case=case).order_by("pk")}
    documents.ensure_pdfs(list(one_of_each.values()), licheng.handler)
    artefacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
    artefacts.mkdir(parents=True, exist_ok=True)
    for kind, document in one_of_each.items():
        document.refresh_from_db()
        assert (document.pages or 0) >= 1, kind
        with document.pdf.open("rb") as handle:
            pdf = handle.read()
        assert pdf.startswith(b"%PDF")
        assert hashlib.sha256(pdf).hexdigest() == document.pdf_sha256
        assert Event.objects.filter(stream=case.stream, action="render_pdf", after__sha256=document.pdf_sha256).exists()
        source = artefacts / f"{kind}.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(source),
                        str(artefacts / kind)], check=True)
        assert (artefacts / f"{kind}.png").stat().st_size > 5000, kind  # a page with text on it, not blank
    web = Client()
    web.force_login(licheng.officer_user)
    decision = one_of_each["容错纠错认定决定书"]
    downloaded = b"".join(web.get(f"/cases/{case.pk}/documents/{decision.pk}/pdf/").streaming_content)
    assert hashlib.sha256(downloaded).hexdigest() == decision.pdf_sha256  # made once, the same bytes after


def test_the_pdf_button_says_why_it_is_unavailable_and_the_word_file_still_comes(licheng: Any) -> None:
    case = decided_licheng(licheng)
    decision = issued(case, "容错纠错认定决定书")
    web = Client()
    web.force_login(licheng.handler)
    page = web.get(f"/cases/{case.pk}/").content.decode()
    assert "服务器未安装 LibreOffice，暂不能生成 PDF" in page
    assert f"/cases/{case.pk}/documents/{decision.pk}/docx/" in page
    api = APIClient()
    api.force_authenticate(licheng.handler)
    answer = api.get(f"/api/cases/{case.pk}/documents/{decision.pk}/pdf/")
    assert answer.status_code == 409
    assert "LibreOffice" in answer.json()["error"]["message"]


def test_only_the_regulations_documents_are_issued_for_a_step(xixian: Any) -> None:
    case = apply(xixian)
    s.case_file(actor=xixian.head, case=case)
    s.case_record_statement(actor=xixian.officer_user, case=case, text="本人已尽责。")
    rule = get_pack("xixian-2022").procedure.steps["record_statement"]
    assert rule.documents == ("陈述申辩笔录",)
    assert not IssuedDocument.objects.filter(case=case, kind="陈述申辩告知书").exists()
    assert issued(case, "立案审批表").number == case.number


def test_a_correction_is_refused_once_the_case_is_archived(licheng: Any) -> None:
    case = apply(licheng)
    s.case_file(actor=licheng.head, case=case)
    Case.objects.filter(pk=case.pk).update(state=State.ARCHIVED)
    with pytest.raises(ProcedureError, match="已归档"):
        documents.document_reissue(actor=licheng.handler, document=issued(case, "立案审批表"), reason="更正")
    with pytest.raises(NotAllowed):
        documents.document_reissue(actor=licheng.officer_user, document=issued(case, "立案审批表"), reason="更正")


def test_recusal_is_offered_only_where_the_regulation_provides_for_it(licheng: Any, xixian: Any) -> None:
    texts = {}
    for place in (licheng, xixian):
        case = apply(place)
        s.case_file(actor=place.head, case=case)
        s.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
        texts[place.jurisdiction.name] = text_of(opened(issued(case, "调查人员指派及回避告知")))
    assert "第十六条第三款规定：“调查人员与所调查案件有利害关系的，应当回避”。你如认为" in texts["历城区"]
    assert "回避" not in texts["隰县"].replace("调查人员指派及回避告知", "")  # 隰县制度 has no recusal provision


def test_a_not_tolerated_decision_says_what_follows_in_the_regulations_words_only(licheng: Any, xixian: Any) -> None:
    licheng_case = apply(licheng)
    s.case_file(actor=licheng.head, case=licheng_case)
    s.case_assign_investigators(actor=licheng.handler, case=licheng_case, investigators=licheng.investigators[:2])
    s.case_update_facts(actor=licheng.handler, case=licheng_case, facts={"outside_statutory_authority": True}, reason="核实")
    s.case_record_statement(actor=licheng.officer_user, case=licheng_case, text="无异议。")
    s.case_determine(actor=licheng.head, case=licheng_case, disposition="不予容错免责", opinion="超越法定职责范围。")
    text = text_of(opened(issued(licheng_case, "容错纠错认定决定书")))
    assert "本机关决定：不予容错免责。" in text
    assert "第十八条第三款规定：“对行政执法机关及其行政执法人员不予容错免责的，应依照行政执法过错责任追究程序，追究行政执法过错责任”。" in text
    xixian_case = apply(xixian)
    s.case_file(actor=xixian.head, case=xixian_case)
    s.case_update_facts(actor=xixian.handler, case=xixian_case, facts={"outside_statutory_authority": True}, reason="核实")
    s.case_determine(actor=xixian.head, case=xixian_case, disposition="不予容错免责", opinion="超越职责。",
                     meeting_date=TODAY, attendees="王书记、李副局长")
    text = text_of(opened(issued(xixian_case, "容错纠错认定决定书")))
    assert "《隰县制度》第十三条：“执法人员履行职责过程中违反法定的职责范围和法定程序的，不予容错。”本案据以" in text  # no second 。
    assert "追究" not in text  # 隰县制度 says 不予容错, and nothing of 追责


def _template_with(change: Any) -> bytes:
    from rongcuo.documents.layout import default_template

    document = Document(io.BytesIO(default_template("letter")))
    change(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("change", "said"), [
    (lambda d: d.add_paragraph("{{ body.__init__.__globals__['__builtins__'] }}"), "不能含有表达式"),
    (lambda d: d.add_paragraph("{{ ''.__class__ }}"), "不能含有表达式"),
    (lambda d: d.add_paragraph("{{ ('x' * 1000) * 100000 }}"), "不能含有表达式"),
    (lambda d: d.add_paragraph("{% if case_number != '样' %}{{ 1/0 }}{% endif %}"), "不能含有表达式"),
    (lambda d: d.add_paragraph("{{ title|upper }}"), "不能含有表达式"),
    (lambda d: d.add_paragraph("{% for x in title %}{{ x }}{% endfor %}"), "不能含有表达式"),
    (lambda d: d.add_paragraph("{{ title "), "写法有误"),
    (lambda d: d.part.relate_to("http://127.0.0.1:8999/x.png", "http://schemas.openxmlformats.org/officeDocument/2006/"
                                "relationships/image", is_external=True), "不能引用外部文件或网址"),
])
def test_a_template_that_computes_or_reaches_outside_is_refused_and_nothing_is_kept(
        licheng: Any, change: Any, said: str) -> None:
    from rongcuo.documents.models import DocumentTemplate

    with pytest.raises(ProcedureError, match=said):
        documents.template_upload(actor=_admin(licheng), jurisdiction=licheng.jurisdiction, layout="letter",
                                  upload=SimpleUploadedFile("模板.docx", _template_with(change)))
    assert not DocumentTemplate.objects.exists()


def test_a_body_placeholder_inside_a_line_is_refused(licheng: Any) -> None:
    def inline(document: Any) -> None:
        for paragraph in document.paragraphs:
            for run in paragraph.runs:
                run.text = run.text.replace("{{p body }}", "正文：{{ body }}")
    with pytest.raises(ProcedureError, match="单独成段"):
        documents.template_upload(actor=_admin(licheng), jurisdiction=licheng.jurisdiction, layout="letter",
                                  upload=SimpleUploadedFile("模板.docx", _template_with(inline)))


def _admin(place: Any) -> Any:
    from rongcuo.core.models import RoleAssignment, User
    from rongcuo.core.roles import Role

    admin, _ = User.objects.get_or_create(username="template_admin")
    RoleAssignment.objects.get_or_create(user=admin, role=Role.ADMIN, jurisdiction=place.jurisdiction)
    return admin


def test_the_administrator_sets_the_issuer_and_the_number_prefix_on_the_settings_page(licheng: Any) -> None:
    web = Client()
    web.force_login(_admin(licheng))
    url = f"/documents/settings/{licheng.jurisdiction.pk}/"
    answer = web.post(url, {"what": "office_name", "office_name": "济南市历城区司法局", "number_prefix": "历司法"}, follow=True)
    assert "已保存发文机关名称和文号简称" in answer.content.decode()
    case = decided_licheng(licheng)
    assert case.determination.number.startswith("历司法容决〔")
    assert "济南市历城区司法局" in text_of(opened(issued(case, "容错纠错认定决定书")))
    refused = web.post(url, {"what": "office_name", "office_name": "x", "number_prefix": "历〔司〕"}, follow=True)
    assert "不含〔〕" in refused.content.decode()


def test_a_numbered_document_without_its_number_is_refused(licheng: Any) -> None:
    case = decided_licheng(licheng)
    determination = case.determination
    Determination = type(determination)
    Determination.objects.filter(pk=determination.pk).update(number="")  # a record that lost its 文号
    with pytest.raises(ProcedureError, match="容错纠错认定决定书的文号"):
        documents.draft_of(case, licheng.head, "容错纠错认定决定书", f"determination:{determination.pk}")
