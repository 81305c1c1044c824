"""Every write of the complaints app; each takes the acting user (None for a reporter on the
portal) and appends to the complaint's record."""

from rongcuo.complaints.services.closing import clarify, complaint_archive, feedback_give
from rongcuo.complaints.services.identity import (
    approval_of,
    custodian_places,
    feedback_letter,
    identity_view,
    reveal_decide,
    reveal_request,
)
from rongcuo.complaints.services.intake import (
    attachment_for,
    complaint_add,
    complaint_file,
    complaint_lookup,
    complaint_register,
    portal_jurisdictions,
)
from rongcuo.complaints.services.triage import (
    complaint_close,
    complaint_link,
    complaint_mark_duplicate,
    complaint_open_case,
    complaint_transfer,
)

__all__ = [
    "approval_of", "attachment_for", "clarify", "complaint_add", "complaint_archive", "complaint_close",
    "complaint_file", "complaint_link", "complaint_lookup", "complaint_mark_duplicate", "complaint_open_case", "complaint_register",
    "complaint_transfer", "custodian_places", "feedback_give", "feedback_letter", "identity_view", "portal_jurisdictions",
    "reveal_decide", "reveal_request",
]
