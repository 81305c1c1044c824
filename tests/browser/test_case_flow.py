"""A case from application to archive in a real browser, each person signing in as themselves."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "x-long-password-1"


class Session:
    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base, self.shot = page, base, 0

    def sign_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base}/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(f"{self.base}/")

    def open_case(self, pk: int) -> None:
        self.page.goto(f"{self.base}/cases/{pk}/")

    def step(self, label: str, fill: dict[str, str] | None = None, check: list[str] | None = None,
             select: dict[str, str] | None = None) -> None:
        exact = re.compile(rf"^\s*{re.escape(label)}(\s*下一步)?\s*$")  # 调查核实 is not 指派调查核实人员
        section = self.page.locator("details", has=self.page.locator("summary", has_text=exact)).first
        if section.get_attribute("open") is None:
            section.locator("summary").click()
        for name, value in (fill or {}).items():
            section.locator(f"[name={name}]").fill(value)
        for label_text in check or []:
            section.get_by_label(label_text, exact=True).first.check()  # the first group of a step
        for name, value in (select or {}).items():
            section.locator(f"select[name={name}]").select_option(label=value)
        section.get_by_role("button", name=label).click()
        assert f"已办理：{label}" in self.page.locator(".messages").inner_text()
        self.snap(label)

    def state(self) -> str:
        return str(self.page.locator("#state").inner_text())

    def snap(self, name: str) -> None:
        self.shot += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"flow-{self.shot:02d}-{name}.png"), full_page=True)


def test_a_case_is_carried_from_application_to_archive_by_each_role(page: Any, live_server: Any, licheng: Any) -> None:
    ui = Session(page, live_server.url)
    # 执法人员本人在线申请
    ui.sign_in("lc_officer")
    page.get_by_role("link", name="申请容错认定").click()
    page.fill("input[name=title]", "食品经营检查中未发现隐患")
    page.fill("input[name=conduct_date]", "2025-06-01")
    page.fill("textarea[name=narrative]", "检查时企业故意隐瞒了储存问题，事后已督促整改。")
    page.get_by_label("是否：行政相对人（执法对象）故意隐瞒或未如实反映情况，致使没有及时发现潜在问题？").check()
    page.get_by_label("是否：积极主动采取措施，有效避免损失、消除不良影响或挽回损失？").check()
    page.get_by_role("button", name="提交申请").click()
    assert ui.state() == "待立案"
    pk = int(page.url.rstrip("/").split("/")[-1])
    reference = page.locator("#comparison").inner_text()
    assert "系统参考意见" in reference
    assert "不是认定结论" in reference
    assert "应当从轻、减轻处理或者予以免责" in reference
    ui.snap("applied")
    # 负责人立案
    ui.sign_in("lc_head")
    page.get_by_role("link", name="待我审批").click()
    assert "立案" in page.locator("main").inner_text()
    ui.open_case(pk)
    ui.step("立案")
    assert ui.state() == "核实中"
    assert "调查终结并作出决定" in page.locator("main").inner_text()
    # 承办人指派两名调查人员，其中一人回避，再补派一人
    ui.sign_in("lc_handler")
    ui.open_case(pk)
    ui.step("指派调查人员", check=["inv0", "inv1"])
    ui.step("决定调查人员回避", select={"investigator": "inv1"}, fill={"reason": "与当事人系亲属"})
    ui.step("指派调查人员", check=["inv2"])
    # 调查人员核实事实要素
    ui.sign_in("lc_inv0")
    ui.open_case(pk)
    ui.step("核实事实要素", fill={"reason": "经询问企业负责人、调阅检查记录，核实属实。"})
    # 执法人员陈述申辩
    ui.sign_in("lc_officer")
    ui.open_case(pk)
    ui.step("记录陈述申辩", fill={"text": "本人已按规定检查，企业故意隐瞒，事后已督促整改。"})
    # 负责人作出认定
    ui.sign_in("lc_head")
    ui.open_case(pk)
    ui.step("作出认定决定", select={"disposition": "免责（法定幅度内）"}, fill={"opinion": "符合第十条第（七）项，予以免责。"})
    assert ui.state() == "已认定"
    assert "历司容决〔" in page.locator("#determination").inner_text()
    # 承办人告知
    ui.sign_in("lc_handler")
    ui.open_case(pk)
    ui.step("告知相关单位及当事人", fill={"recipients": "张执法、历城区市场监督管理局"})
    # 执法人员确认收到认定决定，复核期限自收到之日起算，再申请复核
    ui.sign_in("lc_officer")
    ui.open_case(pk)
    assert "尚未送达" in page.locator("#determination").inner_text()
    ui.step("确认收到认定决定")
    assert "当事人申请复核" in page.locator("main").inner_text()
    assert "前申请复核" in page.locator("#review-window").inner_text()
    ui.step("申请复核", fill={"grounds": "请求复核认定意见的表述。"})
    assert ui.state() == "复核中"
    # 负责人作出复核决定
    ui.sign_in("lc_head")
    ui.open_case(pk)
    ui.step("作出复核决定", check=["维持原认定"], fill={"decision": "维持原认定。"})
    # 承办人提出纠错要求
    ui.sign_in("lc_handler")
    ui.open_case(pk)
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    ui.step("提出纠错要求", fill={"description": "完善检查记录制度", "due_on": due})
    assert ui.state() == "纠错整改中"
    # 执法人员完成整改
    ui.sign_in("lc_officer")
    ui.open_case(pk)
    ui.step("完成纠错整改", fill={"report": "已修订检查记录制度并培训。"})
    # 承办人归档
    ui.sign_in("lc_handler")
    ui.open_case(pk)
    ui.step("归档")
    assert ui.state() == "已归档"
    timeline = page.locator(".timeline").inner_text()
    for entry in ("立案", "回避", "记录陈述申辩", "认定", "告知", "送达", "申请复核", "复核决定", "完成整改", "归档"):
        assert entry in timeline
    assert "隰县" not in page.locator("main").inner_text()
    # nobody typed a document: each step issued its own, and 归档 made the dossier
    documents = page.locator("#documents").inner_text()
    for kind in ("《容错纠错认定决定书》历司容决〔", "《告知书》历司容告〔", "《复核决定书》历司容复〔", "《纠错整改通知书》"):
        assert kind in documents
    assert "记录校验通过" in documents
    with page.expect_download() as word:
        page.locator("#documents").get_by_role("link", name="下载 Word").first.click()
    assert word.value.suggested_filename.endswith(".docx")
    with page.expect_download() as dossier:
        page.locator("#documents").get_by_role("link", name=re.compile("下载卷宗")).click()
    assert dossier.value.suggested_filename.startswith("卷宗_")
    page.locator("#documents").get_by_role("link", name=re.compile("全部文书")).click()
    assert "已被新版本取代" in page.locator("main").inner_text()  # the first 指派告知, replaced when inv2 joined
    ui.snap("documents")
    page.goto(f"{live_server.url}/cases/{pk}/print/")
    printed = page.locator("body").inner_text()
    assert "办理记录" in printed
    assert "《容错纠错认定决定书》" in printed
    ui.snap("print")


def test_a_xixian_case_runs_the_county_procedure_in_the_browser(page: Any, live_server: Any, xixian: Any) -> None:
    from rongcuo.cases import services

    case = services.case_apply(actor=xixian.officer_user, officer=xixian.officer, source="own_application",
                               title="治超检查中车主隐瞒改装情况", narrative="车主隐瞒车辆改装，执法人员未能及时发现。",
                               conduct_date=dt.date(2025, 6, 1), facts={"counterparty_concealed_information": True})
    ui = Session(page, live_server.url)
    ui.sign_in("xx_head")
    ui.open_case(case.pk)
    assert "不予受理" not in page.locator("#steps").inner_text()  # 隰县制度 has no 不予受理
    ui.step("启动容错认定")
    ui.sign_in("xx_handler")
    ui.open_case(case.pk)
    ui.step("调查核实", check=["积极主动采取措施，有效避免损失、消除不良影响或挽回损失"], fill={"reason": "经调阅案卷、询问车主，核实属实。"})
    ui.sign_in("xx_head")
    ui.open_case(case.pk)
    ui.step("党组集体研究作出认定结论", select={"disposition": "免责（法定幅度内）"},
            fill={"opinion": "党组研究认为符合第十一条第一款第（六）项，予以免责。",
                  "meeting_date": dt.date.today().isoformat(), "attendees": "党组书记、党组成员三人"})
    decision = page.locator("#determination").inner_text()
    assert "所在单位党组（集体研究决定）" in decision
    assert "党组成员三人" in decision
    ui.sign_in("xx_handler")
    ui.open_case(case.pk)
    ui.step("告知相关单位及当事人", fill={"recipients": "李华、隰县交通运输局"})
    assert "申请复核" not in page.locator("main").inner_text()  # 隰县制度 gives no review
    ui.step("在一定范围内公开", check=["已在一定范围内公开"], fill={"scope": "隰县交通运输局内部", "published_on": dt.date.today().isoformat()})
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    ui.step("提出纠错要求", fill={"description": "完善治超检查车辆核查清单", "due_on": due})
    ui.sign_in("xx_officer")
    ui.open_case(case.pk)
    ui.step("完成纠错整改", fill={"report": "已完善核查清单。"})
    ui.sign_in("xx_handler")
    ui.open_case(case.pk)
    ui.step("办结归档")
    assert ui.state() == "已归档"
    text = page.locator("main").inner_text()
    assert "历城" not in text
    assert "隰县制度第十四条" in text


def test_a_refused_step_keeps_what_was_typed_and_says_why(page: Any, live_server: Any, licheng: Any) -> None:
    from rongcuo.cases import services

    case = services.case_apply(actor=licheng.officer_user, officer=licheng.officer, source="own_application", title="t",
                               narrative="n", conduct_date=dt.date(2025, 6, 1),
                               facts={"counterparty_concealed_information": True})
    services.case_file(actor=licheng.head, case=case)
    ui = Session(page, live_server.url)
    ui.sign_in("lc_head")
    ui.open_case(case.pk)
    waiting = page.locator("#steps").inner_text()
    assert "“作出认定决定”尚不能办理，缺少：" in waiting  # not offered, and says what is missing
    assert "陈述申辩" in waiting
    services.case_assign_investigators(actor=licheng.handler, case=case, investigators=licheng.investigators[:2])
    services.case_update_facts(actor=licheng.handler, case=case, facts=dict(case.facts), reason="核实")
    services.case_record_statement(actor=licheng.officer_user, case=case, text="陈述")
    ui.open_case(case.pk)
    section = page.locator("details", has=page.locator("summary", has_text="作出认定决定")).first
    if section.get_attribute("open") is None:
        section.locator("summary").click()
    section.locator("select[name=disposition]").select_option(label="不予容错免责（超出幅度，须写明理由）")
    section.locator("[name=opinion]").fill("拟不予容错免责。")
    section.get_by_role("button", name="作出认定决定").click()
    message = page.locator(".messages").inner_text()
    assert "未办理" in message
    assert "不在法定处理幅度内" in message
    section = page.locator("details", has=page.locator("summary", has_text="作出认定决定")).first
    assert section.get_attribute("open") is not None  # the refused form is the one open again
    assert section.locator("[name=opinion]").input_value() == "拟不予容错免责。"
    assert section.locator("select[name=disposition]").input_value() == "不予容错免责"


def test_an_outsider_gets_the_same_chinese_404_as_for_a_missing_case(page: Any, live_server: Any, licheng: Any, xixian: Any) -> None:
    from rongcuo.cases import services

    case = services.case_apply(actor=licheng.officer_user, officer=licheng.officer, source="own_application", title="t",
                               narrative="n", conduct_date=dt.date(2025, 6, 1))
    ui = Session(page, live_server.url)
    ui.sign_in("xx_handler")
    response = page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert response.status == 404
    hidden = page.locator("main").inner_text()
    assert "或者您无权查看" in hidden
    missing = page.goto(f"{live_server.url}/cases/{case.pk + 1000}/")
    assert missing.status == 404
    assert page.locator("main").inner_text() == hidden
