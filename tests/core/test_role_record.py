"""A role granted or withdrawn in the administration goes on the tamper-evident record, with who
did it: roles decide who sees cases and who may let a reporter's identity be seen."""

from __future__ import annotations

from typing import Any

from django.test import Client

from rongcuo.core import audit
from rongcuo.core.models import Event, RoleAssignment, User
from rongcuo.core.roles import Role


def change_form(user: User, roles: list[dict[str, Any]], initial: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": user.username, "first_name": user.first_name, "last_name": "", "email": "", "is_active": "on",
        "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "08:00:00",
        "role_assignments-TOTAL_FORMS": str(len(roles)), "role_assignments-INITIAL_FORMS": str(initial),
        "role_assignments-MIN_NUM_FORMS": "0", "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for index, role in enumerate(roles):
        data.update({f"role_assignments-{index}-{key}": value for key, value in role.items()})
        data[f"role_assignments-{index}-user"] = str(user.pk)
    return data


def test_granting_and_withdrawing_a_custodian_in_the_admin_is_recorded_with_who_did_it(licheng: Any) -> None:
    root = User.objects.create_superuser(username="root", password="x-long-password-1")
    web = Client()
    web.force_login(root)
    person = licheng.handler
    existing = RoleAssignment.objects.get(user=person)
    keep = {"id": str(existing.pk), "role": existing.role, "jurisdiction": str(licheng.jurisdiction.pk), "agency": ""}
    grant = {"id": "", "role": Role.CUSTODIAN, "jurisdiction": str(licheng.jurisdiction.pk), "agency": ""}
    answer = web.post(f"/admin/core/user/{person.pk}/change/", change_form(person, [keep, grant], 1))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    granted = RoleAssignment.objects.get(user=person, role=Role.CUSTODIAN)
    event = Event.objects.get(stream="roles", action="role_grant")
    assert event.actor == root
    assert event.summary == f"授予 {person.username} 的角色：举报人身份保管人（{licheng.jurisdiction.name}）"
    assert event.after == {"user": person.pk, "role": "custodian", "jurisdiction": licheng.jurisdiction.pk, "agency": None}
    withdraw = {**grant, "id": str(granted.pk), "DELETE": "on"}
    web.post(f"/admin/core/user/{person.pk}/change/", change_form(person, [keep, withdraw], 2))
    assert not RoleAssignment.objects.filter(user=person, role=Role.CUSTODIAN).exists()
    assert list(Event.objects.filter(stream="roles").values_list("action", flat=True)) == ["role_grant", "role_withdraw"]
    assert not audit.verify().problems
