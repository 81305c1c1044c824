"""What the complaint tests share: a reporter's identity planted to be searched for, filing on the
portal as a citizen does, and a custodian for a jurisdiction."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

IDENTITY = {"name": "欧阳明华", "id_number": "370102198807154512", "phone": "13905310987", "address": "历下区泉城路 188 号 3 单元"}
# What must never reach the officer, the liaison, the investigators, a log or an export.
SECRETS = (*IDENTITY.values(), "139 0531 0987", "1390531")


def file_on_portal(place: Any, text: str = "2025年5月在某市场检查时，执法人员张执法收受商户香烟。", named: bool = False,
                   client: Client | None = None, **extra: Any) -> tuple[Any, str]:
    """File as a citizen on /portal/complaint/; returns the response and the receipt shown."""
    web = client or Client()
    data: dict[str, Any] = {"jurisdiction": place.jurisdiction.pk, "agency": place.agency.pk, "reported_person": "张执法",
                            "text": text, **extra}
    if named:
        data.update({f"identity_{k}": v for k, v in IDENTITY.items()})
    else:
        data["anonymous"] = "on"
    answer = web.post("/portal/complaint/", data)
    page = answer.content.decode()
    found = re.search(r'class="receipt-code"[^>]*>([\d ]+)<', page)
    return answer, found.group(1).replace(" ", "") if found else ""


def custodian(place: Any) -> Any:
    from rongcuo.core.models import RoleAssignment, User
    from rongcuo.core.roles import Role

    person = User.objects.create_user(username=f"custodian_{place.jurisdiction.pk}", password="x-long-password-1",
                                      first_name="保管人")
    RoleAssignment.objects.create(user=person, role=Role.CUSTODIAN, jurisdiction=place.jurisdiction)
    return person


def signed_in(user: Any) -> Client:
    web = Client()
    web.force_login(user)
    return web
