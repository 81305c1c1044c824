"""The statistics a unit reports (隰县行政执法统计制度第五条): training (一), certificate holders (二)
and cases (三, from the ledger), submitted for a period with every hand correction and its reason;
the office sees who has not submitted. Writes take the acting user and append an event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.core.models import Agency, Jurisdiction, Officer, User
from rongcuo.core.records import stage_event
from rongcuo.core.roles import Role
from rongcuo.ledger import statistics
from rongcuo.ledger.models import PeriodReport, Training

CONTENT_MAX = 200
REASON_MAX = 200


def _liaison_of(actor: User, agency: Agency) -> None:
    if not actor.role_assignments.filter(role=Role.LIAISON, agency=agency).exists():
        raise NotAllowed("not_allowed", "您无权为该单位登记或报送：由本单位的执法机关联络员办理。")


def training_record(*, actor: User, agency: Agency, kind: str, held_on: dt.date, content: str, hours: Any,
                    people: Any) -> Training:
    _liaison_of(actor, agency)
    if kind not in Training.Kind.values:
        raise InvalidInput("invalid_kind", "请选择：参加法律培训或举办培训班。")
    content = (content or "").strip()
    if not content or len(content) > CONTENT_MAX:
        raise InvalidInput("invalid_content", f"请填写培训内容（不超过 {CONTENT_MAX} 个字）。")
    if held_on > timezone.localdate() or held_on.year < 1990:
        raise InvalidInput("invalid_date", "培训日期应在今天之前。")
    try:
        hours_value = Decimal(str(hours))
        people_value = int(str(people))
    except (InvalidOperation, ValueError):
        raise InvalidInput("invalid_number", "学时应为数字，人数应为整数。") from None
    if not (Decimal("0") < hours_value <= Decimal("9999")) or hours_value != hours_value.quantize(Decimal("0.1")):
        raise InvalidInput("invalid_number", "学时应大于 0、不超过 9999，最多一位小数。")
    if not 0 < people_value <= 100000:
        raise InvalidInput("invalid_number", "人数应为 1 至 100000 的整数。")
    with transaction.atomic():
        made = Training.objects.create(agency=agency, kind=kind, held_on=held_on, content=content, hours=hours_value,
                                       people=people_value, recorded_by=actor, recorded_at=timezone.now())
        stage_event(stream=f"statistics:{agency.pk}", actor=actor, action="training_record",
                    summary=f"登记{made.get_kind_display()}：{content[:60]}（{people_value} 人，{hours_value} 学时）",
                    after={"training": made.pk})
    return made


def certificate_holders(agencies: QuerySet[Agency]) -> QuerySet[Officer]:
    """第五条第（二）项：拥有行政执法证的执法人员 (auxiliary staff hold none)."""
    return (Officer.objects.filter(agency__in=agencies, is_auxiliary=False).exclude(certificate_number="")
            .select_related("agency").order_by("agency__name", "name"))


def unit_figures(agency: Agency, start: dt.date, end: dt.date) -> dict[str, Any]:
    """What a unit reports for the period, from its ledger, trainings and officers."""
    cases = statistics.agency_figures([agency.pk], start, end)[agency.pk]
    trainings = Training.objects.filter(agency=agency, held_on__gte=start, held_on__lte=end)
    attended = trainings.filter(kind=Training.Kind.ATTENDED).aggregate(people=Sum("people"), hours=Sum("hours"))
    held = trainings.filter(kind=Training.Kind.HELD).aggregate(people=Sum("people"), hours=Sum("hours"))
    return {
        "training_people": attended["people"] or 0, "training_hours": str(attended["hours"] or 0),
        "classes_people": held["people"] or 0, "classes": trainings.filter(kind=Training.Kind.HELD).count(),
        "certified": certificate_holders(Agency.objects.filter(pk=agency.pk)).count(),
        "filed": cases.filed_total, "closed": cases.closed_total, "amount": str(cases.amount), "hearings": cases.hearings,
        "by_kind": {"filed": cases.filed, "closed": cases.closed},
    }


# The figures a unit may correct by hand (with a reason), and their names.
CORRECTABLE = {
    "training_people": "参加培训人数", "training_hours": "参加培训学时", "classes": "举办培训班数",
    "classes_people": "培训班参加人数", "certified": "持证执法人员数", "filed": "立案数", "closed": "结案数",
    "amount": "罚没款（元）", "hearings": "举行听证的立案数",
}


def period_report_submit(*, actor: User, agency: Agency, start: dt.date, end: dt.date,
                         corrected: dict[str, Any], reasons: dict[str, str]) -> PeriodReport:
    """Submit the period's figures: those computed from the ledger, each changed one with its reason."""
    _liaison_of(actor, agency)
    if start > end or end > timezone.localdate() + dt.timedelta(days=1) or (end - start).days > 366:
        raise InvalidInput("invalid_period", "报送期间应为已结束或进行中的一年以内的期间。")
    figures = unit_figures(agency, start, end)
    corrections = []
    for field, value in corrected.items():
        if field not in CORRECTABLE or value in (None, ""):
            continue
        text = str(value).strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InvalidInput("invalid_number", f"{CORRECTABLE[field]}应为数字。") from None
        if number < 0 or number > Decimal("999999999999") or (field not in ("training_hours", "amount") and number != int(number)):
            raise InvalidInput("invalid_number", f"{CORRECTABLE[field]}应为不小于 0 的{'数' if field in ('training_hours', 'amount') else '整数'}。")
        if number == Decimal(str(figures[field])):
            continue
        reason = (reasons.get(field) or "").strip()
        if not reason:
            raise InvalidInput("reason_required", f"更正“{CORRECTABLE[field]}”须说明理由。")
        if len(reason) > REASON_MAX:
            raise InvalidInput("too_long", f"更正理由不能超过 {REASON_MAX} 个字。")
        corrections.append({"field": field, "label": CORRECTABLE[field], "from": str(figures[field]), "to": text,
                            "reason": reason})
        figures[field] = text if field in ("training_hours", "amount") else int(number)
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)  # the same report sent twice at once: one
        if PeriodReport.objects.filter(agency=agency, starts_on=start, ends_on=end).exists():
            raise ProcedureError("already_submitted", "该期间的统计已报送。")
        report = PeriodReport.objects.create(agency=agency, starts_on=start, ends_on=end, figures=figures,
                                             corrections=corrections, submitted_by=actor, submitted_at=timezone.now())
        stage_event(stream=f"statistics:{agency.pk}", actor=actor, action="period_report",
                    summary=f"报送 {start.isoformat()} 至 {end.isoformat()} 的行政执法统计（人工更正 {len(corrections)} 项）",
                    legal_basis="《隰县行政执法统计制度》第二条、第五条", after={"report": report.pk, "corrections": corrections})
    return report


def submissions(root: Jurisdiction, start: dt.date, end: dt.date) -> list[tuple[Agency, PeriodReport | None]]:
    """Every unit under the jurisdiction and its report for the period, or None: who has not submitted."""
    agencies = Agency.objects.filter(jurisdiction__in=root.subtree_ids()).order_by("name")
    reports = {r.agency_id: r for r in PeriodReport.objects.filter(agency__in=agencies, starts_on=start, ends_on=end)}
    return [(agency, reports.get(agency.pk)) for agency in agencies]


# The submitted figures that add up the tree (the training hours and amount are decimals).
SUMMED = ("training_people", "training_hours", "classes", "classes_people", "certified", "filed", "closed", "amount",
          "hearings")


def submitted_rollup(root: Jurisdiction, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """统计制度第二条、第五条: the figures the units submitted for the period (hand corrections
    included), summed for each jurisdiction over its whole subtree, with how many of its units have
    submitted: what the office passes up is what the units reported, not the raw ledger. Rows in
    tree order, each with its depth."""
    places = {j.pk: j for j in Jurisdiction.objects.filter(pk__in=root.subtree_ids())}
    children: dict[int | None, list[int]] = {}
    for place in places.values():
        if place.pk != root.pk:
            children.setdefault(place.parent_id, []).append(place.pk)
    units: dict[int, int] = {}
    for place_id in Agency.objects.filter(jurisdiction__in=places).values_list("jurisdiction_id", flat=True):
        units[place_id] = units.get(place_id, 0) + 1
    own: dict[int, list[dict[str, Any]]] = {}
    for report in PeriodReport.objects.filter(agency__jurisdiction__in=places, starts_on=start, ends_on=end).select_related("agency"):
        own.setdefault(report.agency.jurisdiction_id, []).append(report.figures)
    rows: list[dict[str, Any]] = []

    def visit(pk: int, depth: int) -> dict[str, Any]:
        row: dict[str, Any] = {"jurisdiction": places[pk], "depth": depth, "units": units.get(pk, 0),
                               "submitted": len(own.get(pk, [])), **{key: Decimal("0") for key in SUMMED}}
        rows.append(row)
        for figures in own.get(pk, []):
            for key in SUMMED:
                row[key] += Decimal(str(figures.get(key, 0) or 0))
        for child in sorted(children.get(pk, [])):
            sub = visit(child, depth + 1)
            row["units"] += sub["units"]
            row["submitted"] += sub["submitted"]
            for key in SUMMED:
                row[key] += sub[key]
        return row

    visit(root.pk, 0)
    for row in rows:
        for key in SUMMED:
            row[key] = row[key] if key in ("training_hours", "amount") else int(row[key])
    return rows


def visible_report(user: User, pk: int) -> PeriodReport | None:
    """A submitted period report the user may read: the unit's liaison their own; the office (承办人、
    负责人、系统管理员) those of its jurisdiction and the ones under it; None otherwise."""
    roots, only = statistics.roots_for(user)
    agencies = Agency.objects.filter(jurisdiction__in=[i for r in roots for i in r.subtree_ids()])
    if only is not None:  # None only for the office (roots_for): a liaison is limited to their agency
        agencies = agencies.filter(pk__in=only)
    return PeriodReport.objects.filter(pk=pk, agency__in=agencies).select_related("agency").first()


def report_document(report: PeriodReport) -> bytes:
    """The submitted report as a form in the official layout (Word), with every hand correction."""
    from rongcuo.documents.drafts import Draft, Para, Table
    from rongcuo.documents.render import render_docx
    from rongcuo.documents.services import template_for

    rows: list[tuple[str, ...]] = [("项目", "报送数字")]
    rows += [(label, str(report.figures.get(key, ""))) for key, label in CORRECTABLE.items()]
    body: list[Para | Table] = [Para(f"报送单位：{report.agency.name}；统计期间：{report.starts_on:%Y年%m月%d日}至"
                                     f"{report.ends_on:%Y年%m月%d日}。", indent=False), Table(tuple(rows), (100, 56))]
    body += [Para(f"人工更正：“{c['label']}”由 {c['from']} 改为 {c['to']}，理由：{c['reason']}") for c in report.corrections]
    draft = Draft("行政执法统计报送表", "form", body, signed=True, date=timezone.localtime(report.submitted_at).date())
    place = report.agency.jurisdiction.governing()
    return render_docx(template_for(place, "form"), draft, issuer=report.agency.name, issued_on=timezone.localdate(),
                       case_number="")

