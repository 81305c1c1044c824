"""Case pages: workbench, list and search, the case page with its step forms, applying, approvals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rongcuo.cases import selectors, services
from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.errors import ProcedureError
from rongcuo.cases.models import Case, Source, State
from rongcuo.cases.procedure import STEPS
from rongcuo.cases.steps import FIELDS, run_step
from rongcuo.core.models import Officer, User
from rongcuo.core.roles import Role
from rongcuo.rules.compare import compare
from rongcuo.rules.registry import get_pack, packs_in_force
from rongcuo.rules.vocabulary import default_vocabulary
from rongcuo.web import step_forms
from rongcuo.web.views.rules import fact_choices


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _case(request: HttpRequest, pk: int) -> Case:
    case = Case.objects.filter(pk=pk).first()
    if case is None:
        raise Http404("案件不存在")
    if not selectors.case_list(_user(request)).filter(pk=pk).exists():
        raise PermissionDenied("您无权查看该案件：案件只对本辖区承办、调查、审批人员，所涉执法人员本人及其所在机关联络员可见。")
    return case


def workbench(request: HttpRequest) -> HttpResponse:
    """Signed in: the workbench. Signed out: the public start page (rules, sign-in)."""
    if not request.user.is_authenticated:
        return render(request, "web/home.html")
    user = _user(request)
    rows = selectors.open_deadlines(user)
    mine = selectors.case_list(user).exclude(state=State.ARCHIVED)[:20]
    todo = [(case, [STEPS[s].label for s in selectors.allowed_steps(user, case)]) for case in mine]
    return render(request, "web/workbench.html", {"deadlines": rows, "todo": [t for t in todo if t[1]], "cases": mine})


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state") or None
    query = request.GET.get("q", "").strip() or None
    cases = selectors.case_list(_user(request), state=state, query=query)
    return render(request, "web/case_list.html", {"cases": cases, "states": State.choices, "state": state or "", "q": query or ""})


def _assessment_panel(case: Case) -> Any:
    on = case.conduct_date
    packs = packs_in_force(on) or [get_pack(case.pack_id)]
    if case.pack_id not in [p.id for p in packs]:
        packs = [get_pack(case.pack_id), *packs]
    try:
        return compare(packs, case.facts, on)
    except Exception:  # a pack not in force on the conduct date: compare under today's packs instead
        return compare(packs_in_force(dt.date.today()), case.facts, dt.date.today())


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    user = _user(request)
    steps = []
    for name in selectors.allowed_steps(user, case):
        draft = request.session.pop(f"draft:{pk}:{name}", {})  # what the user typed before a refusal
        fields = [{"field": f, "choices": step_forms.choices_for(f, case), "value": draft.get(f.name, "")}
                  for f in FIELDS[name]]
        steps.append({"name": name, "label": STEPS[name].label, "fields": fields})
    vocabulary = default_vocabulary()
    context = {
        "case": case,
        "deadlines": case_deadlines(case),
        "events": selectors.timeline(case),
        "steps": steps,
        "comparison": _assessment_panel(case),
        "facts": [(name, vocabulary.label(name)) for name, value in case.facts.items() if value],
        "earlier": services.earlier_similar_cases(case),
        "repeat_proposed": case.state in (State.APPLIED, State.INVESTIGATING) and services.proposes_repeat_error(case),
        "determination": getattr(case, "determination", None),
    }
    return render(request, "web/case_detail.html", context)


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case(request, pk)
    if action not in STEPS:
        raise Http404("未知的办理环节")
    try:
        values = step_forms.read(action, request.POST)
        run_step(action, case, _user(request), values)
    except (ProcedureError, step_forms.FormError) as error:
        messages.error(request, f"{STEPS[action].label}未办理：{getattr(error, 'message', str(error))}")
        request.session[f"draft:{pk}:{action}"] = request.POST.dict()  # keep what the user typed
    else:
        messages.success(request, f"已办理：{STEPS[action].label}")
    return redirect("web:case_detail", pk=pk)


@login_required
@require_POST
def case_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ProcedureError("missing_file", "请选择要上传的文件。")
        services.case_add_evidence(actor=_user(request), case=case, file=upload, description=request.POST.get("description", ""))
    except ProcedureError as error:
        messages.error(request, f"证据材料未提交：{error.message}")
    else:
        messages.success(request, "已提交证据材料。")
    return redirect("web:case_detail", pk=pk)


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """The officer's guided application: plain questions for exactly the facts the packs use."""
    user = _user(request)
    officers = list(Officer.objects.filter(user=user)) + list(
        Officer.objects.filter(agency__in=user.role_assignments.filter(role=Role.LIAISON).values("agency"))
    )
    if not officers:
        raise PermissionDenied("只有执法人员本人或所在机关的联络员可以申请容错认定。")
    used = {name for officer in officers for pack_id in officer.agency.jurisdiction.rule_packs or ["licheng-2025"]
            for c in get_pack(pack_id).evaluable for name in c.facts}
    form: dict[str, Any] = {"title": "", "narrative": "", "conduct_date": "", "officer": str(officers[0].pk)}
    selected: set[str] = set()
    if request.method == "POST":
        form = {key: request.POST.get(key, "") for key in form}
        selected = set(request.POST.getlist("f"))
        officer = next((o for o in officers if str(o.pk) == form["officer"]), None)
        try:
            if officer is None:
                raise ProcedureError("invalid", "请选择执法人员。")
            try:
                conduct = dt.date.fromisoformat(form["conduct_date"])
            except ValueError:
                raise ProcedureError("invalid", "请填写行为发生日期（年-月-日）。") from None
            source = Source.OWN_APPLICATION if officer.user_id == user.pk else Source.UNIT_APPLICATION
            case = services.case_apply(actor=user, officer=officer, source=source, title=form["title"], narrative=form["narrative"],
                                       conduct_date=conduct, facts=dict.fromkeys(selected, True))
        except ProcedureError as error:
            messages.error(request, f"申请未提交：{error.message}")
        else:
            messages.success(request, "申请已提交，等待行政执法监督机构立案。")
            return redirect("web:case_detail", pk=case.pk)
    context = {"officers": officers, "groups": fact_choices(selected, only=used), "form": form}
    return render(request, "web/apply.html", context)


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    head_steps = {"file", "reject", "approve_extension", "determine", "decide_review"}
    rows = []
    for case in selectors.case_list(user).exclude(state=State.ARCHIVED):
        waiting = [STEPS[s].label for s in selectors.allowed_steps(user, case) if s in head_steps]
        if waiting:
            rows.append((case, waiting))
    return render(request, "web/approvals.html", {"rows": rows})
