"""What every page needs: the navigation for the user's roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from rongcuo.cases import selectors
from rongcuo.core.roles import Role

LINKS = [
    ("/", "工作台", None),
    ("/cases/", "案件", None),
    ("/apply/", "申请容错认定", {Role.OFFICER, Role.LIAISON}),
    ("/approvals/", "待我审批", {Role.HEAD}),
    ("/ledger/", "执法台账", {Role.LIAISON, Role.HANDLER, Role.HEAD, Role.ADMIN}),
    ("/statistics/", "执法统计", {Role.LIAISON, Role.HANDLER, Role.HEAD, Role.ADMIN}),
    ("/evaluation/", "案卷评查", {Role.LIAISON, Role.HANDLER, Role.HEAD, Role.ADMIN, Role.INVESTIGATOR}),
    ("/complaints/", "信访举报", {Role.HANDLER, Role.HEAD}),
    ("/complaints/reveals/", "身份查看审批", {Role.CUSTODIAN}),
    ("/publications/", "公开与意见", {Role.HANDLER, Role.HEAD}),
    ("/reports/work/", "工作情况", {Role.HANDLER, Role.HEAD, Role.ADMIN}),
    ("/packs/", "规定", None),
    ("/rules/check/", "按事实比较", None),
    ("/portal/", "公众门户", None),
    ("/documents/settings/", "文书设置", {Role.ADMIN}),
    ("/admin/", "系统管理", {Role.ADMIN}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:
        return {}
    roles = selectors.roles_of(user)
    if hasattr(user, "officer"):  # an account linked to an officer record applies as that officer
        roles.add(Role.OFFICER)
    items = [
        {"url": url, "label": label, "active": request.path == url or (url != "/" and request.path.startswith(url))}
        for url, label, needs in LINKS
        if needs is None or roles & needs or (user.is_superuser and url == "/admin/")
    ]
    return {"nav_items": items, "role_labels": [Role(r).label.split("（")[0] for r in sorted(roles)]}
