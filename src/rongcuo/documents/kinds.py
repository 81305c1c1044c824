"""The catalogue: every document a step can issue (pack.yaml names them by title), which record
it documents and how it is written. The pure core lists the titles (rules.pack.DOCUMENTS)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rongcuo.cases.models import Case
from rongcuo.documents import texts_decision as d
from rongcuo.documents import texts_investigation as i
from rongcuo.documents.drafts import Context, Draft


def _latest(related: str, prefix: str) -> Callable[[Case], str | None]:
    def subject(case: Case) -> str | None:
        row = getattr(case, related).order_by("-pk").first()
        return f"{prefix}:{row.pk}" if row is not None else None
    return subject


def _standing(case: Case) -> str | None:
    determination = case.determinations.filter(superseded_on__isnull=True).order_by("-pk").first()
    return f"determination:{determination.pk}" if determination is not None else None


def _one(attribute: str) -> Callable[[Case], str | None]:
    def subject(case: Case) -> str | None:
        row = getattr(case, attribute, None)
        return f"{attribute}:{row.pk}" if row is not None else None
    return subject


def _case(case: Case) -> str | None:
    return f"case:{case.pk}"


@dataclass(frozen=True)
class Kind:
    layout: str
    subject: Callable[[Case], str | None]  # the record the issuing step has just written
    build: Callable[[Context, str], Draft]
    once: bool = False  # issued once per record: a later step does not make a new version


KINDS: dict[str, Kind] = {
    "立案审批表": Kind("form", _case, i.filing_form, once=True),
    "不予受理书面答复": Kind("letter", _case, i.rejection_reply, once=True),
    "调查人员指派及回避告知": Kind("letter", _case, i.investigator_notice),
    "陈述申辩告知书": Kind("letter", _case, i.statement_notice, once=True),
    "陈述申辩笔录": Kind("form", _latest("statements", "statement"), i.statement_record),
    "听证通知书": Kind("letter", _latest("hearing_notices", "hearingnotice"), i.hearing_notice),
    "听证笔录": Kind("form", _latest("hearings", "hearing"), i.hearing_record),
    "延期审批表": Kind("form", _one("extension"), i.extension_form, once=True),
    "调查报告": Kind("form", _standing, i.investigation_report),
    "容错纠错认定决定书": Kind("letter", _standing, d.decision),
    "党组会议纪要": Kind("form", _standing, d.meeting_minutes),
    "告知书": Kind("letter", _one("notice"), d.notice, once=True),
    "送达回证": Kind("form", _one("notice"), d.service_receipt),
    "行政执法监督意见书": Kind("letter", _latest("opinion_letters", "opinionletter"), d.opinion_letter),
    "复核决定书": Kind("letter", _one("review"), d.review_decision),
    "纠错整改通知书": Kind("letter", _latest("tasks", "task"), d.rectification_notice),
    "澄清正名通知": Kind("letter", lambda case: None, d.clarification_notice),
}
