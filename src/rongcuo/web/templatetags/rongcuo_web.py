"""Template filters for how users read dates and deadlines: 2025年3月1日, 还剩 3 天, 已超期 2 天."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def cn_date(value: dt.date | dt.datetime | None) -> str:
    """2025年3月1日 (a datetime is shown in local time, with hour and minute)."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def outcome_label(value: str) -> str:
    from rongcuo.rules.model import Outcome

    try:
        return Outcome(value).label
    except ValueError:
        return value


@register.filter
def days_left(days: int | None) -> str:
    """还剩 N 天 / 今日到期 / 已超期 N 天."""
    if days is None:
        return ""
    if days > 0:
        return f"还剩 {days} 天"
    if days == 0:
        return "今日到期"
    return f"已超期 {-days} 天"


@register.simple_tag
def deadline_badge(due: dt.date | None, days: int | None, paused: bool = False, provisional: bool = False) -> SafeString:
    """Due date plus days left, coloured by urgency; a paused clock says so; a date counted over a
    year whose holidays are not yet known is marked 暂定 (the reason is shown beside it)."""
    if paused:
        return format_html('<span class="badge paused">{}</span>', "计时暂停（鉴定等期间不计入）")
    if due is None:
        return format_html('<span class="badge">{}</span>', "无期限")
    level = "overdue" if days is not None and days < 0 else "soon" if days is not None and days <= 3 else "ok"
    return format_html('<span class="badge {}">{} 到期{} · {}</span>', level, cn_date(due),
                       "（暂定）" if provisional else "", days_left(days))


@register.filter
def fact_labels(names: object) -> str:
    """Fact names as their Chinese labels, joined with 、 (a reader never sees a raw name)."""
    from rongcuo.rules.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    return "、".join(vocabulary.label(str(n)) for n in (names or []))  # type: ignore[attr-defined]


@register.filter
def filename(path: object) -> str:
    return str(path or "").rsplit("/", 1)[-1]


@register.filter
def dictget(mapping: dict[str, object], key: str) -> object:
    """A value of a dict by a key held in a variable."""
    return mapping.get(key)


@register.simple_tag
def bar_chart(bars: list[tuple[str, int, int]], first: str = "立案", second: str = "结案") -> SafeString:
    """Paired bars drawn as SVG by the server: no chart script and nothing fetched from outside."""
    from django.utils.html import escape

    width, row, label_width = 640, 26, 90
    top = max([max(a, b) for _, a, b in bars] + [1])
    scale = (width - label_width - 60) / top
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {row * len(bars) + 30}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(first)}与{escape(second)}（按类别）">',
             f'<text x="{label_width}" y="14" class="legend">■ {escape(first)}　</text>'
             f'<text x="{label_width + 70}" y="14" class="legend second">■ {escape(second)}</text>']
    for index, (name, a, b) in enumerate(bars):
        y = 24 + index * row
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{escape(name)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{a * scale:.1f}" height="9" class="bar"/>'
                     f'<text x="{label_width + a * scale + 4:.1f}" y="{y + 10}" class="value">{a}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 12}" width="{b * scale:.1f}" height="9" class="bar second"/>'
                     f'<text x="{label_width + b * scale + 4:.1f}" y="{y + 20}" class="value">{b}</text>')
    parts.append("</svg>")
    return SafeString("".join(parts))
