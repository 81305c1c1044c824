"""The demo a newcomer signs into: every role, cases at every step, an intact record; loading twice is harmless."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from rongcuo.cases.models import Case, State
from rongcuo.core.models import User
from rongcuo.core.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_data_has_every_role_and_cases_at_every_step() -> None:
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    assert "rongcuo-demo-2025" in out.getvalue()
    assert "lc_handler" in out.getvalue()
    roles = set(User.objects.values_list("role_assignments__role", flat=True))
    assert roles >= {r.value for r in Role}
    states = set(Case.objects.values_list("state", flat=True))
    assert states >= {State.APPLIED, State.INVESTIGATING, State.DETERMINED, State.NOTIFIED, State.UNDER_REVIEW,
                      State.RECTIFYING, State.REJECTED, State.ARCHIVED}
    assert set(Case.objects.values_list("pack_id", flat=True)) == {"licheng-2025", "xixian-2022"}
    call_command("audit", "verify", stdout=io.StringIO())
    count = Case.objects.count()
    call_command("demo_data", stdout=io.StringIO())
    assert Case.objects.count() == count
