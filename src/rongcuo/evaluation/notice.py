"""第七条: 将评查结果书面通知被评查案件主办人员 — the written notice of a self-evaluation's
result, made from the evaluation record in the project's official layout and signed by the agency."""

from __future__ import annotations

from django.utils import timezone

from rongcuo.documents.drafts import Draft, Para, Table
from rongcuo.documents.render import render_docx
from rongcuo.documents.services import template_for
from rongcuo.evaluation import rules
from rongcuo.evaluation.models import Evaluation
from rongcuo.evaluation.services import sheet

TITLE = "案卷评查结果通知书"


def result_notice(evaluation: Evaluation) -> bytes:
    """The notice as a Word document: to the file's 主办人员 (the first named), the result, the standards not met and
    the problems found, confirmed by the two heads (第七条)."""
    entry = evaluation.entry
    items = sheet(entry.agency.jurisdiction).items()
    failed = [items[key].text if key in items else key for key in evaluation.failed_items]
    score = f"，得分 {evaluation.score}" if evaluation.score is not None else ""
    body: list[Para | Table] = [
        Para(f"{rules.main_handler(entry.handlers)}：", indent=False),
        Para(f"根据《隰县行政执法案卷评查制度》第五条至第七条，本机关于{evaluation.evaluated_on:%Y年%m月%d日}对你主办的"
             f"{entry.get_kind_display()}案件（案件编号：{entry.case_number}，结案日期：{entry.closed_on:%Y年%m月%d日}）"
             f"的案卷进行了{evaluation.get_kind_display()}，评查结果为：{evaluation.grade}{score}。"),
        Table((("项目", "内容"),
               ("未达到的评查标准", "；".join(failed) or "无"),
               ("存在的问题", evaluation.problems or "无"),
               ("法制工作机构负责人", evaluation.legal_head or "—"),
               ("被评查执法机构负责人", evaluation.unit_head or "—")), (50, 106)),
        Para("请对存在的问题认真整改。评查结果按照《隰县行政执法案卷评查制度》第八条计入年度考核。"),
        Para("特此通知。"),
    ]
    draft = Draft(TITLE, "form", body, signed=True, date=timezone.localdate())
    return render_docx(template_for(entry.agency.jurisdiction.governing(), "form"), draft, issuer=entry.agency.name,
                       issued_on=timezone.localdate(), case_number="")
