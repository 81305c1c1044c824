"""The administrator pastes the State Council notice; a wrong line is named, never half-loaded."""

from __future__ import annotations

import datetime as dt

import pytest

from rongcuo.deadlines.schedule import ScheduleDay, ScheduleError, parse_schedule

NOTICE_2026 = """一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、劳动节：5月1日至5日放假调休，共5天。5月9日（周六）上班。
"""


def test_the_notice_gives_every_holiday_and_make_up_workday() -> None:
    days = {d.day: d for d in parse_schedule(2026, NOTICE_2026)}
    assert not days[dt.date(2026, 2, 15)].is_workday
    assert not days[dt.date(2026, 2, 23)].is_workday
    assert days[dt.date(2026, 2, 14)].is_workday
    assert days[dt.date(2026, 2, 14)].name == "春节调休上班"
    assert days[dt.date(2026, 1, 4)].is_workday
    assert len([d for d in days.values() if not d.is_workday]) == 3 + 9 + 5
    assert len([d for d in days.values() if d.is_workday]) == 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("春节：2月15日至23日放假调休，共8天。", "共 9 天"),
        ("春节：2月15日至23日放假调休，共9天。2月18日上班。", "在放假期间内"),
        ("春节：2月15日至23日放假调休，共9天。2月25日上班。", "不是周末"),
        ("元旦：1月1日至3日放假，共3天。\n春节：1月3日放假，共1天。", "第 2 行"),
        ("春节放九天", "第 1 行"),
        ("春节：2月30日放假，共1天。", "不是有效日期"),
        ("", "每个节日一行"),
    ],
)
def test_a_wrong_line_is_named_and_nothing_is_loaded(text: str, expected: str) -> None:
    with pytest.raises(ScheduleError, match=expected):
        parse_schedule(2026, text)


@pytest.mark.django_db
def test_the_admin_loads_a_year_from_the_notice_and_its_limits_are_no_longer_provisional(client: object) -> None:
    from django.test import Client

    from rongcuo.cases.clocks import holiday_calendar
    from rongcuo.core.models import HolidayOverride, HolidayYear, User
    from rongcuo.deadlines import DayKind, due_date

    admin = User.objects.create_superuser(username="root", password="a-long-password-1")
    web = Client()
    web.force_login(admin)
    before = due_date(dt.date(2031, 9, 20), 15, DayKind.NATURAL, holiday_calendar())
    assert before.provisional  # 2031 is not known yet: the due date is marked 暂定 with the reason
    bad = web.post("/admin/core/holidayyear/load/", {"year": 2031, "notice": "国庆节：10月1日至7日放假调休，共6天。"})
    assert "共 7 天" in bad.content.decode()
    assert not HolidayOverride.objects.filter(date__year=2031).exists()
    ok = web.post("/admin/core/holidayyear/load/", {"year": 2031, "notice": "国庆节：10月1日至7日放假调休，共7天。9月28日（周日）上班。"})
    assert ok.status_code == 302
    assert HolidayYear.objects.filter(year=2031).exists()
    after = due_date(dt.date(2031, 9, 20), 15, DayKind.NATURAL, holiday_calendar())
    assert not after.provisional
    assert after.date == dt.date(2031, 10, 8)  # 15 days end on 10/5, inside 国庆节: first workday after


def test_a_holiday_across_two_months_a_single_day_and_a_make_up_day_in_the_holiday_s_month() -> None:
    days = {d.day: d for d in parse_schedule(2026, "国庆节：9月30日至10月2日放假，共3天。\n清明节：4月5日放假，共1天。\n"
                                                   "劳动节：5月1日至5日放假调休，共5天。9日（周六）上班。")}
    assert [d for d in days if not days[d].is_workday and d.month in (9, 10)] == [
        dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 10, 2)]
    assert days[dt.date(2026, 4, 5)] == ScheduleDay(dt.date(2026, 4, 5), False, "清明节")
    assert days[dt.date(2026, 5, 9)] == ScheduleDay(dt.date(2026, 5, 9), True, "劳动节调休上班")  # 9日: May


@pytest.mark.parametrize(("text", "message"), [
    ("春节：2月15日至23日放假调休，共8天。", "第 1 行（春节）：2月15日至2月23日共 9 天，与通知所写“共8天”不符"),
    ("元旦：1月1日放假，共1天。\n春节：2月30日放假，共1天。", "第 2 行：2月30日不是有效日期"),
    ("元旦：1月3日至1日放假，共3天。", "第 1 行（元旦）：结束日期早于开始日期"),
    ("元旦：1月1日放假，共1天。\n春节：2月15日放假，共1天。另行通知。", "第 2 行（春节）：无法识别“另行通知。”"),
    ("元旦：1月1日放假，共1天。1月1日上班。", "第 1 行（元旦）：上班日 1月1日在放假期间内"),
    ("元旦：1月1日放假，共1天。1月5日上班。", "第 1 行（元旦）：上班日 1月5日不是周末，无需调休"),
    ("元旦：1日放假，共1天。", "第 1 行：日期缺少月份"),  # the first date has no month to borrow
    ("春节：2月15日至30日放假调休，共16天。", "第 1 行：2月30日不是有效日期"),  # the end date is checked too
    ("元旦：1月1日放假，共1天。2月30日上班。", "第 1 行：2月30日不是有效日期"),  # and a make-up workday
    ("元旦：1月1日放假，共1天。" + "甲" * 40, "第 1 行（元旦）：无法识别“" + "甲" * 30 + "”，调休上班日应写作“2月14日、2月28日上班”"),
    ("", "请粘贴通知中各节日的安排，每个节日一行"),
    ("  \n\t\n", "请粘贴通知中各节日的安排，每个节日一行"),
    ("元旦：1月1日放假，共1天。\n春节" + "很" * 60, "第 2 行：无法识别“春节" + "很" * 38 + "”，应为“春节：2月15日至23日放假调休，"
     "共9天。2月14日、2月28日上班。”的格式"),  # a long line is quoted by its first 40 characters
])
def test_each_wrong_line_is_named_with_its_exact_reason(text: str, message: str) -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(2026, text)
    assert str(raised.value).startswith(message)
