"""Enforcement statistics from the ledger (隰县行政执法统计制度第五条第（三）项): per agency and
period, cases by kind, 立案 and 结案, 罚没款, and 举行行政听证的立案数; summed up the jurisdiction
tree (township → county → city), so a unit's figures and its jurisdiction's total always agree.

Readings: 立案数 counts entries whose 立案日期 falls in the period, 结案数 those whose 结案日期 does;
罚没款 is counted in the period of 结案 (when the decision was carried out), and 听证 with 立案.
Whole months are read from the monthly sums (LedgerMonth, kept by every import), the days of a
period before and after its whole months from the ledger over the (agency, date) indexes: a period
costs the same whatever the ledger's size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from rongcuo.core.models import Agency, Jurisdiction
from rongcuo.ledger.models import LedgerEntry
from rongcuo.ledger.table import KINDS

KIND_CODES = tuple(code for code, _ in KINDS)


@dataclass
class Figures:
    filed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KIND_CODES, 0))
    closed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KIND_CODES, 0))
    amount: Decimal = Decimal("0.00")
    hearings: int = 0

    @property
    def filed_total(self) -> int:
        return sum(self.filed.values())

    @property
    def closed_total(self) -> int:
        return sum(self.closed.values())

    def add(self, other: Figures) -> None:
        for code in KIND_CODES:
            self.filed[code] += other.filed[code]
            self.closed[code] += other.closed[code]
        self.amount += other.amount
        self.hearings += other.hearings

    def as_dict(self) -> dict[str, object]:
        return {"filed": self.filed, "closed": self.closed, "filed_total": self.filed_total,
                "closed_total": self.closed_total, "amount": str(self.amount), "hearings": self.hearings}


@dataclass
class Node:
    """A jurisdiction with its own agencies' figures and its children's, and the total of all."""

    jurisdiction: Jurisdiction
    agencies: list[tuple[Agency, Figures]]
    children: list[Node]
    total: Figures

    def as_dict(self) -> dict[str, object]:
        return {"jurisdiction": self.jurisdiction.pk, "name": self.jurisdiction.name, "total": self.total.as_dict(),
                "agencies": [{"agency": a.pk, "name": a.name, **f.as_dict()} for a, f in self.agencies],
                "children": [c.as_dict() for c in self.children]}


def refresh_months(agency_ids: list[int]) -> None:
    """Rebuild the monthly sums of these agencies from their ledger (inside the import's transaction)."""
    from django.db import connection
    from django.db.models.functions import TruncMonth

    from rongcuo.ledger.models import LedgerMonth

    if not agency_ids:
        return
    table = LedgerMonth._meta.db_table
    with connection.cursor() as cursor:  # a plain DELETE: the ORM's would fetch every row for its signals
        cursor.execute(f"DELETE FROM {table} WHERE agency_id IN ({', '.join(['%s'] * len(agency_ids))})", agency_ids)
        if connection.vendor == "postgresql":
            cursor.execute(f"""
                INSERT INTO {table} (agency_id, month, kind, filed, closed, amount, hearings)
                SELECT agency_id, month, kind, sum(filed), sum(closed), sum(amount), sum(hearings) FROM (
                    SELECT agency_id, date_trunc('month', filed_on)::date AS month, kind, count(*) AS filed, 0 AS closed,
                           0::numeric AS amount, count(*) FILTER (WHERE hearing) AS hearings
                      FROM ledger_ledgerentry WHERE agency_id = ANY(%s) GROUP BY 1, 2, 3
                    UNION ALL
                    SELECT agency_id, date_trunc('month', closed_on)::date, kind, 0, count(*), coalesce(sum(amount), 0), 0
                      FROM ledger_ledgerentry WHERE agency_id = ANY(%s) AND closed_on IS NOT NULL GROUP BY 1, 2, 3
                ) parts GROUP BY agency_id, month, kind""", [list(agency_ids), list(agency_ids)])
            return
    sums: dict[tuple[int, dt.date, str], LedgerMonth] = {}

    def row(agency: int, month: dt.date, kind: str) -> LedgerMonth:
        key = (agency, month, kind)
        if key not in sums:
            sums[key] = LedgerMonth(agency_id=agency, month=month, kind=kind)
        return sums[key]

    entries = LedgerEntry.objects.filter(agency_id__in=agency_ids)
    for found in (entries.annotate(month=TruncMonth("filed_on")).values("agency_id", "month", "kind")
                  .annotate(n=Count("id"), hearings=Count("id", filter=Q(hearing=True))).order_by()):
        target = row(found["agency_id"], found["month"], found["kind"])
        target.filed, target.hearings = found["n"], found["hearings"]
    for ended in (entries.filter(closed_on__isnull=False).annotate(month=TruncMonth("closed_on"))
                  .values("agency_id", "month", "kind").annotate(n=Count("id"), amount=Sum("amount")).order_by()):
        target = row(ended["agency_id"], ended["month"], ended["kind"])
        target.closed, target.amount = ended["n"], ended["amount"] or Decimal("0")
    LedgerMonth.objects.bulk_create(sums.values(), batch_size=5000)


def _money(value: Decimal | None) -> Decimal:
    """A sum of amounts in yuan and fen (SQLite's sums carry the float's trailing digits)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _from_months(result: dict[int, Figures], agency_ids: list[int], start: dt.date, end: dt.date) -> None:
    """Add the monthly sums of the months from `start`'s to `end`'s (both first days of a month)."""
    from rongcuo.ledger.models import LedgerMonth

    rows = (LedgerMonth.objects.filter(agency_id__in=agency_ids, month__gte=start, month__lte=end)
            .values("agency_id", "kind").annotate(filed=Sum("filed"), closed=Sum("closed"), amount=Sum("amount"),
                                                  hearings=Sum("hearings")).order_by())
    for found in rows:
        figures = result[found["agency_id"]]
        figures.filed[found["kind"]] += found["filed"] or 0
        figures.closed[found["kind"]] += found["closed"] or 0
        figures.amount += _money(found["amount"])
        figures.hearings += found["hearings"] or 0


def _from_ledger(result: dict[int, Figures], agency_ids: list[int], start: dt.date, end: dt.date) -> None:
    """Add what the ledger itself holds for start..end (both days included)."""
    filed = (LedgerEntry.objects.filter(agency_id__in=agency_ids, filed_on__gte=start, filed_on__lte=end)
             .values("agency_id", "kind").annotate(n=Count("id"), hearings=Count("id", filter=Q(hearing=True))).order_by())
    for row in filed:
        figures = result[row["agency_id"]]
        figures.filed[row["kind"]] += row["n"]
        figures.hearings += row["hearings"]
    closed = (LedgerEntry.objects.filter(agency_id__in=agency_ids, closed_on__gte=start, closed_on__lte=end)
              .values("agency_id", "kind").annotate(n=Count("id"), amount=Sum("amount")).order_by())
    for ended in closed:
        figures = result[ended["agency_id"]]
        figures.closed[ended["kind"]] += ended["n"]
        figures.amount += _money(ended["amount"])


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def agency_figures(agency_ids: list[int], start: dt.date, end: dt.date, months: bool = True) -> dict[int, Figures]:
    """Each agency's figures for the period start..end (both days included): the whole months inside
    it from the monthly sums (unless `months` is False), the days before and after them from the
    ledger itself, so any period costs at most two months of the ledger."""
    result = {pk: Figures() for pk in agency_ids}
    first = start if start.day == 1 else _next_month(start)  # the first whole month inside the period
    after = _next_month(end) if (end + dt.timedelta(days=1)).day == 1 else dt.date(end.year, end.month, 1)
    if not months or first >= after:  # no whole month inside: the ledger alone
        _from_ledger(result, agency_ids, start, end)
        return result
    _from_months(result, agency_ids, first, after - dt.timedelta(days=1))
    if start < first:
        _from_ledger(result, agency_ids, start, first - dt.timedelta(days=1))
    if after <= end:
        _from_ledger(result, agency_ids, after, end)
    return result


def tree(root: Jurisdiction, start: dt.date, end: dt.date, only: set[int] | None = None) -> Node:
    """The root's figures, rolled up from every agency under it (or only the agencies `only` names:
    an agency sees its own figures)."""
    ids = root.subtree_ids()
    places = {j.pk: j for j in Jurisdiction.objects.filter(pk__in=ids)}
    agencies = list(Agency.objects.filter(jurisdiction__in=ids).order_by("name"))
    if only is not None:
        agencies = [a for a in agencies if a.pk in only]
    figures = agency_figures([a.pk for a in agencies], start, end)
    by_place: dict[int, list[Agency]] = {}
    for agency in agencies:
        by_place.setdefault(agency.jurisdiction_id, []).append(agency)
    children: dict[int | None, list[int]] = {}
    for place in places.values():
        if place.pk != root.pk:
            children.setdefault(place.parent_id, []).append(place.pk)

    def build(pk: int) -> Node:
        own = [(a, figures[a.pk]) for a in by_place.get(pk, [])]
        kids = [build(child) for child in sorted(children.get(pk, []))]
        total = Figures()
        for _, f in own:
            total.add(f)
        for kid in kids:
            total.add(kid.total)
        return Node(places[pk], own, kids, total)

    return build(root.pk)


def half_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The half-year a day falls in (统计、评查 summaries are by half-year)."""
    if day.month <= 6:
        return dt.date(day.year, 1, 1), dt.date(day.year, 6, 30)
    return dt.date(day.year, 7, 1), dt.date(day.year, 12, 31)


def roots_for(user: object) -> tuple[list[Jurisdiction], set[int] | None]:
    """The jurisdictions whose statistics a user reads, and the agencies they are limited to (None:
    all): the office (承办人、负责人、系统管理员) its jurisdiction and those under it; a liaison their
    agency, under its jurisdiction."""
    from rongcuo.core.roles import Role

    grants = list(user.role_assignments.values_list("role", "jurisdiction_id", "agency_id"))  # type: ignore[attr-defined]
    office = [place for role, place, _ in grants if role in (Role.HANDLER, Role.HEAD, Role.ADMIN) and place]
    if office:
        return list(Jurisdiction.objects.filter(pk__in=office).order_by("pk")), None
    agencies = {agency for role, _, agency in grants if role == Role.LIAISON and agency}
    places = Agency.objects.filter(pk__in=agencies).values_list("jurisdiction_id", flat=True)
    return list(Jurisdiction.objects.filter(pk__in=places).order_by("pk")), agencies


MAX_SPAN_DAYS = 366 * 10


def period_from(raw: object, today: dt.date) -> tuple[dt.date, dt.date, list[str]]:
    """The period asked for (start, end; default the current half-year), and what was wrong with it."""
    start, end = half_year(today)
    wrong: list[str] = []
    get = getattr(raw, "get", lambda _key, _default=None: None)
    for name, label in (("start", "起始日期"), ("end", "截止日期")):
        text = str(get(name) or "")
        if not text:
            continue
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            wrong.append(f"{label}应写作 2025-01-01")
            continue
        if name == "start":
            start = value
        else:
            end = value
    if start > end:
        wrong.append("起始日期不能晚于截止日期")
    elif (end - start).days > MAX_SPAN_DAYS:
        wrong.append("统计期间不能超过十年")
    return start, end, wrong


def workbook(node: Node, start: dt.date, end: dt.date) -> bytes:
    """The statistics as .xlsx: one row per agency and per jurisdiction total, kinds as columns."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "行政执法统计"
    sheet.append([f"行政执法案件统计（{start.isoformat()} 至 {end.isoformat()}）"])
    names = [name for _, name in KINDS]
    sheet.append(["辖区", "执法机关", *(f"{n}立案" for n in names), "立案合计", *(f"{n}结案" for n in names), "结案合计",
                  "罚没款（元）", "举行听证的立案数"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)

    def line(place: str, unit: str, f: Figures, bold: bool = False) -> None:
        sheet.append([place, unit, *(f.filed[c] for c in KIND_CODES), f.filed_total, *(f.closed[c] for c in KIND_CODES),
                      f.closed_total, float(f.amount), f.hearings])
        if bold:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)

    def walk(current: Node, path: str) -> None:
        here = f"{path}{current.jurisdiction.name}"
        for agency, figures in current.agencies:
            line(here, agency.name, figures)
        for child in current.children:
            walk(child, here + " / ")
        line(here, "合计", current.total, bold=True)

    walk(node, "")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
