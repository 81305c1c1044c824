"""Every write to a case, by stage of the procedure: each checks the step against the case's own
regulation, changes the records and appends the event, in one transaction."""

from rongcuo.cases.services.base import today
from rongcuo.cases.services.correction import (
    case_add_rectification_task,
    case_archive,
    case_complete_task,
    case_decide_task_extension,
    case_follow_up,
    case_request_task_extension,
    missing_for_archive,
)
from rongcuo.cases.services.decision import (
    case_acknowledge_receipt,
    case_decide_review,
    case_determine,
    case_issue_opinion_letter,
    case_notify,
    case_publish,
    case_record_receipt,
    case_request_review,
    lawful_choices,
    missing_for_determination,
    review_window,
)
from rongcuo.cases.services.intake import (
    apply_or_find,
    case_add_evidence,
    case_apply,
    case_file,
    case_reject,
    earlier_similar_cases,
    proposes_repeat_error,
)
from rongcuo.cases.services.investigation import (
    case_approve_extension,
    case_assign_investigators,
    case_consult,
    case_hold_hearing,
    case_pause_clock,
    case_record_statement,
    case_recuse,
    case_report_transfer_result,
    case_resume_clock,
    case_schedule_hearing,
    case_transfer,
    case_update_facts,
)

__all__ = [
    "apply_or_find", "case_acknowledge_receipt", "case_add_evidence", "case_add_rectification_task", "case_apply",
    "case_approve_extension", "case_archive", "case_assign_investigators", "case_complete_task", "case_consult",
    "case_decide_review", "case_decide_task_extension", "case_determine", "case_file", "case_follow_up",
    "case_hold_hearing", "case_issue_opinion_letter", "case_notify", "case_pause_clock", "case_publish",
    "case_record_receipt", "case_record_statement", "case_recuse", "case_reject", "case_report_transfer_result",
    "case_request_review", "case_request_task_extension", "case_resume_clock", "case_schedule_hearing", "case_transfer", "case_update_facts",
    "earlier_similar_cases", "lawful_choices", "missing_for_archive", "missing_for_determination", "proposes_repeat_error", "review_window",
    "today",
]
