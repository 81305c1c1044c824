"""Load: office staff of twenty districts working at once, against gunicorn and PostgreSQL.

Each simulated user signs in as one district's handler (承办人) and mixes what a working day holds:
the workbench, the case list with a Chinese search, a case page, the API's list, and a step (记录陈述
申辩) on a case under investigation. Run by benchmarks/load.sh, which prints the figures (counted from when all users have signed in).

`Statistician` (BENCH_CLASSES=Statistician) is the statistics load instead: district offices and the
city's office reading the statistics page and API for half-years, years and arbitrary periods.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PASSWORD = "bench-password-1"
SEARCHES = ["隐患", "检查记录", "行政处罚 超期", "送达", "新业态", "应急处置", "联合执法", "市场监督管理局"]


THINK = [float(x) for x in os.environ.get("BENCH_THINK", "2,5").split(",")]  # seconds between actions


def sign_in(user: FastHttpUser, username: str) -> None:
    page = user.client.get("/login/", name="/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    user.client.post("/login/", {"username": username, "password": PASSWORD,
                                 "csrfmiddlewaretoken": token.group(1) if token else ""},
                     headers={"Referer": user.host + "/login/"}, name="/login/")


def period() -> dict[str, str]:
    """A half-year, a year, or any span of days within the ledger's five years (2021–2025)."""
    year = random.randrange(2021, 2026)
    kind = random.randrange(3)
    if kind == 0:
        first = dt.date(year, random.choice((1, 7)), 1)
        last = dt.date(year, 6, 30) if first.month == 1 else dt.date(year, 12, 31)
    elif kind == 1:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    else:
        first = dt.date(2021, 1, 1) + dt.timedelta(days=random.randrange(1500))
        last = first + dt.timedelta(days=random.randrange(1, 400))
    return {"start": first.isoformat(), "end": last.isoformat()}


class Statistician(FastHttpUser):
    wait_time = between(THINK[0], THINK[1])

    def on_start(self) -> None:
        sign_in(self, "city_handler" if random.random() < 0.2 else f"d{random.randrange(20):02d}_handler0")

    @task(3)
    def page(self) -> None:
        self.client.get("/statistics/", params=period(), name="统计页面 /statistics/")

    @task(1)
    def api(self) -> None:
        self.client.get("/api/statistics/", params=period(), name="统计接口 /api/statistics/")


class Handler(FastHttpUser):  # geventhttpclient: the load generator takes little of the server's CPU
    wait_time = between(THINK[0], THINK[1])

    def on_start(self) -> None:
        district = random.randrange(20)
        self.username = f"d{district:02d}_handler{random.randrange(2)}"
        sign_in(self, self.username)
        self.csrf = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
        listed = self.client.get("/api/cases/?state=investigating&page_size=100", name="/api/cases/?state").json()
        self.open_cases = [c["id"] for c in listed["results"]] or [0]
        listed = self.client.get("/api/cases/?page_size=100", name="/api/cases/").json()
        self.cases = [c["id"] for c in listed["results"]] or self.open_cases

    @task(3)
    def workbench(self) -> None:
        self.client.get("/", name="工作台 /")

    @task(2)
    def search(self) -> None:
        self.client.get("/cases/", params={"q": random.choice(SEARCHES)}, name="案件检索 /cases/?q=")

    @task(1)
    def api_list(self) -> None:
        self.client.get("/api/cases/", params={"q": random.choice(SEARCHES)},
                        name="接口检索 /api/cases/?q=")

    @task(3)
    def case_page(self) -> None:
        self.client.get(f"/cases/{random.choice(self.cases)}/", name="案件页面 /cases/<id>/")

    @task(1)
    def statement(self) -> None:
        case = random.choice(self.open_cases)
        self.client.post(f"/api/cases/{case}/record_statement/",
                         json={"text": "补充陈述：已按规定履职。", "given_on": dt.date.today().isoformat()},
                         headers={"X-CSRFToken": self.csrf, "Referer": self.host + "/"}, name="办理 record_statement")
