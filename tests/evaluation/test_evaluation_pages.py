"""Case-file evaluation on the pages: an agency records its self-evaluation, the office draws the
year's sample and assigns evaluators; bad input is a Chinese message, never a server error."""

from __future__ import annotations

from typing import Any

from django.test import Client
from tests.evaluation.test_evaluation import entry

from rongcuo.evaluation.models import Evaluation, SampledFile, Sampling


def signed_in(user: Any) -> Client:
    web = Client()
    web.force_login(user)
    return web


def test_an_agency_records_its_self_evaluation_on_the_page(xixian: Any) -> None:
    owed = entry(xixian, "罚1")
    web = signed_in(xixian.liaison)
    page = web.get("/evaluation/").content.decode()
    assert "罚1" in page
    assert "录入自我评查" in page
    answer = web.post(f"/evaluation/self/{owed.pk}/", {"failed": ["evidence"], "problems": "缺询问笔录。",
                                                        "legal_head": "王法制", "unit_head": "李科长"}, follow=True)
    assert "已录入 罚1 的自我评查" in answer.content.decode()
    assert Evaluation.objects.get().grade == "不合格"
    again = web.post(f"/evaluation/self/{owed.pk}/", {"grade": "合格", "legal_head": "王", "unit_head": "李"}, follow=True)
    assert "该案卷已完成自我评查" in again.content.decode()
    assert signed_in(xixian.officer_user).get("/evaluation/").status_code == 403


def test_the_office_draws_the_sample_and_assigns_evaluators_on_the_pages(xixian: Any, licheng: Any) -> None:
    entry(xixian, "罚1")
    web = signed_in(xixian.head)
    drawn = web.post("/evaluation/draw/", {"jurisdiction": xixian.jurisdiction.pk, "year": "2025", "seed": "7"}, follow=True)
    assert "已抽取 2025 年度的案卷" in drawn.content.decode()
    sampling = Sampling.objects.get()
    file = SampledFile.objects.get()
    page = web.get(f"/evaluation/sampling/{sampling.pk}/").content.decode()
    assert f"随机种子 {sampling.seed}" in page  # the system's seed, recorded; a posted one is ignored
    assigned = web.post(f"/evaluation/sampling/{sampling.pk}/{file.pk}/",
                        {"what": "assign", "evaluators": [str(xixian.investigators[0].pk)]}, follow=True)
    assert "已指派评查人员" in assigned.content.decode()
    evaluator = signed_in(xixian.investigators[0])
    assert f"/evaluation/sampling/{sampling.pk}/" in evaluator.get("/evaluation/").content.decode()  # where to go
    done = evaluator.post(f"/evaluation/sampling/{sampling.pk}/{file.pk}/", {"what": "evaluate", "grade": "优秀"}, follow=True)
    assert "已录入 罚1 的评查结果" in done.content.decode()
    for bad in ({"jurisdiction": xixian.jurisdiction.pk, "year": "9" * 30}, {"jurisdiction": "x", "year": "2025"},
                {"jurisdiction": xixian.jurisdiction.pk, "year": "²"}, {"jurisdiction": xixian.jurisdiction.pk, "year": "2025"},
                {"jurisdiction": licheng.jurisdiction.pk, "year": "2025"}):
        assert "未完成" in web.post("/evaluation/draw/", bad, follow=True).content.decode()
    assert Sampling.objects.count() == 1  # every refused draw changed nothing
    huge = web.post(f"/evaluation/sampling/{sampling.pk}/{file.pk}/", {"what": "assign", "evaluators": ["9" * 40]},
                    follow=True)
    assert "请选择评查人员" in huge.content.decode()
    assert signed_in(licheng.head).get(f"/evaluation/sampling/{sampling.pk}/").status_code == 404


def test_the_api_lists_what_is_owed_records_it_and_draws_the_sample(xixian: Any, licheng: Any) -> None:
    from rest_framework.test import APIClient

    owed = entry(xixian, "罚1")
    api = APIClient()
    api.force_authenticate(xixian.liaison)
    listed = api.get("/api/evaluation/owed/").json()
    assert [(r["case_number"], r["due_on"]) for r in listed["results"]] == [("罚1", "2025-04-02")]
    made = api.post(f"/api/evaluation/self/{owed.pk}/", {"grade": "合格", "legal_head": "王法制", "unit_head": "李科长"},
                    format="json")
    assert made.status_code == 201
    assert api.get("/api/evaluation/owed/").json()["count"] == 0
    year = api.get("/api/evaluation/year/?year=2025").json()
    assert year["rates"][0]["percent"] == 100.0
    assert api.get("/api/evaluation/year/?year=99999999999999999999").status_code == 400
    assert api.get("/api/evaluation/year/?year=²").status_code == 400
    assert api.post("/api/evaluation/samplings/", {"jurisdiction": xixian.jurisdiction.pk, "year": 2025},
                    format="json").status_code == 403
    api.force_authenticate(xixian.head)
    drawn = api.post("/api/evaluation/samplings/", {"jurisdiction": xixian.jurisdiction.pk, "year": 2025},
                     format="json").json()
    assert [f["case_number"] for f in drawn["files"]] == ["罚1"]
    assert api.post("/api/evaluation/samplings/", {"jurisdiction": licheng.jurisdiction.pk, "year": 2025},
                    format="json").status_code == 403
    other = APIClient()
    other.force_authenticate(licheng.liaison)
    assert other.post(f"/api/evaluation/self/{owed.pk}/", {"grade": "合格", "legal_head": "王", "unit_head": "李"},
                      format="json").status_code == 403  # 历城区 has no case-file evaluation at all


def test_the_handler_is_told_the_result_in_writing_from_the_record_and_the_day_is_recorded_once(xixian: Any) -> None:
    """第七条: 将评查结果书面通知被评查案件主办人员."""
    import io

    import docx

    owed = entry(xixian, "罚7")
    web = signed_in(xixian.liaison)
    web.post(f"/evaluation/self/{owed.pk}/", {"failed": ["evidence"], "problems": "缺少现场检查笔录。",
                                               "legal_head": "王法制", "unit_head": "李科长"})
    evaluation = Evaluation.objects.get()
    page = web.get("/evaluation/").content.decode()
    assert "下载评查结果通知书" in page
    assert "登记已通知" in page
    notice = web.get(f"/evaluation/{evaluation.pk}/notice/")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.content)).paragraphs)
    cells = "\n".join(c.text for t in docx.Document(io.BytesIO(notice.content)).tables for r in t.rows for c in r.cells)
    assert "案卷评查结果通知书" in text
    assert "张三：" in text
    assert "罚7" in text
    assert "不合格" in text
    assert "缺少现场检查笔录。" in cells
    assert "王法制" in cells
    assert "李科长" in cells
    assert signed_in(xixian.handler).post(f"/evaluation/{evaluation.pk}/notice/", {"notified_on": "2099-01-01"},
                                          follow=True).status_code == 200  # the office may read, not record
    evaluation.refresh_from_db()
    assert evaluation.handler_notified_on is None
    wrong = web.post(f"/evaluation/{evaluation.pk}/notice/", {"notified_on": "2099-01-01"}, follow=True).content.decode()
    assert "书面通知日期应在评查之后、今天之前" in wrong
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    done = web.post(f"/evaluation/{evaluation.pk}/notice/", {"notified_on": today}, follow=True).content.decode()
    assert "已于" in done
    assert "通知" in done
    again = web.post(f"/evaluation/{evaluation.pk}/notice/", {"notified_on": today}, follow=True).content.decode()
    assert "已于" in again
    assert "书面通知主办人员" in again
    evaluation.refresh_from_db()
    assert evaluation.handler_notified_on == timezone.localdate()

    outsider = Client()
    assert outsider.get(f"/evaluation/{evaluation.pk}/notice/").status_code == 302  # to the login page
