"""Documents under concurrent requests (PostgreSQL, as in production): corrections and PDFs sent at
once each come out whole, in order, with the record intact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from rongcuo.cases import services as s
from rongcuo.core import audit
from rongcuo.core.models import Event
from rongcuo.documents.models import IssuedDocument

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def filed(place: Any) -> Any:
    case = s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title="同时更正",
                        narrative="n", conduct_date=dt.date(2025, 6, 1), facts={})
    s.case_file(actor=place.head, case=case)
    return case


def test_the_same_correction_sent_five_times_at_once_makes_one_new_version(licheng: Any, at_once: Any) -> None:
    case = filed(licheng)
    first = IssuedDocument.objects.get(case=case, kind="立案审批表")

    def correct() -> int:
        api = APIClient()
        api.force_authenticate(licheng.handler)
        return int(api.post(f"/api/cases/{case.pk}/documents/{first.pk}/reissue/", {"reason": "更正"},
                            format="json").status_code)

    assert at_once(*[correct] * 5) == [201] * 5
    versions = sorted(IssuedDocument.objects.filter(case=case, kind="立案审批表").values_list("version", flat=True))
    assert versions == [1, 2]
    assert not audit.verify_case(case.pk).problems


def test_a_dossier_asked_for_five_times_at_once_is_made_once(licheng: Any, at_once: Any) -> None:
    case = filed(licheng)

    def make() -> int:
        api = APIClient()
        api.force_authenticate(licheng.handler)
        response = api.post(f"/api/cases/{case.pk}/dossier/")
        return int(response.json()["version"]) if response.status_code == 201 else response.status_code

    assert at_once(*[make] * 5) == [1] * 5
    assert Event.objects.filter(stream=case.stream, action="make_dossier").count() == 1


def test_the_first_pdf_asked_for_by_many_at_once_is_made_once(licheng: Any, at_once: Any, libreoffice: str) -> None:
    case = filed(licheng)
    document = IssuedDocument.objects.get(case=case, kind="立案审批表")

    def download() -> bytes:
        api = APIClient()
        api.force_authenticate(licheng.handler)
        response = api.get(f"/api/cases/{case.pk}/documents/{document.pk}/pdf/")
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    bodies = at_once(*[download] * 4)
    assert len(set(bodies)) == 1  # everyone got the one PDF that was kept
    assert Event.objects.filter(stream=case.stream, action="render_pdf").count() == 1
    assert not audit.verify_case(case.pk).problems
