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
    ("lc_custodian", "林保管", Role.CUSTODIAN, "licheng", "j"),
    ("xx_custodian", "沈保管", Role.CUSTODIAN, "xixian", "j"),
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
                self.ledger(places)
                self.complaints(places, users)
            self.stdout.write("演示数据已载入。")
        self.print_logins()

    def places(self) -> dict[str, dict[str, Any]]:
        shandong = Jurisdiction.objects.create(name="山东省", level="province")
        jinan = Jurisdiction.objects.create(name="济南市", level="city", parent=shandong)
        licheng = Jurisdiction.objects.create(name="历城区", level="county", parent=jinan, rule_packs=["licheng-2025"], number_prefix="历司",
                                              office_name="济南市历城区司法局", publish_statistics=True)
        shanxi = Jurisdiction.objects.create(name="山西省", level="province")
        linfen = Jurisdiction.objects.create(name="临汾市", level="city", parent=shanxi)
        xixian = Jurisdiction.objects.create(name="隰县", level="county", parent=linfen, rule_packs=["xixian-2022"], number_prefix="隰司",
                                             office_name="隰县司法局", publish_certificates=True)
        result = {}
        for key, place, agencies in (
            ("licheng", licheng, ["历城区市场监督管理局", "历城区综合行政执法局", "历城区生态环境分局"]),
            ("xixian", xixian, ["隰县市场监督管理局", "隰县交通运输局"]),
        ):
            # 隰县: the officer's unit decides under its own 文号 (隰县制度第十四条)
            prefixes = {"隰县市场监督管理局": "隰市监", "隰县交通运输局": "隰交"}
            rows = [Agency.objects.create(name=name, jurisdiction=place, number_prefix=prefixes.get(name, ""))
                    for name in agencies]
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

        def apply(officer: str, title: str, narrative: str, facts: dict[str, bool], *, source: str = "own_application",
                  actor: str | None = None, major: bool = False, days_ago: int = 60) -> Any:
            return s.case_apply(actor=u[actor or officer], officer=u[f"{officer}:officer"], source=source, title=title,
                                narrative=narrative, conduct_date=day - dt.timedelta(days=days_ago), facts=facts, is_major=major)

        def investigate(case: Any, statement: str, verification: str = "经调阅执法案卷、询问当事人及相关人员，申请所述事实属实。") -> None:
            s.case_file(actor=u["lc_head"], case=case, reason="申请材料齐全，属于容错纠错认定范围，予以立案。")
            s.case_assign_investigators(actor=u["lc_handler"], case=case, investigators=[u["lc_inv1"], u["lc_inv2"]])
            s.case_update_facts(actor=u["lc_inv1"], case=case, facts=dict(case.facts), reason=verification)
            s.case_record_statement(actor=u["lc_handler"], case=case, text=f"被调查人陈述：{statement}")

        def decide_xixian(case: Any, facts: dict[str, bool], disposition: str, opinion: str) -> None:
            s.case_file(actor=u["xx_head"], case=case, reason="经单位党组研究，启动容错认定工作。")
            s.case_assign_investigators(actor=u["xx_handler"], case=case, investigators=[u["xx_inv1"]])
            s.case_update_facts(actor=u["xx_handler"], case=case, facts=facts, reason="经调阅执法案卷、询问当事人，申请所述事实属实。")
            s.case_determine(actor=u["xx_head"], case=case, disposition=disposition, opinion=opinion,
                             meeting_date=day, attendees="陈负责（党组书记）、冯承办、党组成员三人")
            s.case_notify(actor=u["xx_handler"], case=case, recipients=f"{case.officer.name}、{case.agency.name}")

        # 历城区（济历城政发〔2025〕1号）
        apply("lc_officer", "食品经营户冷库检查中未发现过期原料",
              "在对某餐饮企业例行检查时，企业负责人隐瞒了另一处冷库，检查人员未能发现其中储存的过期原料，"
              "后经群众举报查实。执法人员发现后立即组织封存、督促企业召回，未造成食品安全事故。",
              {"counterparty_concealed_information": True, "actively_remedied": True})
        c2 = apply("lc_aux", "联合执法中处罚决定超出法定期限",
                   "在对某建材市场的联合执法中，当事人多次拒绝接受询问、转移账簿，执法人员先后采取约谈、调取银行流水等措施，"
                   "处罚决定较法定期限迟延十二日作出。", {"obstruction_measures_exhausted": True, "time_limit_exceeded": True},
                   source="unit_application", actor="lc_liaison")
        s.case_file(actor=u["lc_head"], case=c2, reason="所在单位代为申请，予以立案。")
        c3 = apply("lc_officer", "防汛抢险中先行拆除违建未完成告知程序",
                   "汛期河道行洪受阻，为快速处置险情，执法人员在未完成书面告知的情况下先行拆除河道内违法搭建的棚屋。",
                   {"emergency_task": True, "procedural_defect": True})
        investigate(c3, "险情紧急，河道行洪受阻，来不及完成书面告知，拆除后已补送告知书。")
        c4 = apply("lc_aux", "辅助执法人员未全程记录执法过程",
                   "辅助执法人员在查处无证经营时未开启执法记录仪，当事人事后投诉执法过程并引发网络舆情。",
                   {"three_systems_not_followed": True, "serious_consequence": True})
        investigate(c4, "当日执法记录仪电量不足，未及时更换，承认未全程记录。")
        s.case_determine(actor=u["lc_head"], case=c4, disposition="不予容错免责",
                         opinion="未按规定执行行政执法全过程记录制度，造成严重后果，依第十二条第（三）项不予容错。")
        c5 = apply("lc_officer2", "政策调整期间许可审查尺度偏差",
                   "新旧许可审查标准衔接期间，上级文件对过渡期适用范围规定不明确，执法人员按旧标准审查通过一件许可申请。",
                   {"policy_boundary_unclear": True, "objective_constraints": True})
        investigate(c5, "过渡期文件未明确适用范围，已向法制科请示但未获答复，按旧标准审查。")
        s.case_determine(actor=u["lc_head"], case=c5, disposition="免责", opinion="符合第十条第（二）项，予以免责。")
        s.case_notify(actor=u["lc_handler"], case=c5, recipients="刘芳、历城区综合行政执法局")
        c6 = apply("lc_officer", "检测报告错误导致处罚决定错误",
                   "执法人员依据法定检测机构出具的不合格检测报告作出罚款决定，后该机构更正报告，罚款决定被撤销。",
                   {"due_diligence_done": True, "third_party_report_error": True})
        investigate(c6, "处罚依据的是法定检测机构盖章的正式报告，已核对报告编号和资质。")
        s.case_determine(actor=u["lc_head"], case=c6, disposition="减轻", opinion="符合第十条第（五）项，减轻处理。")
        s.case_notify(actor=u["lc_handler"], case=c6, recipients="张明、历城区市场监督管理局")
        s.case_acknowledge_receipt(actor=u["lc_officer"], case=c6)
        s.case_request_review(actor=u["lc_officer"], case=c6, grounds="已尽审慎审核义务，请求予以免责。")
        c7 = apply("lc_officer", "多部门联合检查中的职责交叉偏差",
                   "在涉及市场监管、城管、生态环境三部门的联合检查中，执法人员主动牵头处置，因职责交叉出现一处文书适用偏差。",
                   {"multi_agency_proactive": True})
        investigate(c7, "联合检查由本人牵头协调，文书适用偏差系三部门职责交叉所致，发现后立即更正。")
        s.case_determine(actor=u["lc_head"], case=c7, disposition="免责", opinion="主动担当、积极作为，符合第十条第（三）项，予以免责。")
        s.case_notify(actor=u["lc_handler"], case=c7, recipients="张明")
        s.case_record_receipt(actor=u["lc_handler"], case=c7, received_on=day, method="送达回证")
        s.case_request_review(actor=u["lc_officer"], case=c7, grounds="对认定无异议，但请求复核纠错事项的范围。")
        s.case_decide_review(actor=u["lc_head"], case=c7, upheld=True, decision="经复核，维持原认定。")
        s.case_add_rectification_task(actor=u["lc_handler"], case=c7, description="完善联合检查文书适用规则并报送监督机构备案",
                                      due_on=day + dt.timedelta(days=20))
        c8 = s.case_apply(actor=u["lc_handler"], officer=u["lc_officer2:officer"], source="supervision_case",
                          title="食品抽检不合格罚款决定依据的检验结论存疑",
                          narrative="区政府行政执法监督机构在案卷评查中发现一件食品抽检罚款决定所依据的检验结论存疑，"
                                    "启动监督案件，同时启动容错纠错核查。",
                          conduct_date=day - dt.timedelta(days=30), facts={})
        s.case_pause_clock(actor=u["lc_handler"], case=c8, reason="委托另一家法定检验机构复检涉案食品")
        s.case_consult(actor=u["lc_handler"], case=c3, kind="joint", with_whom="历城区纪委监委派驻纪检监察组",
                       summary="拆除涉及群众财产，商请纪检监察机关联合调查。")
        c9 = apply("lc_officer2", "历史遗留违建处置中的偏差",
                   "在处置一处历史遗留违建时，执法人员顶住压力推进拆除，因原始审批档案缺失，拆除范围认定出现偏差。",
                   {"resolving_entrenched_conflict": True}, days_ago=300)
        investigate(c9, "原始审批档案缺失，拆除范围依据现场测量认定，事后发现偏差已协调补偿。")
        s.case_determine(actor=u["lc_head"], case=c9, disposition="免责", opinion="符合第十条第（九）项，予以免责。")
        s.case_notify(actor=u["lc_handler"], case=c9, recipients="刘芳")
        s.case_record_receipt(actor=u["lc_handler"], case=c9, received_on=day, method="送达回证")
        s.case_request_review(actor=u["lc_officer2"], case=c9, grounds="请求复核。")
        s.case_decide_review(actor=u["lc_head"], case=c9, upheld=True, decision="经复核，维持原认定。")
        s.case_archive(actor=u["lc_handler"], case=c9)
        s.case_reject(actor=u["lc_head"], case=apply("lc_officer2", "申请对正常履职行为进行容错认定",
                                                       "申请人认为一次正常的检查可能被投诉，要求预先认定。", {}),
                      reason="所述情形尚未发生执法过错，不属于容错纠错认定范围，书面答复申请人。")
        # 隰县（隰政办发〔2022〕63号）
        apply("xx_officer", "执法检查中经营者隐瞒无证经营场所",
              "对某加油站开展执法检查时，经营者隐瞒了另一处储油点，检查人员未能及时发现，后经群众举报查处。",
              {"counterparty_concealed_information": True})
        x2 = apply("xx_officer2", "审批改革试点中容缺受理未达预期",
                   "在“一件事一次办”改革试点中，执法人员对道路运输许可容缺受理，部分申请人未按承诺补正材料。",
                   {"reform_pilot": True, "actively_remedied": True})
        s.case_file(actor=u["xx_head"], case=x2, reason="经单位党组研究，启动容错认定工作。")
        x3 = apply("xx_officer", "超越职责范围查处他部门管辖事项",
                   "执法人员对属于自然资源部门管辖的非法采砂行为径行作出扣押决定。", {"outside_statutory_authority": True})
        decide_xixian(x3, {"outside_statutory_authority": True}, "不予容错免责", "超越法定职责范围，依第十三条不予容错。")
        x4 = apply("xx_officer2", "治超检查中车主隐瞒改装情况",
                   "治超检查时车主隐瞒车辆非法改装情况，执法人员未能及时发现，事后立即组织复查并督促恢复原状。",
                   {"counterparty_concealed_information": True, "actively_remedied": True}, days_ago=120)
        decide_xixian(x4, {"counterparty_concealed_information": True, "actively_remedied": True}, "免责",
                      "符合第十一条第一款第（六）项，且同时符合第二款三项条件，党组研究予以免责。")
        s.case_publish(actor=u["xx_handler"], case=x4, published=True, scope="隰县交通运输局内部", published_on=day)
        s.case_add_rectification_task(actor=u["xx_handler"], case=x4, description="完善治超检查车辆核查清单",
                                      due_on=day + dt.timedelta(days=30))

    def ledger(self, places: dict[str, dict[str, Any]]) -> None:
        """Two years of each agency's ledger, imported as an agency would (the CSV the template describes)."""
        import csv
        import io
        import random

        from rongcuo.ledger import services as ledger
        from rongcuo.ledger.table import COLUMNS, KINDS

        chance = random.Random(7)
        kinds = [name for _, name in KINDS]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for place in places.values():
            for agency in place["agencies"]:
                for i in range(1, 41):
                    filed = dt.date(2024, 1, 1) + dt.timedelta(days=chance.randrange(640))
                    kind = chance.choices(kinds, [40, 15, 8, 25, 2, 2, 3, 2, 1, 2])[0]
                    closed = filed + dt.timedelta(days=chance.randrange(5, 90)) if chance.random() < 0.85 else None
                    writer.writerow([f"{agency.name[:4]}〔{filed.year}〕{i}号", kind, agency.name, chance.choice(
                        ["王强、李明", "赵丽、孙伟", "周杰、吴敏", "郑涛、冯雪"]), filed.isoformat(),
                        closed.isoformat() if closed and closed <= dt.date.today() else "",
                        chance.randrange(500, 30000, 100) if kind == "处罚" else "", "是" if chance.random() < 0.05 else "否",
                        "是" if chance.random() < 0.03 else "否"])
        ledger.ledger_import(actor=None, content=out.getvalue().encode("utf-8"), name="演示台账.csv")

    def complaints(self, places: dict[str, dict[str, Any]], u: dict[str, Any]) -> None:
        """Complaints at each stage: one waiting for triage, a named one under a case with a request to
        see the reporter, one closed and owing feedback, one answered and archived; a released
        determination and a public comment."""
        from rongcuo.cases.models import Case
        from rongcuo.complaints import services as c
        from rongcuo.portal import services as portal

        licheng, xixian = places["licheng"], places["xixian"]
        c.complaint_file(jurisdiction_id=licheng["jurisdiction"].pk, agency_id=licheng["agencies"][0].pk,
                         reported_person="张明", text_body="上周在农贸市场检查时，执法人员态度生硬，没有出示执法证件。",
                         address="demo-1")
        named, _ = c.complaint_file(
            jurisdiction_id=licheng["jurisdiction"].pk, agency_id=licheng["agencies"][1].pk, reported_person="刘芳",
            text_body="反映执法人员在许可审查中按旧标准放行不合格申请。", anonymous=False,
            identity={"name": "陈建国", "id_number": "370112196805204418", "phone": "13953112345", "address": "历城区山大路 66 号"},
            address="demo-2")
        case = Case.objects.get(title="政策调整期间许可审查尺度偏差")
        c.complaint_link(actor=u["lc_handler"], complaint=named, case_id=case.pk)
        c.reveal_request(actor=u["lc_handler"], complaint=named, reason="需向实名举报人当面核实反映的许可申请编号。")
        owed, _ = c.complaint_register(actor=u["lc_handler"], jurisdiction=licheng["jurisdiction"], channel="hotline",
                                       ticket="12345-20251104-0087", received_on=dt.date.today() - dt.timedelta(days=20),
                                       text_body="热线转办：反映某执法人员收受商户好处。", reported_person="何强")
        c.complaint_close(actor=u["lc_handler"], complaint=owed, closing="unfounded",
                          note="经调取执法记录仪视频、询问商户，未发现收受好处的情况。")
        answered, _ = c.complaint_file(jurisdiction_id=xixian["jurisdiction"].pk, agency_id=xixian["agencies"][1].pk,
                                       text_body="治超站执法人员对货车司机乱罚款。", address="demo-3")
        c.complaint_close(actor=u["xx_handler"], complaint=answered, closing="unproven", note="经核查执法台账和票据，查无实据。")
        c.feedback_give(actor=u["xx_handler"], complaint=answered, body="经核查，所反映问题查无实据。", way="notice",
                        scope="隰县交通运输局治超站全体人员")
        c.complaint_archive(actor=u["xx_handler"], complaint=answered)
        release = portal.release_propose(actor=u["lc_handler"], case=case)
        portal.release_approve(actor=u["lc_head"], release=release)
        portal.comment_submit(jurisdiction=licheng["jurisdiction"], pack_id="licheng-2025", clause="10.2",
                              body="建议对“政策界限不明确”举例说明。", address="demo-4")

    def print_logins(self) -> None:
        lines = ["", f"演示账号（密码均为 {PASSWORD}）："]
        labels = {
            "lc_handler": "历城区 承办人（行政执法监督机构）", "lc_head": "历城区 负责人（审批）", "lc_inv1": "历城区 调查人员",
            "lc_liaison": "历城区市场监督管理局 联络员", "lc_officer": "历城区 执法人员 张明", "lc_discipline": "历城区 纪检监察",
            "xx_handler": "隰县 承办人", "xx_head": "隰县 负责人", "xx_officer": "隰县 执法人员 李华",
            "lc_custodian": "历城区 举报人身份保管人", "admin": "系统管理员",
        }
        lines += [f"  {username:<14}{label}" for username, label in labels.items()]
        lines.append("公众门户（无需登录）：/portal/")
        self.stdout.write("\n".join(lines))
