"""A city-sized history for the load benchmark: 20 districts, their offices and agencies, and
100,000 cases at every stage with their records, written in bulk but exactly as the procedure
would have left them: every row carried by a signed, hash-chained event, the due-date projection
filled, so `rongcuo audit verify` passes on the result.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/rongcuo_bench \\
        .venv/bin/python benchmarks/generate_city.py [--cases 100000] [--seed 1]

It migrates the (empty) database first. Every generated user's password is `bench-password-1`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from rongcuo.cases import models as cm  # noqa: E402
from rongcuo.cases.clocks import holiday_calendar  # noqa: E402
from rongcuo.cases.parameters import parameters_for  # noqa: E402
from rongcuo.cases.search import segmented  # noqa: E402
from rongcuo.core import records, signing  # noqa: E402
from rongcuo.core.events import GENESIS, event_hash  # noqa: E402
from rongcuo.core.models import Agency, Event, Jurisdiction, Officer, RoleAssignment, StreamHead, User  # noqa: E402
from rongcuo.core.roles import Role  # noqa: E402
from rongcuo.deadlines import Clock  # noqa: E402

PASSWORD = "bench-password-1"
DISTRICTS = ["历下", "市中", "槐荫", "天桥", "历城", "长清", "章丘", "济阳", "莱芜", "钢城",
             "平阴", "商河", "高新", "南山", "起步", "东城", "西城", "北湖", "南湖", "新区"]
AGENCIES = ["市场监督管理局", "综合行政执法局", "生态环境分局", "交通运输局", "应急管理局"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
TITLES = ["未及时发现企业隐瞒的安全隐患", "现场检查记录不完整", "超期作出行政处罚决定", "送达程序存在瑕疵",
          "对新业态监管措施不当", "应急处置中先行采取强制措施", "执法文书引用条款错误", "多部门联合执法中职责不清",
          "未按规定告知陈述申辩权利", "抽样检测程序不规范"]
NARRATIVES = ["检查时企业负责人故意隐瞒了隐患，执法人员按检查表逐项检查。",
              "因上级文件调整，执法依据发生变化，执法人员按原规定作出决定。",
              "突发事件中为防止损失扩大，执法人员当场采取措施并及时报告。",
              "案件涉及多个部门，执法人员在职责交叉地带主动作为。"]
STATES = [("archived", 0.60), ("investigating", 0.20), ("determined", 0.08), ("rectifying", 0.07), ("applied", 0.05)]
BATCH = 2000


def pick_state(chance: random.Random) -> str:
    roll, total = chance.random(), 0.0
    for state, share in STATES:
        total += share
        if roll < total:
            return state
    return "applied"


class History:
    def __init__(self, seed: int) -> None:
        self.chance = random.Random(seed)
        self.today = timezone.localdate()
        self.calendar = holiday_calendar()
        self.password = make_password(PASSWORD)
        self.places: list[dict[str, Any]] = []

    def people(self) -> None:
        city = Jurisdiction.objects.create(name="泉城市", level="city")
        office = User.objects.create(username="city_handler", password=self.password, first_name="市司法局承办人")
        RoleAssignment.objects.create(user=office, role=Role.HANDLER, jurisdiction=city)  # the city's statistics
        for index, name in enumerate(DISTRICTS):
            pack = "licheng-2025" if index % 2 == 0 else "xixian-2022"
            district = Jurisdiction.objects.create(name=f"{name}区", level="county", parent=city, rule_packs=[pack],
                                                   number_prefix=f"{name[0]}司")
            agencies = [Agency.objects.create(name=f"{name}区{a}", jurisdiction=district) for a in AGENCIES]
            staff = {}
            for role, count in ((Role.HANDLER, 2), (Role.HEAD, 1), (Role.INVESTIGATOR, 4)):
                staff[role] = []
                for n in range(count):
                    user = User.objects.create(username=f"d{index:02d}_{role}{n}", password=self.password,
                                               first_name=f"{self.chance.choice(SURNAMES)}{role}{n}")
                    RoleAssignment.objects.create(user=user, role=role, jurisdiction=district)
                    staff[role].append(user)
            liaison = User.objects.create(username=f"d{index:02d}_liaison", password=self.password, first_name="联络员")
            RoleAssignment.objects.create(user=liaison, role=Role.LIAISON, agency=agencies[0])
            officers = []
            for agency in agencies:
                for n in range(20):
                    user = User.objects.create(username=f"d{index:02d}_{agency.pk}_o{n}", password=self.password,
                                               first_name=f"{self.chance.choice(SURNAMES)}执法{n}")
                    officers.append(Officer.objects.create(name=user.first_name, agency=agency, user=user,
                                                           certificate_number=f"37{index:02d}{agency.pk:04d}{n:04d}"))
            self.places.append({"district": district, "pack": pack, "staff": staff, "officers": officers,
                                "params": parameters_for(pack), "counter": {}})

    def number(self, place: dict[str, Any], kind: str, year: int) -> str:
        key = (kind, year)
        place["counter"][key] = place["counter"].get(key, 0) + 1
        return f"{place['district'].number_prefix}{kind}〔{year}〕{place['counter'][key]}号"

    def cases(self, total: int) -> None:
        started = time.perf_counter()
        for start in range(0, total, BATCH):
            with transaction.atomic():
                self._batch(min(BATCH, total - start))
            done = start + min(BATCH, total - start)
            print(f"  {done:>7,} cases  {time.perf_counter() - started:6.1f} s", flush=True)

    def _batch(self, size: int) -> None:
        chance = self.chance
        plans = []
        for _ in range(size):
            place = chance.choice(self.places)
            state = pick_state(chance)
            officer = chance.choice(place["officers"])
            recent = state not in ("archived",)
            applied_on = self.today - dt.timedelta(days=chance.randint(1, 25) if recent else chance.randint(60, 1000))
            conduct = applied_on - dt.timedelta(days=chance.randint(5, 60))
            title, narrative = chance.choice(TITLES), chance.choice(NARRATIVES)
            case = cm.Case(jurisdiction=place["district"], pack_id=place["pack"], officer=officer, agency=officer.agency,
                           source="own_application", title=title, narrative=narrative, conduct_date=conduct,
                           facts={"counterparty_concealed_information": True}, state=state, created_by=officer.user)
            if state != "applied":
                case.filed_on = applied_on + dt.timedelta(days=2)
                case.number = self.number(place, "容立", case.filed_on.year)
            if state == "archived":
                case.archived_on = applied_on + dt.timedelta(days=50)
            case.search_text = segmented(case.number, title, narrative, officer.name, officer.agency.name)
            plans.append((place, case))
        cm.Case.objects.bulk_create([c for _, c in plans])
        now = timezone.now().replace(microsecond=0)
        cm.Case.objects.filter(pk__in=[c.pk for _, c in plans]).update(created_at=now)
        rows: dict[int, list[Any]] = {c.pk: [] for _, c in plans}
        steps: dict[int, list[tuple[str, str, Any]]] = {}
        children: dict[type, list[Any]] = {}

        def add(model_row: Any) -> None:
            children.setdefault(type(model_row), []).append(model_row)

        for place, case in plans:
            case.created_at = now
            actor = place["staff"]
            log = [("apply", f"本人申请：{case.title}", case.created_by)]
            if case.filed_on:
                log.append(("file", f"立案，编号 {case.number}", actor[Role.HEAD][0]))
                for user in actor[Role.INVESTIGATOR][:2]:
                    add(cm.Investigator(case=case, user=user))
                log.append(("assign_investigators", "指定调查人员", actor[Role.HANDLER][0]))
                add(cm.Statement(case=case, text="本人已按规定履职。", given_on=case.filed_on, recorded_by=actor[Role.HANDLER][0]))
                log.append(("record_statement", "记录陈述申辩", actor[Role.HANDLER][0]))
            if case.state in ("determined", "rectifying", "archived"):
                decided = case.filed_on + dt.timedelta(days=chance.randint(5, 20))
                add(cm.Determination(case=case, number=self.number(place, "容决", decided.year), pack_id=case.pack_id,
                                     pack_version="1", outcome="tolerated", applied="conduct_time", choice_reason="行为时规定",
                                     disposition="免责", opinion="符合容错情形，予以免责。", decided_by=actor[Role.HEAD][0],
                                     decided_on=decided))
                log += [("update_facts", "核实事实要素", actor[Role.HANDLER][0]), ("determine", "作出认定", actor[Role.HEAD][0])]
            if case.state in ("rectifying", "archived"):
                sent = decided + dt.timedelta(days=2)
                add(cm.Notice(case=case, number=self.number(place, "容告", sent.year), sent_on=sent, recipients=case.officer.name))
                done = sent + dt.timedelta(days=20) if case.state == "archived" else None
                add(cm.RectificationTask(case=case, description="完善检查记录制度", due_on=sent + dt.timedelta(days=30),
                                         completed_on=done, completion_report="已完善。" if done else ""))
                log += [("notify", "告知认定决定", actor[Role.HANDLER][0]),
                        ("add_rectification_task", "提出纠错整改要求", actor[Role.HANDLER][0])]
            if case.state == "archived":
                log += [("complete_task", "完成整改", case.created_by), ("archive", "归档", actor[Role.HANDLER][0])]
            steps[case.pk] = log
        for model, batch in children.items():
            model.objects.bulk_create(batch)
            for row in batch:
                rows[row.case_id].append(row)
        dues = []
        for place, case in plans:
            for key, label, start, period in self._clocks(place, case, rows[case.pk]):
                status = Clock(period, start, (), None, None).status(self.today, self.calendar)
                dues.append(cm.DueDate(case=case, key=key, label=label, basis=period.basis, due_on=status.due_date,
                                       paused=status.paused, provisional=status.provisional))
        cm.DueDate.objects.bulk_create(dues)
        for due in dues:
            rows[due.case_id].append(due)
        self._events(plans, rows, steps, now)

    def _clocks(self, place: dict[str, Any], case: cm.Case, rows: list[Any]) -> list[tuple[str, str, dt.date, Any]]:
        params = place["params"]
        if case.state == "investigating" and params.investigation:
            return [("investigation", "调查终结并作出决定", case.filed_on, params.investigation)]
        if case.state == "determined" and params.notice:
            decided = next(r for r in rows if isinstance(r, cm.Determination)).decided_on
            return [("notice", "告知相关单位及当事人", decided, params.notice)]
        return []

    def _events(self, plans: list[tuple[dict[str, Any], cm.Case]], rows: dict[int, list[Any]],
                steps: dict[int, list[tuple[str, str, Any]]], now: dt.datetime) -> None:
        events, heads = [], []
        for _, case in plans:
            images = {records.row_key(r): records.image(r) for r in [case, *rows[case.pk]]}
            previous = GENESIS
            log = steps[case.pk]
            for sequence, (action, summary, actor) in enumerate(log, start=1):
                event = Event(stream=case.stream, sequence=sequence, actor=actor,
                              actor_name=actor.get_full_name() or actor.username, at=now, action=action,
                              summary=summary, reason="", legal_basis="", before={}, after={},
                              rows=images if sequence == len(log) else {}, previous_hash=previous)
                event.hash = event_hash(event)
                event.signature = signing.sign(event.hash.encode())
                previous = event.hash
                events.append(event)
            heads.append(StreamHead(stream=case.stream, sequence=len(log), hash=previous))
        Event.objects.bulk_create(events, batch_size=1000)
        StreamHead.objects.bulk_create(heads)


def ledger(rows: int) -> None:
    """Every agency's enforcement ledger over five years, imported as `rongcuo ledger import` does."""
    import tempfile

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ledger import generate  # benchmarks/ledger.py
    from rongcuo.ledger import services

    started = time.perf_counter()
    path = Path(tempfile.mkdtemp(prefix="rongcuo-city-ledger-")) / "台账.csv"
    generate(path, rows, list(Agency.objects.order_by("pk").values_list("name", flat=True)))
    outcome = services.ledger_import(actor=None, content=path, name=path.name, max_bytes=None)
    path.unlink()
    print(f"执法台账：{outcome.summary}用时 {time.perf_counter() - started:.0f} 秒")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ledger-rows", type=int, default=1_000_000, help="执法台账行数（五年，全部执法机关）")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Event.objects.exists():
        print("数据库中已有数据：请使用空数据库（例如 createdb rongcuo_bench）", file=sys.stderr)
        return 2
    started = time.perf_counter()
    history = History(args.seed)
    history.people()
    print(f"20 个区、{Officer.objects.count()} 名执法人员、{User.objects.count()} 个账号")
    history.cases(args.cases)
    print(f"共 {cm.Case.objects.count():,} 件案件、{Event.objects.count():,} 条记录、"
          f"{cm.DueDate.objects.count():,} 个期限；用时 {time.perf_counter() - started:.0f} 秒")
    if args.ledger_rows:
        ledger(args.ledger_rows)
    if connection.vendor == "postgresql":  # statistics and visibility maps, as autovacuum would leave them
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
