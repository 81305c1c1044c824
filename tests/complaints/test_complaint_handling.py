"""The office handles a complaint: triage (case, link, transfer, duplicate), closing with the
regulation's reasons, the feedback it owes before archiving, and 澄清正名 with its notice."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pytest
from django.utils import timezone
from tests.cases.test_regulation_procedures import determined_licheng
from tests.complaints.helpers import file_on_portal, signed_in

from rongcuo.cases.models import Source
from rongcuo.complaints import selectors, services
from rongcuo.complaints.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.complaints.models import Complaint, Status
from rongcuo.core.models import Event

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def filed(place: Any, named: bool = False) -> tuple[Complaint, str]:
    _, receipt = file_on_portal(place, named=named)
    return Complaint.objects.order_by("-pk").first(), receipt  # type: ignore[return-value]


def test_triage_opens_a_case_from_the_complaint_and_the_case_knows_its_source(licheng: Any) -> None:
    complaint, _ = filed(licheng)
    with pytest.raises(NotAllowed):
        services.complaint_open_case(actor=licheng.liaison, complaint=complaint, officer_id=licheng.officer.pk,
                                     title="收受香烟", narrative=complaint.text, conduct_date=dt.date(2025, 5, 1))
    done = services.complaint_open_case(actor=licheng.handler, complaint=complaint, officer_id=licheng.officer.pk,
                                        title="收受香烟", narrative=complaint.text, conduct_date=dt.date(2025, 5, 1))
    assert done.status == Status.CASE_OPENED
    assert done.case.source == Source.COMPLAINT
    assert done.case.officer == licheng.officer
    with pytest.raises(ProcedureError, match="不能立案核查"):
        services.complaint_open_case(actor=licheng.handler, complaint=done, officer_id=licheng.officer.pk,
                                     title="再次", narrative="x", conduct_date=dt.date(2025, 5, 1))
    with pytest.raises(ProcedureError, match="尚未作出认定"):
        services.complaint_close(actor=licheng.handler, complaint=done, closing="unfounded", note="经查不属实")
    actions = list(Event.objects.filter(stream=complaint.stream).values_list("action", flat=True))
    assert actions == ["complaint_received", "complaint_open_case"]


def test_an_officer_of_another_county_cannot_be_put_under_a_complaint(licheng: Any, xixian: Any) -> None:
    complaint, _ = filed(licheng)
    with pytest.raises(InvalidInput, match="不属于该举报的受理辖区"):
        services.complaint_open_case(actor=licheng.handler, complaint=complaint, officer_id=xixian.officer.pk,
                                     title="x", narrative="x", conduct_date=dt.date(2025, 5, 1))
    with pytest.raises(NotAllowed):  # and another county's office cannot touch it
        services.complaint_transfer(actor=xixian.handler, complaint=complaint, to="纪委", reason="x")


def test_duplicates_of_the_same_matter_are_linked_counted_once_and_close_together(licheng: Any) -> None:
    first, _ = filed(licheng)
    second, _ = filed(licheng)
    services.complaint_mark_duplicate(actor=licheng.handler, complaint=second, primary_id=first.pk)
    assert selectors.counted(licheng.handler).count() == 1
    with pytest.raises(InvalidInput):
        services.complaint_mark_duplicate(actor=licheng.handler, complaint=first, primary_id=first.pk)
    services.complaint_close(actor=licheng.handler, complaint=first, closing="unproven", note="查无实据。")
    second.refresh_from_db()
    assert (second.status, second.closing, second.feedback_due_on) == (
        Status.CLOSED, "unproven", TODAY + dt.timedelta(days=licheng.jurisdiction.feedback_days))


def test_feedback_is_required_before_archive_and_the_reporter_reads_it_with_the_receipt(licheng: Any) -> None:
    complaint, receipt = filed(licheng, named=True)
    services.complaint_close(actor=licheng.handler, complaint=complaint, closing="unfounded", note="经调取监控，未见收受财物。")
    assert list(selectors.feedback_owed(licheng.handler)) == [Complaint.objects.get(pk=complaint.pk)]
    with pytest.raises(ProcedureError, match="须先向举报人反馈结果（《历城区办法》第二十二条"):
        services.complaint_archive(actor=licheng.handler, complaint=complaint)
    with pytest.raises(InvalidInput, match="实名举报请选择反馈途径"):
        services.feedback_give(actor=licheng.handler, complaint=complaint, body="经查不属实。", way="meeting")
    services.feedback_give(actor=licheng.handler, complaint=complaint, body="经查，所反映问题不属实。", way="portal")
    progress = signed_in(licheng.handler).get(f"/api/public/complaints/{receipt}/").json()
    assert progress["closing"] == "经查不属实"
    assert progress["feedback"]["text"] == "经查，所反映问题不属实。"
    assert progress["feedback"]["kind"] == "向举报人反馈结果"
    services.complaint_archive(actor=licheng.handler, complaint=complaint)
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ARCHIVED
    basis = Event.objects.get(stream=complaint.stream, action="complaint_feedback").legal_basis
    assert basis == "《历城区办法》第二十二条"


def test_an_anonymous_complaint_is_explained_within_a_recorded_scope(xixian: Any) -> None:
    complaint, _ = filed(xixian)
    services.complaint_close(actor=xixian.handler, complaint=complaint, closing="unproven", note="查无实据。")
    with pytest.raises(InvalidInput, match="说明情况的范围"):
        services.feedback_give(actor=xixian.handler, complaint=complaint, body="查无实据。", way="meeting")
    services.feedback_give(actor=xixian.handler, complaint=complaint, body="查无实据。", way="meeting",
                           scope="隰县市场监督管理局全体干部职工会议")
    feedback = Complaint.objects.get(pk=complaint.pk).feedback
    assert (feedback.kind, feedback.scope) == ("explanation", "隰县市场监督管理局全体干部职工会议")
    assert Event.objects.get(stream=complaint.stream, action="complaint_feedback").legal_basis == "《隰县制度》第十九条"


def test_closing_as_tolerated_needs_the_case_s_determination_to_say_so(licheng: Any) -> None:
    complaint, _ = filed(licheng)
    with pytest.raises(ProcedureError, match="须有关联案件作出容错免责的认定决定"):
        services.complaint_close(actor=licheng.handler, complaint=complaint, closing="tolerated", note="x")
    case = determined_licheng(licheng)
    services.complaint_link(actor=licheng.handler, complaint=complaint, case_id=case.pk)
    services.complaint_close(actor=licheng.handler, complaint=complaint, closing="tolerated", note="经认定予以容错免责。")
    assert Complaint.objects.get(pk=complaint.pk).feedback_due_on is not None


def test_a_slandered_officer_is_cleared_with_a_numbered_notice_and_the_accusation_referred(licheng: Any) -> None:
    complaint, _ = filed(licheng)
    clear = {"finding": "诬告陷害", "established": "经调取监控和询问商户，举报所称收受香烟一事系举报人捏造。",
             "scope": "区市场监督管理局全体干部职工", "manner": "meeting", "held_on": TODAY}
    with pytest.raises(ProcedureError, match="才能澄清正名"):
        services.clarify(actor=licheng.head, complaint=complaint, **clear)
    services.complaint_close(actor=licheng.handler, complaint=complaint, closing="unfounded", note="举报人捏造事实。")
    with pytest.raises(ProcedureError, match="尚未核实被举报的执法人员"):  # never an officer the complaint is not about
        services.clarify(actor=licheng.head, complaint=complaint, **clear)
    complaint, _ = filed(licheng)
    services.complaint_close(actor=licheng.handler, complaint=complaint, closing="unfounded", note="举报人捏造事实。",
                             officer_id=licheng.officer.pk)
    with pytest.raises(NotAllowed, match="由负责人决定"):
        services.clarify(actor=licheng.handler, complaint=complaint, **clear)
    with pytest.raises(InvalidInput, match="请选择查明的情形"):
        services.clarify(actor=licheng.head, complaint=complaint, **{**clear, "finding": "误会"})
    with pytest.raises(InvalidInput, match="本机关设定"):
        services.clarify(actor=licheng.head, complaint=complaint, **{**clear, "held_on": TODAY + dt.timedelta(days=91)})
    with pytest.raises(InvalidInput, match="移送的纪检监察机关"):
        services.clarify(actor=licheng.head, complaint=complaint, **clear, refer=True)
    made = services.clarify(actor=licheng.head, complaint=complaint, **clear, refer=True, referral_note="区纪委监委")
    assert made.officer == licheng.officer
    assert made.number.startswith("历司容澄〔")
    with made.document.open("rb") as handle:
        notice = docx.Document(io.BytesIO(handle.read()))
    text = "".join(p.text for p in notice.paragraphs)
    assert "澄清正名通知" in text
    assert made.number in text
    assert "经查不属实。经调取监控和询问商户，举报所称收受香烟一事系举报人捏造。张执法同志受到诬告陷害。" in text
    assert "在区市场监督管理局全体干部职工范围内为张执法同志澄清正名，消除影响。" in text  # 历城区第二十二条的原话
    assert "依照《历城区行政执法履职尽责容错纠错实施办法（试行）》第二十二条的规定" in text
    assert "已移送区纪委监委依规依纪依法处理" in text
    assert "抄送：张执法同志。" in text
    assert "历城区司法局" in text  # 历城区: the office signs
    event = Event.objects.get(stream=complaint.stream, action="clarify")
    assert event.legal_basis == "《历城区办法》第二十二条"
    assert event.after["sha256"] == made.document_sha256
    page = signed_in(licheng.handler).get(f"/complaints/{complaint.pk}/clarifications/{made.pk}/")
    assert page.status_code == 200
    assert signed_in(licheng.officer_user).get(f"/complaints/{complaint.pk}/clarifications/{made.pk}/").status_code == 404


def test_in_xixian_the_officer_s_unit_signs_the_clarification_in_its_own_numbers(xixian: Any) -> None:
    complaint, _ = filed(xixian)
    services.complaint_close(actor=xixian.handler, complaint=complaint, closing="unproven", note="查无实据。",
                             officer_id=xixian.officer.pk)
    made = services.clarify(actor=xixian.head, complaint=complaint, finding="恶意中伤", established="所举报的事项查无实据。",
                            scope="本单位", manner="notice", held_on=TODAY)
    assert made.number.startswith("隰市监容澄〔")  # 隰县制度第十四条: 所在单位
    with made.document.open("rb") as handle:
        text = "".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert "消除负面影响" in text  # 隰县制度第十九条的原话
    assert xixian.agency.name in text
    assert "隰县司法局" not in text


def test_the_office_registers_a_hotline_transfer_with_its_ticket(licheng: Any) -> None:
    web = signed_in(licheng.handler)
    missing = web.post("/complaints/new/", {"jurisdiction": licheng.jurisdiction.pk, "channel": "hotline",
                                            "received_on": TODAY.isoformat(), "text": "反映执法人员态度粗暴。", "anonymous": "on"})
    assert missing.status_code == 400
    assert "请填写工单号" in missing.content.decode()
    assert "反映执法人员态度粗暴。" in missing.content.decode()  # nothing typed is lost
    done = web.post("/complaints/new/", {"jurisdiction": licheng.jurisdiction.pk, "channel": "hotline", "ticket": "12345-2025-0001",
                                         "received_on": TODAY.isoformat(), "text": "反映执法人员态度粗暴。", "anonymous": "on"})
    assert "receipt-code" in done.content.decode()
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.ticket, complaint.registered_by) == ("hotline", "12345-2025-0001", licheng.handler)
    listing = web.get("/complaints/").content.decode()
    assert "12345 热线转办" in listing
    assert "待分办 1 件" in listing
    assert signed_in(licheng.liaison).get("/complaints/").status_code == 404


def test_the_complaint_page_triages_closes_answers_and_archives(licheng: Any) -> None:
    complaint, _ = filed(licheng)
    web = signed_in(licheng.handler)
    page = web.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "匿名举报人" in page
    assert "立案核查" in page
    transferred = web.post(f"/complaints/{complaint.pk}/act/", {"what": "transfer", "to": "区纪委监委", "reason": "涉嫌违纪"},
                           follow=True).content.decode()
    assert "已转办" in transferred
    closed = web.post(f"/complaints/{complaint.pk}/act/", {"what": "close", "closing": "unfounded", "note": "不属实。"},
                      follow=True).content.decode()
    assert "已办结" in closed
    refused = web.post(f"/complaints/{complaint.pk}/act/", {"what": "archive"}, follow=True).content.decode()
    assert "须先在一定范围内说明情况" in refused
    web.post(f"/complaints/{complaint.pk}/act/", {"what": "feedback", "way": "notice", "scope": "局务会", "text": "经查不属实。"})
    archived = web.post(f"/complaints/{complaint.pk}/act/", {"what": "archive"}, follow=True).content.decode()
    assert "已归档" in archived
    assert Complaint.objects.get().status == Status.ARCHIVED
