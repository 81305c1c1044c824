"""The documents of complaints, in the project's official layout: the 澄清正名通知 (issued by the
office) and the letter answering a named reporter (made only for whoever may see the identity)."""

from __future__ import annotations

import datetime as dt

from rongcuo.complaints.models import Clarification, Complaint, Feedback
from rongcuo.complaints.rules_of import duty
from rongcuo.documents.drafts import Draft, Para
from rongcuo.documents.render import render_docx
from rongcuo.documents.services import template_for
from rongcuo.rules.pack import chinese_date


def _issuer(complaint: Complaint) -> str:
    place = complaint.jurisdiction.governing()
    return place.office_name or f"{place.name}行政执法监督机构"


def _regulation(complaint: Complaint, name: str) -> str:
    found = duty(complaint.jurisdiction, name)
    return f"《{found[0].title}》{found[1].citation}" if found else "有关规定"


def clarification_notice(clarification: Clarification, number: str, on: dt.date) -> bytes:
    """澄清正名通知: for whom, what was found, in what scope and manner, on which day."""
    complaint = clarification.complaint
    officer = clarification.officer
    body = [
        Para(f"经查，反映{officer.agency.name}{officer.name}同志的举报（{complaint.received_on:%Y年%m月%d日}收到）"
             f"{complaint.get_closing_display()}，{officer.name}同志受到{clarification.finding}。"),
        Para(f"依照{_regulation(complaint, 'clarification')}的规定，本机关决定于{chinese_date(clarification.held_on)}"
             f"以{clarification.get_manner_display()}的方式，在{clarification.scope}范围内为{officer.name}同志澄清正名，"
             "消除负面影响。"),
    ]
    if clarification.referred_to_discipline:
        body.append(Para(f"对涉嫌{clarification.finding}的问题线索，已移送纪检监察机关依规依纪依法处理。"
                         + (f"（{clarification.referral_note}）" if clarification.referral_note else "")))
    body.append(Para("特此通知。"))
    draft = Draft("澄清正名通知", "letter", body, number=number, recipient=f"{officer.agency.name}：")
    return render_docx(template_for(complaint.jurisdiction.governing(), "letter"), draft, issuer=_issuer(complaint),
                       issued_on=on, case_number="")


def feedback_letter(feedback: Feedback, name: str, address: str, on: dt.date) -> bytes:
    """举报处理情况反馈函 to a named reporter (the name and address come unsealed, for the
    approved person only)."""
    complaint = feedback.complaint
    body = [
        Para(f"你于{complaint.received_on:%Y年%m月%d日}反映的问题，本机关已依照{_regulation(complaint, 'named_feedback')}"
             f"的规定办理完毕，现将结果反馈如下："),
        Para(feedback.text),
        Para("感谢你对行政执法工作的监督。"),
    ]
    if address:
        body.append(Para(f"（送达地址：{address}）", indent=False))
    draft = Draft("举报处理情况反馈函", "letter", body, recipient=f"{name}：")
    return render_docx(template_for(complaint.jurisdiction.governing(), "letter"), draft, issuer=_issuer(complaint),
                       issued_on=on, case_number="")
