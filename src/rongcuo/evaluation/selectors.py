"""Reads of case-file evaluation: the self-evaluations an agency owes and when, the rate against
100 % (第六条), each handler's consequences for a year (第八条), the excellent files (第十六条第（四）项)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from rongcuo.cases.clocks import holiday_calendar
from rongcuo.core.models import Agency, Jurisdiction, User
from rongcuo.evaluation import rules
from rongcuo.evaluation.models import Evaluation
from rongcuo.ledger.models import LedgerEntry
from rongcuo.ledger.selectors import visible_agencies


def owed(agencies: QuerySet[Agency]) -> QuerySet[LedgerEntry]:
    """Finished files of these agencies with no self-evaluation yet (never those under litigation,
    第十二条), oldest 结案 first."""
    done = Evaluation.objects.filter(entry=OuterRef("pk"), kind=Evaluation.Kind.SELF)
    return (LedgerEntry.objects.filter(agency__in=agencies, closed_on__isnull=False, litigation=False)
            .exclude(Exists(done)).select_related("agency").order_by("closed_on", "pk"))


@dataclass(frozen=True)
class Owed:
    entry: LedgerEntry
    due_on: dt.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def with_due_dates(entries: list[LedgerEntry], today: dt.date) -> list[Owed]:
    """第五条：due 30 days after 结案 on the holiday calendar (computed for the page shown)."""
    calendar = holiday_calendar()
    result = []
    for entry in entries:
        due = rules.self_evaluation_due(entry.closed_on, calendar)  # type: ignore[arg-type]
        result.append(Owed(entry, due, (due - today).days))
    return result


@dataclass(frozen=True)
class Rate:
    agency: Agency
    required: int
    done: int

    @property
    def percent(self) -> float:
        return 100.0 if self.required == 0 else round(100 * self.done / self.required, 1)


def rates(agencies: QuerySet[Agency], start: dt.date, end: dt.date) -> list[Rate]:
    """第六条：案卷评查率应达到100% — files closed in the period (not under litigation) and how many
    of them were self-evaluated."""
    done = Evaluation.objects.filter(entry=OuterRef("pk"), kind=Evaluation.Kind.SELF)
    counts = (LedgerEntry.objects.filter(agency__in=agencies, closed_on__gte=start, closed_on__lte=end, litigation=False)
              .annotate(evaluated=Exists(done)).values("agency_id")
              .annotate(required=Count("pk"), done=Count("pk", filter=Q(evaluated=True))))
    by_agency: dict[int, tuple[int, int]] = {row["agency_id"]: (row["required"], row["done"]) for row in counts}
    return [Rate(agency, *by_agency.get(agency.pk, (0, 0))) for agency in agencies.order_by("name")]


@dataclass(frozen=True)
class HandlerYear:
    agency: Agency
    handler: str
    consequence: rules.Consequence


def consequences(agencies: QuerySet[Agency], year: int) -> list[HandlerYear]:
    """第八条 per 主办人 (the first person an entry's 承办人 names) and agency, for files closed in the
    year, counting the self-evaluations graded 不合格; only handlers with a failing file are listed."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    handled: Counter[tuple[int, str]] = Counter()
    failed: Counter[tuple[int, str]] = Counter()
    entries = LedgerEntry.objects.filter(agency__in=agencies, closed_on__gte=start, closed_on__lte=end)
    for agency_id, handlers in entries.values_list("agency_id", "handlers").iterator(chunk_size=5000):
        handled[(agency_id, rules.main_handler(handlers))] += 1
    for agency_id, handlers in Evaluation.objects.filter(entry__in=entries, kind=Evaluation.Kind.SELF, grade="不合格") \
            .values_list("entry__agency_id", "entry__handlers"):
        failed[(agency_id, rules.main_handler(handlers))] += 1
    names = {a.pk: a for a in agencies}
    return [HandlerYear(names[agency], handler, rules.consequence(handled[(agency, handler)], count))
            for (agency, handler), count in sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))]


def excellent(agencies: QuerySet[Agency]) -> QuerySet[Evaluation]:
    """第十六条第（四）项：评选出的优秀案卷，供学习交流."""
    return (Evaluation.objects.filter(entry__agency__in=agencies, grade="优秀").select_related("entry", "entry__agency")
            .order_by("-evaluated_on", "-pk"))


def self_evaluations(agencies: QuerySet[Agency]) -> QuerySet[Evaluation]:
    """Recorded self-evaluations, those whose handler has not been told in writing first (第七条)."""
    return (Evaluation.objects.filter(entry__agency__in=agencies, kind=Evaluation.Kind.SELF)
            .select_related("entry", "entry__agency").order_by(F("handler_notified_on").asc(nulls_first=True),
                                                               "-evaluated_on", "-pk"))


def evaluator_candidates(jurisdiction: Jurisdiction) -> tuple[QuerySet[User], QuerySet[User]]:
    """Who may be assigned to evaluate a sampled file: the office's people of the jurisdiction, and
    people who may be seconded from its agencies (第十条: liaisons and officers with an account)."""
    from rongcuo.core.models import Officer
    from rongcuo.core.roles import Role

    tree = jurisdiction.subtree_ids()
    office = User.objects.filter(role_assignments__role__in=[Role.HANDLER, Role.HEAD, Role.INVESTIGATOR],
                                 role_assignments__jurisdiction__in=tree).distinct()
    agencies = User.objects.filter(Q(role_assignments__role=Role.LIAISON, role_assignments__agency__jurisdiction__in=tree)
                                   | Q(pk__in=Officer.objects.filter(agency__jurisdiction__in=tree, user__isnull=False)
                                       .values("user_id"))).exclude(pk__in=office.values("pk")).distinct()
    return office.order_by("username"), agencies.order_by("username")


def scope(user: User) -> QuerySet[Agency]:
    """The agencies whose evaluation a user sees: as for the ledger, and only where the regulation in
    force there comes with the case-file evaluation system (pack.yaml `companions`)."""
    from rongcuo.rules.registry import get_pack

    agencies = visible_agencies(user).select_related("jurisdiction")
    evaluated = [a.pk for a in agencies
                 if any("evaluation" in get_pack(p).companions for p in a.jurisdiction.governing().rule_packs)]
    return Agency.objects.filter(pk__in=evaluated).order_by("name")
