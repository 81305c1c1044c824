"""`rongcuo demo-data`: two jurisdictions (one per pack), users for every role, a dozen cases.

Idempotent: if the demo is already loaded it only prints the logins. Every case is built through
the services, so each has its complete, verifiable record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from rongcuo.core.models import Agency, Jurisdiction, Officer, RoleAssignment, User
from rongcuo.core.roles import Role

PASSWORD = "rongcuo-demo-2025"

PEOPLE = [
    # username, name, role, place key, scope ("j" jurisdiction / "a" agency)
    ("lc_handler", "王承办", Role.HANDLER, "licheng", "j"),
    ("lc_head", "赵负责", Role.HEAD, "licheng", "j"),
    ("lc_inv1", "钱调查", Role.INVESTIGATOR, "licheng", "j"),
    ("lc_inv2", "孙调查", Role.INVESTIGATOR, "licheng", "j"),
    ("lc_inv3", "周调查", Role.INVESTIGATOR, "licheng", "j"),
    ("lc_liaison", "吴联络", Role.LIAISON, "licheng", "a"),
    ("lc_discipline", "郑纪检", Role.DISCIPLINE, "licheng", "j"),
    ("xx_handler", "冯承办", Role.HANDLER, "xixian", "j"),
    ("xx_head", "陈负责", Role.HEAD, "xixian", "j"),
    ("xx_inv1", "褚调查", Role.INVESTIGATOR, "xixian", "j"),
    ("xx_inv2", "卫调查", Role.INVESTIGATOR, "xixian", "j"),
    ("xx_liaison", "蒋联络", Role.LIAISON, "xixian", "a"),
    ("admin", "系统管理员", Role.ADMIN, "licheng", "j"),
]


class Command(BaseCommand):
    help = "载入演示数据（两地辖区、各角色用户、十余件处于不同环节的案件）"

    def handle(self, *args: Any, **options: Any) -> None:
        if not User.objects.filter(username="lc_handler").exists():
            with transaction.atomic():
                places = self.places()
                users = self.people(places)
                self.cases(places, users)
            self.stdout.write("演示数据已载入。")
        self.print_logins()

    def places(self) -> dict[str, dict[str, Any]]:
        shandong = Jurisdiction.objects.create(name="山东省", level="province")
        jinan = Jurisdiction.objects.create(name="济南市", level="city", parent=shandong)
        licheng = Jurisdiction.objects.create(name="历城区", level="county", parent=jinan, rule_packs=["licheng-2025"], number_prefix="历司")
        shanxi = Jurisdiction.objects.create(name="山西省", level="province")
        linfen = Jurisdiction.objects.create(name="临汾市", level="city", parent=shanxi)
        xixian = Jurisdiction.objects.create(name="隰县", level="county", parent=linfen, rule_packs=["xixian-2022"], number_prefix="隰司")
        result = {}
        for key, place, agencies in (
            ("licheng", licheng, ["历城区市场监督管理局", "历城区综合行政执法局", "历城区生态环境分局"]),
            ("xixian", xixian, ["隰县市场监督管理局", "隰县交通运输局"]),
        ):
            rows = [Agency.objects.create(name=name, jurisdiction=place) for name in agencies]
            result[key] = {"jurisdiction": place, "agencies": rows}
        return result

    def people(self, places: dict[str, dict[str, Any]]) -> dict[str, Any]:
        users: dict[str, Any] = {}
        for username, name, role, place, scope in PEOPLE:
            user = User.objects.create_user(username=username, password=PASSWORD, first_name=name,
                                            is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
            where = places[place]
            if scope == "j":
                RoleAssignment.objects.create(user=user, role=role, jurisdiction=where["jurisdiction"])
            else:
                RoleAssignment.objects.create(user=user, role=role, agency=where["agencies"][0])
            users[username] = user
        officers = [
            ("lc_officer", "张明", "licheng", 0, "37011200101", False),
            ("lc_officer2", "刘芳", "licheng", 1, "37011200202", False),
            ("lc_aux", "何强", "licheng", 0, "", True),
            ("xx_officer", "李华", "xixian", 0, "14102900301", False),
            ("xx_officer2", "杨军", "xixian", 1, "14102900402", False),
        ]
        for username, name, place, agency_index, certificate, auxiliary in officers:
            user = User.objects.create_user(username=username, password=PASSWORD, first_name=name)
            users[username] = user
            RoleAssignment.objects.create(user=user, role=Role.OFFICER, agency=places[place]["agencies"][agency_index])
            users[f"{username}:officer"] = Officer.objects.create(
                name=name, certificate_number=certificate, agency=places[place]["agencies"][agency_index],
                is_auxiliary=auxiliary, user=user,
            )
        return users

    def cases(self, places: dict[str, dict[str, Any]], u: dict[str, Any]) -> None:
        from rongcuo.cases import services as s

        day = dt.date.today()

        def apply(place: str, officer: str, title: str, facts: dict[str, bool], *, source: str = "own_application",
                  actor: str | None = None, major: bool = False, days_ago: int = 60) -> Any:
            return s.case_apply(
                actor=u[actor or officer], officer=u[f"{officer}:officer"], source=source, title=title,
                narrative=f"{title}。执法人员在执法过程中出现失误，现依规定申请（或启动）容错纠错认定。",
                conduct_date=day - dt.timedelta(days=days_ago), facts=facts, is_major=major,
            )

        def investigate(case: Any, p: str) -> None:
            s.case_file(actor=u[f"{p}_head"], case=case)
            s.case_assign_investigators(actor=u[f"{p}_handler"], case=case, investigators=[u[f"{p}_inv1"], u[f"{p}_inv2"]])
            s.case_record_statement(actor=u[f"{p}_handler"], case=case, text="被调查人陈述：已按规定履职，失误系客观原因所致。")

        concealed = {"counterparty_concealed_information": True, "actively_remedied": True}
        # 历城区
        apply("licheng", "lc_officer", "食品经营检查中未发现隐患（企业隐瞒）", concealed)
        c2 = apply("licheng", "lc_aux", "联合执法中超期作出处罚决定", {"obstruction_measures_exhausted": True, "time_limit_exceeded": True},
                   source="unit_application", actor="lc_liaison")
        s.case_file(actor=u["lc_head"], case=c2)
        c3 = apply("licheng", "lc_officer", "突发事件处置中程序瑕疵", {"emergency_task": True, "procedural_defect": True})
        investigate(c3, "lc")
        c4 = apply("licheng", "lc_aux", "辅助人员检查记录不全", {"three_systems_not_followed": True, "serious_consequence": True})
        investigate(c4, "lc")
        s.case_determine(actor=u["lc_head"], case=c4, disposition="依法追责", opinion="造成严重后果，不予容错。", outside_range_reason="")
        c5 = apply("licheng", "lc_officer2", "政策调整期间许可审查偏差", {"policy_or_law_changed": True, "objective_constraints": True})
        investigate(c5, "lc")
        s.case_determine(actor=u["lc_head"], case=c5, disposition="免责", opinion="符合第十条第（二）项，予以免责。")
        s.case_notify(actor=u["lc_handler"], case=c5, recipients="刘芳、历城区综合行政执法局")
        c6 = apply("licheng", "lc_officer", "鉴定报告错误导致处罚错误", {"due_diligence_done": True, "third_party_report_error": True})
        investigate(c6, "lc")
        s.case_determine(actor=u["lc_head"], case=c6, disposition="减轻", opinion="符合第十条第（五）项。")
        s.case_notify(actor=u["lc_handler"], case=c6, recipients="张明、历城区市场监督管理局")
        s.case_request_review(actor=u["lc_officer"], case=c6, grounds="请求予以免责。")
        c7 = apply("licheng", "lc_officer", "多部门联合检查中的偏差", {"multi_agency_proactive": True})
        investigate(c7, "lc")
        s.case_determine(actor=u["lc_head"], case=c7, disposition="免责", opinion="主动担当，予以免责。")
        s.case_notify(actor=u["lc_handler"], case=c7, recipients="张明")
        s.case_add_rectification_task(actor=u["lc_handler"], case=c7, description="完善联合检查工作流程并报送",
                                      due_on=day + dt.timedelta(days=20))
        c8 = s.case_apply(actor=u["lc_handler"], officer=u["lc_officer2:officer"], source="supervision_case",
                          title="行政执法监督案件：罚款决定适用法律错误", narrative="监督检查中发现罚款决定适用法律错误。",
                          conduct_date=day - dt.timedelta(days=30), facts={})
        s.case_pause_clock(actor=u["lc_handler"], case=c8, reason="委托检测机构复检")
        c9 = apply("licheng", "lc_officer2", "历史遗留问题处置中的偏差", {"resolving_entrenched_conflict": True}, days_ago=300)
        investigate(c9, "lc")
        s.case_determine(actor=u["lc_head"], case=c9, disposition="免责", opinion="予以免责。")
        s.case_notify(actor=u["lc_handler"], case=c9, recipients="刘芳")
        s.case_archive(actor=u["lc_handler"], case=c9)
        # 隰县
        apply("xixian", "xx_officer", "执法检查中当事人隐瞒情况", {"counterparty_concealed_information": True})
        x2 = apply("xixian", "xx_officer2", "改革试点中审批未达预期", {"reform_pilot": True, "actively_remedied": True})
        investigate(x2, "xx")
        x3 = apply("xixian", "xx_officer", "超越职责范围查处", {"outside_statutory_authority": True})
        investigate(x3, "xx")
        s.case_determine(actor=u["xx_head"], case=x3, disposition="依法追责", opinion="违反法定职责范围，不予容错。")
        s.case_notify(actor=u["xx_handler"], case=x3, recipients="李华、隰县市场监督管理局")
        s.case_reject(actor=u["xx_head"], case=apply("xixian", "xx_officer2", "申请事项不属于容错范围", {}),
                      reason="所述情形不属于执法过错，无需容错认定，书面答复申请人。")

    def print_logins(self) -> None:
        lines = ["", f"演示账号（密码均为 {PASSWORD}）："]
        labels = {
            "lc_handler": "历城区 承办人（行政执法监督机构）", "lc_head": "历城区 负责人（审批）", "lc_inv1": "历城区 调查人员",
            "lc_liaison": "历城区市场监督管理局 联络员", "lc_officer": "历城区 执法人员 张明", "lc_discipline": "历城区 纪检监察",
            "xx_handler": "隰县 承办人", "xx_head": "隰县 负责人", "xx_officer": "隰县 执法人员 李华", "admin": "系统管理员",
        }
        lines += [f"  {username:<14}{label}" for username, label in labels.items()]
        self.stdout.write("\n".join(lines))
