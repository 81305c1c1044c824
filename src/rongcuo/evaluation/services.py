"""Writes of case-file evaluation: an agency's self-evaluation of a finished file, the 司法局's
yearly sample with its evaluators (and their recusal), and the half-year summary. Each appends an
event to the record."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.core.models import Agency, Jurisdiction, Officer, User
from rongcuo.core.records import stage_event
from rongcuo.core.roles import Role
from rongcuo.evaluation import rules
from rongcuo.evaluation.models import (
    NAME_MAX,
    TEXT_MAX,
    Evaluation,
    Evaluator,
    SampledFile,
    Sampling,
    Summary,
)
from rongcuo.ledger.models import LedgerEntry


def today() -> dt.date:
    return timezone.localdate()


def sheet(jurisdiction: Jurisdiction | None = None) -> rules.Sheet:
    """The jurisdiction's own standard if it loaded one, else the regulation's (standards.yaml)."""
    import yaml

    from rongcuo.evaluation.models import Standard

    if jurisdiction is not None:
        own = Standard.objects.filter(jurisdiction__in=[jurisdiction.pk, *(j.pk for j in jurisdiction.ancestors())],
                                      active=True).order_by("-pk").first()
        if own is not None:
            return rules.sheet_from(yaml.safe_load(own.content), own.name)
    return rules.load_sheet()


def standard_load(*, jurisdiction: Jurisdiction, content: str, actor: User | None = None) -> rules.Sheet:
    """Load a jurisdiction's own 评查标准 (checked first; the earlier one is kept, inactive)."""
    import yaml

    from rongcuo.evaluation.models import Standard

    try:
        loaded = rules.sheet_from(yaml.safe_load(content), "评查标准")
    except yaml.YAMLError as error:
        raise InvalidInput("invalid_standard", f"评查标准不是有效的 YAML：{error}") from None
    except rules.SheetError as error:
        raise InvalidInput("invalid_standard", str(error)) from None
    with transaction.atomic():
        Standard.objects.filter(jurisdiction=jurisdiction, active=True).update(active=False)
        Standard.objects.create(jurisdiction=jurisdiction, name=loaded.name[:100], content=content, loaded_at=timezone.now())
        stage_event(stream=f"sampling:{jurisdiction.pk}", actor=actor, action="evaluation_standard",
                    summary=f"启用评查标准“{loaded.name[:80]}”", after={"name": loaded.name})
    return loaded


def _office_of(actor: User, jurisdiction_id: int, roles: tuple[str, ...] = (Role.HANDLER, Role.HEAD)) -> bool:
    places = actor.role_assignments.filter(role__in=roles, jurisdiction__isnull=False).values_list("jurisdiction_id", flat=True)
    return any(jurisdiction_id in Jurisdiction.objects.get(pk=place).subtree_ids() for place in places)


def _has_the_system(jurisdiction: Jurisdiction) -> None:
    """Case-file evaluation runs only where the regulation in force comes with it (pack `companions`)."""
    from rongcuo.rules.registry import get_pack

    if not any("evaluation" in get_pack(p).companions for p in jurisdiction.governing().rule_packs):
        raise ProcedureError("no_evaluation_system", f"{jurisdiction.name}施行的规定没有案卷评查制度，不办理案卷评查。")


def _liaison_of(actor: User, agency_id: int) -> bool:
    return actor.role_assignments.filter(role=Role.LIAISON, agency_id=agency_id).exists()


def _text(value: str, limit: int, what: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput("missing_text", f"请填写{what}。")
    if len(value) > limit:
        raise InvalidInput("too_long", f"{what}不能超过 {limit} 个字（现有 {len(value)} 个字）。")
    return value


def _graded(failed: list[str], chosen: str, jurisdiction: Jurisdiction) -> tuple[str, rules.Grade]:
    try:
        result = rules.grade(sheet(jurisdiction), failed, chosen or None)
    except rules.SheetError as error:
        raise InvalidInput("unknown_item", str(error)) from None
    if result.grade is None:
        raise InvalidInput("grade_needed", "基础标准均已达到：请评定为优秀或合格（第十五条）。")
    return result.grade, result


def _evaluable(entry: LedgerEntry) -> None:
    if entry.closed_on is None:
        raise ProcedureError("not_closed", "该案件尚未结案，案卷还不能评查（第五条：案件办理完毕后评查）。")
    if entry.litigation:
        raise ProcedureError("litigated", "该案件已提起行政诉讼或行政复议，其案卷不再评查（第十二条）。")


def evaluation_record_self(*, actor: User, entry: LedgerEntry, failed_items: list[str], problems: str, grade: str = "",
                           legal_head: str = "", unit_head: str = "", notified_on: dt.date | None = None) -> Evaluation:
    """第五条至第七条：the agency's 法制工作机构 evaluates its finished file, records the problems
    found, the two heads confirm, and the handler is told in writing."""
    if not _liaison_of(actor, entry.agency_id):
        raise NotAllowed("not_allowed", "您无权录入该案卷的自我评查：自我评查由案卷所属执法机关组织实施。")
    _evaluable(entry)
    _has_the_system(entry.agency.jurisdiction)
    problems = _text(problems, TEXT_MAX, "存在的问题")
    legal_head = _text(legal_head, NAME_MAX, "法制工作机构负责人（签字确认）", required=True)
    unit_head = _text(unit_head, NAME_MAX, "被评查执法机构负责人（签字确认）", required=True)
    graded, result = _graded(list(failed_items), grade, entry.agency.jurisdiction)
    if result.grade == "不合格" and not problems:
        raise InvalidInput("missing_text", "请写明被评查案件存在的问题（第七条）。")
    if notified_on is not None and (notified_on > today() or notified_on < entry.closed_on):  # type: ignore[operator]
        raise InvalidInput("invalid_date", "书面通知日期应在结案之后、今天之前。")
    with transaction.atomic():
        locked = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if Evaluation.objects.filter(entry=locked, kind=Evaluation.Kind.SELF).exists():
            raise ProcedureError("already_evaluated", "该案卷已完成自我评查。")
        evaluation = Evaluation.objects.create(
            entry=locked, kind=Evaluation.Kind.SELF, failed_items=list(dict.fromkeys(failed_items)), problems=problems,
            grade=graded, score=result.score, standard=sheet(locked.agency.jurisdiction).name[:100], evaluated_by=actor,
            evaluated_on=today(), legal_head=legal_head, unit_head=unit_head, handler_notified_on=notified_on)
        stage_event(stream=f"evaluation:{locked.agency_id}", actor=actor, action="self_evaluation",
                    summary=f"自我评查 {locked.case_number}：{result.grade}", reason=result.reason,
                    legal_basis="《隰县行政执法案卷评查制度》第五条至第七条",
                    after={"entry": locked.pk, "grade": result.grade, "failed_items": evaluation.failed_items})
    return evaluation


def evaluation_notify(*, actor: User, evaluation: Evaluation, notified_on: dt.date) -> Evaluation:
    """第七条: the day the handler was told of the self-evaluation's result in writing (the notice is
    made from the record: evaluation.notice), recorded once by the agency."""
    if evaluation.kind != Evaluation.Kind.SELF or not _liaison_of(actor, evaluation.entry.agency_id):
        raise NotAllowed("not_allowed", "您无权登记该评查结果的书面通知：由案卷所属执法机关登记。")
    if notified_on > today() or notified_on < evaluation.evaluated_on:
        raise InvalidInput("invalid_date", "书面通知日期应在评查之后、今天之前。")
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.handler_notified_on is not None:
            raise ProcedureError("already_notified", f"已于 {locked.handler_notified_on:%Y年%m月%d日} 书面通知主办人员。")
        locked.handler_notified_on = notified_on
        locked.save(update_fields=["handler_notified_on"])
        stage_event(stream=f"evaluation:{locked.entry.agency_id}", actor=actor, action="evaluation_notify",
                    summary=f"将 {locked.entry.case_number} 的评查结果书面通知主办人员",
                    legal_basis="《隰县行政执法案卷评查制度》第七条",
                    after={"evaluation": locked.pk, "notified_on": notified_on.isoformat()})
    return locked


def sampling_draw(*, actor: User, jurisdiction: Jurisdiction, year: int, seed: int | None = None) -> Sampling:
    """第十、十一条：the 司法局 draws, from the ledger, five files of each sampled kind per agency
    among those closed in the year (第十二条: never one under litigation or reconsideration)."""
    if not _office_of(actor, jurisdiction.pk):
        raise NotAllowed("not_allowed", "您无权组织层级监督检查：由本辖区的行政执法监督机构（承办人、负责人）组织。")
    if not 1990 <= year <= today().year:
        raise InvalidInput("invalid_year", "年度应为已经开始的年份。")
    _has_the_system(jurisdiction)
    seed = secrets.randbits(31) if seed is None else seed
    if not 0 <= seed < 2**62:
        raise InvalidInput("invalid_seed", "随机种子应为非负整数。")
    entries = LedgerEntry.objects.filter(agency__jurisdiction__in=jurisdiction.subtree_ids(),
                                         closed_on__gte=dt.date(year, 1, 1), closed_on__lte=dt.date(year, 12, 31))
    candidates = (rules.Candidate(pk, agency, kind, litigation, True)
                  for pk, agency, kind, litigation in entries.values_list("pk", "agency_id", "kind", "litigation").iterator())
    drawn = rules.draw_sample(candidates, seed)
    with transaction.atomic():
        Jurisdiction.objects.select_for_update().get(pk=jurisdiction.pk)  # one draw at a time per jurisdiction
        earlier = Sampling.objects.filter(jurisdiction=jurisdiction, year=year).first()
        if earlier is not None:  # a second draw could be made until a wanted one came up
            raise ProcedureError("already_drawn", f"{year} 年度已于{earlier.made_at:%Y年%m月%d日}抽取（随机种子 {earlier.seed}），"
                                                  "不能重新抽取。")
        sampling = Sampling.objects.create(jurisdiction=jurisdiction, year=year, seed=seed, made_by=actor,
                                           made_at=timezone.now())
        SampledFile.objects.bulk_create(SampledFile(sampling=sampling, entry_id=pk) for picks in drawn.values() for pk in picks)
        count = sum(len(picks) for picks in drawn.values())
        stage_event(stream=f"sampling:{jurisdiction.pk}", actor=actor, action="sampling_draw",
                    summary=f"{year} 年度层级监督检查抽取案卷 {count} 份（随机种子 {seed}）",
                    legal_basis="《隰县行政执法案卷评查制度》第十条、第十一条、第十二条",
                    after={"sampling": sampling.pk, "seed": seed, "year": year, "files": count})
    return sampling


def _seconded(user: User, tree: list[int]) -> bool:
    """第十条: 需要抽调人员的，行政执法机关应支持配合 — a liaison or certified officer of an agency in
    the jurisdiction may be seconded to evaluate."""
    return (user.role_assignments.filter(role=Role.LIAISON, agency__jurisdiction__in=tree).exists()
            or Officer.objects.filter(user=user, agency__jurisdiction__in=tree).exists())


def _of_agency(user: User, agency_id: int) -> bool:
    return (user.role_assignments.filter(role=Role.LIAISON, agency_id=agency_id).exists()
            or Officer.objects.filter(user=user, agency_id=agency_id).exists())


def sampling_assign(*, actor: User, file: SampledFile, evaluators: list[User]) -> None:
    """第十条、第十一条: the office assigns its own people, or people seconded from the agencies
    (never from the agency whose file it is: they are recused by rule)."""
    if not _office_of(actor, file.sampling.jurisdiction_id):
        raise NotAllowed("not_allowed", "您无权指派评查人员。")
    if not evaluators:
        raise InvalidInput("no_evaluators", "请选择评查人员。")
    tree = file.sampling.jurisdiction.subtree_ids()
    seconded: dict[int, bool] = {}
    for user in evaluators:
        name = user.get_full_name() or user.username
        office = user.role_assignments.filter(role__in=[Role.HANDLER, Role.HEAD, Role.INVESTIGATOR],
                                              jurisdiction__in=tree).exists()
        if _of_agency(user, file.entry.agency_id):
            raise ProcedureError("conflict_of_interest", f"{name} 属于被评查的执法机关，应当回避。")
        if not office and not _seconded(user, tree):
            raise InvalidInput("not_an_evaluator", f"{name} 不是本辖区行政执法监督机构的人员，也不是可抽调的本辖区执法机关人员。")
        if file.evaluators.filter(user=user, recused=True).exists():
            raise ProcedureError("recused", f"{name} 已回避，不能再指派评查该案卷。")
        seconded[user.pk] = not office
    with transaction.atomic():
        for user in evaluators:
            Evaluator.objects.get_or_create(file=file, user=user, defaults={"seconded": seconded[user.pk]})
        stage_event(stream=f"sampling:{file.sampling.jurisdiction_id}", actor=actor, action="sampling_assign",
                    summary="指派评查人员：" + "、".join(
                        (u.get_full_name() or u.username) + ("（抽调）" if seconded[u.pk] else "") for u in evaluators),
                    legal_basis="《隰县行政执法案卷评查制度》第十条",
                    after={"file": file.pk, "evaluators": [u.pk for u in evaluators],
                           "seconded": [pk for pk, yes in seconded.items() if yes]})


def sampling_recuse(*, actor: User, file: SampledFile, evaluator: User, reason: str) -> None:
    if not _office_of(actor, file.sampling.jurisdiction_id):
        raise NotAllowed("not_allowed", "您无权决定评查人员回避。")
    reason = _text(reason, 200, "回避理由", required=True)
    with transaction.atomic():
        row = Evaluator.objects.select_for_update().filter(file=file, user=evaluator).first()
        if row is None:
            raise InvalidInput("not_assigned", "该人员未被指派评查此案卷。")
        row.recused, row.recusal_reason = True, reason
        row.save()
        stage_event(stream=f"sampling:{file.sampling.jurisdiction_id}", actor=actor, action="sampling_recuse",
                    summary=f"{evaluator.get_full_name() or evaluator.username} 回避", reason=reason, after={"file": file.pk})


def evaluation_record_sample(*, actor: User, file: SampledFile, failed_items: list[str], problems: str,
                             grade: str = "") -> Evaluation:
    """The 司法局's evaluation of a sampled file, by an assigned evaluator who is not recused."""
    if not file.evaluators.filter(user=actor, recused=False).exists():
        raise NotAllowed("not_allowed", "您不是该案卷的评查人员（或已回避）。")
    _evaluable(file.entry)
    problems = _text(problems, TEXT_MAX, "存在的问题")
    graded, result = _graded(list(failed_items), grade, file.entry.agency.jurisdiction)
    with transaction.atomic():
        SampledFile.objects.select_for_update().get(pk=file.pk)  # one result per file, also when sent at once
        if Evaluation.objects.filter(entry=file.entry, sampling=file.sampling).exists():
            raise ProcedureError("already_evaluated", "该案卷的抽查评查已录入。")
        evaluation = Evaluation.objects.create(
            entry=file.entry, kind=Evaluation.Kind.SAMPLE, failed_items=list(dict.fromkeys(failed_items)),
            problems=problems, grade=graded, score=result.score, standard=sheet(file.entry.agency.jurisdiction).name[:100],
            evaluated_by=actor,
            evaluated_on=today(), sampling=file.sampling)
        stage_event(stream=f"sampling:{file.sampling.jurisdiction_id}", actor=actor, action="sample_evaluation",
                    summary=f"抽查评查 {file.entry.case_number}：{result.grade}", reason=result.reason,
                    after={"file": file.pk, "grade": result.grade})
    return evaluation


def summary_submit(*, actor: User, agency: Agency, starts_on: dt.date, text: str) -> Summary:
    """第九条：每半年至少一次的自我评查评析，报送县司法局."""
    if not _liaison_of(actor, agency.pk):
        raise NotAllowed("not_allowed", "您无权报送该单位的自我评查评析。")
    if (starts_on.month, starts_on.day) not in ((1, 1), (7, 1)) or starts_on > today():
        raise InvalidInput("invalid_period", "半年度应为已经开始的上半年（1月1日起）或下半年（7月1日起）。")
    text = _text(text, TEXT_MAX * 5, "评析", required=True)
    _has_the_system(agency.jurisdiction)
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)  # the same summary sent twice at once: one
        if Summary.objects.filter(agency=agency, starts_on=starts_on).exists():
            raise ProcedureError("already_submitted", "该半年度的评析已报送。")
        summary = Summary.objects.create(agency=agency, starts_on=starts_on, text=text, submitted_by=actor,
                                         submitted_at=timezone.now())
        stage_event(stream=f"evaluation:{agency.pk}", actor=actor, action="evaluation_summary",
                    summary=f"报送 {summary} 自我评查评析", legal_basis="《隰县行政执法案卷评查制度》第九条",
                    after={"summary": summary.pk})
    return summary


def as_values(items: Any) -> list[str]:
    return [str(i) for i in items or []]
