"""The documents of complaints, in the project's official layout: the 澄清正名通知 and the letter
answering a named reporter (made only for whoever may see the identity). Who signs is the
regulation's (pack `procedure.issuer`): the supervising office (历城区) or the officer's own unit
(隰县制度第十四条: 所在单位党组统一领导)."""

from __future__ import annotations

import datetime as dt

from rongcuo.complaints.models import Clarification, Complaint, Feedback
from rongcuo.complaints.rules_of import duty, pack_of
from rongcuo.documents.drafts import Draft, Para
from rongcuo.documents.render import render_docx
from rongcuo.documents.services import template_for
from rongcuo.rules.pack import chinese_date


def signed_by_agency(complaint: Complaint) -> bool:
    pack = pack_of(complaint.jurisdiction)
    return pack is not None and pack.procedure.issuer == "agency"


def _office(complaint: Complaint) -> str:
    place = complaint.jurisdiction.governing()
    return place.office_name or f"{place.name}行政执法监督机构"


def _regulation(complaint: Complaint, name: str) -> tuple[str, str]:
    """(《title》第N条, the quoted words) of a duty, or a plain reference where the pack has none."""
    found = duty(complaint.jurisdiction, name)
    return (f"《{found[0].title}》{found[1].citation}", found[1].quote) if found else ("有关规定", "")


def clarification_notice(clarification: Clarification, number: str, on: dt.date) -> bytes:
    """澄清正名通知: for whom, what was established, in what scope and manner, on which day."""
    complaint = clarification.complaint
    officer = clarification.officer
    citation, quote = _regulation(complaint, "clarification")
    remove = "消除负面影响" if "消除负面影响" in quote else "消除影响"  # each regulation's own words
    body = [
        Para(f"{complaint.received_on:%Y年%m月%d日}收到的反映{officer.agency.name}{officer.name}同志问题的举报，"
             f"经查{complaint.get_closing_display().removeprefix('经查')}。{clarification.established}"
             f"{officer.name}同志受到{clarification.finding}。"),
        Para(f"依照{citation}的规定，决定于{chinese_date(clarification.held_on)}以{clarification.get_manner_display()}"
             f"的方式，在{clarification.scope}范围内为{officer.name}同志澄清正名，{remove}。"),
    ]
    if clarification.referred_to_discipline:
        body.append(Para(f"对涉嫌{clarification.finding}的问题线索，已移送{clarification.referral_note}依规依纪依法处理。"))
    body += [Para("特此通知。"), Para(f"抄送：{officer.name}同志。", indent=False)]
    issuer = officer.agency.name if signed_by_agency(complaint) else _office(complaint)
    draft = Draft("澄清正名通知", "letter", body, number=number, recipient=f"{officer.agency.name}：")
    return render_docx(template_for(complaint.jurisdiction.governing(), "letter"), draft, issuer=issuer,
                       issued_on=on, case_number="")


def feedback_letter(feedback: Feedback, name: str, on: dt.date) -> bytes:
    """举报处理情况反馈函 to a named reporter (the name comes unsealed, for the approved person only;
    the address is for the envelope, not the letter)."""
    complaint = feedback.complaint
    citation, _ = _regulation(complaint, "named_feedback")
    body = [
        Para(f"你于{complaint.received_on:%Y年%m月%d日}反映的问题，经查{complaint.get_closing_display().removeprefix('经查')}。"
             f"依照{citation}的规定，现将办理结果反馈如下："),
        Para(feedback.text),
        Para("感谢你对行政执法工作的监督。"),
    ]
    issuer = complaint.agency.name if signed_by_agency(complaint) and complaint.agency else _office(complaint)
    draft = Draft("举报处理情况反馈函", "letter", body, recipient=f"{name}：")
    return render_docx(template_for(complaint.jurisdiction.governing(), "letter"), draft, issuer=issuer,
                       issued_on=on, case_number="")
